// `batch submit --slurm` on a real Slurm: scripts/slurm-test-cluster.sh starts a throwaway
// single-node cluster (munged, slurmctld, slurmd from Debian's packages) in a temporary
// folder; three generated shots are submitted, one broken on purpose (a corrupt frame), and
// the test waits for the array and the collect job, then checks every output and the
// report: the two good shots complete, the broken one failed with its reason. Exits 77
// (CTest's skip) with the script's reason when the daemons cannot start here.
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <iostream>

#include "tests/app/BatchFixture.h"

using namespace rm::test;

namespace {

constexpr int kSkip = 77;
const QString kScript = QStringLiteral(ROTOMATCH_SOURCE_DIR "/scripts/slurm-test-cluster.sh");

struct Cluster {
  QTemporaryDir dir;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();

  // 0: up; kSkip: cannot run here (reason in *why); else a failure.
  int start(QString* why) {
    QProcess p;
    p.start(QStringLiteral("bash"), {kScript, "start", dir.filePath("cluster"), "100"});
    // The script gives apt-get 60 s when packages are missing, then skips.
    if (!p.waitForFinished(75000)) {
      p.kill();
      p.waitForFinished();
      *why = "the cluster did not start within 75 s";
      return 1;
    }
    *why = QString::fromLocal8Bit(p.readAllStandardError());
    env.insert("SLURM_CONF", dir.filePath("cluster/slurm.conf"));
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : 1;
  }
  void stop() {
    QProcess p;
    p.start(QStringLiteral("bash"), {kScript, "stop", dir.filePath("cluster")});
    p.waitForFinished(60000);
  }
};

Cluster* gCluster = nullptr;

// `scontrol -o show job ID`'s JobState for every line (array tasks: one line each).
QStringList jobStates(const QString& id) {
  QProcess p;
  p.setProcessEnvironment(gCluster->env);
  p.start(QStringLiteral("scontrol"), {"-o", "show", "job", id});
  p.waitForFinished(10000);
  QStringList states;
  const QRegularExpression state(QStringLiteral("JobState=(\\S+)"));
  for (const QString& line : QString::fromLocal8Bit(p.readAllStandardOutput()).split('\n'))
    if (auto m = state.match(line); m.hasMatch()) states << m.captured(1);
  return states;
}

bool finished(const QStringList& states) {
  if (states.isEmpty()) return false;
  for (const QString& s : states)
    if (s == "PENDING" || s == "RUNNING" || s == "CONFIGURING" || s == "COMPLETING" ||
        s == "REQUEUED")
      return false;
  return true;
}

}  // namespace

class BatchFarmTest : public QObject {
  Q_OBJECT
 private slots:
  void arrayRunsEveryShotAndCollectWritesTheReport() {
    QTemporaryDir dir;
    const QString root = dir.path(), out = root + "/out", manifest = root + "/farm.json";
    QVERIFY(writeShot(root + "/a"));
    QVERIFY(writeShot(root + "/b"));
    QVERIFY(writeShot(root + "/broken", 2));
    QVERIFY(writeManifest(manifest,
                          QJsonArray{shotEntry("a", root + "/a"), shotEntry("b", root + "/b"),
                                     shotEntry("broken", root + "/broken")},
                          out));
    QElapsedTimer clock;
    clock.start();
    const CliRun submitted =
        runCli({"batch", "submit", manifest, "--slurm", "--time", "0:05:00"}, 60000, gCluster->env);
    QVERIFY2(submitted.exitCode == 0, qPrintable(submitted.err + submitted.out));
    const auto ids = QRegularExpression("array job (\\d+) \\(3 tasks\\), collect job (\\d+)")
                         .match(submitted.out);
    QVERIFY2(ids.hasMatch(), qPrintable(submitted.out));

    // Poll the scheduler (sbatch --wait would cost ~10 s more) until the collect job ended.
    QStringList array, collect;
    while (clock.elapsed() < 75000) {
      array = jobStates(ids.captured(1));
      collect = jobStates(ids.captured(2));
      if (finished(array) && finished(collect)) break;
      QTest::qWait(250);
    }
    qInfo("array %s, collect %s after %.1f s", qPrintable(array.join(',')),
          qPrintable(collect.join(',')), clock.elapsed() / 1000.0);
    QVERIFY2(finished(collect), qPrintable(collect.join(',')));
    QCOMPARE(array.size(), 3);
    QCOMPARE(array.count("COMPLETED"), 2);
    QCOMPARE(array.count("FAILED"), 1);        // the broken shot's task exits 1
    QCOMPARE(collect, QStringList{"FAILED"});  // the collect job's exit code says: not all done

    const QJsonObject report = readJsonFile(root + "/farm.batch/batch-report.json");
    for (const char* shot : {"a", "b"}) {
      const QJsonObject entry = reportEntry(report, shot);
      QCOMPARE(entry["status"].toString(), QString("done"));
      QCOMPARE(entry["frames"].toInt(), kShotFrames);
      QCOMPARE(entry["files"].toInt(), kShotFrames);
      for (int t = 0; t < kShotFrames; ++t)
        QVERIFY(QFileInfo(out + QString("/%1/matte.%2.png").arg(shot).arg(t, 4, 10, QChar('0')))
                    .size() > 0);
    }
    const QJsonObject broken = reportEntry(report, "broken");
    QCOMPARE(broken["status"].toString(), QString("failed"));
    QVERIFY2(broken["reason"].toString().contains("broken/frames/00002.png"),
             qPrintable(broken["reason"].toString()));
    QVERIFY(!report["allDone"].toBool());

    // batch status: the records and the scheduler's view of each task.
    const CliRun status = runCli({"batch", "status", manifest}, 60000, gCluster->env);
    QCOMPARE(status.exitCode, 0);
    QVERIFY2(status.out.contains(QRegularExpression("\\ba\\s+done\\s+COMPLETED")),
             qPrintable(status.out));
    QVERIFY2(status.out.contains(QRegularExpression("broken\\s+failed\\s+FAILED")),
             qPrintable(status.out));
  }
};

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  Cluster cluster;
  gCluster = &cluster;
  QString why;
  const int started = cluster.start(&why);
  if (started == kSkip) {
    std::cout << "SKIP: no test cluster here: " << why.toStdString() << std::endl;
    return kSkip;
  }
  if (started != 0) {
    std::cerr << "FAIL: slurm-test-cluster.sh start: " << why.toStdString() << std::endl;
    cluster.stop();
    return 1;
  }
  BatchFarmTest test;
  const int failures = QTest::qExec(&test, argc, argv);
  cluster.stop();
  return failures;
}

#include "tst_batch_farm.moc"
