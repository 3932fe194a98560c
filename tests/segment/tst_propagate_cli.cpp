// `rotomatch-cli propagate` as a black box on a small generated image folder (colour
// features, no model needed): one label map per frame named like the input, keyframes
// unchanged, and bad input (mask of the wrong size, empty mask, frame index out of range,
// missing or corrupt model, a gap in the numbering) fails with exit code 1 and a message
// naming the file at fault, without crashing.
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/media/MaskIO.h"
#include "tests/CliProcess.h"
#include "tests/segment/SyntheticClip.h"

namespace {

using Run = rm::test::CliRun;

Run propagate(const QStringList& args) {
  return rm::test::runCli(QStringList{QStringLiteral("propagate")} + args);
}

QString frameFile(const QString& dir, int index, const char* ext) {
  return dir + QStringLiteral("/%1.%2").arg(index, 5, 10, QChar('0')).arg(QLatin1String(ext));
}

}  // namespace

class PropagateCliTest : public QObject {
  Q_OBJECT
 private slots:
  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    frames_ = dir_->filePath(QStringLiteral("frames"));
    QVERIFY(QDir().mkpath(frames_));
    clip_ = rm::test::makeClip(6);
    for (int t = 0; t < 6; ++t) {
      cv::Mat bgr;
      cv::cvtColor(clip_.frames[size_t(t)], bgr, cv::COLOR_RGB2BGR);
      QVERIFY(cv::imwrite(frameFile(frames_, t, "png").toStdString(), bgr));
    }
    mask_ = dir_->filePath(QStringLiteral("mask0.png"));
    QVERIFY(cv::imwrite(mask_.toStdString(), clip_.labels[0] * 255));
    out_ = dir_->filePath(QStringLiteral("out"));
  }

  void writesOneLabelMapPerFrame() {
    const Run r = propagate({"--input", frames_, "--mask", "0=" + mask_, "--out", out_, "--model",
                             "colour", "--threads", "1"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (int t = 0; t < 6; ++t) {
      // Palette PNGs: read the indices (OpenCV would expand them to colours).
      auto labels = rm::readLabelMap(frameFile(out_, t, "png").toStdString());
      QVERIFY2(labels.ok(), labels.ok() ? "" : labels.message().c_str());
      QCOMPARE(labels->size(), clip_.labels[0].size());
      if (t == 0)  // the keyframe is written unchanged
        QCOMPARE(cv::norm(*labels, clip_.labels[0], cv::NORM_INF), 0.0);
    }
  }

  void badInputNamesTheFile_data() {
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("culprit");   // file the message must name
    QTest::addColumn<QString>("expected");  // and what it must say
    QTest::newRow("mask of the wrong size") << "wrong-size"
                                            << "mask-small.png"
                                            << "";
    QTest::newRow("empty mask") << "empty"
                                << "mask-empty.png"
                                << "empty";
    QTest::newRow("frame index out of range") << "out-of-range"
                                              << "mask0.png"
                                              << "out of range";
    QTest::newRow("negative frame index") << "negative"
                                          << "mask0.png"
                                          << "out of range";
    QTest::newRow("missing mask file") << "missing-mask"
                                       << "no-such-mask.png"
                                       << "";
    QTest::newRow("corrupt mask file") << "corrupt-mask"
                                       << "corrupt-mask.png"
                                       << "";
    QTest::newRow("missing model file") << "missing-model"
                                        << "no-such-model.pt"
                                        << "";
    QTest::newRow("corrupt model file") << "corrupt-model"
                                        << "corrupt.pt"
                                        << "";
    QTest::newRow("gap in the numbering") << "gap"
                                          << "00002"
                                          << "";
  }
  void badInputNamesTheFile() {
    QFETCH(QString, scenario);
    QFETCH(QString, culprit);
    QFETCH(QString, expected);
    QString mask = "0=" + mask_;
    QString model = QStringLiteral("colour");
    if (scenario == "wrong-size") {
      const QString small = dir_->filePath(culprit);
      QVERIFY(cv::imwrite(small.toStdString(), cv::Mat(20, 30, CV_8UC1, cv::Scalar(255))));
      mask = "0=" + small;
    } else if (scenario == "empty") {
      const QString empty = dir_->filePath(culprit);
      QVERIFY(cv::imwrite(empty.toStdString(), cv::Mat::zeros(clip_.labels[0].size(), CV_8UC1)));
      mask = "0=" + empty;
    } else if (scenario == "out-of-range") {
      mask = "6=" + mask_;
    } else if (scenario == "negative") {
      mask = "-1=" + mask_;
    } else if (scenario == "missing-mask") {
      mask = "0=" + dir_->filePath(culprit);
    } else if (scenario == "corrupt-mask") {
      QFile f(dir_->filePath(culprit));
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("\x89PNG\r\n\x1a\n truncated");
      mask = "0=" + f.fileName();
    } else if (scenario == "missing-model") {
      model = dir_->filePath(culprit);
    } else if (scenario == "corrupt-model") {
      model = dir_->filePath(culprit);
      QFile f(model);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("PK\x03\x04 this is not a TorchScript archive");
    } else if (scenario == "gap") {
      QVERIFY(QFile::remove(frameFile(frames_, 2, "png")));
    }
    const Run r = propagate(
        {"--input", frames_, "--mask", mask, "--out", out_, "--model", model, "--threads", "1"});
    QVERIFY2(r.exitCode == 1, qPrintable(QString("exit %1: %2").arg(r.exitCode).arg(r.err)));
    QVERIFY2(r.err.contains(culprit), qPrintable(r.err));
    if (!expected.isEmpty()) QVERIFY2(r.err.contains(expected), qPrintable(r.err));
    // No partial output for a run that failed before propagating.
    QVERIFY(!QFile::exists(frameFile(out_, 1, "png")));
  }

  // --range IN-OUT limits the output to those frames, named after the source's frames.
  void rangeWritesOnlyItsFrames() {
    const QString mask1 = dir_->filePath(QStringLiteral("mask1.png"));
    QVERIFY(cv::imwrite(mask1.toStdString(), clip_.labels[1] * 255));
    const Run r = propagate({"--input", frames_, "--mask", "1=" + mask1, "--out", out_, "--range",
                             "1-4", "--model", "colour", "--threads", "1"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (int t = 0; t < 6; ++t)
      QVERIFY2(QFile::exists(frameFile(out_, t, "png")) == (t >= 1 && t <= 4),
               qPrintable(QString("frame %1").arg(t)));
  }

  void badRangeIsRefused_data() {
    QTest::addColumn<QString>("range");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected");
    QTest::newRow("keyframe outside") << "2-4" << 1 << "keyframe 0 is outside the range 2-4";
    QTest::newRow("past the clip") << "0-6" << 1 << "has 6 frames";
    QTest::newRow("in after out") << "4-2" << 2 << "IN is after OUT";
    QTest::newRow("not a range") << "3" << 2 << "expects IN-OUT";
  }
  void badRangeIsRefused() {
    QFETCH(QString, range);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);
    const Run r = propagate({"--input", frames_, "--mask", "0=" + mask_, "--out", out_, "--range",
                             range, "--model", "colour", "--threads", "1"});
    QVERIFY2(r.exitCode == exitCode, qPrintable(QString("exit %1: %2").arg(r.exitCode).arg(r.err)));
    QVERIFY2(r.err.contains(expected), qPrintable(r.err));
    QVERIFY(!QDir(out_).exists());
  }

  // --finetune-set is checked before anything is loaded: a typo is a usage error naming
  // the setting, not a silently ignored knob after minutes of fine-tuning.
  void badFinetuneSettingIsAUsageError_data() {
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown key") << "lerning=1"
                                 << "unknown setting 'lerning'";
    QTest::newRow("no value") << "lr"
                              << "key=value";
    QTest::newRow("lr not a number") << "lr=fast"
                                     << "lr=fast";
    QTest::newRow("colour weight not a number") << "color=red"
                                                << "color=red";
    QTest::newRow("class balance above 1") << "balance=2"
                                           << "balance=2";
    QTest::newRow("size without x") << "size=576"
                                    << "WxH";
    QTest::newRow("size too small") << "size=16x16"
                                    << "WxH";
    QTest::newRow("legs zero") << "legs=4,0"
                               << "legs";
    QTest::newRow("return model") << "return=best"
                                  << "original or tuned";
    QTest::newRow("negative guess count") << "guesses=-2"
                                          << "must not be negative";
    QTest::newRow("weight blend above 1") << "wise=1.5"
                                          << "wise=1.5";
    QTest::newRow("guess share above 1") << "guess-share=1.5"
                                         << "guess-share=1.5";
    QTest::newRow("accept mode") << "accept=maybe"
                                 << "judge, always or never";
  }

  void badFinetuneSettingIsAUsageError() {
    QFETCH(QString, setting);
    QFETCH(QString, expected);
    const Run r = propagate({"--input", frames_, "--mask", "0=" + mask_, "--out", out_,
                             "--finetune", "5", "--finetune-set", setting});
    QVERIFY2(r.exitCode == 2, qPrintable(QString("exit %1: %2").arg(r.exitCode).arg(r.err)));
    QVERIFY2(r.err.contains(expected), qPrintable(r.err));
    QVERIFY(!QFile::exists(frameFile(out_, 1, "png")));
  }

 private:
  std::unique_ptr<QTemporaryDir> dir_;
  QString frames_, mask_, out_;
  rm::test::Clip clip_;
};

QTEST_GUILESS_MAIN(PropagateCliTest)
#include "tst_propagate_cli.moc"
