// Issue #17 regressions of rotomatch-cli, as a black box on inputs generated at run
// time (colour features, no model needed): object ids whatever the label values,
// outputs that never replace an input nor mix with an earlier run, numeric frame
// order for unpadded names, usage errors for abused arguments, and SIGINT/SIGTERM
// stopping cleanly.
#include <sys/resource.h>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "ClipMaker.h"
#include "engine/media/FrameSource.h"
#include "engine/media/LibavPtr.h"
#include "engine/media/MaskIO.h"
#include "tests/CliProcess.h"
#include "tests/segment/SyntheticClip.h"
#include "tests/train/TinyModel.h"

namespace fs = std::filesystem;

namespace {

using Run = rm::test::CliRun;
using rm::test::cliPath;

Run cli(const QStringList& args) {
  return rm::test::runCli(args);
}

QString str(const fs::path& p) {
  return QString::fromStdString(p.string());
}

// Writes the frames of `clip` as `name(i)` PNGs into `dir`.
void writeFrames(const rm::test::Clip& clip, const fs::path& dir,
                 const std::function<std::string(int)>& name) {
  fs::create_directories(dir);
  for (size_t t = 0; t < clip.frames.size(); ++t) {
    cv::Mat bgr;
    cv::cvtColor(clip.frames[t], bgr, cv::COLOR_RGB2BGR);
    QVERIFY(cv::imwrite((dir / name(static_cast<int>(t))).string(), bgr));
  }
}

std::string padded(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%05d.png", i);
  return buf;
}

std::set<int> labelValues(const cv::Mat& labels) {
  std::set<int> values;
  for (auto it = labels.begin<uint8_t>(); it != labels.end<uint8_t>(); ++it)
    values.insert(*it);
  return values;
}

// Names of the files in `dir` starting with '.' (temporary files of atomic writes).
QStringList hiddenFiles(const fs::path& dir) {
  QStringList hidden;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().filename().string().front() == '.')
      hidden << QString::fromStdString(entry.path().filename().string());
  return hidden;
}

}  // namespace

class CliHostileTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { av_log_set_level(AV_LOG_ERROR); }
  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    root_ = dir_->path().toStdString();
    clip_ = rm::test::makeClip(6, {96, 64}, true);
    frames_ = root_ / "frames";
    writeFrames(clip_, frames_, padded);
  }

  // #17.3: the object count is the number of distinct labels, not the largest label;
  // the output carries the keyframe's own label values.
  void objectIdsAreDense_data() {
    QTest::addColumn<int>("disc");
    QTest::addColumn<int>("square");
    QTest::newRow("labels 2 (one object)") << 2 << 0;
    QTest::newRow("labels 7 and 200") << 7 << 200;
    QTest::newRow("label 255") << 255 << 0;
  }

  void objectIdsAreDense() {
    QFETCH(int, disc);
    QFETCH(int, square);
    // Reference: the same objects labelled 1 (and 2).
    const cv::Mat truth = clip_.labels[0];
    cv::Mat reference = cv::Mat::zeros(truth.size(), CV_8UC1), relabelled = reference.clone();
    reference.setTo(1, truth == 1);
    relabelled.setTo(disc, truth == 1);
    if (square > 0) {
      reference.setTo(2, truth == 2);
      relabelled.setTo(square, truth == 2);
    }
    QVERIFY(rm::writeLabelMap((root_ / "reference.png").string(), reference).ok());
    QVERIFY(rm::writeLabelMap((root_ / "relabelled.png").string(), relabelled).ok());
    const Run a =
        cli({"propagate", "--input", str(frames_), "--mask", "0=" + str(root_ / "reference.png"),
             "--out", str(root_ / "a"), "--model", "colour", "--threads", "1"});
    QVERIFY2(a.exitCode == 0, qPrintable(a.err));
    const Run b =
        cli({"propagate", "--input", str(frames_), "--mask", "0=" + str(root_ / "relabelled.png"),
             "--out", str(root_ / "b"), "--model", "colour", "--threads", "1"});
    QVERIFY2(b.exitCode == 0, qPrintable(b.err));
    for (int t = 1; t < 6; ++t) {
      auto ra = rm::readLabelMap((root_ / "a" / padded(t)).string());
      auto rb = rm::readLabelMap((root_ / "b" / padded(t)).string());
      QVERIFY(ra.ok() && rb.ok());
      cv::Mat expected = cv::Mat::zeros(ra->size(), CV_8UC1);
      expected.setTo(disc, *ra == 1);
      if (square > 0) expected.setTo(square, *ra == 2);
      QCOMPARE(cv::norm(*rb, expected, cv::NORM_INF), 0.0);  // same result, own labels
      std::set<int> allowed{0, disc};
      if (square > 0) allowed.insert(square);
      for (int v : labelValues(*rb))
        QVERIFY2(allowed.count(v), qPrintable(QString("frame %1 holds label %2").arg(t).arg(v)));
    }
  }

  void tooManyObjectsIsRefusedBeforeWork() {
    cv::Mat many = cv::Mat::zeros(clip_.labels[0].size(), CV_8UC1);
    for (int k = 0; k < 65; ++k)  // 65 labels, one pixel each
      many.at<uint8_t>(k / 16, k % 16) = static_cast<uint8_t>(k + 1);
    QVERIFY(rm::writeLabelMap((root_ / "many.png").string(), many).ok());
    const Run r =
        cli({"propagate", "--input", str(frames_), "--mask", "0=" + str(root_ / "many.png"),
             "--out", str(root_ / "out"), "--model", "colour"});
    QVERIFY2(r.exitCode == 1, qPrintable(r.err));
    QVERIFY2(r.err.contains("65") && r.err.contains("64"), qPrintable(r.err));
    QVERIFY(!fs::exists(root_ / "out"));
  }

  // #17.5: a used output folder is refused; --overwrite removes the old masks first
  // (a stale frame of a longer earlier run included).
  void propagateRefusesUsedFolderUnlessOverwrite() {
    QVERIFY(cv::imwrite((root_ / "mask0.png").string(), clip_.labels[0] * 255));
    const QStringList args{
        "propagate", "--input",          str(frames_), "--mask", "0=" + str(root_ / "mask0.png"),
        "--out",     str(root_ / "out"), "--model",    "colour", "--threads",
        "1"};
    QVERIFY(cli(args).exitCode == 0);
    QVERIFY(rm::writeLabelMap((root_ / "out" / padded(99)).string(), clip_.labels[0]).ok());
    const auto before = fs::last_write_time(root_ / "out" / padded(3));
    const Run refused = cli(args);
    QVERIFY2(refused.exitCode == 1, qPrintable(refused.err));
    QVERIFY2(refused.err.contains("--overwrite") && refused.err.contains("out"),
             qPrintable(refused.err));
    QCOMPARE(fs::last_write_time(root_ / "out" / padded(3)), before);  // untouched
    const Run again = cli(args + QStringList{"--overwrite"});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QVERIFY(!fs::exists(root_ / "out" / padded(99)));
    QVERIFY(fs::exists(root_ / "out" / padded(5)));
  }

  // #17.4: with --overwrite still never over an input (the frames, a keyframe mask).
  void propagateNeverWritesOverAnInput() {
    QVERIFY(cv::imwrite((root_ / "mask0.png").string(), clip_.labels[0] * 255));
    const Run r =
        cli({"propagate", "--input", str(frames_), "--mask", "0=" + str(root_ / "mask0.png"),
             "--out", str(frames_), "--overwrite", "--model", "colour"});
    QVERIFY2(r.exitCode == 1, qPrintable(r.err));
    QVERIFY2(r.err.contains("input"), qPrintable(r.err));
    for (int t = 0; t < 6; ++t) {  // the frames are still the pictures
      const cv::Mat bgr = cv::imread((frames_ / padded(t)).string(), cv::IMREAD_COLOR);
      QCOMPARE(bgr.channels(), 3);
    }
  }

  // #17.6: unpadded sequences give zero-padded mask names, and export reads an
  // unpadded masks folder in frame order, not text order.
  void unpaddedNamesKeepFrameOrder() {
    rm::test::Clip twelve = rm::test::makeClip(12, {96, 64});
    const fs::path frames = root_ / "unpadded";
    writeFrames(twelve, frames, [](int t) { return std::to_string(t + 1) + ".png"; });
    QVERIFY(cv::imwrite((root_ / "mask.png").string(), twelve.labels[0] * 255));
    const Run r =
        cli({"propagate", "--input", str(frames), "--mask", "0=" + str(root_ / "mask.png"), "--out",
             str(root_ / "masks"), "--model", "colour", "--threads", "1"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (int n = 1; n <= 12; ++n)
      QVERIFY2(fs::exists(root_ / "masks" / padded(n)), padded(n).c_str());

    // Export from unpadded masks: each output frame carries its own frame's mask.
    const fs::path masks = root_ / "unpadded-masks";
    fs::create_directories(masks);
    for (int n = 1; n <= 12; ++n) {
      cv::Mat labels = cv::Mat::zeros(64, 96, CV_8UC1);
      labels(cv::Rect(0, 0, n, 1)).setTo(1);  // frame n: n pixels
      QVERIFY(rm::writeLabelMap((masks / (std::to_string(n) + ".png")).string(), labels).ok());
    }
    fs::create_directories(root_ / "export");
    const Run e = cli({"export", "--source", str(frames), "--masks", str(masks), "--format", "png8",
                       "--out", str(root_ / "export" / "m.%04d.png"), "--start-number", "1"});
    QVERIFY2(e.exitCode == 0, qPrintable(e.err));
    for (int n = 1; n <= 12; ++n) {
      char name[32];
      std::snprintf(name, sizeof name, "m.%04d.png", n);
      const cv::Mat matte = cv::imread((root_ / "export" / name).string(), cv::IMREAD_UNCHANGED);
      QCOMPARE(cv::countNonZero(matte), n);
    }
  }

  // #17.4: export onto its own source is refused even with --overwrite; a used target
  // is refused without it, and with it the old frames are cleared first.
  void exportNeverReplacesItsSource() {
    rm::test::ClipSpec spec;
    spec.frames = 4;
    spec.width = 96;
    spec.height = 64;
    const fs::path clip = root_ / "clip.mov";
    QVERIFY(rm::test::makeClip(clip.string(), spec).ok());
    const auto size = fs::file_size(clip);
    const fs::path masks = root_ / "masks4";
    fs::create_directories(masks);
    for (int i = 0; i < 4; ++i)
      QVERIFY(rm::writeLabelMap((masks / padded(i)).string(), clip_.labels[0]).ok());
    for (const QString& extra : {QString(), QStringLiteral("--overwrite")}) {
      QStringList args{"export",   "--source",   str(clip), "--masks", str(masks),
                       "--format", "prores4444", "--out",   str(clip)};
      if (!extra.isEmpty()) args << extra;
      const Run r = cli(args);
      QVERIFY2(r.exitCode == 1, qPrintable(r.err));
      QVERIFY2(r.err.contains("clip.mov"), qPrintable(r.err));
      QCOMPARE(fs::file_size(clip), size);
    }
    // Into the masks folder itself: the label maps are inputs too.
    const Run intoMasks = cli({"export", "--source", str(clip), "--masks", str(masks), "--format",
                               "label", "--out", str(masks / "%05d.png"), "--overwrite"});
    QVERIFY2(intoMasks.exitCode == 1 && intoMasks.err.contains("input"), qPrintable(intoMasks.err));

    const fs::path out = root_ / "exported";
    fs::create_directories(out);
    const QStringList args{"export",  "--source", str(clip),
                           "--masks", str(masks), "--format",
                           "png8",    "--out",    str(out / "m.%04d.png")};
    QVERIFY(cli(args).exitCode == 0);
    std::ofstream(out / "m.0017.png") << "stale";  // an earlier, longer export
    const Run refused = cli(args);
    QVERIFY2(refused.exitCode == 1 && refused.err.contains("--overwrite"), qPrintable(refused.err));
    const Run replaced = cli(args + QStringList{"--overwrite"});
    QVERIFY2(replaced.exitCode == 0, qPrintable(replaced.err));
    QVERIFY(!fs::exists(out / "m.0017.png"));
    QVERIFY(fs::exists(out / "m.0003.png"));
  }

  // #17.7: a variable-frame-rate source exports to a movie with its own timestamps
  // (it was written at a constant 120 fps: 0.25 s of matte against 2.61 s of source).
  void variableFrameRateMovieKeepsTimestamps_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("file");
    QTest::newRow("prores4444") << "prores4444"
                                << "m.mov";
    QTest::newRow("ffv1") << "ffv1"
                          << "m.mkv";
  }

  void variableFrameRateMovieKeepsTimestamps() {
    QFETCH(QString, format);
    QFETCH(QString, file);
    rm::test::ClipSpec spec;
    spec.frames = 16;
    spec.width = 96;
    spec.height = 64;
    int64_t t = 0;
    for (int i = 0; i < spec.frames; ++i) {  // milliseconds
      spec.pts.push_back(t);
      t += (i % 4 == 3) ? 120 : 40;
    }
    const fs::path clip = root_ / "vfr.mkv";
    QVERIFY(rm::test::makeClip(clip.string(), spec).ok());
    auto source = rm::openFrameSource(clip.string());
    QVERIFY(source.ok());
    QVERIFY((*source)->info().variableFrameRate);
    const fs::path masks = root_ / "vfr-masks";
    fs::create_directories(masks);
    for (int i = 0; i < spec.frames; ++i)
      QVERIFY(rm::writeLabelMap((masks / padded(i)).string(), clip_.labels[0]).ok());
    fs::create_directories(root_ / "vfr-out");
    const fs::path out = root_ / "vfr-out" / file.toStdString();
    const Run r = cli({"export", "--source", str(clip), "--masks", str(masks), "--format", format,
                       "--out", str(out)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    auto movie = rm::openFrameSource(out.string());
    QVERIFY2(movie.ok(), movie.ok() ? "" : movie.message().c_str());
    QCOMPARE((*movie)->info().frameCount, int64_t(spec.frames));
    for (int i = 0; i < spec.frames; ++i)
      QVERIFY2(std::abs((*movie)->frameTimeSeconds(i) - (*source)->frameTimeSeconds(i)) < 0.002,
               qPrintable(QString("frame %1 at %2 s, source at %3 s")
                              .arg(i)
                              .arg((*movie)->frameTimeSeconds(i))
                              .arg((*source)->frameTimeSeconds(i))));
  }

  // #17.8: `info` on a truncated faststart MP4 counts the frames that decode.
  void infoCountsWhatDecodes() {
    rm::test::ClipSpec spec;
    spec.frames = 30;
    spec.gop = 1;
    spec.muxerOptions = {{"movflags", "+faststart"}};
    const fs::path clip = root_ / "cut.mp4";
    QVERIFY(rm::test::makeClip(clip.string(), spec).ok());
    fs::resize_file(clip, fs::file_size(clip) * 7 / 10);
    auto source = rm::openFrameSource(clip.string());
    QVERIFY(source.ok());
    int64_t decodable = 0;
    while (decodable < (*source)->info().frameCount && (*source)->readRgb8(decodable).ok())
      ++decodable;
    QVERIFY(decodable < (*source)->info().frameCount);  // the tail is really lost
    QProcess p;
    p.start(cliPath(), {"info", str(clip), "--json"});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    const QJsonObject facts = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    QCOMPARE(facts.value("frames").toInteger(), decodable);
    QCOMPARE(facts.value("frames_indexed").toInteger(), (*source)->info().frameCount);
    QVERIFY(p.readAllStandardError().contains("cut.mp4"));
  }

  // #17.9 and bounds: abused arguments are usage errors (exit 2) naming the option.
  void abusedArgumentsAreUsageErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("named");
    const QStringList propagate{"propagate", "--input", "FRAMES", "--mask", "0=MASK"};
    QTest::newRow("--out --threads 2")
        << propagate + QStringList{"--out", "--threads", "2"} << "--out";
    QTest::newRow("--threads 100000")
        << propagate + QStringList{"--out", "OUT", "--threads", "100000"} << "--threads";
    QTest::newRow("--threads -1") << propagate + QStringList{"--out", "OUT", "--threads", "-1"}
                                  << "--threads";
    for (const char* budget : {"inf", "nan", "-1", "1e9"})
      QTest::newRow(qPrintable(QString("--finetune %1").arg(budget)))
          << propagate + QStringList{"--out", "OUT", "--finetune", budget} << "--finetune";
    QTest::newRow("--start-number -5")
        << QStringList{"export",         "--source",       "FRAMES", "--masks",
                       "MASKS",          "--format",       "png8",   "--out",
                       "OUT/m.%04d.png", "--start-number", "-5"}
        << "--start-number";
  }

  void abusedArgumentsAreUsageErrors() {
    QFETCH(QStringList, args);
    QFETCH(QString, named);
    QVERIFY(cv::imwrite((root_ / "mask0.png").string(), clip_.labels[0] * 255));
    fs::create_directories(root_ / "masks");
    for (int i = 0; i < 6; ++i)
      QVERIFY(rm::writeLabelMap((root_ / "masks" / padded(i)).string(), clip_.labels[0]).ok());
    fs::create_directories(root_ / "out");
    args.replaceInStrings("FRAMES", str(frames_));
    args.replaceInStrings("MASKS", str(root_ / "masks"));
    args.replaceInStrings("MASK", str(root_ / "mask0.png"));
    args.replaceInStrings("OUT", str(root_ / "out"));
    const Run r = cli(args);
    QVERIFY2(r.exitCode == 2, qPrintable(QString("exit %1: %2").arg(r.exitCode).arg(r.err)));
    QVERIFY2(r.err.contains(named), qPrintable(r.err));
    QVERIFY(!fs::exists(root_ / "--threads"));
    QCOMPARE(std::distance(fs::directory_iterator(root_ / "out"), fs::directory_iterator()), 0);
  }

  // Signals: SIGINT/SIGTERM stop propagate and export cleanly (exit 1, the log says
  // what is complete, no temporary file left); a second signal exits at once.
  void signalStopsCleanly_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("signal");
    QTest::addColumn<bool>("twice");
    QTest::newRow("propagate SIGTERM") << "propagate" << int(SIGTERM) << false;
    QTest::newRow("propagate SIGINT") << "propagate" << int(SIGINT) << false;
    QTest::newRow("export SIGTERM") << "export" << int(SIGTERM) << false;
    QTest::newRow("propagate SIGTERM twice") << "propagate" << int(SIGTERM) << true;
  }

  void signalStopsCleanly() {
    QFETCH(QString, command);
    QFETCH(int, signal);
    QFETCH(bool, twice);
    constexpr int kFrames = 120;
    rm::test::Clip clip = rm::test::makeClip(kFrames, {320, 224});
    const fs::path frames = root_ / "long";
    writeFrames(clip, frames, padded);
    const fs::path out = root_ / "out";
    QStringList args;
    if (command == "propagate") {
      QVERIFY(cv::imwrite((root_ / "mask0.png").string(), clip.labels[0] * 255));
      args = QStringList{
          "propagate", "--input",     str(frames), "--mask", "0=" + str(root_ / "mask0.png"),
          "--out",     str(out),      "--model",   "colour", "--threads",
          "1",         "--direction", "forward"};
    } else {
      const fs::path masks = root_ / "long-masks";
      fs::create_directories(masks);
      for (int i = 0; i < kFrames; ++i)
        QVERIFY(rm::writeLabelMap((masks / padded(i)).string(), clip.labels[size_t(i)]).ok());
      fs::create_directories(out);
      args = QStringList{"export",  "--source", str(frames),
                         "--masks", str(masks), "--format",
                         "rgba",    "--out",    str(out / "r.%04d.png")};
    }
    QProcess p;
    p.start(cliPath(), args);
    QVERIFY(p.waitForStarted());
    QByteArray err;
    const QByteArray progress = command == "propagate" ? "propagated 2/" : "export: ";
    while (!err.contains(progress) && p.state() == QProcess::Running) {
      p.waitForReadyRead(1000);
      err += p.readAllStandardError();
    }
    QVERIFY2(err.contains(progress), err.constData());  // mid-run
    ::kill(static_cast<pid_t>(p.processId()), signal);
    if (twice) ::kill(static_cast<pid_t>(p.processId()), signal);
    QVERIFY(p.waitForFinished(60000));
    err += p.readAllStandardError();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);  // handled, not killed by the signal
    if (twice) {
      QVERIFY2(p.exitCode() == 128 + signal || p.exitCode() == 1, err.constData());
      return;
    }
    QCOMPARE(p.exitCode(), 1);
    QVERIFY2(err.contains("interrupted") && err.contains("complete"), err.constData());
    QVERIFY2(hiddenFiles(out).isEmpty(), qPrintable(hiddenFiles(out).join(", ")));
    // What it says is complete is there and whole.
    int whole = 0;
    for (const auto& entry : fs::directory_iterator(out)) {
      QVERIFY(!cv::imread(entry.path().string(), cv::IMREAD_UNCHANGED).empty());
      ++whole;
    }
    QVERIFY2(err.contains(QByteArray::number(whole) + " of " + QByteArray::number(kFrames)),
             err.constData());
  }

  // SIGKILL cannot be handled: a killed export leaves its hidden temporary. The next export
  // into the same folder removes it (its process is dead) and leaves only whole files.
  void killedExportIsCleanedByTheNextRun_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("target");
    QTest::newRow("prores4444 movie") << "prores4444"
                                      << "matte.mov";
    QTest::newRow("png sequence") << "png8"
                                  << "m.%04d.png";
  }

  void killedExportIsCleanedByTheNextRun() {
    QFETCH(QString, format);
    QFETCH(QString, target);
    constexpr int kFrames = 120;
    const fs::path frames = root_ / "long", masks = root_ / "long-masks", out = root_ / "out";
    QVERIFY(writeExportInputs(kFrames, frames, masks));
    fs::create_directories(out);
    const QStringList args{"export",     "--source", str(frames),
                           "--masks",    str(masks), "--format",
                           format,       "--out",    str(out / target.toStdString()),
                           "--overwrite"};
    QProcess killed;
    killed.start(cliPath(), args);
    QVERIFY(killed.waitForStarted());
    QByteArray err;
    while (!err.contains("export: ") && killed.state() == QProcess::Running) {
      killed.waitForReadyRead(1000);
      err += killed.readAllStandardError();
    }
    QVERIFY2(err.contains("export: "), err.constData());  // mid-run
    ::kill(static_cast<pid_t>(killed.processId()), SIGKILL);
    QVERIFY(killed.waitForFinished(30000));
    QCOMPARE(killed.exitStatus(), QProcess::CrashExit);
    // A movie is written into one temporary from the first frame on, so it is always left.
    if (format == "prores4444")
      QVERIFY2(!hiddenFiles(out).isEmpty(), "the killed export left no temporary to clean");

    QProcess next;
    next.start(cliPath(), args);
    QVERIFY(next.waitForFinished(120000));
    QVERIFY2(next.exitCode() == 0, next.readAllStandardError().constData());
    QVERIFY2(hiddenFiles(out).isEmpty(), qPrintable(hiddenFiles(out).join(", ")));
    const qsizetype expected = format == "prores4444" ? 1 : kFrames;
    QCOMPARE(qsizetype(std::distance(fs::directory_iterator(out), fs::directory_iterator())),
             expected);
  }

  // A full disk (here the file-size limit, which fails writes with EFBIG as a full disk fails
  // them with ENOSPC) stops an export with the system's reason and the file's name, and
  // leaves no partial movie and no temporary; a sequence keeps its whole frames.
  void fullDiskStopsExportWithTheReason_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("target");
    QTest::newRow("prores4444 movie") << "prores4444"
                                      << "matte.mov";
    QTest::newRow("rgba sequence") << "rgba"
                                   << "m.%04d.png";
  }

  void fullDiskStopsExportWithTheReason() {
    QFETCH(QString, format);
    QFETCH(QString, target);
    constexpr int kFrames = 40;
    const fs::path frames = root_ / "long", masks = root_ / "long-masks", out = root_ / "out";
    QVERIFY(writeExportInputs(kFrames, frames, masks));
    fs::create_directories(out);
    QProcess p;
    p.setChildProcessModifier([] {
      ::signal(SIGXFSZ, SIG_IGN);  // the write fails instead of killing the process
      const rlimit limit{64 * 1024, 64 * 1024};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    });
    p.start(cliPath(), {"export", "--source", str(frames), "--masks", str(masks), "--format",
                        format, "--out", str(out / target.toStdString())});
    QVERIFY(p.waitForFinished(120000));
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QVERIFY2(p.exitCode() == 1, err.constData());
    QVERIFY2(err.contains(std::strerror(EFBIG)), err.constData());
    QVERIFY2(hiddenFiles(out).isEmpty(), qPrintable(hiddenFiles(out).join(", ")));
    if (format == "prores4444") {
      QVERIFY2(err.contains("matte.mov"), err.constData());
      QVERIFY(fs::is_empty(out));  // no partial movie
      return;
    }
    int whole = 0;
    for (const auto& entry : fs::directory_iterator(out)) {
      QVERIFY(!cv::imread(entry.path().string(), cv::IMREAD_UNCHANGED).empty());
      ++whole;
    }
    QVERIFY(whole < kFrames);
    QVERIFY2(err.contains("m.0"), err.constData());  // the frame that did not fit
    QVERIFY2(err.contains(QByteArray::number(whole) + " of " + QByteArray::number(kFrames)),
             err.constData());
  }

  // SIGINT/SIGTERM during fine-tuning, eval and train: exit 1 saying what is complete, no
  // temporary file left (TMPDIR, where the tuned copy lives, or the output folder), no
  // output written.
  void longCommandsStopOnSignal_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("progress");  // printed once the command is mid-work
    QTest::addColumn<QString>("complete");     // what the message says is complete
    QTest::newRow("propagate --finetune")
        << "finetune" << QByteArray("fine-tuning on") << "fine-tuning interrupted after";
    QTest::newRow("eval") << "eval" << QByteArray("J=") << "sequence(s) scored";
    QTest::newRow("train") << "train" << QByteArray("iteration ")
                           << "training cancelled at iteration";
  }

  void longCommandsStopOnSignal() {
    QFETCH(QString, command);
    QFETCH(QByteArray, progress);
    QFETCH(QString, complete);
    const fs::path dataset = root_ / "davis", out = root_ / "out", tmp = root_ / "tmp";
    fs::create_directories(tmp);
    for (int s = 0; s < 8; ++s)
      writeDavisSequence(dataset, "seq" + std::to_string(s), 40);
    testing::saveTinyModel((root_ / "tiny.pt").string());
    QVERIFY(cv::imwrite((root_ / "mask0.png").string(), clip_.labels[0] * 255));
    QStringList args;
    if (command == "finetune")
      args = {"propagate",
              "--input",
              str(frames_),
              "--mask",
              "0=" + str(root_ / "mask0.png"),
              "--out",
              str(out),
              "--model",
              str(root_ / "tiny.pt"),
              "--finetune",
              "60",
              "--threads",
              "1"};
    else if (command == "eval")
      args = {"eval",    "--dataset", str(dataset),
              "--model", "colour",    "--threads",
              "1",       "--json",    str(out / "scores.json")};
    else
      args = {"train",
              "--dataset",
              str(dataset),
              "--init",
              str(root_ / "tiny.pt"),
              "--out",
              str(out / "trained.pt"),
              "--iterations",
              "100000",
              "--size",
              "64x48",
              "--threads",
              "1"};
    if (command != "finetune") fs::create_directories(out);
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("TMPDIR", str(tmp));
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(cliPath(), args);
    QVERIFY(p.waitForStarted());
    QByteArray log;
    while (!log.contains(progress) && p.state() == QProcess::Running) {
      p.waitForReadyRead(1000);
      log += p.readAll();
    }
    QVERIFY2(log.contains(progress), log.constData());  // mid-work
    ::kill(static_cast<pid_t>(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(90000));
    log += p.readAll();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QVERIFY2(p.exitCode() == 1, log.constData());
    QVERIFY2(log.contains("interrupted") && log.contains(complete.toUtf8()), log.constData());
    QVERIFY2(fs::is_empty(tmp), "a temporary file was left in TMPDIR");
    if (command == "finetune") QVERIFY(!fs::exists(out));
    if (command == "eval") QVERIFY(fs::is_empty(out));
    if (command == "train") {  // only the checkpoint the message names
      QVERIFY(!fs::exists(out / "trained.pt"));
      for (const auto& entry : fs::directory_iterator(out))
        QVERIFY2(log.contains(QByteArray::fromStdString(entry.path().string())),
                 entry.path().c_str());
    }
  }

 private:
  // A 640x480 clip of `count` frames and its label maps, as export's --source and --masks.
  bool writeExportInputs(int count, const fs::path& frames, const fs::path& masks) {
    const rm::test::Clip clip = rm::test::makeClip(count, {640, 480});
    writeFrames(clip, frames, padded);
    fs::create_directories(masks);
    for (int i = 0; i < count; ++i)
      if (!rm::writeLabelMap((masks / padded(i)).string(), clip.labels[size_t(i)]).ok())
        return false;
    return true;
  }

  // A DAVIS-layout sequence (JPEG frames, palette annotations) of the fixture's moving objects.
  void writeDavisSequence(const fs::path& root, const std::string& name, int frames) {
    const rm::test::Clip clip = rm::test::makeClip(frames, {160, 112}, true);
    const fs::path images = root / "JPEGImages" / "480p" / name;
    const fs::path labels = root / "Annotations" / "480p" / name;
    fs::create_directories(images);
    fs::create_directories(labels);
    for (int t = 0; t < frames; ++t) {
      cv::Mat bgr;
      cv::cvtColor(clip.frames[size_t(t)], bgr, cv::COLOR_RGB2BGR);
      const std::string stem = padded(t).substr(0, 5);
      QVERIFY(cv::imwrite((images / (stem + ".jpg")).string(), bgr));
      QVERIFY(rm::writeLabelMap((labels / (stem + ".png")).string(), clip.labels[size_t(t)]).ok());
    }
  }

  std::unique_ptr<QTemporaryDir> dir_;
  fs::path root_, frames_;
  rm::test::Clip clip_;
};

QTEST_GUILESS_MAIN(CliHostileTest)
#include "tst_cli_hostile.moc"
