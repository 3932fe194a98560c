// Where a fine-tuned model lives and that propagation uses it: kept before the first save in
// a temp folder and moved into the project folder by the save, picked up again when the
// project is reopened, copied on Save As, removed on revert; and the EngineController's next
// run creates its segmenter with the tuned model's path (the configured one after a revert).
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "FakeEngine.h"
#include "ui/model/DocumentLoader.h"
#include "ui/model/EngineController.h"
#include "ui/model/TunedModelStore.h"

using namespace rm::bridge;

namespace {
constexpr int kW = 40, kH = 30, kFrames = 12;

// Stands in for a model written by a fine-tuning run.
void writeModel(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(bytes);
}

QByteArray contents(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
}  // namespace

class TunedModelTest : public QObject {
  Q_OBJECT
 private slots:
  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    project_ = dir_->filePath(QStringLiteral("shot.rotomatch"));
    QVERIFY(QDir().mkpath(project_));
    store_ = std::make_unique<TunedModelStore>();
  }
  void cleanup() {
    store_.reset();
    dir_.reset();
  }

  void unsavedModelMovesIntoProjectOnSave() {
    const QString candidate = store_->candidatePath();
    QVERIFY(!candidate.startsWith(project_));
    writeModel(candidate, "tuned-1");
    QVERIFY(store_->adopt(candidate).ok());
    QCOMPARE(store_->activePath(), candidate);
    QVERIFY(store_->saveTo(project_).ok());
    const QString stored = QDir(project_).filePath(TunedModelStore::fileName());
    QCOMPARE(store_->activePath(), stored);
    QCOMPARE(contents(stored), QByteArray("tuned-1"));
    QVERIFY(!QFile::exists(candidate));  // moved, not copied
    // Nothing but the model is left in the project folder: no temporary copy.
    QCOMPARE(QDir(project_).entryList(QDir::Files | QDir::Hidden),
             QStringList{TunedModelStore::fileName()});

    TunedModelStore reopened;  // a later session opening the project
    reopened.openProject(project_);
    QCOMPARE(reopened.activePath(), stored);
  }

  void savedProjectStoresModelAtOnce() {
    store_->openProject(project_);
    QVERIFY(!store_->inUse());
    const QString candidate = store_->candidatePath();
    writeModel(candidate, "tuned-2");
    QVERIFY(store_->adopt(candidate).ok());
    const QString stored = QDir(project_).filePath(TunedModelStore::fileName());
    QCOMPARE(store_->activePath(), stored);
    QCOMPARE(contents(stored), QByteArray("tuned-2"));
    // Save As elsewhere copies it; the original project keeps its own.
    const QString other = dir_->filePath(QStringLiteral("copy.rotomatch"));
    QVERIFY(QDir().mkpath(other));
    QVERIFY(store_->saveTo(other).ok());
    QCOMPARE(store_->activePath(), QDir(other).filePath(TunedModelStore::fileName()));
    QCOMPARE(contents(store_->activePath()), QByteArray("tuned-2"));
    QCOMPARE(QDir(other).entryList(QDir::Files | QDir::Hidden),
             QStringList{TunedModelStore::fileName()});  // the copy left no temporary file
    QVERIFY(QFile::exists(stored));
  }

  void revertRemovesModelAndSaveClearsStaleOne() {
    store_->openProject(project_);
    const QString candidate = store_->candidatePath();
    writeModel(candidate, "tuned-3");
    QVERIFY(store_->adopt(candidate).ok());
    const QString stored = store_->activePath();
    QVERIFY(store_->revert().ok());
    QVERIFY(!store_->inUse());
    QVERIFY(!QFile::exists(stored));
    // A tuned file left in a folder the project is saved over is not in use: removed.
    writeModel(stored, "stale");
    QVERIFY(store_->saveTo(project_).ok());
    QVERIFY(!QFile::exists(stored));
    store_->openProject(project_);
    QVERIFY(!store_->inUse());
  }

  void nextPropagationUsesTunedModel_data() {
    QTest::addColumn<bool>("tuned");
    QTest::newRow("tuned model in use") << true;
    QTest::newRow("reverted to default") << false;
  }
  void nextPropagationUsesTunedModel() {
    QFETCH(bool, tuned);
    Document doc;
    doc.reset(QStringLiteral("fake://clip"), QSize(kW, kH), kFrames, 25.0);
    const int id = doc.addInstance();
    DocumentLoader(&doc).setMask(2, cv::Mat(kH, kW, CV_8UC1, cv::Scalar(id)), FrameState::Keyframe);
    auto log = std::make_shared<rm::test::FakeSegmenter::Log>();
    auto sources = [](const rm::OpenOptions&) -> rm::Expected<std::unique_ptr<rm::FrameSource>> {
      return std::unique_ptr<rm::FrameSource>(
          std::make_unique<rm::test::FakeFrameSource>(kW, kH, kFrames));
    };
    std::vector<std::string> created;  // model of each segmenter the engine created
    auto creator =
        [&](const rm::SegmenterParams& p) -> rm::Expected<std::unique_ptr<rm::Segmenter>> {
      created.push_back(p.model);  // the worker thread is joined before it is read
      return std::unique_ptr<rm::Segmenter>(std::make_unique<rm::test::FakeSegmenter>(log, 0));
    };
    rm::SegmenterParams params;
    params.model = "/models/configured.pt";
    EngineController engine(&doc, sources, tunedSegmenterFactory(params, {}, creator));

    const QString candidate = store_->candidatePath();
    writeModel(candidate, "tuned");
    QVERIFY(store_->adopt(candidate).ok());
    if (!tuned) QVERIFY(store_->revert().ok());
    // What MainWindow does when the choice changes.
    engine.setSegmenterFactory(tunedSegmenterFactory(params, store_->activePath(), creator));
    QSignalSpy finished(&engine, &EngineController::finished);
    QString error;
    QVERIFY2(engine.propagate(rm::Direction::Both, -1, -1, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QVERIFY(finished.first().at(0).toBool());
    QCOMPARE(created.size(), size_t(1));
    QCOMPARE(QString::fromStdString(created.front()),
             tuned ? candidate : QStringLiteral("/models/configured.pt"));
    QCOMPARE(doc.state(5), FrameState::Propagated);
  }

 private:
  std::unique_ptr<QTemporaryDir> dir_;
  QString project_;
  std::unique_ptr<TunedModelStore> store_;
};

QTEST_GUILESS_MAIN(TunedModelTest)
#include "tst_tuned_model.moc"
