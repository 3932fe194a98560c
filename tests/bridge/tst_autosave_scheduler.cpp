// When autosave runs (issue #20: every edit on disk within 2 s of the artist pausing): a
// finished edit soon, a quiet document after a pause, and a stream of changes (a
// propagation) at least every maximum delay. Times are floors and ceilings with margin for
// a loaded machine, not measurements.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include "ui/model/AutosaveScheduler.h"
#include "ui/model/Document.h"

using rm::bridge::AutosaveScheduler;

class AutosaveSchedulerTest : public QObject {
  Q_OBJECT
 private slots:
  void finishedEditIsSavedSoon() {
    rm::bridge::Document doc;
    doc.reset(QStringLiteral("fake://clip"), QSize(32, 24), 5, 25.0);
    AutosaveScheduler scheduler;
    scheduler.watch(&doc);
    QSignalSpy due(&scheduler, &AutosaveScheduler::due);
    QElapsedTimer clock;
    clock.start();
    doc.addInstance();  // one undo step
    QVERIFY(due.wait(2000));
    QVERIFY2(clock.elapsed() < AutosaveScheduler::kQuietMs,
             qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(due.count(), 1);
  }

  void quietChangeWaitsForThePause() {
    AutosaveScheduler scheduler(nullptr, 300, 5000);
    QSignalSpy due(&scheduler, &AutosaveScheduler::due);
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 5; ++i) {  // changes 100 ms apart: no save while they come
      scheduler.changed();
      QTest::qWait(100);
    }
    QCOMPARE(due.count(), 0);
    QVERIFY(due.wait(2000));
    QVERIFY(clock.elapsed() >= 400 + 300 - 50);  // the last change, then the quiet time
  }

  void streamOfChangesIsSavedEveryMaximumDelay() {
    AutosaveScheduler scheduler(nullptr, 500, 1000);
    QSignalSpy due(&scheduler, &AutosaveScheduler::due);
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 3500) {  // a change every 50 ms never pauses
      scheduler.changed();
      QTest::qWait(50);
    }
    QVERIFY2(due.count() >= 2, qPrintable(QString::number(due.count())));
  }

  void retryKeepsTheFirstDeadline() {
    AutosaveScheduler scheduler(nullptr, 300, 600);
    QSignalSpy due(&scheduler, &AutosaveScheduler::due);
    scheduler.changed();
    QVERIFY(due.wait(2000));
    scheduler.retry();  // the save could not start: again shortly
    QVERIFY(scheduler.pending());
    QVERIFY(due.wait(1000));
    scheduler.changed();
    scheduler.clear();  // saved by hand: nothing waits
    QVERIFY(!scheduler.pending());
    QTest::qWait(400);
    QCOMPARE(due.count(), 2);
  }
};

QTEST_MAIN(AutosaveSchedulerTest)
#include "tst_autosave_scheduler.moc"
