// Fine-tuning from the GUI bridge with a tiny TorchScript model on a tiny generated clip:
// the outcome (tuned copy kept or original kept, with both cycle IoUs) is reported and
// matches the file left behind, cancel finishes promptly without a tuned file, and bad
// requests are refused with clear messages before any thread starts.
// LibTorch has members named slots(): its headers come before any Qt header defines the
// keyword (the bridge headers use Qt's keywords, so QT_NO_KEYWORDS is not an option here).

#include "TinyModel.h"
#include "engine/Engine.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "ui/model/DocumentLoader.h"
#include "ui/model/FinetuneController.h"

using namespace rm::bridge;
namespace fs = std::filesystem;

class FinetuneControllerTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    rm::setComputeThreads(1);
    qRegisterMetaType<FinetuneProgress>();
    qRegisterMetaType<FinetuneOutcome>();
  }

  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    model_ = dir_->filePath(QStringLiteral("tiny.pt"));
    testing::saveTinyModel(model_.toStdString());
    // The tiny clip as a PNG sequence, opened through the media layer like a real shot.
    const auto seq = testing::tinySequence(8, 96, 64, 4);
    const QString shot = dir_->filePath(QStringLiteral("shot"));
    fs::create_directories(shot.toStdString());
    for (size_t i = 0; i < seq.frames.size(); ++i) {
      cv::Mat bgr;
      cv::cvtColor(seq.frames[i], bgr, cv::COLOR_RGB2BGR);
      QVERIFY(cv::imwrite(
          QStringLiteral("%1/f.%2.png").arg(shot).arg(i, 4, 10, QLatin1Char('0')).toStdString(),
          bgr));
    }
    doc_ = std::make_unique<Document>();
    doc_->reset(shot, QSize(96, 64), int(seq.frames.size()), 25.0);
    doc_->addInstance();
    keyMask_ = seq.masks[0].clone();
    auto sources = [p = shot.toStdString()](const rm::OpenOptions& options) {
      return rm::openFrameSource(p, options);
    };
    controller_ = std::make_unique<FinetuneController>(doc_.get(), sources);
    request_ = FinetuneRequest{};
    request_.params.model = model_.toStdString();
    request_.params.device = "cpu";
    request_.params.threads = 1;
    request_.options.seconds = 2;
    request_.options.size = {64, 48};
    request_.options.learningRate = 1e-3;
    request_.options.freezeFraction = 0;
    request_.cycle.legs = {4};
    request_.outModel = dir_->filePath(QStringLiteral("tuned.pt"));
  }
  void cleanup() {
    controller_.reset();
    doc_.reset();
    dir_.reset();
  }

  void reportsOutcomeWithCycleIous() {
    DocumentLoader(doc_.get()).setMask(0, keyMask_, FrameState::Keyframe);
    QSignalSpy progress(controller_.get(), &FinetuneController::progressChanged);
    QSignalSpy finished(controller_.get(), &FinetuneController::finished);
    QString error;
    QVERIFY2(controller_->start(request_, &error), qPrintable(error));
    QVERIFY(controller_->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    QVERIFY(!controller_->isRunning());
    const auto args = finished.takeFirst();
    QVERIFY2(args.at(0).toBool(), qPrintable(args.at(2).toString()));
    QVERIFY(!args.at(1).toBool());
    const auto outcome = args.at(3).value<FinetuneOutcome>();
    QVERIFY(outcome.iterations > 0);
    QVERIFY(outcome.trainSeconds >= 2);
    QVERIFY(outcome.cycles >= 1);  // one keyframe, room for a cycle in 8 frames
    QVERIFY(outcome.cycleIouBefore >= 0 && outcome.cycleIouBefore <= 1);
    QVERIFY(outcome.cycleIouAfter >= 0 && outcome.cycleIouAfter <= 1);
    // The engine's rule decided, and the file on disk follows the decision.
    rm::train::CycleScore original, tuned;
    original.iou = outcome.cycleIouBefore;
    tuned.iou = outcome.cycleIouAfter;
    original.cycles = tuned.cycles = outcome.cycles;
    QCOMPARE(outcome.tunedKept, rm::train::tunedModelWins(original, tuned, request_.cycle));
    QCOMPARE(fs::exists(request_.outModel.toStdString()), outcome.tunedKept);
    QCOMPARE(outcome.tunedModel, outcome.tunedKept ? request_.outModel : QString());
    // The message names the decision and both cycle IoUs.
    const QString message = args.at(2).toString();
    qInfo("%s", qPrintable(message));  // the run's numbers, for the log
    QVERIFY2(message.contains(outcome.tunedKept ? QStringLiteral("fine-tuned model")
                                                : QStringLiteral("original model")),
             qPrintable(message));
    QVERIFY2(message.contains(QString::number(outcome.cycleIouBefore, 'f', 3)) &&
                 message.contains(QString::number(outcome.cycleIouAfter, 'f', 3)),
             qPrintable(message));
    // Progress reached the GUI thread during training and announced the check.
    QVERIFY(progress.count() >= 2);
    const auto last = progress.last().at(0).value<FinetuneProgress>();
    QVERIFY(last.checking);
    QCOMPARE(last.budget, 2.0);
  }

  void cancelFinishesPromptlyWithoutModel() {
    DocumentLoader(doc_.get()).setMask(0, keyMask_, FrameState::Keyframe);
    request_.options.seconds = 60;
    QSignalSpy progress(controller_.get(), &FinetuneController::progressChanged);
    QSignalSpy finished(controller_.get(), &FinetuneController::finished);
    QVERIFY(controller_->start(request_));
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() > 0, 30000);  // training is under way
    QElapsedTimer clock;
    clock.start();
    controller_->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
    const auto args = finished.takeFirst();
    QVERIFY(!args.at(0).toBool());
    QVERIFY(args.at(1).toBool());
    QVERIFY2(args.at(2).toString().contains(QStringLiteral("cancelled")),
             qPrintable(args.at(2).toString()));
    QVERIFY(!args.at(3).value<FinetuneOutcome>().tunedKept);
    QVERIFY(!fs::exists(request_.outModel.toStdString()));
    QVERIFY(!controller_->isRunning());
  }

  void refusesBadRequests_data() {
    QTest::addColumn<bool>("withKeyframe");
    QTest::addColumn<QString>("model");
    QTest::addColumn<double>("seconds");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no keyframes") << false << QString() << 2.0
                                  << QStringLiteral("Paint a keyframe first");
    QTest::newRow("colour features")
        << true << QStringLiteral("colour") << 2.0 << QStringLiteral("colour features");
    QTest::newRow("zero budget") << true << QString() << 0.0 << QStringLiteral("above 0 seconds");
  }
  void refusesBadRequests() {
    QFETCH(bool, withKeyframe);
    QFETCH(QString, model);
    QFETCH(double, seconds);
    QFETCH(QString, expected);
    if (withKeyframe) DocumentLoader(doc_.get()).setMask(0, keyMask_, FrameState::Keyframe);
    if (!model.isEmpty()) request_.params.model = model.toStdString();
    request_.options.seconds = seconds;
    QSignalSpy finished(controller_.get(), &FinetuneController::finished);
    QString error;
    QVERIFY(!controller_->start(request_, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY(!controller_->isRunning());
    QTest::qWait(50);
    QCOMPARE(finished.count(), 0);
    QVERIFY(!fs::exists(request_.outModel.toStdString()));
  }

  void refusesSecondRunWhileRunning() {
    DocumentLoader(doc_.get()).setMask(0, keyMask_, FrameState::Keyframe);
    request_.options.seconds = 60;
    QSignalSpy finished(controller_.get(), &FinetuneController::finished);
    QVERIFY(controller_->start(request_));
    QString error;
    QVERIFY(!controller_->start(request_, &error));
    QVERIFY2(error.contains(QStringLiteral("already running")), qPrintable(error));
    controller_->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
  }

 private:
  std::unique_ptr<QTemporaryDir> dir_;
  QString model_;
  cv::Mat keyMask_;
  std::unique_ptr<Document> doc_;
  std::unique_ptr<FinetuneController> controller_;
  FinetuneRequest request_;
};

QTEST_GUILESS_MAIN(FinetuneControllerTest)
#include "tst_finetune_controller.moc"
