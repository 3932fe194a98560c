// `rotomatch-cli batch` on this machine, as a black box on generated shots: validate reports
// every problem of a manifest at once (one line each) and writes nothing; run executes the
// shots with several workers, a broken shot fails with its reason while the others complete,
// a second run skips what is done and redoes what changed, --force redoes everything; ranges,
// start numbers and GUI project folders; submit --dry-run prints the Slurm scripts.
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include "engine/media/MaskIO.h"
#include "tests/app/BatchFixture.h"

using namespace rm::test;

class BatchCliTest : public QObject {
  Q_OBJECT
 private slots:
  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    root_ = dir_->path();
    QVERIFY(writeShot(root_ + "/good"));
    manifest_ = root_ + "/shots.json";
    out_ = root_ + "/out";
    state_ = root_ + "/shots.batch";
  }

  // Each fault on its own gives exactly one line naming it; nothing is written.
  void validateNamesEachProblem_data() {
    QTest::addColumn<QString>("fault");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing source") << "missing-source"
                                    << "no-such-folder";
    QTest::newRow("no source given") << "no-source"
                                     << "needs a \"source\"";
    QTest::newRow("missing mask") << "missing-mask"
                                  << "no-such-mask.png";
    QTest::newRow("range past the clip") << "bad-range"
                                         << "range 2-9 is outside";
    QTest::newRow("range syntax") << "range-syntax"
                                  << "expects IN-OUT";
    QTest::newRow("keyframe outside the range") << "keyframe-outside"
                                                << "keyframe 0 is outside the range 2-4";
    QTest::newRow("mask of the wrong size") << "wrong-size"
                                            << "small.png";
    QTest::newRow("unknown key") << "unknown-key"
                                 << "unknown key \"rnage\"";
    QTest::newRow("duplicate shot names") << "duplicate"
                                          << "duplicate shot name";
    QTest::newRow("unknown format") << "bad-format"
                                    << "png9";
    QTest::newRow("sequence without {frame}") << "no-frame-token"
                                              << "needs one {frame}";
    QTest::newRow("two shots, one output") << "same-output"
                                           << "also written by shot";
  }
  void validateNamesEachProblem() {
    QFETCH(QString, fault);
    QFETCH(QString, expected);
    QJsonObject shot = shotEntry("a", root_ + "/good");
    QJsonArray shots;
    if (fault == "missing-source") shot["source"] = root_ + "/no-such-folder";
    if (fault == "no-source") shot.remove("source");
    if (fault == "missing-mask") shot["masks"] = QJsonArray{"0=" + root_ + "/no-such-mask.png"};
    if (fault == "bad-range") shot["range"] = "2-9";
    if (fault == "range-syntax") shot["range"] = "2..4";
    if (fault == "keyframe-outside") shot["range"] = "2-4";
    if (fault == "wrong-size") {
      QVERIFY(cv::imwrite((root_ + "/small.png").toStdString(),
                          cv::Mat(20, 30, CV_8UC1, cv::Scalar(255))));
      shot["masks"] = QJsonArray{"0=" + root_ + "/small.png"};
    }
    if (fault == "unknown-key") shot["rnage"] = "0-3";
    if (fault == "bad-format" || fault == "no-frame-token")
      shot["outputs"] = QJsonArray{QJsonObject{{"format", fault == "bad-format" ? "png9" : "png8"},
                                               {"path", out_ + "/{shot}.png"}}};
    shots.append(shot);
    if (fault == "duplicate") shots.append(shotEntry("a", root_ + "/good"));
    if (fault == "same-output") {
      const QJsonArray one{QJsonObject{{"format", "png8"}, {"path", out_ + "/m.{frame}.png"}}};
      QJsonObject a = shot, b = shotEntry("b", root_ + "/good");
      a["outputs"] = one;
      b["outputs"] = one;
      shots = QJsonArray{a, b};
    }
    QVERIFY(writeManifest(manifest_, shots, out_));
    const CliRun r = runCli({"batch", "validate", manifest_});
    QVERIFY2(r.exitCode == 1, qPrintable(QString("exit %1: %2").arg(r.exitCode).arg(r.err)));
    QCOMPARE(problemLines(r.err).size(), 1);
    QVERIFY2(problemLines(r.err).front().contains(expected), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(out_));
    QVERIFY(!QFileInfo::exists(state_));
  }

  // All five kinds of fault in one manifest: five lines, then the count.
  void validateReportsAllProblemsAtOnce() {
    QVERIFY(cv::imwrite((root_ + "/small.png").toStdString(),
                        cv::Mat(20, 30, CV_8UC1, cv::Scalar(255))));
    QJsonObject missing = shotEntry("missing", root_ + "/good");
    missing["source"] = root_ + "/no-such-folder";
    QJsonObject range = shotEntry("range", root_ + "/good");
    range["range"] = "0-6";
    QJsonObject size = shotEntry("size", root_ + "/good");
    size["masks"] = QJsonArray{"0=" + root_ + "/small.png"};
    QJsonObject typo = shotEntry("typo", root_ + "/good");
    typo["treads"] = 2;
    const QJsonArray shots{missing, range, size, typo, shotEntry("range", root_ + "/good")};
    QVERIFY(writeManifest(manifest_, shots, out_));
    const CliRun r = runCli({"batch", "validate", manifest_});
    QCOMPARE(r.exitCode, 1);
    const QStringList lines = problemLines(r.err);
    QVERIFY2(lines.size() == 5, qPrintable(r.err));
    for (const char* what : {"no-such-folder", "range 0-6 is outside", "small.png",
                             "unknown key \"treads\"", "duplicate shot name"})
      QVERIFY2(r.err.contains(QLatin1String(what)), qPrintable(what + ("\n" + r.err)));
    QVERIFY2(r.err.contains("5 problem(s)"), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(out_));
    QVERIFY(!QFileInfo::exists(state_));
    // run refuses a manifest with structural problems outright.
    const CliRun run = runCli({"batch", "run", manifest_});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(!QFileInfo::exists(state_));
  }

  void runSkipsDoneShotsAndRedoesChangedOnes() {
    QVERIFY(writeShot(root_ + "/other"));
    QVERIFY(writeShot(root_ + "/broken", 3));
    QJsonObject ranged = shotEntry("ranged", root_ + "/other", 1);
    ranged["range"] = "1-4";
    ranged["outputs"] = QJsonArray{QJsonObject{{"format", "label"},
                                               {"path", out_ + "/{shot}/labels.{frame:04}.png"},
                                               {"start_number", 1001}}};
    const QJsonArray shots{shotEntry("whole", root_ + "/good"), ranged,
                           shotEntry("broken", root_ + "/broken")};
    QVERIFY(writeManifest(manifest_, shots, out_));

    CliRun r = runCli({"batch", "run", manifest_, "--jobs", "2"});
    QVERIFY2(r.exitCode == 1, qPrintable(r.err + r.out));  // one shot failed
    QJsonObject report = readJsonFile(state_ + "/batch-report.json");
    QCOMPARE(reportEntry(report, "whole")["status"].toString(), QString("done"));
    QCOMPARE(reportEntry(report, "whole")["frames"].toInt(), kShotFrames);
    QCOMPARE(reportEntry(report, "ranged")["status"].toString(), QString("done"));
    QCOMPARE(reportEntry(report, "ranged")["frames"].toInt(), 4);
    const QJsonObject broken = reportEntry(report, "broken");
    QCOMPARE(broken["status"].toString(), QString("failed"));
    QVERIFY2(broken["reason"].toString().contains("00003.png"),
             qPrintable(broken["reason"].toString()));
    QVERIFY(QFileInfo(broken["log"].toString()).size() > 0);
    QVERIFY(r.out.contains(QRegularExpression("broken\\s+\\d+\\s+[\\d.]+\\s+failed")));
    QVERIFY(QFileInfo::exists(state_ + "/batch-report.txt"));

    // Outputs: whole clip numbered from the source (00000.png -> 0000), the range from 1001.
    for (int t = 0; t < kShotFrames; ++t) {
      const QString file = out_ + QString("/whole/matte.%1.png").arg(t, 4, 10, QChar('0'));
      QVERIFY2(QFileInfo::exists(file), qPrintable(file));
    }
    QVERIFY(!QFileInfo::exists(out_ + "/whole/matte.0006.png"));
    const Clip clip = makeClip(kShotFrames);
    for (int n = 1000; n <= 1005; ++n)
      QCOMPARE(QFileInfo::exists(out_ + QString("/ranged/labels.%1.png").arg(n)),
               n >= 1001 && n <= 1004);
    auto keyframe = rm::readLabelMap((out_ + "/ranged/labels.1001.png").toStdString());
    QVERIFY(keyframe.ok());  // the range's first frame is the keyframe, written unchanged
    QCOMPARE(cv::norm(*keyframe, clip.labels[1], cv::NORM_INF), 0.0);

    // Second run: done shots skipped (records untouched), the broken one tried again.
    const QDateTime wholeRecord = QFileInfo(state_ + "/whole/record.json").lastModified();
    r = runCli({"batch", "run", manifest_, "--jobs", "2"});
    QCOMPARE(r.exitCode, 1);
    report = readJsonFile(state_ + "/batch-report.json");
    QCOMPARE(reportEntry(report, "whole")["status"].toString(), QString("skipped"));
    QCOMPARE(reportEntry(report, "ranged")["status"].toString(), QString("skipped"));
    QCOMPARE(reportEntry(report, "broken")["status"].toString(), QString("failed"));
    QCOMPARE(QFileInfo(state_ + "/whole/record.json").lastModified(), wholeRecord);

    // A changed input (a new mask file time) or a missing output redoes only that shot.
    QTest::qWait(20);
    QFile mask(root_ + "/good/mask0.png");
    QVERIFY(mask.open(QIODevice::ReadWrite));
    QVERIFY(mask.setFileTime(QDateTime::currentDateTime(), QFileDevice::FileModificationTime));
    mask.close();
    QVERIFY(QFile::remove(out_ + "/ranged/labels.1003.png"));
    r = runCli({"batch", "run", manifest_});
    report = readJsonFile(state_ + "/batch-report.json");
    QCOMPARE(reportEntry(report, "whole")["status"].toString(), QString("done"));
    QCOMPARE(reportEntry(report, "ranged")["status"].toString(), QString("done"));
    QVERIFY(QFileInfo::exists(out_ + "/ranged/labels.1003.png"));

    // --force redoes done shots too; fixing the broken one makes the whole batch succeed.
    QVERIFY(writeShot(root_ + "/broken"));
    r = runCli({"batch", "run", manifest_, "--force", "--jobs", "2"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    report = readJsonFile(state_ + "/batch-report.json");
    for (const char* shot : {"whole", "ranged", "broken"})
      QCOMPARE(reportEntry(report, shot)["status"].toString(), QString("done"));
    QVERIFY(QFileInfo(state_ + "/whole/record.json").lastModified() > wholeRecord);
    QVERIFY(report["allDone"].toBool());
  }

  // A project folder as the GUI saves it: keyframes from its masks, range from its in/out.
  void runsAProjectFolder() {
    const QString project = root_ + "/shot.rotomatch";
    QVERIFY(QDir().mkpath(project + "/masks"));
    const Clip clip = makeClip(kShotFrames);
    QVERIFY(cv::imwrite((project + "/masks/000001.png").toStdString(), clip.labels[1]));
    const QJsonObject json{
        {"format", "rotomatch-project"},
        {"version", 1},
        {"source", QJsonObject{{"path", root_ + "/good/frames"}}},
        {"frames", QJsonArray{QJsonObject{
                       {"frame", 1}, {"state", "keyframe"}, {"mask", "masks/000001.png"}}}},
        {"inPoint", 1},
        {"outPoint", 3}};
    QFile f(project + "/project.json");
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(json).toJson());
    f.close();
    QVERIFY(writeManifest(manifest_,
                          QJsonArray{QJsonObject{{"name", "proj"}, {"project", project}}}, out_));
    const CliRun r = runCli({"batch", "run", manifest_});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    for (int t = 0; t < kShotFrames; ++t)
      QCOMPARE(QFileInfo::exists(out_ + QString("/proj/matte.%1.png").arg(t, 4, 10, QChar('0'))),
               t >= 1 && t <= 3);
  }

  void submitDryRunPrintsTheScripts() {
    QVERIFY(writeShot(root_ + "/other"));
    QVERIFY(writeManifest(
        manifest_, QJsonArray{shotEntry("a", root_ + "/good"), shotEntry("b", root_ + "/other")},
        out_));
    const CliRun r = runCli({"batch", "submit", manifest_, "--slurm", "--dry-run", "--partition",
                             "render", "--time", "0:10:00", "--cpus-per-task", "2", "--mem", "2G"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (const char* line :
         {"#SBATCH --array=0-1", "#SBATCH --requeue", "#SBATCH --partition=render",
          "#SBATCH --time=0:10:00", "#SBATCH --cpus-per-task=2", "#SBATCH --mem=2G",
          "--shot \"$SLURM_ARRAY_TASK_ID\"", "afterany", "batch collect"})
      QVERIFY2(r.out.contains(QLatin1String(line)), qPrintable(line + ("\n" + r.out)));
    QVERIFY(!QFileInfo::exists(state_));

    // Without sbatch on PATH: a clear error, exit 1.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PATH", root_ + "/empty-bin");
    const CliRun none = runCli({"batch", "submit", manifest_, "--slurm"}, 60000, env);
    QCOMPARE(none.exitCode, 1);
    QVERIFY2(none.err.contains("sbatch"), qPrintable(none.err));
  }

 private:
  // The problem lines of a validate run (each names the manifest), without the summary.
  QStringList problemLines(const QString& err) const {
    QStringList lines;
    for (const QString& line : err.split('\n'))
      if (line.startsWith(QFileInfo(manifest_).absoluteFilePath())) lines << line;
    return lines;
  }

  std::unique_ptr<QTemporaryDir> dir_;
  QString root_, manifest_, out_, state_;
};

QTEST_GUILESS_MAIN(BatchCliTest)
#include "tst_batch_cli.moc"
