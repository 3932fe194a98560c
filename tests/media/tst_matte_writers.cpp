// Matte writers: every format written and read back through our own readers, through
// independent decoders (OpenCV imread, the OpenEXR library) and through ffprobe for
// the movies (codec, profile, pix_fmt, frame count, frame rate, colour tags).
#include <sys/resource.h>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "ClipMaker.h"
#include "engine/media/ExrIO.h"
#include "engine/media/FrameSource.h"
#include "engine/media/LibavPtr.h"
#include "engine/media/MaskIO.h"
#include "engine/media/writers/MatteExport.h"
#include "engine/media/writers/MatteWriter.h"

namespace fs = std::filesystem;

namespace {

constexpr int kW = 64, kH = 48, kFrames = 6;

// Three instances (ids 1, 2, 5) moving across the frame.
cv::Mat labelsFor(int i) {
  cv::Mat labels = cv::Mat::zeros(kH, kW, CV_8UC1);
  cv::circle(labels, {10 + 3 * i, 24}, 8, cv::Scalar(1), cv::FILLED);
  labels(cv::Rect(30, 5 + i, 12, 10)).setTo(2);
  labels(cv::Rect(44 - i, 30, 15, 12)).setTo(5);
  return labels;
}

// Flat colour quadrants: lossy codecs must reproduce them closely (colour pipeline check).
cv::Mat patchFrame(int i) {
  cv::Mat rgb(kH, kW, CV_8UC3);
  rgb(cv::Rect(0, 0, kW / 2, kH / 2)).setTo(cv::Scalar(200, 40 + i * 10, 30));
  rgb(cv::Rect(kW / 2, 0, kW / 2, kH / 2)).setTo(cv::Scalar(20, 180, 90));
  rgb(cv::Rect(0, kH / 2, kW / 2, kH / 2)).setTo(cv::Scalar(60, 70, 230 - i * 10));
  rgb(cv::Rect(kW / 2, kH / 2, kW / 2, kH / 2)).setTo(cv::Scalar(128, 128, 128));
  return rgb;
}

cv::Mat expectedMatte(const cv::Mat& labels, int instance) {
  return instance > 0 ? (labels == instance) : (labels > 0);  // 0/255
}

// ffprobe's description of the first video stream, or an empty object when absent.
QJsonObject probe(const std::string& path) {
  const QString ffprobe = QStandardPaths::findExecutable("ffprobe");
  if (ffprobe.isEmpty()) return {};
  QProcess p;
  p.start(ffprobe, {"-v", "error", "-count_frames", "-select_streams", "v:0", "-show_streams",
                    "-show_format", "-of", "json", QString::fromStdString(path)});
  p.waitForFinished(60000);
  const QJsonObject root = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
  QJsonObject stream = root["streams"].toArray().first().toObject();
  stream["format_tags"] = root["format"].toObject()["tags"];
  return stream;
}

// Limits the size of files this process writes while alive (RLIMIT_FSIZE), SIGXFSZ ignored:
// writes past the limit fail with EFBIG, as on a full disk.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    previous_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*previous_)(int) = nullptr;
};

}  // namespace

// Mean and largest absolute difference of two pictures, in 8-bit code values.
std::pair<double, double> difference8(const cv::Mat& a, const cv::Mat& b) {
  const double scale = a.depth() == CV_16U ? 1.0 / 257 : 1.0;
  return {cv::norm(a, b, cv::NORM_L1) * scale / static_cast<double>(a.total() * a.channels()),
          cv::norm(a, b, cv::NORM_INF) * scale};
}

// Smooth colour waves (no hard chroma edges, where chroma upsamplers legitimately differ).
cv::Mat smoothFrame(int i) {
  cv::Mat rgb(kH, kW, CV_8UC3);
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x)
      rgb.at<cv::Vec3b>(y, x) =
          cv::Vec3b(cv::saturate_cast<uint8_t>(128 + 90 * std::sin(x / 11.0 + i * 0.3)),
                    cv::saturate_cast<uint8_t>(120 + 80 * std::cos(y / 9.0 - i * 0.2)),
                    cv::saturate_cast<uint8_t>(110 + 70 * std::sin((x + y) / 14.0)));
  return rgb;
}

