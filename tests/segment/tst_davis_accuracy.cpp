// End-to-end accuracy on one real DAVIS sequence with colour features (no model needed).
// Skips when ../shared/datasets is absent.
#include <QtTest>
#include <filesystem>

#include "engine/media/FrameSource.h"
#include "engine/media/MaskIO.h"
#include "engine/segment/DavisMeasures.h"
#include "engine/segment/Segmenter.h"

namespace fs = std::filesystem;

class DavisAccuracyTest : public QObject {
  Q_OBJECT
 private slots:
  void blackswanWithColourFeatures() {
    const fs::path root = fs::path(ROTOMATCH_SHARED_DIR) / "datasets" / "davis2016-val-dev";
    const fs::path images = root / "JPEGImages" / "480p" / "blackswan";
    if (!fs::is_directory(images)) QSKIP("../shared/datasets/davis2016-val-dev is not available");
    auto source = rm::openFrameSource(images.string());
    QVERIFY2(source.ok(), source.ok() ? "" : source.message().c_str());
    const fs::path truthDir = root / "Annotations" / "480p" / "blackswan";
    auto truth = [&](int64_t t) {
      return rm::readLabelMap((truthDir / ((*source)->frameName(t) + ".png")).string());
    };
    rm::PropagationRequest request;
    auto first = truth(0);
    QVERIFY(first.ok());
    request.keyframes[0] = *first;
    request.last = 24;  // half the clip keeps the test short
    rm::SegmenterParams params;
    params.model = "color";
    params.threads = 2;
    auto segmenter = rm::createSegmenter(params);
    QVERIFY(segmenter.ok());
    double sumJ = 0;
    int frames = 0;
    rm::PropagationCallbacks callbacks;
    callbacks.onFrame = [&](const rm::FrameMasks& m) {
      auto t = truth(m.frame);
      if (!t) return false;
      sumJ += rm::jaccard(m.labels, *t);
      ++frames;
      return true;
    };
    const rm::Status status = (*segmenter)->propagate(**source, request, callbacks);
    QVERIFY2(status.ok(), status.message().c_str());
    QCOMPARE(frames, 24);
    const double meanJ = sumJ / frames;
    qInfo("blackswan frames 1-24, colour features, default preset: mean J = %.3f", meanJ);
    // Colour features score ~0.9 here; a broken pipeline falls far below.
    QVERIFY2(meanJ > 0.75, qPrintable(QString::number(meanJ)));
  }
};

QTEST_GUILESS_MAIN(DavisAccuracyTest)
#include "tst_davis_accuracy.moc"
