// The one worker helper of the Qt layer: a job runs off the GUI thread with its own cancel
// token, what it posts runs on the GUI thread in order, and nothing is delivered once the
// Worker is gone.
#include <QSignalSpy>
#include <QThread>
#include <QtTest>
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "ui/model/Worker.h"

using rm::bridge::Worker;

class WorkerTest : public QObject {
  Q_OBJECT
 private slots:
  void jobRunsOffTheGuiThreadAndDeliversInOrder() {
    Worker worker("test-worker");
    QSignalSpy finished(&worker, &Worker::finished);
    std::vector<int> delivered;
    QThread* jobThread = nullptr;
    QThread* completionThread = nullptr;
    QVERIFY(worker.start([&](std::stop_token) -> Worker::Completion {
      jobThread = QThread::currentThread();
      for (int i = 0; i < 5; ++i)
        worker.post([&delivered, i] { delivered.push_back(i); });
      return [&] { completionThread = QThread::currentThread(); };
    }));
    QVERIFY(worker.isRunning());
    QVERIFY(!worker.start([](std::stop_token) { return Worker::Completion(); }));  // one at a time
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QVERIFY(jobThread != QThread::currentThread());
    QCOMPARE(completionThread, QThread::currentThread());
    QCOMPARE(delivered, (std::vector<int>{0, 1, 2, 3, 4}));
    QVERIFY(!worker.isRunning());
  }

  void cancelReachesTheJobAndItsOpenOptions() {
    Worker worker("test-cancel");
    std::atomic<bool> sawCancel{false};
    std::atomic<bool> optionsSawCancel{false};
    QVERIFY(worker.start([&](std::stop_token token) -> Worker::Completion {
      const rm::OpenOptions options = Worker::openOptions(token);
      while (!token.stop_requested())
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      sawCancel = true;
      optionsSawCancel = options.cancelled();
      return {};
    }));
    QVERIFY(!worker.cancelRequested());
    worker.cancel();
    worker.waitForFinished();
    QVERIFY(sawCancel);
    QVERIFY(optionsSawCancel);
    QVERIFY(worker.cancelRequested());
    // The next job gets a fresh token.
    bool freshToken = false;
    QVERIFY(worker.start([&](std::stop_token token) -> Worker::Completion {
      freshToken = !token.stop_requested();
      return {};
    }));
    worker.waitForFinished();
    QVERIFY(freshToken);
  }

  void waitForFinishedRunsJobsThatCompletionsStart() {
    Worker worker("test-chain");
    int runs = 0;
    std::function<void()> startOne = [&] {
      worker.start([&](std::stop_token) -> Worker::Completion {
        return [&] {
          if (++runs < 3) startOne();
        };
      });
    };
    startOne();
    worker.waitForFinished();
    QCOMPARE(runs, 3);
    QVERIFY(!worker.isRunning());
  }

  void nothingIsDeliveredOnceTheWorkerIsGone() {
    auto delivered = std::make_shared<std::atomic<int>>(0);
    {
      Worker worker("test-gone");
      QVERIFY(worker.start([&worker, delivered](std::stop_token token) -> Worker::Completion {
        worker.post([delivered] { ++*delivered; });
        while (!token.stop_requested())
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
        return [delivered] { ++*delivered; };
      }));
      // The job runs and posts; no event loop runs meanwhile.
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }  // cancels and joins
    QCoreApplication::processEvents();
    QTest::qWait(20);
    QCOMPARE(delivered->load(), 0);
  }
};

QTEST_GUILESS_MAIN(WorkerTest)
#include "tst_worker.moc"
