// DAVIS-2017-style multi-object scoring (ObjectScorer) against hand-computed values: a
// perfect frame, swapped identities, an object absent from both maps, a missed object, and
// the predicted/ground-truth area ratios per half of the shot.
#include <QtTest>

#include "engine/segment/DavisMeasures.h"
#include "engine/segment/ObjectScores.h"

namespace {

const cv::Size kSize(200, 100);  // boundary tolerance: ceil(0.008 * 223.6) = 2 px
const cv::Rect kLeft(20, 20, 40, 40), kRight(120, 20, 40, 40);

// Label map with `id` painted on each listed rectangle (later ones win).
cv::Mat labelMap(const std::vector<std::pair<int, cv::Rect>>& parts) {
  cv::Mat m = cv::Mat::zeros(kSize, CV_8UC1);
  for (const auto& [id, r] : parts)
    m(r).setTo(id);
  return m;
}

}  // namespace

class ObjectScoresTest : public QObject {
  Q_OBJECT
 private slots:
  void objectIdsAreTheNonZeroLabels() {
    const cv::Mat m = labelMap({{5, {0, 0, 3, 3}}, {1, {10, 10, 2, 2}}, {2, {30, 30, 1, 1}}});
    QCOMPARE(rm::objectIds(m), (std::vector<int>{1, 2, 5}));
    QVERIFY(rm::objectIds(cv::Mat::zeros(kSize, CV_8UC1)).empty());
  }

  void handComputedTwoObjectShot() {
    rm::ObjectScorer scorer({1, 2});
    // Frame 1: perfect.
    const cv::Mat truth = labelMap({{1, kLeft}, {2, kRight}});
    scorer.add(truth, truth, false);
    // Frame 2: the labels swapped (a look-alike took each identity): both objects score 0.
    scorer.add(labelMap({{2, kLeft}, {1, kRight}}), truth, false);
    // Frame 3: object 2 absent from both maps scores 1; object 1 predicted 1 px to the right:
    // J = 39*40 / (41*40), boundary within tolerance, F = 1.
    scorer.add(labelMap({{1, kLeft + cv::Point(1, 0)}}), labelMap({{1, kLeft}}), true);
    // Frame 4: object 2 missed (J = F = 0), object 1 perfect.
    scorer.add(labelMap({{1, kLeft}}), truth, true);
    QCOMPARE(scorer.frames(), int64_t(4));
    const std::vector<rm::ObjectScore> s = scorer.scores();
    QCOMPARE(s.size(), size_t(2));
    QCOMPARE(s[0].id, 1);
    QCOMPARE(s[0].j, (1.0 + 0.0 + 39.0 / 41.0 + 1.0) / 4);
    QCOMPARE(s[0].f, 0.75);
    QCOMPARE(s[1].id, 2);
    QCOMPARE(s[1].j, 0.5);
    QCOMPARE(s[1].f, 0.5);
    // Areas: object 1 always 1600 px against 1600; object 2 3200 vs 3200 in the first half,
    // 0 vs 1600 in the second.
    QCOMPARE(s[0].areaRatio, 1.0);
    QCOMPARE(s[1].areaRatioFirstHalf, 1.0);
    QCOMPARE(s[1].areaRatioSecondHalf, 0.0);
    QCOMPARE(s[1].areaRatio, 3200.0 / 4800.0);
  }

  void oneObjectMatchesTheSingleObjectMeasures() {
    // DAVIS-2016 masks read as label 1: scoring one object is the old per-frame mean.
    const cv::Mat truth = labelMap({{1, kLeft}});
    const cv::Mat a = labelMap({{1, {30, 20, 40, 40}}}), b = labelMap({{1, {20, 25, 60, 30}}});
    rm::ObjectScorer scorer({1});
    scorer.add(a, truth, false);
    scorer.add(b, truth, true);
    const rm::ObjectScore s = scorer.scores().at(0);
    QCOMPARE(s.j, (rm::jaccard(a, truth) + rm::jaccard(b, truth)) / 2);
    QCOMPARE(s.f, (rm::boundaryF(a, truth) + rm::boundaryF(b, truth)) / 2);
    QVERIFY(s.j > 0.3 && s.j < 0.9);  // neither frame is trivially 0 or 1
  }

  void halosShowAsAreaAboveOne() {
    rm::ObjectScorer scorer({1});
    const cv::Mat truth = labelMap({{1, kLeft}});
    scorer.add(truth, truth, false);
    scorer.add(labelMap({{1, {10, 10, 60, 60}}}), truth, true);  // 3600 px for 1600
    const rm::ObjectScore s = scorer.scores().at(0);
    QCOMPARE(s.areaRatioFirstHalf, 1.0);
    QCOMPARE(s.areaRatioSecondHalf, 3600.0 / 1600.0);
  }
};

QTEST_GUILESS_MAIN(ObjectScoresTest)
#include "tst_object_scores.moc"
