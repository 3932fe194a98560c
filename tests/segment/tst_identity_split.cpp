// splitIdentities on hand-built probability maps: look-alikes that both claim both objects
// are split by where each object's carried mask is; an object with no carried mask wins
// nothing; where carried masks overlap, matching probability decides, and where the objects'
// banks tell them apart (pose, scale), their likeness does.
#include <QtTest>

#include <opencv2/imgproc.hpp>

#include "engine/segment/IdentitySplit.h"

Q_DECLARE_METATYPE(cv::Rect)

namespace {

const cv::Size kSize(120, 60);

cv::Mat rectProb(cv::Rect r, float value) {
  cv::Mat m = cv::Mat::zeros(kSize, CV_32FC1);
  m(r).setTo(value);
  return m;
}

}  // namespace

class IdentitySplitTest : public QObject {
  Q_OBJECT
 private slots:
  void lookAlikesGoToTheNearestCarriedMask_data() {
    QTest::addColumn<cv::Rect>("carried1");
    QTest::addColumn<cv::Rect>("carried2");
    // Carried masks inside their objects, or lagging beside them (the flow under-estimates).
    QTest::newRow("inside") << cv::Rect(15, 20, 10, 10) << cv::Rect(85, 20, 10, 10);
    QTest::newRow("lagging") << cv::Rect(2, 20, 10, 10) << cv::Rect(100, 20, 15, 10);
  }
  void lookAlikesGoToTheNearestCarriedMask() {
    QFETCH(cv::Rect, carried1);
    QFETCH(cv::Rect, carried2);
    // Both objects' matching claims both blobs equally (look-alikes).
    const cv::Rect left(10, 15, 25, 25), right(80, 15, 25, 25);
    cv::Mat both = rectProb(left, 0.9f) + rectProb(right, 0.9f);
    std::vector<cv::Mat> probs{both.clone(), both.clone()};
    splitIdentitiesChecked(probs, {rectProb(carried1, 1), rectProb(carried2, 1)});
    QCOMPARE(cv::countNonZero(probs[0](left) != 0.9f), 0);
    QCOMPARE(cv::countNonZero(probs[0](right)), 0);
    QCOMPARE(cv::countNonZero(probs[1](right) != 0.9f), 0);
    QCOMPARE(cv::countNonZero(probs[1](left)), 0);
  }

  void objectWithoutCarriedMaskWinsNothing() {
    const cv::Mat p = rectProb({10, 10, 40, 40}, 0.8f);
    std::vector<cv::Mat> probs{p.clone(), p.clone() * 1.1};
    splitIdentitiesChecked(probs, {rectProb({20, 20, 5, 5}, 1), cv::Mat::zeros(kSize, CV_32FC1)});
    QCOMPARE(cv::countNonZero(probs[1]), 0);
    // The winner gets the largest probability any object had.
    QCOMPARE(probs[0].at<float>(30, 30), 0.88f);
  }

  void overlappingCarriedMasksFollowTheMatching() {
    // Object 1 is hidden behind object 2: both carried masks cover the same place, the
    // matching there says object 2.
    const cv::Rect place(40, 10, 30, 30);
    std::vector<cv::Mat> probs{rectProb(place, 0.3f), rectProb(place, 0.9f)};
    splitIdentitiesChecked(probs, {rectProb(place, 1), rectProb(place, 1)});
    QCOMPARE(cv::countNonZero(probs[0]), 0);
    QCOMPARE(cv::countNonZero(probs[1]), place.area());
  }

  void likenessOutweighsDistance_data() {
    QTest::addColumn<float>("likenessPx");
    QTest::addColumn<int>("winner");
    // Object 2 is 34 to 52 px farther from the blob than object 1; the blob is 0.1 less like
    // object 1.
    QTest::newRow("off: nearest wins") << 0.0f << 0;
    QTest::newRow("weak: nearest wins") << 100.0f << 0;
    QTest::newRow("strong: likeliest wins") << 1000.0f << 1;
  }
  void likenessOutweighsDistance() {
    QFETCH(float, likenessPx);
    QFETCH(int, winner);
    const cv::Rect blob(50, 20, 10, 10);
    std::vector<cv::Mat> probs{rectProb(blob, 0.9f), rectProb(blob, 0.9f)};
    const std::vector<cv::Mat> carried{rectProb({40, 20, 5, 10}, 1), rectProb({110, 20, 5, 10}, 1)};
    const std::vector<cv::Mat> likeness{rectProb(blob, -0.1f), cv::Mat::zeros(kSize, CV_32FC1)};
    splitIdentitiesChecked(probs, carried, likeness, likenessPx);
    QCOMPARE(cv::countNonZero(probs[size_t(winner)]), blob.area());
    QCOMPARE(cv::countNonZero(probs[size_t(1 - winner)]), 0);
  }

 private:
  static void splitIdentitiesChecked(std::vector<cv::Mat>& probs,
                                     const std::vector<cv::Mat>& carried,
                                     const std::vector<cv::Mat>& likeness = {},
                                     float likenessPx = 0) {
    rm::splitIdentities(probs, carried, 8, 0.4, likeness, likenessPx);
    // Every pixel keeps at most one owner.
    cv::Mat owners = cv::Mat::zeros(kSize, CV_8UC1);
    for (const cv::Mat& p : probs)
      owners += (p > 0) / 255;
    double most = 0;
    cv::minMaxLoc(owners, nullptr, &most);
    QVERIFY(most <= 1);
  }
};

QTEST_GUILESS_MAIN(IdentitySplitTest)
#include "tst_identity_split.moc"
