// splitIdentities on hand-built probability maps: look-alikes that both claim both objects
// are split by where each object's carried mask is; an object with no carried mask wins
// nothing; where carried masks overlap, matching probability decides.
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

 private:
  static void splitIdentitiesChecked(std::vector<cv::Mat>& probs,
                                     const std::vector<cv::Mat>& carried) {
    rm::splitIdentities(probs, carried, 8, 0.4);
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
