// `cmake --install` puts binaries, icon, desktop file and AppStream metadata where desktops
// look for them, and the packaged metadata validates.
#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

class InstallLayoutTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QProcess install;
    install.start(QStringLiteral("cmake"),
                  {QStringLiteral("--install"), QStringLiteral(ROTOMATCH_BINARY_DIR),
                   QStringLiteral("--prefix"), prefix_.path()});
    QVERIFY(install.waitForFinished(120000));
    QVERIFY2(install.exitCode() == 0, install.readAllStandardError().constData());
  }

  void installedFile_data() {
    QTest::addColumn<QString>("relativePath");
    QTest::newRow("cli") << QStringLiteral("bin/rotomatch-cli");
    QTest::newRow("gui") << QStringLiteral("bin/rotomatch");
    QTest::newRow("icon") << QStringLiteral("share/icons/hicolor/scalable/apps/rotomatch.svg");
    QTest::newRow("desktop") << QStringLiteral("share/applications/rotomatch.desktop");
    QTest::newRow("metainfo") << QStringLiteral(
        "share/metainfo/io.rotomatch.Rotomatch.metainfo.xml");
    QTest::newRow("demo keyframe") << QStringLiteral("share/rotomatch/demo/vtest-keyframe.json");
    QTest::newRow("trained model") << QStringLiteral("share/rotomatch/models/rotomatch-default.pt");
    QTest::newRow("model provenance")
        << QStringLiteral("share/rotomatch/models/rotomatch-default.provenance.md");
  }
  void installedFile() {
    QFETCH(QString, relativePath);
    QVERIFY2(QFileInfo::exists(prefix_.filePath(relativePath)), qPrintable(relativePath));
  }

  void installedCliRuns() {
    QProcess cli;
    cli.start(prefix_.filePath(QStringLiteral("bin/rotomatch-cli")), {QStringLiteral("--version")});
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitCode(), 0);
  }

  // An installed copy finds the shipped trained model, not the build tree's files.
  void installedCliUsesTheTrainedModel() {
    QProcess cli;
    cli.start(prefix_.filePath(QStringLiteral("bin/rotomatch-cli")),
              {QStringLiteral("model-path")});
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitCode(), 0);
    const QString path = QString::fromUtf8(cli.readAllStandardOutput()).trimmed();
    QCOMPARE(
        QFileInfo(path).canonicalFilePath(),
        QFileInfo(prefix_.filePath(QStringLiteral("share/rotomatch/models/rotomatch-default.pt")))
            .canonicalFilePath());
  }

  void metadataValidates_data() {
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QStringList>("args");
    QTest::newRow("desktop-file-validate")
        << QStringLiteral("desktop-file-validate")
        << QStringList{prefix_.filePath(QStringLiteral("share/applications/rotomatch.desktop"))};
    QTest::newRow("appstreamcli")
        << QStringLiteral("appstreamcli")
        << QStringList{QStringLiteral("validate"), QStringLiteral("--no-net"),
                       prefix_.filePath(
                           QStringLiteral("share/metainfo/io.rotomatch.Rotomatch.metainfo.xml"))};
  }
  void metadataValidates() {
    QFETCH(QString, tool);
    QFETCH(QStringList, args);
    if (QStandardPaths::findExecutable(tool).isEmpty())
      QSKIP(qPrintable(tool + QStringLiteral(" not installed")));
    QProcess p;
    p.start(tool, args);
    QVERIFY(p.waitForFinished(30000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardOutput().constData());
  }

 private:
  QTemporaryDir prefix_;
};

QTEST_GUILESS_MAIN(InstallLayoutTest)
#include "tst_install_layout.moc"
