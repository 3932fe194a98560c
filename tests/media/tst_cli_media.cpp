// The `info` and `export` contract of rotomatch-cli: JSON keys, exit codes, errors
// naming the file, every export format producing readable output.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <filesystem>
#include <fstream>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "ClipMaker.h"
#include "engine/media/ExrIO.h"
#include "engine/media/FrameSource.h"
#include "engine/media/LibavPtr.h"
#include "engine/media/MaskIO.h"

namespace fs = std::filesystem;

namespace {

struct Run {
  int exitCode = -1;
  QString out, err;
};

QString cliPath() {
  QString bin = qEnvironmentVariable("ROTOMATCH_BIN_DIR");
  if (bin.isEmpty()) bin = QStringLiteral(ROTOMATCH_BINARY_DIR "/bin");
  return bin + "/rotomatch-cli";
}

Run cli(const QStringList& args) {
  QProcess p;
  p.start(cliPath(), args);
  p.waitForFinished(120000);
  Run r;
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  r.err = QString::fromUtf8(p.readAllStandardError());
  return r;
}

constexpr int kW = 64, kH = 48, kFrames = 8;

cv::Mat labelsFor(int i) {
  cv::Mat labels = cv::Mat::zeros(kH, kW, CV_8UC1);
  labels(cv::Rect(4 + i, 10, 16, 16)).setTo(1);
  labels(cv::Rect(36, 20 - i, 12, 12)).setTo(3);
  return labels;
}

}  // namespace

class CliMediaTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    av_log_set_level(AV_LOG_ERROR);
    dir_ = std::make_unique<QTemporaryDir>();
    root_ = dir_->path().toStdString();
    rm::test::ClipSpec spec;
    spec.frames = kFrames;
    spec.fpsNum = 30000;
    spec.fpsDen = 1001;
    spec.timecode = "10:00:00:00";
    clip_ = (root_ / "clip.mov").string();
    QVERIFY(rm::test::makeClip(clip_, spec).ok());
    masks_ = root_ / "masks";
    fs::create_directory(masks_);
    for (int i = 0; i < kFrames; ++i) {
      char name[32];
      std::snprintf(name, sizeof(name), "%05d.png", i);
      QVERIFY(rm::writeLabelMap((masks_ / name).string(), labelsFor(i)).ok());
    }
  }

  void infoJsonHasTheContractKeys() {
    const Run r = cli({"info", QString::fromStdString(clip_), "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o["width"].toInt(), kW);
    QCOMPARE(o["height"].toInt(), kH);
    QCOMPARE(o["frames"].toInt(), kFrames);
    QCOMPARE(o["fps"].toString(), QString("30000/1001"));
    QCOMPARE(o["pixel_format"].toString(), QString("yuv420p"));
    QCOMPARE(o["bit_depth"].toInt(), 8);
    QCOMPARE(o["rotation"].toInt(), 0);
    const Run text = cli({"info", QString::fromStdString(clip_)});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains("frames: 8"));
  }

  void usageErrors() {
    QCOMPARE(cli({"info"}).exitCode, 2);
    QCOMPARE(cli({"info", QString::fromStdString(clip_), "--bogus", "1"}).exitCode, 2);
  }

  // Every kind of bad source gives exit code 1 and an error naming the file, from
  // `info` and from `export` (which then writes nothing); none crashes or hangs.
  void badSources_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("named");  // what the error must name
    QTest::newRow("missing file") << "missing"
                                  << "nope.mp4";
    QTest::newRow("empty file") << "empty"
                                << "empty.mp4";
    QTest::newRow("truncated movie") << "truncated"
                                     << "truncated.mp4";
    QTest::newRow("audio only") << "audio"
                                << "audio.wav";
    QTest::newRow("text named .mp4") << "text"
                                     << "notes.mp4";
    QTest::newRow("sequence with a gap") << "gap"
                                         << "shot.0003.png";
  }

  void badSources() {
    QFETCH(QString, kind);
    QFETCH(QString, named);
    const fs::path dir = root_ / ("bad-" + kind.toStdString());
    fs::create_directories(dir);
    std::string source = (dir / named.toStdString()).string();
    if (kind == "empty") {
      std::ofstream(source).flush();
    } else if (kind == "truncated") {
      const fs::path whole = dir / "whole.mp4";
      rm::test::ClipSpec spec;
      spec.frames = kFrames;
      QVERIFY(rm::test::makeClip(whole.string(), spec).ok());
      fs::copy_file(whole, source);
      fs::resize_file(source, fs::file_size(whole) / 2);
    } else if (kind == "audio") {
      QVERIFY(rm::test::makeAudioOnly(source).ok());
    } else if (kind == "text") {
      std::ofstream(source) << "not a movie";
    } else if (kind == "gap") {
      for (int n : {1, 2, 4, 5, 6, 7, 8, 9}) {
        char name[32];
        std::snprintf(name, sizeof(name), "shot.%04d.png", n);
        QVERIFY(cv::imwrite((dir / name).string(), rm::test::syntheticFrame(n, kW, kH)));
      }
      source = (dir / "shot.%04d.png").string();
    }
    const Run info = cli({"info", QString::fromStdString(source), "--json"});
    QCOMPARE(info.exitCode, 1);
    QVERIFY2(info.err.contains(named), qPrintable(info.err));
    QVERIFY(info.out.isEmpty());  // no half-filled JSON for scripts to trip over
    const fs::path out = root_ / ("bad-out-" + kind.toStdString());
    fs::create_directories(out);
    const Run exported = cli({"export", "--source", QString::fromStdString(source), "--masks",
                              QString::fromStdString(masks_.string()), "--format", "prores4444",
                              "--out", QString::fromStdString((out / "o.mov").string())});
    QCOMPARE(exported.exitCode, 1);
    QVERIFY2(exported.err.contains(named), qPrintable(exported.err));
    QCOMPARE(std::distance(fs::directory_iterator(out), fs::directory_iterator()), 0);
  }

  void exportsEveryFormat_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("out");
    QTest::addColumn<int>("instance");
    QTest::newRow("png8") << "png8"
                          << "png8/m.%04d.png" << 0;
    QTest::newRow("png16 instance 3") << "png16"
                                      << "png16/m.####.png" << 3;
    QTest::newRow("label") << "label"
                           << "label/m.%04d.png" << 0;
    QTest::newRow("rgba") << "rgba"
                          << "rgba/m.%04d.png" << 1;
    QTest::newRow("exr") << "exr"
                         << "exr/m.%04d.exr" << 0;
    QTest::newRow("prores4444") << "prores4444"
                                << "m.mov" << 0;
    QTest::newRow("ffv1") << "ffv1"
                          << "m.mkv" << 3;
  }

  void exportsEveryFormat() {
    QFETCH(QString, format);
    QFETCH(QString, out);
    QFETCH(int, instance);
    if (format == "exr" && !rm::exrSupported()) QSKIP("built without OpenEXR");
    const fs::path target = root_ / "out" / out.toStdString();
    fs::create_directories(target.parent_path());
    QStringList args = {"export",
                        "--source",
                        QString::fromStdString(clip_),
                        "--masks",
                        QString::fromStdString(masks_.string()),
                        "--format",
                        format,
                        "--out",
                        QString::fromStdString(target.string()),
                        "--start-number",
                        "101"};
    if (instance > 0) args << "--instance" << QString::number(instance);
    const Run r = cli(args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(QString("%1/%1").arg(kFrames)), qPrintable(r.err));  // progress

    if (format == "prores4444" || format == "ffv1") {
      auto movie = rm::openFrameSource(target.string());
      QVERIFY2(movie.ok(), movie.ok() ? "" : movie.message().c_str());
      QCOMPARE((*movie)->info().frameCount, int64_t(kFrames));
      QCOMPARE((*movie)->info().fps.str(), std::string("30000/1001"));
      QCOMPARE((*movie)->info().timecode, std::string("10:00:00:00"));  // carried from the source
      for (int i : {0, kFrames - 1}) {
        auto alpha = (*movie)->readAlpha16(i);
        QVERIFY(alpha.ok());
        cv::Mat expected;
        const cv::Mat matte = instance > 0 ? labelsFor(i) == instance : labelsFor(i) > 0;
        matte.convertTo(expected, CV_16U, 257);
        QVERIFY(cv::norm(*alpha, expected, cv::NORM_INF) <= 64);  // one 10-bit code
      }
      return;
    }
    const fs::path dir = target.parent_path();
    const std::string ext = format == "exr" ? ".exr" : ".png";
    QVERIFY(fs::exists(dir / ("m.0101" + ext)));
    QVERIFY(fs::exists(dir / ("m.0108" + ext)));
    QVERIFY(!fs::exists(dir / ("m.0109" + ext)));
    const cv::Mat labels = labelsFor(7);
    const std::string last = (dir / ("m.0108" + ext)).string();
    if (format == "label") {
      auto back = rm::readLabelMap(last);
      QVERIFY(back.ok());
      QCOMPARE(cv::norm(*back, labels, cv::NORM_INF), 0.0);
    } else if (format == "exr") {
      auto names = rm::exrChannelNames(last);
      QVERIFY(names.ok());
      QCOMPARE(*names, (std::vector<std::string>{"obj1.A", "obj3.A"}));
    } else {
      const cv::Mat img = cv::imread(last, cv::IMREAD_UNCHANGED);
      cv::Mat matte;
      if (img.channels() == 4)
        cv::extractChannel(img, matte, 3);
      else
        matte = img;
      cv::Mat expected;
      cv::Mat(instance > 0 ? labels == instance : labels > 0)
          .convertTo(expected, matte.depth(), matte.depth() == CV_16U ? 257 : 1);
      QCOMPARE(cv::norm(matte, expected, cv::NORM_INF), 0.0);
    }
  }

  // --range IN-OUT exports only those frames, from the masks of a whole-clip folder, numbered
  // after the source (a movie counts from 0, so frame 2 is file 0002) and with the source's
  // pictures of those frames.
  void exportsARange() {
    const fs::path dir = root_ / "range";
    fs::create_directories(dir);
    const Run labels =
        cli({"export", "--source", QString::fromStdString(clip_), "--masks",
             QString::fromStdString(masks_.string()), "--format", "label", "--out",
             QString::fromStdString((dir / "m.%04d.png").string()), "--range", "2-5"});
    QVERIFY2(labels.exitCode == 0, qPrintable(labels.err));
    for (int i = 0; i < kFrames; ++i) {
      const fs::path file = dir / QString("m.%1.png").arg(i, 4, 10, QChar('0')).toStdString();
      QCOMPARE(fs::exists(file), i >= 2 && i <= 5);
      if (i == 2) {
        auto back = rm::readLabelMap(file.string());
        QVERIFY(back.ok());
        QCOMPARE(cv::norm(*back, labelsFor(2), cv::NORM_INF), 0.0);
      }
    }
    const std::string movie = (dir / "m.mkv").string();
    const Run ffv1 = cli({"export", "--source", QString::fromStdString(clip_), "--masks",
                          QString::fromStdString(masks_.string()), "--format", "ffv1", "--out",
                          QString::fromStdString(movie), "--range", "2-5"});
    QVERIFY2(ffv1.exitCode == 0, qPrintable(ffv1.err));
    auto source = rm::openFrameSource(movie);
    QVERIFY(source.ok());
    QCOMPARE((*source)->info().frameCount, int64_t(4));
    auto first = (*source)->readRgb8(0);
    QVERIFY(first.ok());
    QCOMPARE(rm::test::frameIdOf(*first), 2);

    const Run outside =
        cli({"export", "--source", QString::fromStdString(clip_), "--masks",
             QString::fromStdString(masks_.string()), "--format", "label", "--out",
             QString::fromStdString((dir / "x.%04d.png").string()), "--range", "5-8"});
    QCOMPARE(outside.exitCode, 1);
    QVERIFY2(outside.err.contains("has 8 frames"), qPrintable(outside.err));
  }

  // Ctrl-C during a movie export: exit 1, a message naming the target, and no file
  // (not even a temporary one) left behind.
  void interruptLeavesNoMovie() {
    constexpr int kLongFrames = 150, kLongW = 320, kLongH = 240;
    const fs::path dir = root_ / "interrupt";
    const fs::path masks = dir / "masks";
    const fs::path out = dir / "out";
    fs::create_directories(masks);
    fs::create_directories(out);
    rm::test::ClipSpec spec;
    spec.frames = kLongFrames;
    spec.width = kLongW;
    spec.height = kLongH;
    const std::string clip = (dir / "long.mp4").string();
    QVERIFY(rm::test::makeClip(clip, spec).ok());
    for (int i = 0; i < kLongFrames; ++i) {
      char name[32];
      std::snprintf(name, sizeof(name), "%05d.png", i);
      cv::Mat labels = cv::Mat::zeros(kLongH, kLongW, CV_8UC1);
      cv::circle(labels, {40 + i, 120}, 50, cv::Scalar(1), cv::FILLED);
      QVERIFY(rm::writeLabelMap((masks / name).string(), labels).ok());
    }
    const QString target = QString::fromStdString((out / "long.mov").string());
    QProcess p;
    p.start(cliPath(),
            {"export", "--source", QString::fromStdString(clip), "--masks",
             QString::fromStdString(masks.string()), "--format", "prores4444", "--out", target});
    QVERIFY(p.waitForStarted());
    QByteArray err;
    while (!err.contains("export: ") && p.state() == QProcess::Running) {
      p.waitForReadyRead(1000);
      err += p.readAllStandardError();
    }
    QVERIFY2(err.contains("export: "), err.constData());  // the first progress line: mid-export
    ::kill(static_cast<pid_t>(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(60000));
    err += p.readAllStandardError();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 1);
    QVERIFY2(err.contains("interrupted") && err.contains("long.mov"), err.constData());
    QCOMPARE(std::distance(fs::directory_iterator(out), fs::directory_iterator()), 0);
  }

  void exportErrors_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("named");
    QTest::newRow("missing source") << "source" << 1 << "absent.mov";
    QTest::newRow("missing masks folder") << "masks" << 1 << "no-masks";
    QTest::newRow("mismatched mask size") << "size" << 1 << "00003.png";
    QTest::newRow("mask count differs") << "count" << 1 << "few";
    QTest::newRow("unknown format") << "format" << 2 << "gif";
    QTest::newRow("missing option") << "usage" << 2 << "--out";
    QTest::newRow("output folder missing") << "outdir" << 1 << "nowhere";
  }

  void exportErrors() {
    QFETCH(QString, kind);
    QFETCH(int, exitCode);
    QFETCH(QString, named);
    QString source = QString::fromStdString(clip_);
    QString masks = QString::fromStdString(masks_.string());
    QString format = "prores4444";
    const fs::path out = root_ / "err" / kind.toStdString();
    fs::create_directories(out);
    QString outPath = QString::fromStdString((out / "o.mov").string());
    if (kind == "source") source = QString::fromStdString((root_ / "absent.mov").string());
    if (kind == "masks") masks = QString::fromStdString((root_ / "no-masks").string());
    if (kind == "format") format = "gif";
    if (kind == "outdir") outPath = QString::fromStdString((out / "nowhere" / "o.mov").string());
    if (kind == "size" || kind == "count") {
      const fs::path copy = out / (kind == "size" ? "sized" : "few");
      fs::create_directory(copy);
      for (int i = 0; i < (kind == "count" ? kFrames - 1 : kFrames); ++i) {
        char name[32];
        std::snprintf(name, sizeof(name), "%05d.png", i);
        const cv::Mat labels =
            i == 3 && kind == "size" ? cv::Mat::zeros(10, 10, CV_8UC1) : labelsFor(i);
        QVERIFY(rm::writeLabelMap((copy / name).string(), labels).ok());
      }
      masks = QString::fromStdString(copy.string());
    }
    QStringList args = {"export", "--source", source, "--masks", masks, "--format", format};
    if (kind != "usage") args << "--out" << outPath;
    const Run r = cli(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(named), qPrintable(r.err));
    // Nothing written: no movie, no temporary file.
    QCOMPARE(std::distance(fs::directory_iterator(out), fs::directory_iterator()),
             std::ptrdiff_t(kind == "size" || kind == "count" ? 1 : 0));
  }

 private:
  std::unique_ptr<QTemporaryDir> dir_;
  fs::path root_, masks_;
  std::string clip_;
};

QTEST_GUILESS_MAIN(CliMediaTest)
#include "tst_cli_media.moc"
