#pragma once
// Shots and manifests for the `rotomatch-cli batch` tests, generated at run time: small PNG
// frame folders of the synthetic clip (a red disc moving right), its frame masks, and a
// manifest with the colour model so a shot propagates in well under a second.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "tests/CliProcess.h"
#include "tests/segment/SyntheticClip.h"

namespace rm::test {

inline constexpr int kShotFrames = 6;

// `dir`/frames/00000.png ... and `dir`/maskN.png (frame N's ground truth, 0/255) for every
// frame. With `corruptFrame` >= 0 that frame's file is garbage (the shot fails mid-way).
inline bool writeShot(const QString& dir, int corruptFrame = -1) {
  const Clip clip = makeClip(kShotFrames);
  if (!QDir().mkpath(dir + QStringLiteral("/frames"))) return false;
  for (int t = 0; t < kShotFrames; ++t) {
    const QString frame = dir + QStringLiteral("/frames/%1.png").arg(t, 5, 10, QChar('0'));
    cv::Mat bgr;
    cv::cvtColor(clip.frames[size_t(t)], bgr, cv::COLOR_RGB2BGR);
    if (!cv::imwrite(frame.toStdString(), bgr)) return false;
    if (!cv::imwrite((dir + QStringLiteral("/mask%1.png").arg(t)).toStdString(),
                     clip.labels[size_t(t)] * 255))
      return false;
    if (t == corruptFrame) {
      QFile f(frame);
      if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
      f.write("\x89PNG\r\n\x1a\n not really a picture");
    }
  }
  return true;
}

// A shot entry for `dir` written by writeShot: keyframe 0 unless told otherwise.
inline QJsonObject shotEntry(const QString& name, const QString& dir, int keyframe = 0) {
  return QJsonObject{
      {"name", name},
      {"source", dir + QStringLiteral("/frames")},
      {"masks", QJsonArray{QStringLiteral("%1=%2/mask%1.png").arg(keyframe).arg(dir)}}};
}

// A manifest of `shots` with the colour model, one thread, and a png8 sequence per shot
// under `outDir`/{shot}/ as defaults.
inline bool writeManifest(const QString& path, const QJsonArray& shots, const QString& outDir) {
  const QJsonObject defaults{
      {"model", "color"},  // the legacy spelling a manifest may hold (isColourModel)
      {"threads", 1},
      {"outputs",
       QJsonArray{QJsonObject{{"format", "png8"},
                              {"path", outDir + QStringLiteral("/{shot}/matte.{frame:04}.png")}}}}};
  const QJsonObject root{{"version", 1}, {"defaults", defaults}, {"shots", shots}};
  QFile f(path);
  return f.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
         f.write(QJsonDocument(root).toJson()) > 0;
}

inline QJsonObject readJsonFile(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).object();
}

// The report's entry for `shot`.
inline QJsonObject reportEntry(const QJsonObject& report, const QString& shot) {
  for (const auto& v : report.value(QStringLiteral("shots")).toArray())
    if (v.toObject().value(QStringLiteral("name")).toString() == shot) return v.toObject();
  return {};
}

}  // namespace rm::test