// FFV1 is lossless: the detailed synthetic picture; lossy ProRes: flat patches.
cv::Mat sourceFor(const QString& format, int i) {
  return format == "ffv1" ? rm::test::syntheticFrame(i, kW, kH) : patchFrame(i);
}

class MatteWritersTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { av_log_set_level(AV_LOG_ERROR); }
  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    root_ = dir_->path().toStdString();
  }

  void sequences_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("instance");
    QTest::addColumn<bool>("deepSource");
    QTest::newRow("png8 union") << "png8" << 0 << false;
    QTest::newRow("png8 instance 2") << "png8" << 2 << false;
    QTest::newRow("png16 instance 5") << "png16" << 5 << false;
    QTest::newRow("label") << "label" << 0 << false;
    QTest::newRow("label instance 5") << "label" << 5 << false;
    QTest::newRow("rgba 8-bit") << "rgba" << 0 << false;
    QTest::newRow("rgba 16-bit source") << "rgba" << 1 << true;
    QTest::newRow("exr") << "exr" << 0 << false;
  }

  void sequences() {
    QFETCH(QString, format);
    QFETCH(int, instance);
    QFETCH(bool, deepSource);
    if (format == "exr" && !rm::exrSupported()) QSKIP("built without OpenEXR");
    rm::MatteWriterOptions options;
    options.format = *rm::parseMatteFormat(format.toStdString());
    const std::string ext = format == "exr" ? ".exr" : ".png";
    options.outPath = (root_ / ("matte.%04d" + ext)).string();
    options.width = kW;
    options.height = kH;
    options.instance = instance;
    options.instances = {1, 2, 5};
    options.startNumber = 1001;
    auto writer = rm::createMatteWriter(options);
    QVERIFY2(writer.ok(), writer.ok() ? "" : writer.message().c_str());
    std::vector<cv::Mat> sources;
    for (int i = 0; i < kFrames; ++i) {
      cv::Mat rgb = rm::test::syntheticFrame(i, kW, kH);
      if (deepSource) rgb.convertTo(rgb, CV_16U, 251.0);  // not a multiple of 257
      sources.push_back(rgb);
      const rm::Status s = (*writer)->write({labelsFor(i), rgb});
      QVERIFY2(s.ok(), s.message().c_str());
    }
    QVERIFY((*writer)->finish().ok());
    QCOMPARE((*writer)->outputs().size(), size_t(kFrames));
    QCOMPARE(fs::path((*writer)->outputs().front()).filename().string(), "matte.1001" + ext);
    QCOMPARE(fs::path((*writer)->outputs().back()).filename().string(), "matte.1006" + ext);

    for (int i = 0; i < kFrames; ++i) {
      const std::string file = (*writer)->outputs()[static_cast<size_t>(i)];
      const cv::Mat labels = labelsFor(i);
      const cv::Mat matte = expectedMatte(labels, instance);
      if (format == "png8" || format == "png16") {
        const cv::Mat img = cv::imread(file, cv::IMREAD_UNCHANGED);
        QCOMPARE(img.channels(), 1);
        QCOMPARE(img.depth(), format == "png8" ? CV_8U : CV_16U);
        cv::Mat expected;
        matte.convertTo(expected, img.depth(), format == "png8" ? 1.0 : 257.0);
        QCOMPARE(cv::norm(img, expected, cv::NORM_INF), 0.0);
      } else if (format == "label") {
        auto back = rm::readLabelMap(file, cv::Size(kW, kH));
        QVERIFY(back.ok());
        cv::Mat expected = instance > 0 ? cv::Mat::zeros(labels.size(), CV_8UC1) : labels.clone();
        if (instance > 0) expected.setTo(instance, labels == instance);
        QCOMPARE(cv::norm(*back, expected, cv::NORM_INF), 0.0);
      } else if (format == "rgba") {
        const cv::Mat img = cv::imread(file, cv::IMREAD_UNCHANGED);
        QCOMPARE(img.channels(), 4);
        QCOMPARE(img.depth(), deepSource ? CV_16U : CV_8U);
        std::vector<cv::Mat> planes;
        cv::split(img, planes);  // B, G, R, A
        cv::Mat alpha;
        matte.convertTo(alpha, img.depth(), deepSource ? 257.0 : 1.0);
        QCOMPARE(cv::norm(planes[3], alpha, cv::NORM_INF), 0.0);
        std::vector<cv::Mat> src;
        cv::split(sources[static_cast<size_t>(i)], src);  // straight alpha: RGB untouched
        QCOMPARE(cv::norm(planes[2], src[0], cv::NORM_INF), 0.0);
        QCOMPARE(cv::norm(planes[0], src[2], cv::NORM_INF), 0.0);
      } else if (format == "exr") {
        auto names = rm::exrChannelNames(file);
        QVERIFY(names.ok());
        QCOMPARE(*names, (std::vector<std::string>{"obj1.A", "obj2.A", "obj5.A"}));
        for (int id : {1, 2, 5}) {
          auto layer = rm::readExrChannel(file, "obj" + std::to_string(id) + ".A");
          QVERIFY(layer.ok());
          cv::Mat expected;
          expectedMatte(labels, id).convertTo(expected, CV_32F, 1.0 / 255);
          QCOMPARE(cv::norm(*layer, expected, cv::NORM_INF), 0.0);
        }
      }
    }
    // Our own reader opens the written sequence frame-accurately.
    if (format != "exr") {
      auto seq = rm::openFrameSource(options.outPath);
      QVERIFY2(seq.ok(), seq.ok() ? "" : seq.message().c_str());
      QCOMPARE((*seq)->info().frameCount, int64_t(kFrames));
      QCOMPARE((*seq)->info().firstFrameNumber, int64_t(1001));
      QCOMPARE((*seq)->info().hasAlpha, format == "rgba");
      if (format == "rgba") {
        auto alpha = (*seq)->readAlpha16(3);
        QVERIFY(alpha.ok());
        cv::Mat expected;
        expectedMatte(labelsFor(3), instance).convertTo(expected, CV_16U, 257.0);
        QCOMPARE(cv::norm(*alpha, expected, cv::NORM_INF), 0.0);
      }
    }
    const QJsonObject s = probe((*writer)->outputs().front());
    if (!s.isEmpty()) {
      const QString codec = s["codec_name"].toString();
      QCOMPARE(codec, format == "exr" ? QString("exr") : QString("png"));
      if (format == "label") QCOMPARE(s["pix_fmt"].toString(), QString("pal8"));
      if (format == "png8") QCOMPARE(s["pix_fmt"].toString(), QString("gray"));
      if (format == "png16") QCOMPARE(s["pix_fmt"].toString(), QString("gray16be"));
    }
  }

  void movies_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("pixFmt");  // as ffprobe reports the decoded stream
    QTest::addColumn<bool>("withSource");
    QTest::newRow("prores4444") << "prores4444"
                                << "m.mov"
                                << "4444"
                                << "yuva444p12le" << true;
    QTest::newRow("prores4444 matte-only") << "prores4444"
                                           << "k.mov"
                                           << "4444"
                                           << "yuva444p12le" << false;
    QTest::newRow("prores4444xq") << "prores4444xq"
                                  << "x.mov"
                                  << "XQ"
                                  << "yuva444p12le" << true;
    QTest::newRow("prores422hq matte") << "prores422hq"
                                       << "h.mov"
                                       << "HQ"
                                       << "yuv422p10le" << false;
    QTest::newRow("ffv1 8-bit") << "ffv1"
                                << "f.mkv"
                                << ""
                                << "bgra" << true;
    QTest::newRow("ffv1 16-bit") << "ffv1"
                                 << "g.mkv"
                                 << ""
                                 << "gbrap16le" << true;
  }

  void movies() {
    QFETCH(QString, format);
    QFETCH(QString, file);
    QFETCH(QString, profile);
    QFETCH(QString, pixFmt);
    QFETCH(bool, withSource);
    rm::MatteWriterOptions options;
    options.format = *rm::parseMatteFormat(format.toStdString());
    options.outPath = (root_ / file.toStdString()).string();
    options.width = kW;
    options.height = kH;
    options.fps = {24000, 1001};
    options.timecode = "01:02:03:04";
    options.backgroundGrey = 128;
    const bool deep = pixFmt == "gbrap16le";
    options.sourceBitDepth = deep ? 16 : 8;
    auto deepSource = [&](int i) {
      cv::Mat wide;
      sourceFor(format, i).convertTo(wide, CV_16U, 251.0);  // not a multiple of 257
      return wide;
    };
    auto writer = rm::createMatteWriter(options);
    QVERIFY2(writer.ok(), writer.ok() ? "" : writer.message().c_str());
    QVERIFY(!fs::exists(options.outPath));  // nothing at the target until finish()
    for (int i = 0; i < kFrames; ++i) {
      const cv::Mat picture = !withSource ? cv::Mat() : deep ? deepSource(i) : sourceFor(format, i);
      const rm::Status s = (*writer)->write({labelsFor(i), picture});
      QVERIFY2(s.ok(), s.message().c_str());
    }
    QVERIFY((*writer)->finish().ok());
    QVERIFY(fs::exists(options.outPath));
    QCOMPARE(std::distance(fs::directory_iterator(root_), fs::directory_iterator()), 1);

    auto source = rm::openFrameSource(options.outPath);
    QVERIFY2(source.ok(), source.ok() ? "" : source.message().c_str());
    const rm::StreamInfo& info = (*source)->info();
    QCOMPARE(info.frameCount, int64_t(kFrames));
    QCOMPARE(info.fps.str(), std::string("24000/1001"));
    QCOMPARE(info.width, kW);
    QCOMPARE(info.height, kH);
    QCOMPARE(info.timecode, std::string("01:02:03:04"));  // carried by .mov and .mkv alike
    const bool alpha = format != "prores422hq";
    QCOMPARE(info.hasAlpha, alpha);
    for (int i = 0; i < kFrames; ++i) {
      const cv::Mat matte = expectedMatte(labelsFor(i), 0);
      auto rgb = (*source)->readRgb8(i);
      QVERIFY(rgb.ok());
      if (alpha) {
        auto a = (*source)->readAlpha16(i);
        QVERIFY(a.ok());
        cv::Mat expected16;
        matte.convertTo(expected16, CV_16U, 257.0);
        if (format == "ffv1") {  // lossless: identical alpha and RGB
          QCOMPARE(cv::norm(*a, expected16, cv::NORM_INF), 0.0);
          if (deep) {
            auto rgb16 = (*source)->readRgb16(i);
            QVERIFY(rgb16.ok());
            QCOMPARE(cv::norm(*rgb16, deepSource(i), cv::NORM_INF), 0.0);
          } else {
            QCOMPARE(cv::norm(*rgb, sourceFor(format, i), cv::NORM_INF), 0.0);
          }
        } else {  // within one 10-bit code value
          cv::Mat a10, e10;
          a->convertTo(a10, CV_32F, 1023.0 / 65535);
          expected16.convertTo(e10, CV_32F, 1023.0 / 65535);
          QVERIFY2(cv::norm(a10, e10, cv::NORM_INF) <= 1.0,
                   qPrintable(QString::number(cv::norm(a10, e10, cv::NORM_INF))));
          const cv::Mat expectedRgb =
              withSource ? sourceFor(format, i) : cv::Mat(kH, kW, CV_8UC3, cv::Scalar::all(128));
          const double meanError = cv::norm(*rgb, expectedRgb, cv::NORM_L1) /
                                   static_cast<double>(expectedRgb.total()) / 3;
          QVERIFY2(meanError < 1.0, qPrintable(QString::number(meanError)));
        }
      } else {  // grey picture of the matte
        cv::Mat grey;
        cv::extractChannel(*rgb, grey, 1);
        // Hard 0/255 edges ring slightly in the DCT; flat areas stay exact.
        QVERIFY2(cv::norm(grey, matte, cv::NORM_INF) <= 8.0,
                 qPrintable(QString::number(cv::norm(grey, matte, cv::NORM_INF))));
        QVERIFY(cv::norm(grey, matte, cv::NORM_L1) / static_cast<double>(matte.total()) < 0.5);
      }
    }
    const QJsonObject s = probe(options.outPath);
    if (s.isEmpty()) return;  // no ffprobe
    QCOMPARE(s["codec_name"].toString(), format == "ffv1" ? QString("ffv1") : QString("prores"));
    if (!profile.isEmpty()) QCOMPARE(s["profile"].toString(), profile);
    QCOMPARE(s["pix_fmt"].toString(), pixFmt);
    QCOMPARE(s["nb_read_frames"].toString(), QString::number(kFrames));
    QCOMPARE(s["r_frame_rate"].toString(), QString("24000/1001"));
    QCOMPARE(s["avg_frame_rate"].toString(), QString("24000/1001"));
    QCOMPARE(s["color_primaries"].toString(), QString("bt709"));
    QCOMPARE(s["color_transfer"].toString(), QString("bt709"));
    QCOMPARE(s["color_space"].toString(), format == "ffv1" ? QString("gbr") : QString("bt709"));
    if (format != "ffv1") {
      QCOMPARE(s["color_range"].toString(), QString("tv"));
      QCOMPARE(s["tags"].toObject()["timecode"].toString(), QString("01:02:03:04"));
    } else {  // Matroska keeps the timecode as a file tag
      QCOMPARE(s["format_tags"].toObject()["TIMECODE"].toString(), QString("01:02:03:04"));
    }
  }

  // ProRes 4444 straight from the decoded Y'CbCr source (one conversion) must look like
  // the RGB path's output: same colour tags, same alpha, pixels within rounding.
  void decodedPathMatchesRgbPath_data() {
    QTest::addColumn<QString>("encoder");
    QTest::addColumn<QString>("pixelFormat");
    QTest::addColumn<bool>("bt709");
    QTest::addColumn<bool>("fullRange");
    QTest::addColumn<bool>("direct");  // expected: the writer takes the decoded picture
    QTest::newRow("h264 bt709") << "libx264"
                                << "yuv420p" << true << false << true;
    QTest::newRow("h264 bt709 full range") << "libx264"
                                           << "yuv420p" << true << true << true;
    QTest::newRow("prores 10-bit 4:2:2 bt709") << "prores_ks"
                                               << "yuv422p10le" << true << false << true;
    QTest::newRow("h264 10-bit full range: RGB path") << "libx264"
                                                      << "yuv420p10le" << true << true << false;
    QTest::newRow("h264 bt601: RGB path") << "libx264"
                                          << "yuv420p" << false << false << false;
  }

  void decodedPathMatchesRgbPath() {
    QFETCH(QString, encoder);
    QFETCH(QString, pixelFormat);
    QFETCH(bool, bt709);
    QFETCH(bool, fullRange);
    QFETCH(bool, direct);
    rm::test::ClipSpec spec;
    spec.encoder = encoder.toStdString();
    spec.pixelFormat = pixelFormat.toStdString();
    spec.frames = kFrames;
    spec.width = kW;
    spec.height = kH;
    spec.bt709 = bt709;
    spec.fullRange = fullRange;
    spec.picture = smoothFrame;
    if (encoder == "libx264") spec.options["qp"] = "0";  // lossless: only 4:2:0 is lost
    const std::string clip = (root_ / (encoder == "prores_ks" ? "src.mov" : "src.mp4")).string();
    const rm::Status made = rm::test::makeClip(clip, spec);
    QVERIFY2(made.ok(), made.message().c_str());
    const fs::path masks = root_ / "masks";
    fs::create_directory(masks);
    std::vector<std::string> maskFiles;
    for (int i = 0; i < kFrames; ++i) {
      maskFiles.push_back((masks / (std::to_string(i) + ".png")).string());
      QVERIFY(rm::writeLabelMap(maskFiles.back(), labelsFor(i)).ok());
    }

    rm::MatteWriterOptions options;
    options.format = rm::MatteFormat::ProRes4444;
    options.width = kW;
    options.height = kH;
    options.instance = 2;
    // Export through the pipeline, which hands decoded pictures to a writer taking them.
    options.outPath = (root_ / "direct.mov").string();
    auto source = rm::openFrameSource(clip);
    QVERIFY2(source.ok(), source.ok() ? "" : source.message().c_str());
    {
      auto writer = rm::createMatteWriter(options);
      QVERIFY(writer.ok());
      auto decoded = (*source)->readDecoded(0);
      QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.message().c_str());
      QCOMPARE((*writer)->acceptsDecoded(**decoded), direct);
      rm::MatteExportJob job;
      job.source = source->get();
      job.frameCount = static_cast<int64_t>(maskFiles.size());
      job.masks = rm::labelMapFiles(maskFiles, cv::Size(kW, kH));
      job.needPicture = true;
      const rm::Status s = rm::exportMattes(job, **writer);
      QVERIFY2(s.ok(), s.message().c_str());
    }
    // The RGB path: the same source read as RGB at its depth.
    const std::string rgbPath = (root_ / "rgb.mov").string();
    options.outPath = rgbPath;
    {
      auto writer = rm::createMatteWriter(options);
      QVERIFY(writer.ok());
      for (int i = 0; i < kFrames; ++i) {
        auto rgb =
            (*source)->info().bitDepth > 8 ? (*source)->readRgb16(i) : (*source)->readRgb8(i);
        QVERIFY(rgb.ok());
        QVERIFY((*writer)->write({labelsFor(i), *rgb}).ok());
      }
      QVERIFY((*writer)->finish().ok());
    }

    auto a = rm::openFrameSource((root_ / "direct.mov").string());
    auto b = rm::openFrameSource(rgbPath);
    QVERIFY(a.ok() && b.ok());
    QCOMPARE((*a)->info().frameCount, int64_t(kFrames));
    QCOMPARE((*a)->info().pixelFormat, (*b)->info().pixelFormat);
    for (int i = 0; i < kFrames; ++i) {
      auto alphaA = (*a)->readAlpha16(i);
      auto alphaB = (*b)->readAlpha16(i);
      QVERIFY(alphaA.ok() && alphaB.ok());
      QCOMPARE(cv::norm(*alphaA, *alphaB, cv::NORM_INF), 0.0);
      cv::Mat expected16;
      expectedMatte(labelsFor(i), 2).convertTo(expected16, CV_16U, 257.0);
      QVERIFY(cv::norm(*alphaA, expected16, cv::NORM_INF) <= 65535.0 / 1023);  // 1 code
      // Against the picture the clip was made from: the direct path interpolates chroma
      // once (swscale's fast Y'CbCr->RGB display path upsamples it coarsely), so it is
      // at least as close as the RGB path, and both stay close to each other.
      auto rgbA = (*a)->readRgb16(i);
      auto rgbB = (*b)->readRgb16(i);
      QVERIFY(rgbA.ok() && rgbB.ok());
      cv::Mat truth;
      smoothFrame(i).convertTo(truth, CV_16U, 257.0);
      const auto [meanA, maxA] = difference8(*rgbA, truth);
      const auto [meanB, maxB] = difference8(*rgbB, truth);
      const auto [meanAB, maxAB] = difference8(*rgbA, *rgbB);
      const QString numbers = QString(
                                  "frame %1: direct mean %2 max %3, RGB path mean %4 max %5, "
                                  "direct vs RGB path mean %6 max %7")
                                  .arg(i)
                                  .arg(meanA)
                                  .arg(maxA)
                                  .arg(meanB)
                                  .arg(maxB)
                                  .arg(meanAB)
                                  .arg(maxAB);
      QVERIFY2(meanA <= meanB + 0.1, qPrintable(numbers));
      QVERIFY2(meanA < (direct ? 1.0 : 3.0), qPrintable(numbers));
      QVERIFY2(meanAB < 3.0 && maxAB < 16.0, qPrintable(numbers));
    }
    const QJsonObject pa = probe((root_ / "direct.mov").string());
    const QJsonObject pb = probe(rgbPath);
    for (const char* key : {"codec_name", "profile", "pix_fmt", "color_space", "color_range",
                            "color_primaries", "color_transfer"})
      QCOMPARE(pa[key].toString(), pb[key].toString());
  }

  // Cancel mid-export never leaves a partial file at a target path: movies leave
  // nothing at all, sequences only the complete frames written before the cancel.
  void cancelLeavesNoPartialFile_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("file");
    QTest::newRow("png8") << "png8"
                          << "c.%04d.png";
    QTest::newRow("png16") << "png16"
                           << "c.%04d.png";
    QTest::newRow("label") << "label"
                           << "c.%04d.png";
    QTest::newRow("rgba") << "rgba"
                          << "c.####.png";
    QTest::newRow("exr") << "exr"
                         << "c.%04d.exr";
    QTest::newRow("prores4444") << "prores4444"
                                << "c.mov";
    QTest::newRow("prores4444xq") << "prores4444xq"
                                  << "c.mov";
    QTest::newRow("prores422hq") << "prores422hq"
                                 << "c.mov";
    QTest::newRow("ffv1") << "ffv1"
                          << "c.mkv";
  }

  void cancelLeavesNoPartialFile() {
    QFETCH(QString, format);
    QFETCH(QString, file);
    if (format == "exr" && !rm::exrSupported()) QSKIP("built without OpenEXR");
    int written = 0;
    rm::MatteWriterOptions options;
    options.format = *rm::parseMatteFormat(format.toStdString());
    options.outPath = (root_ / file.toStdString()).string();
    options.width = kW;
    options.height = kH;
    options.cancelled = [&] { return written >= 3; };
    const bool sequence = rm::isSequenceFormat(options.format);
    auto frame = [&](int i) -> rm::MatteFrame {
      return {labelsFor(i), format == "rgba" ? rm::test::syntheticFrame(i, kW, kH) : cv::Mat()};
    };
    std::vector<std::string> outputs;
    {
      auto writer = rm::createMatteWriter(options);
      QVERIFY(writer.ok());
      for (; written < 3; ++written)
        QVERIFY((*writer)->write(frame(written)).ok());
      const rm::Status s = (*writer)->write(frame(3));
      QVERIFY(!s.ok());
      QVERIFY2(s.message().find("cancel") != std::string::npos, s.message().c_str());
      if (!sequence) QVERIFY(!(*writer)->finish().ok());
      outputs = (*writer)->outputs();
    }
    if (!sequence) {
      QVERIFY(!fs::exists(options.outPath));
      QCOMPARE(std::distance(fs::directory_iterator(root_), fs::directory_iterator()), 0);
      // A writer dropped without finish() (e.g. an exception upstream) cleans up too.
      options.cancelled = nullptr;
      {
        auto writer = rm::createMatteWriter(options);
        QVERIFY(writer.ok());
        QVERIFY((*writer)->write(frame(0)).ok());
      }
      QCOMPARE(std::distance(fs::directory_iterator(root_), fs::directory_iterator()), 0);
      return;
    }
    // Exactly the three finished frames, each complete; no temporary file, no frame 3.
    QCOMPARE(outputs.size(), size_t(3));
    QCOMPARE(std::distance(fs::directory_iterator(root_), fs::directory_iterator()), 3);
    QVERIFY(!fs::exists(*rm::sequenceFileName(options.outPath, 3)));
    for (int i = 0; i < 3; ++i) {
      const std::string path = *rm::sequenceFileName(options.outPath, i);
      QCOMPARE(outputs[static_cast<size_t>(i)], path);
      if (format == "exr") {
        auto layer = rm::readExrChannel(path, "obj1.A");
        QVERIFY2(layer.ok(), layer.ok() ? "" : layer.message().c_str());
      } else {
        const cv::Mat img = cv::imread(path, cv::IMREAD_UNCHANGED);
        QVERIFY2(!img.empty() && img.size() == cv::Size(kW, kH), path.c_str());
      }
    }
  }

  // A full disk (here: a file size limit, so writes fail with EFBIG): the error names the
  // frame and the system's reason, and no temporary file stays behind.
  void fullDiskSaysWhy_data() {
    QTest::addColumn<QString>("format");
    QTest::newRow("png8") << "png8";
    QTest::newRow("png16") << "png16";
    QTest::newRow("rgba") << "rgba";
    QTest::newRow("label") << "label";
  }

  void fullDiskSaysWhy() {
    QFETCH(QString, format);
    rm::MatteWriterOptions options;
    options.format = *rm::parseMatteFormat(format.toStdString());
    options.outPath = (root_ / "full.%04d.png").string();
    options.width = kW;
    options.height = kH;
    auto writer = rm::createMatteWriter(options);
    QVERIFY(writer.ok());
    const rm::MatteFrame frame(labelsFor(0), rm::test::syntheticFrame(0, kW, kH));
    rm::Status status;
    {
      const FileSizeLimit limit(64);  // bytes: every frame's file is larger
      status = (*writer)->write(frame);
    }
    QVERIFY(!status.ok());
    const std::string file = *rm::sequenceFileName(options.outPath, 0);
    QVERIFY2(status.message().find(file) != std::string::npos, status.message().c_str());
    QVERIFY2(status.message().find(std::strerror(EFBIG)) != std::string::npos,
             status.message().c_str());
    QCOMPARE(std::distance(fs::directory_iterator(root_), fs::directory_iterator()), 0);
    QVERIFY((*writer)->write(frame).ok());  // room again: the same writer goes on
  }

  void badOptionsAreClearErrors() {
    rm::MatteWriterOptions options;
    options.width = kW;
    options.height = kH;
    options.format = rm::MatteFormat::Png8;
    options.outPath = (root_ / "missing-folder" / "m.%04d.png").string();
    auto a = rm::createMatteWriter(options);
    QVERIFY(!a.ok());
    QVERIFY2(a.message().find("missing-folder") != std::string::npos, a.message().c_str());
    options.outPath = (root_ / "no-placeholder.png").string();
    auto b = rm::createMatteWriter(options);
    QVERIFY(!b.ok());
    QVERIFY2(b.message().find("no-placeholder.png") != std::string::npos, b.message().c_str());
    QVERIFY(!rm::parseMatteFormat("gif").ok());
    options.outPath = (root_ / "m.%04d.png").string();
    auto c = rm::createMatteWriter(options);
    QVERIFY(c.ok());
    const rm::Status wrongSize = (*c)->write({cv::Mat::zeros(10, 10, CV_8UC1), {}});
    QVERIFY(!wrongSize.ok());
    QVERIFY2(wrongSize.message().find("m.0000.png") != std::string::npos,
             wrongSize.message().c_str());
  }

 private:
  std::unique_ptr<QTemporaryDir> dir_;
  fs::path root_;
};

QTEST_GUILESS_MAIN(MatteWritersTest)
#include "tst_matte_writers.moc"
