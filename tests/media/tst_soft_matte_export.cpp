// Soft brush edges in exported mattes: an instance's soft alpha layer replaces its hard
// matte in every matte format (PNG 8/16, RGBA, EXR, ProRes 4444 from RGB or from the
// decoded source, FFV1), the union adds the instances' alphas, the Label format stays a
// label map, and a layer of the wrong size is an error naming the output.
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "ClipMaker.h"
#include "engine/media/ExrIO.h"
#include "engine/media/FrameSource.h"
#include "engine/media/LibavPtr.h"
#include "engine/media/MaskIO.h"
#include "engine/media/writers/MatteWriter.h"

namespace fs = std::filesystem;

namespace {

constexpr int kW = 64, kH = 48, kFrames = 3;

// Instance 1 (left block) has a soft layer: a horizontal ramp, 255 in its core falling to 0
// across 16 pixels to its right (over background). Instance 2 (right block) is hard.
cv::Mat labels() {
  cv::Mat l = cv::Mat::zeros(kH, kW, CV_8UC1);
  l(cv::Rect(4, 8, 20, 24)).setTo(1);
  l(cv::Rect(46, 10, 12, 12)).setTo(2);
  return l;
}

cv::Mat softLayer() {
  cv::Mat a = cv::Mat::zeros(kH, kW, CV_8UC1);
  a(cv::Rect(4, 8, 16, 24)).setTo(255);
  for (int x = 20; x < 36; ++x)
    a(cv::Rect(x, 8, 1, 24)).setTo(255 - (x - 19) * 15);  // 240 .. 15
  return a;
}

rm::MatteFrame softFrame(cv::Mat rgb = {}) {
  rm::MatteFrame frame(labels(), std::move(rgb));
  frame.softAlpha[1] = softLayer();
  return frame;
}

// The matte the frame should export for `instance` (0: union), 8-bit.
cv::Mat expected(int instance) {
  const cv::Mat hard2 = labels() == 2;
  if (instance == 1) return softLayer();
  if (instance == 2) return hard2;
  cv::Mat u;
  cv::add(softLayer(), hard2, u);
  return u;
}

rm::MatteWriterOptions writerOptions(rm::MatteFormat format, const fs::path& out) {
  rm::MatteWriterOptions options;
  options.format = format;
  options.outPath = out.string();
  options.width = kW;
  options.height = kH;
  return options;
}

// Largest difference in 8-bit steps between a read-back alpha (any depth) and `want`.
double alphaError(const cv::Mat& got, const cv::Mat& want) {
  cv::Mat g, w;
  got.convertTo(g, CV_64F, got.depth() == CV_16U ? 255.0 / 65535 : got.depth() == CV_32F ? 255 : 1);
  want.convertTo(w, CV_64F);
  return cv::norm(g, w, cv::NORM_INF);
}

}  // namespace

class SoftMatteExportTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { av_log_set_level(AV_LOG_ERROR); }
  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    root_ = dir_->path().toStdString();
  }

  void softAlphaIsExported_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("instance");
    QTest::addColumn<double>("tolerance");  // in 8-bit steps
    QTest::newRow("png8 union") << "png8" << 0 << 0.0;
    QTest::newRow("png8 soft instance") << "png8" << 1 << 0.0;
    QTest::newRow("png8 hard instance") << "png8" << 2 << 0.0;
    QTest::newRow("png16 soft instance") << "png16" << 1 << 0.0;
    QTest::newRow("rgba union") << "rgba" << 0 << 0.0;
    QTest::newRow("exr soft instance") << "exr" << 1 << 0.07;  // half float
    QTest::newRow("prores4444 union") << "prores4444" << 0 << 0.5;
    QTest::newRow("ffv1 soft instance") << "ffv1" << 1 << 0.0;
  }
  void softAlphaIsExported() {
    QFETCH(QString, format);
    QFETCH(int, instance);
    QFETCH(double, tolerance);
    if (format == "exr" && !rm::exrSupported()) QSKIP("built without OpenEXR");
    const bool movie = format == "prores4444" || format == "ffv1";
    const std::string ext = format == "exr" ? ".exr" : format == "ffv1" ? ".mkv" : ".png";
    rm::MatteWriterOptions options = writerOptions(
        *rm::parseMatteFormat(format.toStdString()),
        root_ / (movie ? "matte" + (format == "ffv1" ? ext : ".mov") : "matte.%04d" + ext));
    options.instance = instance;
    options.instances = {1, 2};
    auto writer = rm::createMatteWriter(options);
    QVERIFY2(writer.ok(), writer.ok() ? "" : writer.message().c_str());
    const cv::Mat grey(kH, kW, CV_8UC3, cv::Scalar::all(128));
    for (int i = 0; i < kFrames; ++i) {
      const rm::Status s =
          (*writer)->write(softFrame(rm::usesSourcePicture(options.format) ? grey : cv::Mat()));
      QVERIFY2(s.ok(), s.message().c_str());
    }
    QVERIFY((*writer)->finish().ok());

    const cv::Mat want = expected(instance);
    if (movie) {
      auto source = rm::openFrameSource(options.outPath);
      QVERIFY2(source.ok(), source.ok() ? "" : source.message().c_str());
      for (int i = 0; i < kFrames; ++i) {
        auto alpha = (*source)->readAlpha16(i);
        QVERIFY(alpha.ok());
        QVERIFY2(alphaError(*alpha, want) <= tolerance,
                 qPrintable(QString::number(alphaError(*alpha, want))));
      }
      return;
    }
    for (const std::string& file : (*writer)->outputs()) {
      cv::Mat alpha;
      if (format == "exr") {
        auto layer = rm::readExrChannel(file, "obj" + std::to_string(instance) + ".A");
        QVERIFY(layer.ok());
        alpha = *layer;
      } else {
        const cv::Mat img = cv::imread(file, cv::IMREAD_UNCHANGED);
        QVERIFY(!img.empty());
        if (img.channels() == 4)
          cv::extractChannel(img, alpha, 3);  // B, G, R, A
        else
          alpha = img;
      }
      QVERIFY2(alphaError(alpha, want) <= tolerance,
               qPrintable(QString::number(alphaError(alpha, want))));
    }
  }

  // The ProRes writer's decoded-source path fills the alpha plane itself (no swscale).
  void softAlphaFromTheDecodedSource() {
    rm::test::ClipSpec spec;
    spec.encoder = "prores_ks";
    spec.pixelFormat = "yuv422p10le";
    spec.frames = kFrames;
    spec.width = kW;
    spec.height = kH;
    spec.bt709 = true;
    const std::string clip = (root_ / "src.mov").string();
    const rm::Status made = rm::test::makeClip(clip, spec);
    QVERIFY2(made.ok(), made.message().c_str());
    auto source = rm::openFrameSource(clip);
    QVERIFY2(source.ok(), source.ok() ? "" : source.message().c_str());
    const rm::MatteWriterOptions options =
        writerOptions(rm::MatteFormat::ProRes4444, root_ / "direct.mov");
    auto writer = rm::createMatteWriter(options);
    QVERIFY(writer.ok());
    for (int i = 0; i < kFrames; ++i) {
      auto decoded = (*source)->readDecoded(i);
      QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.message().c_str());
      QVERIFY((*writer)->acceptsDecoded(**decoded));
      rm::MatteFrame frame = softFrame();
      frame.decoded = *decoded;
      const rm::Status s = (*writer)->write(frame);
      QVERIFY2(s.ok(), s.message().c_str());
    }
    QVERIFY((*writer)->finish().ok());
    auto out = rm::openFrameSource(options.outPath);
    QVERIFY(out.ok());
    for (int i = 0; i < kFrames; ++i) {
      auto alpha = (*out)->readAlpha16(i);
      QVERIFY(alpha.ok());
      QVERIFY2(alphaError(*alpha, expected(0)) <= 0.5,
               qPrintable(QString::number(alphaError(*alpha, expected(0)))));
    }
  }

  void labelFormatIgnoresSoftAlpha() {
    const rm::MatteWriterOptions options =
        writerOptions(rm::MatteFormat::Label, root_ / "labels.%04d.png");
    auto writer = rm::createMatteWriter(options);
    QVERIFY(writer.ok());
    QVERIFY((*writer)->write(softFrame()).ok());
    auto back = rm::readLabelMap((*writer)->outputs().front(), cv::Size(kW, kH));
    QVERIFY(back.ok());
    QCOMPARE(cv::norm(*back, labels(), cv::NORM_INF), 0.0);
  }

  void softAlphaOfTheWrongSizeIsAnError_data() {
    QTest::addColumn<QString>("format");
    QTest::newRow("png8") << "png8";
    QTest::newRow("prores4444") << "prores4444";
  }
  void softAlphaOfTheWrongSizeIsAnError() {
    QFETCH(QString, format);
    const rm::MatteWriterOptions options =
        writerOptions(*rm::parseMatteFormat(format.toStdString()),
                      root_ / (format == "png8" ? "m.%04d.png" : "m.mov"));
    auto writer = rm::createMatteWriter(options);
    QVERIFY(writer.ok());
    rm::MatteFrame frame = softFrame();
    frame.softAlpha[2] = cv::Mat::zeros(kH / 2, kW, CV_8UC1);
    const rm::Status s = (*writer)->write(frame);
    QVERIFY(!s.ok());
    QVERIFY2(QString::fromStdString(s.message()).contains("soft alpha of instance 2"),
             s.message().c_str());
    QVERIFY2(QString::fromStdString(s.message()).contains(QString::fromStdString(root_.string())),
             s.message().c_str());
  }

 private:
  std::unique_ptr<QTemporaryDir> dir_;
  fs::path root_;
};

QTEST_GUILESS_MAIN(SoftMatteExportTest)
#include "tst_soft_matte_export.moc"
