// One crash-recovery folder per running instance (issue #20 follow-up). Instances are
// RecoveryFolders objects in this process or this test binary run as a child
// (`--hold-recovery ROOT SHOT`: autosaves a shot, prints "ready", then quits cleanly on a
// line "quit" or is killed with SIGKILL).
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cstdio>
#include <iostream>
#include <string>

#include "ui/model/Document.h"
#include "ui/model/ProjectIO.h"
#include "ui/model/RecoveryFolders.h"

using rm::bridge::RecoveryFolders;

namespace {
// An autosave of a one-frame shot named `shot`, as MainWindow writes it.
bool autosave(RecoveryFolders* recovery, const QString& shot) {
  const QString folder = recovery->ownFolder();
  if (folder.isEmpty()) return false;
  rm::bridge::Document doc;
  doc.reset(QStringLiteral("/clips/") + shot, QSize(8, 6), 1, 25.0);
  doc.addInstance(shot);
  rm::bridge::ProjectExtras extras;
  RecoveryFolders::stamp(&extras, {}, shot);
  return rm::bridge::saveProject(doc, folder, extras).ok();
}

QStringList shots(const std::vector<RecoveryFolders::Abandoned>& abandoned) {
  QStringList names;
  for (const auto& a : abandoned)
    names << a.shot;
  return names;
}

int holdRecovery(const QString& root, const QString& shot) {
  RecoveryFolders recovery(root);
  // "-": takes its lock, writes nothing (killed before its first autosave).
  if (shot == QLatin1String("-") ? recovery.ownFolder().isEmpty() : !autosave(&recovery, shot))
    return 1;
  std::printf("ready\n");
  std::fflush(stdout);
  std::string line;
  std::getline(std::cin, line);
  QDir(recovery.ownFolder()).removeRecursively();  // a clean exit leaves nothing
  return 0;
}
}  // namespace

class RecoveryFoldersTest : public QObject {
  Q_OBJECT
 private slots:
  void init() {
    home_ = std::make_unique<QTemporaryDir>();
    QVERIFY(home_->isValid());
    root_ = home_->filePath(QStringLiteral("recovery"));
  }

  void twoInstancesKeepTheirOwnFolders() {
    RecoveryFolders first(root_), second(root_);
    QVERIFY(autosave(&first, QStringLiteral("a.mov")));
    QVERIFY(autosave(&second, QStringLiteral("b.mov")));
    QVERIFY(first.ownFolder() != second.ownFolder());
    QVERIFY(autosave(&first, QStringLiteral("a.mov")));  // again: same folder, b untouched
    rm::bridge::Document a, b;
    QVERIFY(rm::bridge::loadProject(first.ownFolder(), &a).ok());
    QVERIFY(rm::bridge::loadProject(second.ownFolder(), &b).ok());
    QCOMPARE(a.sourcePath(), QStringLiteral("/clips/a.mov"));
    QCOMPARE(b.sourcePath(), QStringLiteral("/clips/b.mov"));
    // Both are alive: neither is offered to the other nor to a third.
    QVERIFY(first.claimAbandoned().empty());
    QVERIFY(RecoveryFolders(root_).claimAbandoned().empty());
    QVERIFY(QFileInfo::exists(second.ownFolder() + QStringLiteral("/project.json")));
  }

  // A child instance autosaves, then lives on, exits cleanly or is killed.
  void otherProcessFolderOfferedOnlyWhenItsOwnerIsGone_data() {
    QTest::addColumn<QString>("end");
    QTest::addColumn<bool>("offered");
    QTest::newRow("running") << "running" << false;
    QTest::newRow("quit cleanly") << "quit" << false;
    QTest::newRow("killed (SIGKILL)") << "kill" << true;
  }
  void otherProcessFolderOfferedOnlyWhenItsOwnerIsGone() {
    QFETCH(QString, end);
    QFETCH(bool, offered);
    QProcess child;
    QVERIFY(startInstance(&child, QStringLiteral("child.mov")));
    if (end == QLatin1String("quit")) {
      child.write("quit\n");
      QVERIFY(child.waitForFinished(10000));
    } else if (end == QLatin1String("kill")) {
      child.kill();
      QVERIFY(child.waitForFinished(10000));
    }
    RecoveryFolders me(root_);
    std::vector<RecoveryFolders::Abandoned> found = me.claimAbandoned();
    QCOMPARE(shots(found), offered ? QStringList{QStringLiteral("child.mov")} : QStringList{});
    if (end == QLatin1String("running")) {
      // Its folder survives another instance's start-up and is still its own.
      QCOMPARE(QDir(root_).entryList({QStringLiteral("*.rotomatch")}, QDir::Dirs).size(), 1);
      child.write("quit\n");
      QVERIFY(child.waitForFinished(10000));
      QCOMPARE(QDir(root_).entryList({QStringLiteral("*.rotomatch")}, QDir::Dirs).size(), 0);
    }
    if (offered) {
      // Claimed: a second instance starting now does not see it; discarded: gone.
      QVERIFY(RecoveryFolders(root_).claimAbandoned().empty());
      const QString folder = found.front().folder;
      RecoveryFolders::discard(std::move(found.front()));
      QVERIFY(!QFileInfo::exists(folder));
    }
    // No folder and no lock file of the child is left once it is gone and dealt with.
    QCOMPARE(QDir(root_).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{});
  }

