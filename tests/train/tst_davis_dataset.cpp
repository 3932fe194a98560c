// Training data loading: a DAVIS-layout folder made here on the fly loads at the asked size;
// broken layouts (no masks, frame/mask count mismatch, missing root, unknown sequence) are
// clear errors naming the folder, and `rotomatch-cli train` on them overwrites nothing.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "TinyModel.h"
#include "engine/media/MaskIO.h"
#include "engine/train/DavisDataset.h"

namespace fs = std::filesystem;

class DavisDatasetTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    root_ = fs::path(dir_->path().toStdString()) / "davis";
    writeSequence("square", 5, 5);
  }

  void loadsFramesAndMasksAtTheAskedHeight() {
    auto data = rm::train::loadDavisSequences(root_.string(), {}, 48);
    QVERIFY2(data.ok(), data.ok() ? "" : data.message().c_str());
    QCOMPARE(data->size(), size_t(1));
    const auto& seq = (*data)[0];
    QCOMPARE(seq.name, std::string("square"));
    QCOMPARE(seq.frames.size(), size_t(5));
    QCOMPARE(seq.masks.size(), size_t(5));
    QCOMPARE(seq.frames[0].rows, 48);
    QCOMPARE(seq.frames[0].cols, 72);  // 96x64 scaled to height 48
    QCOMPARE(seq.masks[2].size(), seq.frames[2].size());
    double lo = 0, hi = 0;
    cv::minMaxLoc(seq.masks[2], &lo, &hi);
    QCOMPARE(hi, 1.0);  // object pixels are 1, background 0
    QCOMPARE(lo, 0.0);
  }

  void brokenLayoutsAreClearErrors_data() {
    QTest::addColumn<int>("masks");
    QTest::addColumn<QString>("sequence");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no masks") << 0 << "broken"
                              << "has no masks in";
    QTest::newRow("fewer masks than frames") << 3 << "broken"
                                             << "but 3 masks";
    QTest::newRow("unknown sequence") << 5 << "nosuch"
                                      << "nosuch";
  }

  void brokenLayoutsAreClearErrors() {
    QFETCH(int, masks);
    QFETCH(QString, sequence);
    QFETCH(QString, expected);
    writeSequence("broken", 5, masks);
    auto data = rm::train::loadDavisSequences(root_.string(), {sequence.toStdString()}, 48);
    QVERIFY(!data.ok());
    QVERIFY2(QString::fromStdString(data.message()).contains(expected), data.message().c_str());
    QVERIFY2(QString::fromStdString(data.message()).contains(sequence), data.message().c_str());
  }

  void missingRootNamesIt() {
    auto data = rm::train::loadDavisSequences((root_ / "gone").string(), {}, 48);
    QVERIFY(!data.ok());
    QVERIFY2(QString::fromStdString(data.message()).contains("gone"), data.message().c_str());
  }

  void cliTrainOnBrokenDataOverwritesNothing() {
    const QString cli = qEnvironmentVariable("ROTOMATCH_BIN_DIR") + "/rotomatch-cli";
    if (!QFile::exists(cli)) QSKIP("rotomatch-cli is not built");
    writeSequence("broken", 5, 3);
    const fs::path model = fs::path(dir_->path().toStdString()) / "init.pt";
    testing::saveTinyModel(model.string());
    const fs::path out = fs::path(dir_->path().toStdString()) / "out.pt";
    { std::ofstream(out) << "previous model"; }
    QProcess p;
    p.start(cli, {"train", "--dataset", QString::fromStdString(root_.string()), "--sequences",
                  "broken", "--init", QString::fromStdString(model.string()), "--out",
                  QString::fromStdString(out.string()), "--iterations", "2", "--size", "64x48"});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY(p.exitCode() != 0);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains("broken") && err.contains("masks"), qPrintable(err));
    std::ifstream in(out);
    std::string kept;
    std::getline(in, kept);
    QCOMPARE(kept, std::string("previous model"));
    QVERIFY(!fs::exists(out.string() + ".ckpt"));
  }

 private:
  // `frames` JPEG frames of a square moving over noise and the first `masks` of its masks.
  void writeSequence(const std::string& name, int frames, int masks) {
    const fs::path images = root_ / "JPEGImages" / "480p" / name;
    const fs::path annotations = root_ / "Annotations" / "480p" / name;
    fs::create_directories(images);
    fs::create_directories(annotations);
    const auto seq = testing::tinySequence(frames, 96, 64, 4);
    for (int i = 0; i < frames; ++i) {
      char file[16];
      std::snprintf(file, sizeof file, "%05d", i);
      cv::Mat bgr;
      cv::cvtColor(seq.frames[i], bgr, cv::COLOR_RGB2BGR);
      QVERIFY(cv::imwrite((images / (std::string(file) + ".jpg")).string(), bgr));
      if (i < masks)
        QVERIFY(
            rm::writeLabelMap((annotations / (std::string(file) + ".png")).string(), seq.masks[i])
                .ok());
    }
  }

  std::unique_ptr<QTemporaryDir> dir_;
  fs::path root_;
};

QTEST_GUILESS_MAIN(DavisDatasetTest)
#include "tst_davis_dataset.moc"
