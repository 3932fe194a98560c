// Object layers (engine/segment/ObjectLayers.h) on a generated texture that moves 6 px right
// per frame: an object's shift is measured from the flow while it is shown whole, its extent
// moves with it, and once it is hidden the extent moves on with the last shift.
#include <QtTest>

#include <opencv2/imgproc.hpp>

#include "engine/segment/ObjectLayers.h"

namespace {

const cv::Size kSize(160, 96);
constexpr int kStep = 6;  // px per frame, rightwards

// A blob texture (a coarse-to-fine flow can follow it) moved `dx` px right.
cv::Mat texture(int dx) {
  cv::Mat coarse(kSize.height / 6 + 2, kSize.width / 6 + 8, CV_8UC1), big;
  cv::RNG(5).fill(coarse, cv::RNG::UNIFORM, 0, 255);
  cv::resize(coarse, big, {coarse.cols * 6, coarse.rows * 6}, 0, 0, cv::INTER_CUBIC);
  return big(cv::Rect({40 - dx, 0}, kSize)).clone();
}

cv::Mat square(int x) {
  cv::Mat m = cv::Mat::zeros(kSize, CV_8UC1);
  cv::rectangle(m, cv::Rect(x, 30, 30, 30), 255, cv::FILLED);
  return m;
}

double centreX(const cv::Mat& mask) {
  const cv::Moments m = cv::moments(mask, true);
  return m.m00 > 0 ? m.m10 / m.m00 : -1;
}

}  // namespace

class ObjectLayersTest : public QObject {
  Q_OBJECT
 private slots:
  void init() {
    motion_ = std::make_unique<rm::MotionPrior>(96, 2);
    motion_->reset(texture(0));
    layers_ = rm::ObjectLayers();
    layers_.reset({square(40)});
  }

  void wholeObjectMovesWithItsFlow() {
    motion_->advance(texture(kStep));
    layers_.predict(*motion_, {motion_->warp(square(40))});
    QVERIFY2(std::abs(layers_.shift(0).x + kStep) < 1.5,
             qPrintable(QString::number(layers_.shift(0).x)));
    QVERIFY(std::abs(layers_.shift(0).y) < 1.0);
    QVERIFY(std::abs(centreX(layers_.predictedExtent(0)) - (55 + kStep)) < 2.0);
    QVERIFY(!layers_.hidden(0));
  }

  void hiddenObjectMovesOnWithItsLastShift() {
    motion_->advance(texture(kStep));
    layers_.predict(*motion_, {motion_->warp(square(40))});
    layers_.update({cv::Mat::zeros(kSize, CV_8UC1)}, {900.0}, 0.7);  // wholly hidden now
    QVERIFY(layers_.hidden(0));
    // Nothing of it is carried any more; its extent still moves on by the last shift.
    const double before = centreX(layers_.predictedExtent(0));
    motion_->advance(texture(2 * kStep));
    layers_.predict(*motion_, {cv::Mat::zeros(kSize, CV_32FC1)});
    QVERIFY2(std::abs(centreX(layers_.predictedExtent(0)) - before - kStep) < 2.0,
             qPrintable(QString("%1 -> %2").arg(before).arg(centreX(layers_.predictedExtent(0)))));
  }

 private:
  std::unique_ptr<rm::MotionPrior> motion_;
  rm::ObjectLayers layers_;
};

QTEST_GUILESS_MAIN(ObjectLayersTest)
#include "tst_object_layers.moc"
