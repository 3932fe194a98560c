// Background decoding: cache hits are immediate, a burst of requests ends on the last one.
#include <QSignalSpy>
#include <QtTest>

#include "FakeEngine.h"
#include "app/bridge/FrameProvider.h"

using namespace rm::bridge;

namespace {
constexpr int kW = 48, kH = 32, kFrames = 40;

// The frame number is encoded in the red channel of every pixel.
int frameOf(const QImage& image) {
  return qRed(image.pixel(5, 5));
}

SourceFactory fakeSources(int delayMs, std::atomic<int>* opened = nullptr) {
  return [delayMs, opened]() -> rm::Expected<std::unique_ptr<rm::FrameSource>> {
    if (opened) ++*opened;
    return std::unique_ptr<rm::FrameSource>(
        std::make_unique<rm::test::FakeFrameSource>(kW, kH, kFrames, delayMs));
  };
}
}  // namespace

class FrameProviderTest : public QObject {
  Q_OBJECT
 private slots:
  void uncachedFrameArrivesDecodedCorrectly() {
    FrameProvider provider(fakeSources(0), 64 << 20);
    QSignalSpy ready(&provider, &FrameProvider::frameReady);
    QVERIFY(!provider.request(7));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 5000);
    QCOMPARE(ready.at(0).at(0).toInt(), 7);
    const QImage image = ready.at(0).at(1).value<QImage>();
    QCOMPARE(image.size(), QSize(kW, kH));
    const cv::Mat expected = rm::test::FakeFrameSource::expectedFrame(kW, kH, 7);
    for (int y : {0, 13, kH - 1})
      for (int x : {0, 21, kW - 1}) {
        const cv::Vec3b e = expected.at<cv::Vec3b>(y, x);
        QCOMPARE(image.pixel(x, y), qRgb(e[0], e[1], e[2]));
      }
  }

  void cachedFrameIsServedSynchronously() {
    FrameProvider provider(fakeSources(0), 64 << 20);
    QSignalSpy ready(&provider, &FrameProvider::frameReady);
    provider.request(3);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 5000);
    QVERIFY(provider.isCached(3));
    QVERIFY(provider.request(3));
    QCOMPARE(ready.count(), 2);  // emitted before request() returned
    QCOMPARE(frameOf(ready.at(1).at(1).value<QImage>()), 3);
  }

  void burstEndsOnLastRequest_data() {
    QTest::addColumn<int>("decodeDelayMs");
    QTest::newRow("fast decode") << 0;
    QTest::newRow("slow decode") << 15;
  }
  void burstEndsOnLastRequest() {
    QFETCH(int, decodeDelayMs);
    FrameProvider provider(fakeSources(decodeDelayMs), 64 << 20);
    QSignalSpy ready(&provider, &FrameProvider::frameReady);
    for (int f = 0; f < 30; ++f)
      provider.request(f);
    QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() && ready.last().at(0).toInt() == 29, 10000);
    QTest::qWait(3 * decodeDelayMs + 50);  // nothing older may arrive afterwards
    QCOMPARE(ready.last().at(0).toInt(), 29);
    QCOMPARE(frameOf(ready.last().at(1).value<QImage>()), 29);
    // Superseded requests are never announced: only the newest one is shown.
    QCOMPARE(ready.count(), 1);
  }

  void cacheHitSupersedesPendingDecode() {
    FrameProvider provider(fakeSources(30), 64 << 20);
    QSignalSpy ready(&provider, &FrameProvider::frameReady);
    provider.request(1);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 5000);
    provider.request(2);  // slow decode starts
    provider.request(1);  // cached: shown now, and 2 must not replace it later
    QCOMPARE(ready.count(), 2);
    QTest::qWait(150);
    QCOMPARE(ready.count(), 2);
    QCOMPARE(ready.last().at(0).toInt(), 1);
  }

  void openFailureIsReported() {
    FrameProvider provider(
        []() -> rm::Expected<std::unique_ptr<rm::FrameSource>> {
          return rm::makeError("cannot open /missing/clip.mov");
        },
        1 << 20);
    QSignalSpy failed(&provider, &FrameProvider::frameFailed);
    provider.request(0);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
    QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("/missing/clip.mov")));
  }

  void sourceIsOpenedOnceOnTheWorker() {
    std::atomic<int> opened{0};
    FrameProvider provider(fakeSources(0, &opened), 64 << 20);
    QSignalSpy ready(&provider, &FrameProvider::frameReady);
    for (int f : {1, 2, 3}) {
      provider.request(f);
      QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() && ready.last().at(0).toInt() == f, 5000);
    }
    QCOMPARE(opened.load(), 1);
  }
};

QTEST_MAIN(FrameProviderTest)
#include "tst_frame_provider.moc"