  void oldLayoutFolderIsOfferedOnce() {
    rm::bridge::Document doc;
    doc.reset(QStringLiteral("/clips/old.mov"), QSize(8, 6), 1, 25.0);
    QVERIFY(rm::bridge::saveProject(doc, root_ + QStringLiteral("/autosave.rotomatch")).ok());
    RecoveryFolders me(root_);
    std::vector<RecoveryFolders::Abandoned> found = me.claimAbandoned();
    QCOMPARE(found.size(), size_t(1));
    QCOMPARE(QFileInfo(found.front().folder).fileName(), QStringLiteral("autosave.rotomatch"));
    QVERIFY(found.front().shot.isEmpty());  // not stamped: the prompt's generic text
    RecoveryFolders::discard(std::move(found.front()));
    QVERIFY(RecoveryFolders(root_).claimAbandoned().empty());
  }

  void newestIsOfferedFirstAndAdoptedFolderIsOwn() {
    {
      // Two instances that ended without cleaning up (their locks are released).
      RecoveryFolders older(root_), newer(root_);
      QVERIFY(autosave(&older, QStringLiteral("older.mov")));
      QTest::qWait(5);
      QVERIFY(autosave(&newer, QStringLiteral("newer.mov")));
    }
    RecoveryFolders me(root_);
    std::vector<RecoveryFolders::Abandoned> found = me.claimAbandoned();
    QCOMPARE(shots(found), (QStringList{QStringLiteral("newer.mov"), QStringLiteral("older.mov")}));
    const QString adopted = found.front().folder;
    me.adopt(std::move(found.front()));
    QCOMPARE(me.ownFolder(), adopted);
    found.clear();  // the older one is released, left for a next start
    QCOMPARE(shots(RecoveryFolders(root_).claimAbandoned()),
             QStringList{QStringLiteral("older.mov")});
  }

  void lockOfAKilledInstanceThatWroteNothingIsRemoved() {
    QProcess child;
    QVERIFY(startInstance(&child, QStringLiteral("-")));
    QCOMPARE(QDir(root_).entryList({QStringLiteral("*.lock")}, QDir::Files).size(), 1);
    QVERIFY(RecoveryFolders(root_).claimAbandoned().empty());
    QCOMPARE(QDir(root_).entryList({QStringLiteral("*.lock")}, QDir::Files).size(), 1);  // alive
    child.kill();
    QVERIFY(child.waitForFinished(10000));
    QVERIFY(RecoveryFolders(root_).claimAbandoned().empty());
    QCOMPARE(QDir(root_).entryList({QStringLiteral("*.lock")}, QDir::Files), QStringList{});
  }

  void unwritableRootIsAClearError() {
    QFile blocker(home_->filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    RecoveryFolders recovery(blocker.fileName() + QStringLiteral("/recovery"));
    QString error;
    QVERIFY(recovery.ownFolder(&error).isEmpty());
    QVERIFY2(error.contains(blocker.fileName()), qPrintable(error));
    QVERIFY(recovery.claimAbandoned().empty());
  }

 private:
  // This binary as another instance (see the top); true once it has autosaved.
  bool startInstance(QProcess* child, const QString& shot) {
    child->start(QCoreApplication::applicationFilePath(),
                 {QStringLiteral("--hold-recovery"), root_, shot});
    return child->waitForStarted() && child->waitForReadyRead(20000) &&
           child->readLine().trimmed() == "ready";
  }

  std::unique_ptr<QTemporaryDir> home_;
  QString root_;
};

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  if (argc == 4 && QByteArray(argv[1]) == "--hold-recovery")
    return holdRecovery(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
  RecoveryFoldersTest test;
  return QTest::qExec(&test, argc, argv);
}
#include "tst_recovery_folders.moc"
