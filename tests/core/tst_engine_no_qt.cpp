// The engine must link and run without Qt: inspect the direct dependencies (DT_NEEDED)
// of a binary that links only the engine. (ldd would also list Qt5 pulled in
// transitively by Debian's LibTorch -> OpenCV highgui, which is not our link line.)
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class EngineNoQtTest : public QObject {
  Q_OBJECT
 private slots:
  void probeHasNoQtDependency() {
    QProcess objdump;
    objdump.start(QStringLiteral("objdump"),
                  {QStringLiteral("-p"), QStringLiteral(ENGINE_LINK_PROBE)});
    QVERIFY(objdump.waitForFinished(30000));
    QCOMPARE(objdump.exitCode(), 0);
    QStringList needed;
    for (const QString& line :
         QString::fromLocal8Bit(objdump.readAllStandardOutput()).split(QLatin1Char('\n')))
      if (line.trimmed().startsWith(QStringLiteral("NEEDED"))) needed << line.trimmed();
    const QString joined = needed.join(QLatin1Char('\n'));
    QVERIFY2(joined.contains(QStringLiteral("libtorch")),
             "probe should link LibTorch (sanity check of the objdump output)");
    QVERIFY2(!joined.contains(QStringLiteral("Qt")), qPrintable(joined));
  }

  void probeRuns() {
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("version.txt"));
    QProcess probe;
    probe.start(QStringLiteral(ENGINE_LINK_PROBE), {target});
    QVERIFY(probe.waitForFinished(30000));
    QCOMPARE(probe.exitCode(), 0);
    QVERIFY(QFile::exists(target));
  }
};

QTEST_GUILESS_MAIN(EngineNoQtTest)
#include "tst_engine_no_qt.moc"
