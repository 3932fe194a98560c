// Black-box checks of the executables' command-line contract.
#include <QProcess>
#include <QtTest>

namespace {
struct Run {
  int exitCode = -1;
  QString out;
  QString err;
};

Run run(const QString& exe, const QStringList& args) {
  QProcess p;
  p.start(qEnvironmentVariable("ROTOMATCH_BIN_DIR") + QLatin1Char('/') + exe, args);
  Run r;
  if (!p.waitForFinished(60000)) return r;
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
  r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
  r.err = QString::fromLocal8Bit(p.readAllStandardError());
  return r;
}
}  // namespace

class CliBasicsTest : public QObject {
  Q_OBJECT
 private slots:
  void helpListsSubcommands_data() {
    QTest::addColumn<QString>("command");
    for (const char* c : {"info", "export", "propagate", "eval", "bench", "train", "model-path"})
      QTest::newRow(c) << QString::fromLatin1(c);
  }
  void helpListsSubcommands() {
    QFETCH(QString, command);
    const Run r = run(QStringLiteral("rotomatch-cli"), {QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QLatin1String("\n  ") + command + QLatin1Char(' ')), qPrintable(r.out));
  }

  void versionMatchesProject() {
    const Run cli = run(QStringLiteral("rotomatch-cli"), {QStringLiteral("--version")});
    QCOMPARE(cli.exitCode, 0);
    QVERIFY2(cli.out.trimmed().endsWith(QStringLiteral(ROTOMATCH_VERSION)), qPrintable(cli.out));
  }

  void guiVersion() {
    if (!QFile::exists(qEnvironmentVariable("ROTOMATCH_BIN_DIR") + QStringLiteral("/rotomatch")))
      QSKIP("GUI not built (ROTOMATCH_BUILD_GUI=OFF)");
    const Run gui = run(QStringLiteral("rotomatch"), {QStringLiteral("--version")});
    QCOMPARE(gui.exitCode, 0);
    QVERIFY2(gui.out.contains(QStringLiteral(ROTOMATCH_VERSION)), qPrintable(gui.out));
  }

  void unknownCommandIsUsageError() {
    const Run r = run(QStringLiteral("rotomatch-cli"), {QStringLiteral("frobnicate")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QStringLiteral("frobnicate")));
  }

  void trainRejectsOutOfRangeOptions_data() {
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("value");
    QTest::newRow("class balance above 1") << "balance"
                                           << "2";
    QTest::newRow("negative class balance") << "balance"
                                            << "-0.1";
    QTest::newRow("distractor share above 1") << "distract"
                                              << "1.5";
    QTest::newRow("WiSE alpha 0") << "wise"
                                  << "0";
    QTest::newRow("negative colour weight") << "color-weight"
                                            << "-1";
    QTest::newRow("not a number") << "balance"
                                  << "half";
  }
  void trainRejectsOutOfRangeOptions() {
    // Checked before any file is read: the paths need not exist.
    QFETCH(QString, option);
    QFETCH(QString, value);
    const Run r =
        run(QStringLiteral("rotomatch-cli"),
            {QStringLiteral("train"), QStringLiteral("--dataset"), QStringLiteral("/nonexistent"),
             QStringLiteral("--init"), QStringLiteral("/nonexistent.pt"), QStringLiteral("--out"),
             QStringLiteral("/nonexistent-out.pt"), QStringLiteral("--") + option, value});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(option), qPrintable(r.err));
  }

  void subcommandHelp() {
    const Run r =
        run(QStringLiteral("rotomatch-cli"), {QStringLiteral("help"), QStringLiteral("export")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QStringLiteral("--format")));
  }
};

QTEST_GUILESS_MAIN(CliBasicsTest)
#include "tst_cli_basics.moc"
