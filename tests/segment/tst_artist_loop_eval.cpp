// The two simulations of the artist's loop on a generated DAVIS-layout sequence (colour
// features, fast): scribbles rise to a sane IoU on the synthetic disc, and corrections add
// the worst frames as keyframes, recompute exactly the frames that depend on them and never
// score a keyframe.
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "SyntheticClip.h"
#include "engine/Engine.h"
#include "engine/media/MaskIO.h"
#include "engine/segment/CorrectionEval.h"
#include "engine/segment/ScribbleEval.h"
#include "engine/segment/SmartBrush.h"

namespace {

constexpr int kFrames = 12;

rm::SegmenterParams colourParams() {
  rm::SegmenterParams p;
  p.model = "colour";
  return p;
}

}  // namespace

class ArtistLoopEvalTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { rm::setComputeThreads(1); }  // once, as an executable's main does
  void init() {
    QVERIFY(dir_.isValid());
    root_ = dir_.path().toStdString();
    const rm::test::Clip clip = rm::test::makeClip(kFrames, {160, 112});
    const std::string images = root_ + "/JPEGImages/480p/disc";
    const std::string labels = root_ + "/Annotations/480p/disc";
    QVERIFY(QDir().mkpath(QString::fromStdString(images)));
    QVERIFY(QDir().mkpath(QString::fromStdString(labels)));
    for (int t = 0; t < kFrames; ++t) {
      char name[16];
      std::snprintf(name, sizeof name, "%05d", t);
      cv::Mat bgr;
      cv::cvtColor(clip.frames[size_t(t)], bgr, cv::COLOR_RGB2BGR);
      QVERIFY(cv::imwrite(images + "/" + name + ".png", bgr));
      QVERIFY(rm::writeLabelMap(labels + "/" + name + ".png", clip.labels[size_t(t)]));
    }
  }

  void scribblesReachTheObject() {
    auto brush = rm::SmartBrush::create(colourParams());
    QVERIFY(brush);
    rm::ScribbleEvalOptions options;
    options.scribbles = 3;
    auto score = rm::evaluateScribbles(**brush, root_, "disc", options);
    QVERIFY2(score, score ? "" : score.message().c_str());
    QCOMPARE(int(score->iou.size()), 3);
    QVERIFY(score->foreground[0]);  // an empty mask misses the object: foreground first
    QVERIFY2(score->iou.back() > 0.8, qPrintable(QString::number(score->iou.back())));
  }

  void correctionsAddWorstFramesAndRecomputeTheirSpans() {
    auto segmenter = rm::createSegmenter(colourParams());
    QVERIFY(segmenter);
    rm::CorrectionEvalOptions options;
    options.corrections = 2;
    auto score = rm::evaluateCorrections(**segmenter, root_, "disc", options);
    QVERIFY2(score, score ? "" : score.message().c_str());
    QCOMPARE(int(score->j.size()), 3);
    QCOMPARE(int(score->corrected.size()), 2);
    QCOMPARE(score->objects, 1);
    QVERIFY(score->corrected[0] != score->corrected[1]);
    // Round 0 fills every frame but the first; each correction recomputes the frames that
    // depend on it (both sides up to the neighbouring keyframes), never a keyframe.
    QCOMPARE(score->recomputed[0], int64_t(kFrames - 1));
    std::set<int64_t> keys{0};
    for (size_t i = 0; i < score->corrected.size(); ++i) {
      const int64_t k = score->corrected[i];
      QVERIFY(k > 0 && k < kFrames && !keys.count(k));
      keys.insert(k);
      std::set<int64_t> dependent =
          rm::framesInvalidatedBy(keys, k, 0, kFrames - 1, rm::Direction::Both);
      for (int64_t key : keys)
        dependent.erase(key);
      QCOMPARE(score->recomputed[i + 1], int64_t(dependent.size()));
    }
    for (double j : score->j)
      QVERIFY(j > 0.5 && j <= 1.0);
  }

  void missingSequenceNamesTheFolder() {
    auto segmenter = rm::createSegmenter(colourParams());
    QVERIFY(segmenter);
    auto score = rm::evaluateCorrections(**segmenter, root_, "nope");
    QVERIFY(!score);
    QVERIFY(QString::fromStdString(score.message()).contains("nope"));
  }

 private:
  QTemporaryDir dir_;
  std::string root_;
};

QTEST_GUILESS_MAIN(ArtistLoopEvalTest)
#include "tst_artist_loop_eval.moc"
