// The converted default backbone (build/<preset>/models/centernet-s8.pt) against TensorFlow.js
// running the original npm files (model.json + .bin) with its pure-JS CPU backend, on a real
// frame of vtest.avi. Both sides implement the input contract on their own (scale to 0..255,
// replicate-pad to a multiple of 32, crop to ceil(H/8) x ceil(W/8)). The optional nsfwjs
// InceptionV3 candidate (ROTOMATCH_FETCH_NSFWJS=1 scripts/fetch-models.sh) is checked the same
// way once it has been fetched and converted.
//
// Error measure: max|ours - tfjs| / max|tfjs| over the whole tapped output <= 1e-4.
// Extra sizes by hand: ROTOMATCH_PARITY_SIZES="854x480,512x512".
// LibTorch before Qt: Qt's `slots` macro breaks ATen headers.
#include "engine/Engine.h"
#include "engine/segment/TorchScriptExtractor.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace {

const QString kVideo = QStringLiteral("/usr/share/doc/opencv-doc/examples/data/vtest.avi");

QString nodeModules() {
  return QStringLiteral(ROTOMATCH_TFJS_NODE_MODULES);
}
QString referenceScript() {
  return QStringLiteral(ROTOMATCH_SOURCE_DIR "/tests/segment/tfjs/reference.js");
}

// One converted model and how its TF.js original is run.
struct Candidate {
  QString json;       // original TF.js model
  QString converted;  // our TorchScript file
  QString tap;
  QString scale;
  int stride = 0;
  int channels = 0;
  int padExtra = 0;
  QString needs;  // npm package the reference needs besides core/converter/cpu
};

Candidate candidate(const QString& name) {
  if (name == "centernet")
    return {QStringLiteral(ROTOMATCH_TFJS_MODEL_DIR "/centernet.json"),
            QStringLiteral(ROTOMATCH_BINARY_DIR "/models/centernet-s8.pt"),
            QStringLiteral("tower_0/CenternetHead/Relu_1"),
            QStringLiteral("255"),
            8,
            192,
            0,
            QStringLiteral("tfjs-converter")};
  return {QStringLiteral(ROTOMATCH_SOURCE_DIR "/.cache/npm/nsfwjs/model.json"),
          QStringLiteral(ROTOMATCH_BINARY_DIR "/models/inception-mixed7-s16.pt"),
          QStringLiteral("mixed7"),
          QStringLiteral("1"),
          16,
          768,
          32,
          QStringLiteral("tfjs-layers")};
}

// Runs a program to completion; returns stdout, or an empty string with `error` set.
QByteArray run(const QString& program, const QStringList& args, int timeoutMs, QString* error) {
  QProcess p;
  p.start(program, args);
  if (!p.waitForFinished(timeoutMs)) {
    p.kill();
    p.waitForFinished();
    *error = program + QStringLiteral(" did not finish in time");
    return {};
  }
  if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
    *error =
        program + QStringLiteral(" failed: ") + QString::fromLocal8Bit(p.readAllStandardError());
    return {};
  }
  return p.readAllStandardOutput();
}

}  // namespace

class TfjsParityTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    rm::setComputeThreads(2);  // once, as an executable's main does
    node_ = QStandardPaths::findExecutable(QStringLiteral("node"));
    const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
    if (node_.isEmpty())
      skip_ = QStringLiteral("node is not installed");
    else if (ffmpeg.isEmpty())
      skip_ = QStringLiteral("ffmpeg is not installed");
    else if (!QFile::exists(nodeModules() + "/@tensorflow/tfjs-core/package.json"))
      skip_ = QStringLiteral("TF.js npm packages absent from ") + nodeModules() +
              QStringLiteral(" (run scripts/fetch-models.sh)");
    else if (!QFile::exists(kVideo))
      skip_ = kVideo + QStringLiteral(" absent (install opencv-doc)");
    if (!skip_.isEmpty()) return;

    // One real frame, decoded once, as PNG.
    QVERIFY(dir_.isValid());
    framePng_ = dir_.filePath(QStringLiteral("vtest-20.png"));
    QString error;
    run(ffmpeg,
        {"-v", "error", "-y", "-i", kVideo, "-vf", "select=eq(n\\,20)", "-frames:v", "1",
         framePng_},
        60000, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(QFile::exists(framePng_));
  }

  void matchesTensorFlowJs_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("centernet 256x192") << "centernet" << 256 << 192;  // no padding
    QTest::newRow("centernet 200x150") << "centernet" << 200 << 150;  // replicate pad + crop
    QTest::newRow("inception 200x150") << "inception" << 200 << 150;  // optional candidate
    for (const QString& size : qEnvironmentVariable("ROTOMATCH_PARITY_SIZES").split(',')) {
      const QStringList wh = size.split('x');
      if (wh.size() == 2)
        QTest::newRow(qPrintable("centernet " + size))
            << "centernet" << wh[0].toInt() << wh[1].toInt();
    }
  }

  void matchesTensorFlowJs() {
    if (!skip_.isEmpty()) QSKIP(qPrintable(skip_));
    QFETCH(QString, model);
    QFETCH(int, width);
    QFETCH(int, height);
    const Candidate cand = candidate(model);
    if (!QFile::exists(cand.json))
      QSKIP(qPrintable(cand.json + " absent (run scripts/fetch-models.sh" +
                       (model == "inception" ? " with ROTOMATCH_FETCH_NSFWJS=1)" : ")")));
    if (!QFile::exists(cand.converted))
      QSKIP(qPrintable(cand.converted + " not built (re-run CMake after fetching, then build)"));
    if (!QFile::exists(nodeModules() + "/@tensorflow/" + cand.needs + "/package.json"))
      QSKIP(qPrintable("@tensorflow/" + cand.needs + " absent from " + nodeModules()));

    cv::Mat bgr = cv::imread(framePng_.toStdString(), cv::IMREAD_COLOR);
    QVERIFY(!bgr.empty());
    cv::Mat rgb, small, rgbF;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    cv::resize(rgb, small, cv::Size(width, height), 0, 0, cv::INTER_AREA);
    small.convertTo(rgbF, CV_32FC3, 1.0 / 255.0);
    QVERIFY(rgbF.isContinuous());

    const QString inPath = dir_.filePath(QStringLiteral("input-%1x%2.f32").arg(width).arg(height));
    const QString outPath = dir_.filePath(QStringLiteral("tfjs-%1.f32").arg(model));
    {
      std::ofstream out(inPath.toStdString(), std::ios::binary);
      out.write(reinterpret_cast<const char*>(rgbF.ptr<float>()),
                static_cast<std::streamsize>(rgbF.total() * 3 * sizeof(float)));
      QVERIFY(out.good());
    }

    // TensorFlow.js on the original files.
    QString error;
    const QByteArray stdoutBytes = run(node_,
                                       {referenceScript(),
                                        "--modules",
                                        nodeModules(),
                                        "--model",
                                        cand.json,
                                        "--input",
                                        inPath,
                                        "--height",
                                        QString::number(height),
                                        "--width",
                                        QString::number(width),
                                        "--node",
                                        cand.tap,
                                        "--output",
                                        outPath,
                                        "--scale",
                                        cand.scale,
                                        "--pad-multiple",
                                        "32",
                                        "--pad-extra",
                                        QString::number(cand.padExtra),
                                        "--pad-mode",
                                        "replicate",
                                        "--stride",
                                        QString::number(cand.stride),
                                        "--probe-size",
                                        "512"},
                                       900000, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QList<QByteArray> lines = stdoutBytes.trimmed().split('\n');
    const QJsonObject report = QJsonDocument::fromJson(lines.last()).object();
    const auto shapeJson = report.value(QStringLiteral("shape")).toArray();
    QCOMPARE(shapeJson.size(), 4);
    const int64_t s = cand.stride;
    const int64_t h = shapeJson[1].toInt(), w = shapeJson[2].toInt(), c = shapeJson[3].toInt();
    QCOMPARE(h, (height + s - 1) / s);
    QCOMPARE(w, (width + s - 1) / s);
    QCOMPARE(c, int64_t(cand.channels));
    QFile refFile(outPath);
    QVERIFY(refFile.open(QIODevice::ReadOnly));
    QByteArray refBytes = refFile.readAll();
    QCOMPARE(refBytes.size(), qsizetype(h * w * c * 4));
    const torch::Tensor reference = torch::from_blob(refBytes.data(), {1, h, w, c}, torch::kFloat32)
                                        .permute({0, 3, 1, 2})
                                        .clone();

    // Ours: the converted TorchScript file through the engine's loader.
    auto extractor = rm::loadTorchScriptExtractor(cand.converted.toStdString(), {"cpu"});
    QVERIFY2(extractor.ok(), extractor.ok() ? "" : extractor.message().c_str());
    QCOMPARE((*extractor)->info().stride, cand.stride);
    QCOMPARE((*extractor)->info().channels, cand.channels);
    const torch::Tensor input =
        torch::from_blob(rgbF.ptr<float>(), {1, height, width, 3}, torch::kFloat32)
            .permute({0, 3, 1, 2})
            .contiguous();
    auto ours = (*extractor)->extract(input);
    QVERIFY2(ours.ok(), ours.ok() ? "" : ours.message().c_str());
    QCOMPARE(ours->sizes().vec(), reference.sizes().vec());

    const double maxRef = reference.abs().max().item<double>();
    const double maxDiff = (*ours - reference).abs().max().item<double>();
    const double meanDiff = (*ours - reference).abs().mean().item<double>();
    const double rel = maxDiff / maxRef;
    qInfo("%s %dx%d: max|ref| %.4f, max|diff| %.3g, mean|diff| %.3g, max rel error %.3g",
          qPrintable(model), width, height, maxRef, maxDiff, meanDiff, rel);
    QVERIFY(maxRef > 1e-3);  // a real, non-degenerate activation
    QVERIFY2(rel <= 1e-4, qPrintable(QStringLiteral("max relative error %1 > 1e-4").arg(rel)));
  }

 private:
  QString skip_;
  QString node_;
  QString framePng_;
  QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TfjsParityTest)
#include "tst_tfjs_parity.moc"
