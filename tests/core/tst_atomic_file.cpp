#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <sstream>

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

 private:
  std::unique_ptr<QTemporaryDir> dir_;
};

QTEST_GUILESS_MAIN(AtomicFileTest)
#include "tst_atomic_file.moc"
