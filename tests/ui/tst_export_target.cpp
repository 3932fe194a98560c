// The GUI's export target check (bridge::prepareExportTarget with ui::askOverwrite): an
// empty target asks nothing; an earlier export's files are replaced only after the artist
// answers Overwrite (Cancel removes nothing); the source clip, its sequence or a mask of
// the open project is refused without a question. The real QMessageBox is answered by a
// ModalDriver.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "ModalDriver.h"
#include "ui/model/ExportTarget.h"
#include "ui/widgets/OverwriteQuestion.h"

using rm::test::ModalDriver;

namespace {
enum Answer { NoQuestion, Overwrite, Cancel };
enum Outcome { Ready, Declined, Refused };

// Files every row starts from: a movie clip, an image sequence, a project with a mask, an
// alpha layer and an earlier export saved in its folder, an earlier PNG export beside an
// unrelated file, an earlier ProRes export.
const QStringList kFixture = {
    "clip.mov",           "seq/shot.0000.png",     "seq/shot.0001.png",
    "proj/project.json",  "proj/masks/000000.png", "out/matte.0000.png",
    "out/matte.0001.png", "out/matte.0002.png",    "out/notes.txt",
    "movie/matte.mov",    "proj/matte.0000.png",   "proj/alpha/000000_001.png"};
}  // namespace

class ExportTargetTest : public QObject {
  Q_OBJECT
 private slots:
  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    for (const QString& name : kFixture) {
      QVERIFY(QDir().mkpath(QFileInfo(path(name)).absolutePath()));
      QFile file(path(name));
      QVERIFY(file.open(QIODevice::WriteOnly));
      file.write(name.toUtf8());  // each file's content is its name: changes show
    }
  }

  void prepare_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("source");  // the document's clip
    QTest::addColumn<QString>("target");
    QTest::addColumn<int>("answer");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<QStringList>("removed");  // every other fixture file stays as it was

    QTest::newRow("empty target") << "png8"
                                  << "clip.mov"
                                  << "fresh/matte.%04d.png" << int(NoQuestion) << int(Ready)
                                  << QStringList();
    QTest::newRow("earlier sequence, Overwrite")
        << "png8"
        << "clip.mov"
        << "out/matte.%04d.png" << int(Overwrite) << int(Ready)
        << QStringList{"out/matte.0000.png", "out/matte.0001.png", "out/matte.0002.png"};
    QTest::newRow("earlier sequence, Cancel")
        << "png8"
        << "clip.mov"
        << "out/matte.%04d.png" << int(Cancel) << int(Declined) << QStringList();
    QTest::newRow("earlier movie, Overwrite")
        << "prores4444"
        << "clip.mov"
        << "movie/matte.mov" << int(Overwrite) << int(Ready) << QStringList{"movie/matte.mov"};
    QTest::newRow("earlier movie, Cancel")
        << "prores4444"
        << "clip.mov"
        << "movie/matte.mov" << int(Cancel) << int(Declined) << QStringList();
    QTest::newRow("target is the source clip")
        << "prores4444"
        << "clip.mov"
        << "clip.mov" << int(NoQuestion) << int(Refused) << QStringList();
    QTest::newRow("target is the source sequence")
        << "png8"
        << "seq/shot.%04d.png"
        << "seq/shot.%04d.png" << int(NoQuestion) << int(Refused) << QStringList();
    QTest::newRow("earlier export in the project folder, Overwrite")
        << "png8"
        << "clip.mov"
        << "proj/matte.%04d.png" << int(Overwrite) << int(Ready)
        << QStringList{"proj/matte.0000.png"};
    QTest::newRow("target is a project alpha layer")
        << "png8"
        << "clip.mov"
        << "proj/alpha/%06d_001.png" << int(NoQuestion) << int(Refused) << QStringList();
    QTest::newRow("target is a project mask")
        << "label"
        << "clip.mov"
        << "proj/masks/%06d.png" << int(NoQuestion) << int(Refused) << QStringList();
  }

  void prepare() {
    QFETCH(QString, format);
    QFETCH(QString, source);
    QFETCH(QString, target);
    QFETCH(int, answer);
    QFETCH(int, outcome);
    QFETCH(QStringList, removed);

    rm::bridge::Document doc;
    doc.reset(path(source), QSize(8, 8), 3, 24.0);
    rm::MatteWriterOptions options;
    options.format = rm::parseMatteFormat(format.toStdString()).value();
    options.outPath = path(target).toStdString();

    ModalDriver driver;
    if (answer != NoQuestion)
      driver.expect(
          QStringLiteral("Overwrite"),
          ModalDriver::click(answer == Overwrite ? QMessageBox::Yes : QMessageBox::Cancel));
    const auto ready = rm::bridge::prepareExportTarget(
        options, 3, rm::bridge::exportInputs(doc, path(QStringLiteral("proj"))),
        [](const QString& out, const QStringList& present) {
          return rm::ui::askOverwrite(nullptr, out, present);
        });
    QVERIFY2(driver.failure().isEmpty(), qPrintable(driver.failure()));
    QVERIFY(driver.allAnswered());
    if (answer != NoQuestion)  // the question names the target
      QVERIFY2(driver.texts().value(0).contains(path(target)), qPrintable(driver.texts().value(0)));

    QCOMPARE(ready.ok(), outcome != Refused);
    if (outcome == Refused)  // the message names the input it would have overwritten
      QVERIFY2(QString::fromStdString(ready.message()).contains(QDir(dir_->path()).path()) &&
                   QString::fromStdString(ready.message()).contains(QStringLiteral("input")),
               ready.message().c_str());
    else
      QCOMPARE(*ready, outcome == Ready);

    for (const QString& name : kFixture) {
      QFile file(path(name));
      if (removed.contains(name)) {
        QVERIFY2(!file.exists(), qPrintable(name + " should be removed"));
        continue;
      }
      QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(name + " should stay"));
      QCOMPARE(file.readAll(), name.toUtf8());
    }
  }

 private:
  QString path(const QString& name) const { return dir_->filePath(name); }
  std::unique_ptr<QTemporaryDir> dir_;
};

QTEST_MAIN(ExportTargetTest)
#include "tst_export_target.moc"
