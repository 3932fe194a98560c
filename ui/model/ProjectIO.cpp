#include "ui/model/ProjectIO.h"
#include "ui/model/DocumentLoader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <set>

#include "engine/core/AtomicFile.h"
#include "engine/media/FrameSource.h"
#include "engine/media/MaskIO.h"
#include "ui/model/ImageConvert.h"

namespace rm::bridge {

namespace {
constexpr int kFormatVersion = 1;
const char* kFormatName = "rotomatch-project";

QString maskName(int frame) {
  return QStringLiteral("masks/%1.png").arg(frame, 6, 10, QChar('0'));
}

QString alphaName(int frame, int id) {
  return QStringLiteral("alpha/%1_%2.png").arg(frame, 6, 10, QChar('0')).arg(id, 3, 10, QChar('0'));
}

Status writePng(const QImage& image, const QString& path) {
  const std::string target = path.toStdString();
  return writeAtomically(target, [&](const std::filesystem::path& temp) -> Status {
    if (!image.save(QString::fromStdString(temp.string()), "PNG"))
      return makeError("cannot write " + target);
    return {};
  });
}

Error fail(const QString& message) {
  return makeError(message.toStdString());
}

// The palette indices of an 8-bit indexed picture.
cv::Mat indicesOf(const QImage& indexed) {
  const cv::Mat view(indexed.height(), indexed.width(), CV_8UC1,
                     const_cast<uchar*>(indexed.constBits()),
                     static_cast<size_t>(indexed.bytesPerLine()));
  return view.clone();
}
}  // namespace

QString projectFolder(const QString& path) {
  const QFileInfo info(path);
  if (info.fileName() == QLatin1String("project.json")) return info.absolutePath();
  return info.absoluteFilePath();
}

ProjectSnapshot snapshotProject(const Document& doc, const QString& folder,
                                const ProjectExtras& extras, const ProjectSaveCache* cache) {
  ProjectSnapshot snap;
  QJsonObject& root = snap.json;
  root[QStringLiteral("format")] = QString::fromLatin1(kFormatName);
  root[QStringLiteral("version")] = kFormatVersion;
  QJsonObject source;
  source[QStringLiteral("path")] = doc.sourcePath();
  source[QStringLiteral("width")] = doc.frameSize().width();
  source[QStringLiteral("height")] = doc.frameSize().height();
  source[QStringLiteral("frameCount")] = doc.frameCount();
  source[QStringLiteral("fps")] = doc.fps();
  root[QStringLiteral("source")] = source;

  QJsonArray instances;
  for (const Instance& i : doc.instances()) {
    QJsonObject o;
    o[QStringLiteral("id")] = i.id;
    o[QStringLiteral("name")] = i.name;
    o[QStringLiteral("color")] = i.colour.name(QColor::HexRgb);
    o[QStringLiteral("visible")] = i.visible;
    o[QStringLiteral("locked")] = i.locked;
    instances.append(o);
  }
  root[QStringLiteral("instances")] = instances;

  const bool cacheValid = cache && cache->folder == folder;
  QJsonArray frames;
  for (int f = 0; f < doc.frameCount(); ++f) {
    const FrameState state = doc.state(f);
    const cv::Mat* mask = doc.mask(f);
    if (state == FrameState::Empty || !mask) continue;
    const uint64_t revision = doc.maskRevision(f);
    snap.revisions[f] = revision;
    const auto it = cacheValid ? cache->written.find(f) : std::map<int, uint64_t>::const_iterator();
    const bool upToDate = cacheValid && it != cache->written.end() && it->second == revision &&
                          QFileInfo::exists(folder + QLatin1Char('/') + maskName(f));
    if (!upToDate) snap.masksToWrite[f] = doc.sharedMask(f);
    QJsonObject o;
    o[QStringLiteral("frame")] = f;
    o[QStringLiteral("state")] = frameStateName(state);
    o[QStringLiteral("mask")] = maskName(f);
    if (const SoftLayers* layers = doc.softLayers(f)) {
      // Written with the frame's mask: the revision covers both.
      QJsonObject alpha;
      for (const auto& [id, layer] : *layers) {
        alpha[QString::number(id)] = alphaName(f, id);
        snap.alphaFiles.insert(alphaName(f, id));
      }
      o[QStringLiteral("alpha")] = alpha;
      if (!upToDate) snap.layersToWrite[f] = doc.sharedSoftLayers(f);
    }
    frames.append(o);
  }
  root[QStringLiteral("frames")] = frames;
  root[QStringLiteral("inPoint")] = extras.inPoint;
  root[QStringLiteral("outPoint")] = extras.outPoint;
  root[QStringLiteral("settings")] = extras.settings;
  return snap;
}

Status writeProject(const ProjectSnapshot& snap, const QString& folder, ProjectSaveCache* cache) {
  if (!QDir().mkpath(folder + QStringLiteral("/masks")) ||
      (!snap.alphaFiles.empty() && !QDir().mkpath(folder + QStringLiteral("/alpha"))))
    return fail(QObject::tr("cannot create project folder %1").arg(folder));
  if (!cache || cache->folder != folder) {
    // Once per folder and process: drop what a killed earlier save left half-written.
    for (const char* sub : {"", "/masks", "/alpha"})
      removeOrphanedTemporaries((folder + QLatin1String(sub)).toStdString());
    if (cache) {
      cache->folder = folder;
      cache->written.clear();
    }
  }
  for (const auto& [frame, mask] : snap.masksToWrite) {
    const auto layers = snap.layersToWrite.find(frame);
    if (layers != snap.layersToWrite.end()) {
      for (const auto& [id, layer] : layers->second)
        if (Status s =
                writePng(labelsToImage(layer), folder + QLatin1Char('/') + alphaName(frame, id));
            !s)
          return s;
    }
    const Status written =
        writePng(labelsToImage(mask), folder + QLatin1Char('/') + maskName(frame));
    if (!written) return written;
    if (cache) cache->written[frame] = snap.revisions.at(frame);
  }
  const QByteArray json = QJsonDocument(snap.json).toJson(QJsonDocument::Indented);
  const Status status = writeFileAtomically(
      (folder + QStringLiteral("/project.json")).toStdString(), json.toStdString());
  if (!status) return status;

  // Masks of frames that lost theirs: removed only after project.json no longer names them.
  const QDir masks(folder + QStringLiteral("/masks"));
  for (const QString& file : masks.entryList({QStringLiteral("*.png")}, QDir::Files)) {
    const int frame = file.section(QLatin1Char('.'), 0, 0).toInt();
    if (!snap.revisions.count(frame)) {
      QFile::remove(masks.filePath(file));
      if (cache) cache->written.erase(frame);
    }
  }
  const QDir alpha(folder + QStringLiteral("/alpha"));
  for (const QString& file : alpha.entryList({QStringLiteral("*.png")}, QDir::Files))
    if (!snap.alphaFiles.count(QStringLiteral("alpha/") + file))
      QFile::remove(alpha.filePath(file));
  return {};
}

Status saveProject(const Document& doc, const QString& path, const ProjectExtras& extras,
                   ProjectSaveCache* cache) {
  const QString folder = projectFolder(path);
  return writeProject(snapshotProject(doc, folder, extras, cache), folder, cache);
}

namespace {
Status loadProjectFiles(const QString& path, Document* doc, ProjectExtras* extras) {
  const QString folder = projectFolder(path);
  const QString jsonPath = folder + QStringLiteral("/project.json");
  QFile file(jsonPath);
  if (!file.open(QIODevice::ReadOnly))
    return fail(QObject::tr("cannot open project file %1: %2").arg(jsonPath, file.errorString()));
  QJsonParseError parseError;
  const QJsonDocument json = QJsonDocument::fromJson(file.readAll(), &parseError);
  if (json.isNull() || !json.isObject())
    return fail(QObject::tr("%1 is not a valid project file: %2 at byte %3")
                    .arg(jsonPath, parseError.errorString())
                    .arg(parseError.offset));
  const QJsonObject root = json.object();
  if (root.value(QStringLiteral("format")).toString() != QLatin1String(kFormatName))
    return fail(QObject::tr("%1 is not a Rotomatch project file").arg(jsonPath));
  if (root.value(QStringLiteral("version")).toInt() > kFormatVersion)
    return fail(QObject::tr("%1 was written by a newer Rotomatch (format version %2)")
                    .arg(jsonPath)
                    .arg(root.value(QStringLiteral("version")).toInt()));

  const QJsonObject source = root.value(QStringLiteral("source")).toObject();
  const int width = source.value(QStringLiteral("width")).toInt();
  const int height = source.value(QStringLiteral("height")).toInt();
  const int frameCount = source.value(QStringLiteral("frameCount")).toInt();
  if (width <= 0 || height <= 0 || width > kMaxMaskSide || height > kMaxMaskSide ||
      frameCount <= 0 || frameCount > kMaxProjectFrames)
    return fail(QObject::tr("%1: invalid source size %2x%3 or frame count %4 (at most %5x%5 and "
                            "%6 frames)")
                    .arg(jsonPath)
                    .arg(width)
                    .arg(height)
                    .arg(source.value(QStringLiteral("frameCount")).toVariant().toString())
                    .arg(kMaxMaskSide)
                    .arg(kMaxProjectFrames));
  // The project must describe its clip: a wrong size or length would open a blank or
  // oversized shot whose error shows only at F5. (A missing clip is relinked later; an
  // unreadable one is reported by the viewer, which opens it on its own.)
  const QString sourcePath = source.value(QStringLiteral("path")).toString();
  auto clip = sourcePath.isEmpty() || !QFileInfo::exists(sourcePath)
                  ? Expected<std::unique_ptr<FrameSource>>(makeError("no clip"))
                  : openFrameSource(sourcePath.toStdString());
  if (clip) {
    const StreamInfo& facts = clip.value()->info();
    if (facts.width != width || facts.height != height || facts.frameCount != frameCount)
      return fail(QObject::tr("%1 describes its clip as %2x%3 with %4 frames, but %5 is %6x%7 "
                              "with %8 frames")
                      .arg(jsonPath)
                      .arg(width)
                      .arg(height)
                      .arg(frameCount)
                      .arg(sourcePath)
                      .arg(facts.width)
                      .arg(facts.height)
                      .arg(facts.frameCount));
  }

  QList<Instance> instances;
  std::set<int> ids;
  for (const QJsonValue& v : root.value(QStringLiteral("instances")).toArray()) {
    const QJsonObject o = v.toObject();
    Instance i;
    i.id = o.value(QStringLiteral("id")).toInt();
    i.name = o.value(QStringLiteral("name")).toString();
    i.colour = QColor(o.value(QStringLiteral("color")).toString());
    i.visible = o.value(QStringLiteral("visible")).toBool(true);
    i.locked = o.value(QStringLiteral("locked")).toBool(false);
    if (i.id < 1 || i.id > 255 || !ids.insert(i.id).second || !i.colour.isValid())
      return fail(
          QObject::tr("%1: invalid or duplicate object entry (id %2)").arg(jsonPath).arg(i.id));
    instances.append(i);
  }

  struct LoadedFrame {
    cv::Mat labels;
    FrameState state;
    SoftLayers layers;
  };
  // Files named by project.json must lie inside the project folder.
  const QString inside = QDir::cleanPath(folder) + QLatin1Char('/');
  auto fileOf = [&](const QString& relative, QString* path) -> Status {
    *path = QDir::cleanPath(folder + QLatin1Char('/') + relative);
    if (relative.isEmpty() || QDir::isAbsolutePath(relative) || !path->startsWith(inside))
      return fail(QObject::tr("%1 names the file '%2', which is outside the project folder")
                      .arg(jsonPath, relative));
    return {};
  };
  auto readGrey = [&](const QString& path, int frame, cv::Mat* out) -> Status {
    QImage image;
    if (!image.load(path, "PNG"))
      return fail(QObject::tr("cannot read mask %1 of frame %2").arg(path).arg(frame));
    if (image.width() != width || image.height() != height)
      return fail(QObject::tr("mask %1 is %2x%3, the project is %4x%5")
                      .arg(path)
                      .arg(image.width())
                      .arg(image.height())
                      .arg(width)
                      .arg(height));
    // A palette mask (DAVIS style) holds its labels as indices, not as grey levels.
    *out = image.format() == QImage::Format_Indexed8 ? indicesOf(image) : imageToLabels(image);
    return {};
  };
  std::map<int, LoadedFrame> frames;
  for (const QJsonValue& v : root.value(QStringLiteral("frames")).toArray()) {
    const QJsonObject o = v.toObject();
    const int frame = o.value(QStringLiteral("frame")).toInt(-1);
    FrameState state;
    if (frame < 0 || frame >= frameCount ||
        !frameStateFromName(o.value(QStringLiteral("state")).toString(), &state))
      return fail(QObject::tr("%1: invalid frame entry %2").arg(jsonPath).arg(frame));
    LoadedFrame loaded{{}, state, {}};
    QString maskPath;
    if (Status s = fileOf(o.value(QStringLiteral("mask")).toString(), &maskPath); !s) return s;
    if (Status s = readGrey(maskPath, frame, &loaded.labels); !s) return s;
    const QJsonObject alpha = o.value(QStringLiteral("alpha")).toObject();
    for (auto it = alpha.begin(); it != alpha.end(); ++it) {
      const int id = it.key().toInt();
      if (!ids.count(id))
        return fail(QObject::tr("%1: frame %2 has alpha for unknown object %3")
                        .arg(jsonPath)
                        .arg(frame)
                        .arg(it.key()));
      cv::Mat layer;
      QString layerPath;
      if (Status s = fileOf(it.value().toString(), &layerPath); !s) return s;
      if (Status s = readGrey(layerPath, frame, &layer); !s) return s;
      loaded.layers[id] = std::move(layer);
    }
    frames[frame] = std::move(loaded);
  }

  // Everything read: now replace the document.
  doc->reset(source.value(QStringLiteral("path")).toString(), QSize(width, height), frameCount,
             source.value(QStringLiteral("fps")).toDouble(25.0));
  DocumentLoader loader(doc);
  for (int i = 0; i < instances.size(); ++i)
    loader.insertInstance(i, instances[i]);
  for (auto& [frame, loaded] : frames) {
    loader.setMask(frame, std::move(loaded.labels), loaded.state);
    for (auto& [id, layer] : loaded.layers)
      loader.setSoftLayer(frame, id, std::move(layer));
  }
  doc->undoStack()->clear();
  doc->undoStack()->setClean();
  if (extras) {
    extras->inPoint = root.value(QStringLiteral("inPoint")).toInt(-1);
    extras->outPoint = root.value(QStringLiteral("outPoint")).toInt(-1);
    extras->settings = root.value(QStringLiteral("settings")).toObject();
  }
  return {};
}
}  // namespace

Status loadProject(const QString& path, Document* doc, ProjectExtras* extras) {
  try {  // the GUI boundary: a library exception is an error naming the project
    return loadProjectFiles(path, doc, extras);
  } catch (const std::exception& e) {
    return fail(QObject::tr("cannot open project %1: %2").arg(path, QString::fromUtf8(e.what())));
  }
}

}  // namespace rm::bridge
