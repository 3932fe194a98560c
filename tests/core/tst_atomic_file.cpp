#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

#include "engine/core/AtomicFile.h"

namespace fs = std::filesystem;

namespace {
std::string readAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
size_t entryCount(const fs::path& dir) {
  return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}
}  // namespace

class AtomicFileTest : public QObject {
  Q_OBJECT
 private slots:
  void init() { dir_ = std::make_unique<QTemporaryDir>(); }

  void writesNewFile() {
    const fs::path target = fs::path(dir_->path().toStdString()) / "a.txt";
    QVERIFY(rm::writeFileAtomically(target, "hello").ok());
    QCOMPARE(readAll(target), std::string("hello"));
    QCOMPARE(entryCount(target.parent_path()), size_t(1));
  }

  void failedWriteKeepsOldContentAndLeavesNoTemp() {
    const fs::path target = fs::path(dir_->path().toStdString()) / "b.txt";
    QVERIFY(rm::writeFileAtomically(target, "old").ok());
    const rm::Status status = rm::writeAtomically(target, [](const fs::path& temp) -> rm::Status {
      std::ofstream(temp) << "partial";
      return rm::makeError("simulated failure");
    });
    QVERIFY(!status.ok());
    QCOMPARE(readAll(target), std::string("old"));
    QCOMPARE(entryCount(target.parent_path()), size_t(1));
  }

  void missingFolderNamesTheFile() {
    const fs::path target = fs::path(dir_->path().toStdString()) / "nope" / "c.txt";
    const rm::Status status = rm::writeFileAtomically(target, "x");
    QVERIFY(!status.ok());
    QVERIFY2(status.message().find("c.txt") != std::string::npos, status.message().c_str());
    QVERIFY(!fs::exists(target));
  }

  void temporaryKeepsExtension() {
    const fs::path temp = rm::temporarySibling("/x/y/shot.0001.png");
    QCOMPARE(temp.extension().string(), std::string(".png"));
    QCOMPARE(temp.parent_path().string(), std::string("/x/y"));
    QVERIFY(temp.filename().string() != "shot.0001.png");
  }

  // Orphans are the temporaries of dead processes of this host; a live writer's (this
  // process's) and another host's (shared farm storage) are kept, as are other files.
  void removesOnlyOrphanedTemporaries() {
    const fs::path dir(dir_->path().toStdString());
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    QVERIFY(child > 0);
    QCOMPARE(::waitpid(child, nullptr, 0), child);  // now a dead process id
    const std::string live = rm::temporarySibling(dir / "shot.mov").filename().string();
    // .shot.tmp-HOST-PID-N.mov: swap the process id for the dead child's, the host for another.
    const size_t pidAt = live.find('-', live.find(".tmp-") + 5) + 1;
    const size_t pidEnd = live.find('-', pidAt);
    const std::string dead = live.substr(0, pidAt) + std::to_string(child) + live.substr(pidEnd);
    const std::string otherHost = ".shot.tmp-otherhost" + live.substr(pidAt - 1);
    const std::string deadOtherHost =
        ".shot.tmp-otherhost-" + std::to_string(child) + live.substr(pidEnd);
    for (const std::string& name : {live, dead, otherHost, deadOtherHost, std::string("shot.mov"),
                                    std::string(".hidden-notes.txt")})
      std::ofstream(dir / name) << "x";
    QCOMPARE(rm::removeOrphanedTemporaries(dir), 1);
    QVERIFY(!fs::exists(dir / dead));
    for (const std::string& kept : {live, otherHost, deadOtherHost, std::string("shot.mov"),
                                    std::string(".hidden-notes.txt")})
      QVERIFY2(fs::exists(dir / kept), kept.c_str());
    QCOMPARE(rm::removeOrphanedTemporaries(dir / "missing"), 0);  // no folder: nothing, no throw
  }

 private:
  std::unique_ptr<QTemporaryDir> dir_;
};

QTEST_GUILESS_MAIN(AtomicFileTest)
#include "tst_atomic_file.moc"
