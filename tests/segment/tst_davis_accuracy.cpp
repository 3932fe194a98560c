// End-to-end accuracy on one real DAVIS sequence with colour features (no model needed),
// through the same evaluation code as `rotomatch-cli eval`. Skips when ../shared/datasets
// is absent.
#include <QtTest>
#include <filesystem>

#include "engine/Engine.h"
#include "engine/segment/DavisEval.h"

namespace fs = std::filesystem;

class DavisAccuracyTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { rm::setComputeThreads(2); }  // once, as an executable's main does
  void blackswanWithColourFeatures() {
    const fs::path root = fs::path(ROTOMATCH_SHARED_DIR) / "datasets" / "davis2016-val-dev";
    if (!fs::is_directory(root / "JPEGImages" / "480p" / "blackswan"))
      QSKIP("../shared/datasets/davis2016-val-dev is not available");
    rm::SegmenterParams params;
    params.model = "colour";
    params.threads = 2;
    auto segmenter = rm::createSegmenter(params);
    QVERIFY2(segmenter.ok(), segmenter.ok() ? "" : segmenter.message().c_str());
    rm::DavisEvalOptions options;
    options.maxFrames = 25;  // half the clip keeps the test short
    auto score = rm::evaluateDavisSequence(**segmenter, root.string(), "blackswan", options);
    QVERIFY2(score.ok(), score.ok() ? "" : score.message().c_str());
    QCOMPARE(score->frames, int64_t(24));
    qInfo("blackswan frames 1-24, colour features, default preset: mean J = %.3f F = %.3f",
          score->j, score->f);
    // Colour features score ~0.9 here; a broken pipeline falls far below.
    QVERIFY2(score->j > 0.75, qPrintable(QString::number(score->j)));
  }

  void missingSequenceIsNamed() {
    const fs::path root = fs::path(ROTOMATCH_SHARED_DIR) / "datasets" / "davis2016-val-dev";
    if (!fs::is_directory(root)) QSKIP("../shared/datasets/davis2016-val-dev is not available");
    rm::SegmenterParams params;
    params.model = "colour";
    auto segmenter = rm::createSegmenter(params);
    QVERIFY(segmenter.ok());
    auto score = rm::evaluateDavisSequence(**segmenter, root.string(), "no-such-sequence");
    QVERIFY(!score.ok());
    QVERIFY2(QString::fromStdString(score.message()).contains("no-such-sequence"),
             score.message().c_str());
  }
};

QTEST_GUILESS_MAIN(DavisAccuracyTest)
#include "tst_davis_accuracy.moc"
