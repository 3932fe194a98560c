// The README's headless demo end to end: propagate the bundled keyframe a few frames,
// then check every output it reports exists and is what it claims to be.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>

#include "engine/core/PolygonKeyframe.h"
#include "engine/media/FrameSource.h"
#include "engine/media/MaskIO.h"

class CliDemoTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void propagatesAndExports() {
    const auto key =
        rm::loadPolygonKeyframe(ROTOMATCH_SOURCE_DIR "/resources/demo/vtest-keyframe.json");
    QVERIFY(key.ok());
    if (!QFile::exists(QString::fromStdString(key->clip)))
      QSKIP("demo clip missing: install Debian's opencv-doc");
    QTemporaryDir out;
    QProcess cli;
    // Colour features keep the test independent of the model download; the demo's own
    // default (the TorchScript model) is the same code path behind createFeatureExtractor.
    cli.start(
        qEnvironmentVariable("ROTOMATCH_BIN_DIR") + QStringLiteral("/rotomatch-cli"),
        {QStringLiteral("demo"), QStringLiteral("--out"), out.path(), QStringLiteral("--frames"),
         QStringLiteral("4"), QStringLiteral("--model"), QStringLiteral("colour")});
    QVERIFY(cli.waitForFinished(240000));
    const QString stdoutText = QString::fromLocal8Bit(cli.readAllStandardOutput());
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    QVERIFY2(stdoutText.contains(out.path()), qPrintable(stdoutText));

    // Keyframe written unchanged, propagated frames present with both instance ids possible.
    const auto keyLabels =
        rm::readLabelMap(out.filePath(QStringLiteral("masks/00000.png")).toStdString());
    QVERIFY(keyLabels.ok());
    QCOMPARE(cv::norm(*keyLabels, key->rasterize(), cv::NORM_INF), 0.0);
    for (int f = 1; f < 4; ++f) {
      const auto labels = rm::readLabelMap(
          out.filePath(QStringLiteral("masks/%1.png").arg(f, 5, 10, QLatin1Char('0')))
              .toStdString(),
          cv::Size(key->width, key->height));
      QVERIFY2(labels.ok(), labels.ok() ? "" : labels.message().c_str());
    }
    // The movie decodes with our reader: 4 frames at the clip's size, with alpha.
    auto movie = rm::openFrameSource(
        out.filePath(QStringLiteral("demo_cutout_prores4444.mov")).toStdString());
    QVERIFY2(movie.ok(), movie.ok() ? "" : movie.message().c_str());
    QCOMPARE((*movie)->info().frameCount, int64_t{4});
    QCOMPARE((*movie)->info().width, key->width);
    QVERIFY((*movie)->info().hasAlpha);
    QVERIFY(
        !cv::imread(out.filePath(QStringLiteral("preview_last_frame.png")).toStdString()).empty());
    // The strip: frames 0..3 spread over five places are 0, 1, 2, 3: four half-size tiles.
    const cv::Mat strip = cv::imread(out.filePath(QStringLiteral("strip.png")).toStdString());
    QCOMPARE(strip.cols, 4 * (key->width / 2));
    QCOMPARE(strip.rows, key->height / 2);
    QVERIFY2(stdoutText.contains(QStringLiteral("(frames 0 1 2 3)")), qPrintable(stdoutText));
  }
};

QTEST_GUILESS_MAIN(CliDemoTest)
#include "tst_cli_demo.moc"
