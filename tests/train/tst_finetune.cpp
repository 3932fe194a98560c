// Per-shot fine-tuning: stays within its time budget, writes an adapted copy (never touches
// the input model), and rejects bad keyframes with messages naming the clip.
#include <ATen/Parallel.h>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>

#include "TinyModel.h"
#include "engine/media/FrameSource.h"
#include "engine/train/Finetune.h"

namespace fs = std::filesystem;

namespace {
std::string fileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}
}  // namespace

class FinetuneTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { at::set_num_threads(1); }

  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    model_ = path("init.pt");
    testing::saveTinyModel(model_);
    // The tiny clip as a PNG sequence, opened through the media layer like a real shot.
    const auto seq = testing::tinySequence(6, 96, 64, 4);
    fs::create_directories(path("shot"));
    for (size_t i = 0; i < seq.frames.size(); ++i) {
      cv::Mat bgr;
      cv::cvtColor(seq.frames[i], bgr, cv::COLOR_RGB2BGR);
      char name[32];
      std::snprintf(name, sizeof name, "shot/f.%04zu.png", i);
      QVERIFY(cv::imwrite(path(name), bgr));
    }
    auto source = rm::openFrameSource(path("shot"));
    QVERIFY2(source.ok(), source.ok() ? "" : source.message().c_str());
    source_ = std::move(*source);
    keyframes_.clear();
    keyframes_[0] = seq.masks[0].clone();
    options_ = rm::train::FinetuneOptions{};
    options_.device = "cpu";
    options_.size = {64, 48};
    options_.learningRate = 1e-3;
    options_.freezeFraction = 0;
  }

  void respectsTimeBudget_data() {
    QTest::addColumn<double>("budget");
    QTest::newRow("0.5 s") << 0.5;
    QTest::newRow("1.5 s") << 1.5;
  }

  void respectsTimeBudget() {
    QFETCH(double, budget);
    options_.seconds = budget;
    const std::string before = fileBytes(model_);
    auto report =
        rm::train::finetuneOnKeyframes(model_, *source_, keyframes_, path("tuned.pt"), options_);
    QVERIFY2(report.ok(), report.ok() ? "" : report.message().c_str());
    QVERIFY(report->iterations > 0);
    // The run may only finish the iteration in flight when the budget runs out.
    QVERIFY2(report->seconds <= budget + report->lastIterationSeconds + 0.05,
             qPrintable(QStringLiteral("%1 s for a %2 s budget (last iteration %3 s)")
                            .arg(report->seconds)
                            .arg(budget)
                            .arg(report->lastIterationSeconds)));
    QVERIFY(report->seconds >= budget);
    // The held-out check ran, and its verdict follows its numbers.
    QVERIFY(report->checkLossBefore > 0);
    QVERIFY(report->checkLossAfter > 0);
    QCOMPARE(report->improved, report->checkLossAfter < report->checkLossBefore);
    QVERIFY(fs::exists(path("tuned.pt")));
    QCOMPARE(fileBytes(model_), before);  // the input model is never modified
    QVERIFY(fileBytes(path("tuned.pt")) != before);
    QVERIFY(!fs::exists(path("tuned.pt.ckpt")));  // no checkpoint litter for a shot
  }

  void cancelLeavesNoModel() {
    options_.seconds = 30;
    int calls = 0;
    auto report = rm::train::finetuneOnKeyframes(model_, *source_, keyframes_, path("tuned.pt"),
                                                 options_, {}, [&] { return ++calls > 2; });
    QVERIFY(!report.ok());
    QVERIFY2(QString::fromStdString(report.message()).contains("cancelled"),
             report.message().c_str());
    QVERIFY(!fs::exists(path("tuned.pt")));
  }

  void badKeyframes_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none") << 0 << "at least one keyframe";
    QTest::newRow("empty mask") << 1 << "empty mask";
    QTest::newRow("wrong size") << 2 << "does not match the frame size";
    QTest::newRow("frame out of range") << 3 << "shot";
  }

  void badKeyframes() {
    QFETCH(int, kind);
    QFETCH(QString, expected);
    std::map<int64_t, cv::Mat> keys;
    if (kind == 1) keys[0] = cv::Mat::zeros(64, 96, CV_8UC1);
    if (kind == 2) keys[0] = cv::Mat::ones(32, 32, CV_8UC1);
    if (kind == 3) keys[99] = keyframes_[0];
    options_.seconds = 1;
    auto report =
        rm::train::finetuneOnKeyframes(model_, *source_, keys, path("tuned.pt"), options_);
    QVERIFY(!report.ok());
    QVERIFY2(QString::fromStdString(report.message()).contains(expected), report.message().c_str());
    QVERIFY(!fs::exists(path("tuned.pt")));
  }

 private:
  std::string path(const std::string& name) const {
    return (fs::path(dir_->path().toStdString()) / name).string();
  }
  std::unique_ptr<QTemporaryDir> dir_;
  std::string model_;
  std::unique_ptr<rm::FrameSource> source_;
  std::map<int64_t, cv::Mat> keyframes_;
  rm::train::FinetuneOptions options_;
};

QTEST_GUILESS_MAIN(FinetuneTest)
#include "tst_finetune.moc"
