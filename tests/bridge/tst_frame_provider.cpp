// Background decoding: cache hits are immediate, a burst of requests ends on the last one.
#include <QSignalSpy>
#include <QtTest>
#include <map>
#include <mutex>

#include "FakeEngine.h"
#include "ui/model/FrameProvider.h"

using namespace rm::bridge;

namespace {
constexpr int kW = 48, kH = 32, kFrames = 40;

// The frame number is encoded in the red channel of every pixel.
int frameOf(const QImage& image) {
  return qRed(image.pixel(5, 5));
}

// Counts decodes per frame over all sources it makes (both workers of a provider).
struct DecodeLog {
  std::mutex mutex;
  std::map<int, int> decodes;
  int count(int frame) {
    std::lock_guard lock(mutex);
    return decodes[frame];
  }
};

class CountingSource : public rm::test::FakeFrameSource {
 public:
  CountingSource(int delayMs, std::shared_ptr<DecodeLog> log)
      : FakeFrameSource(kW, kH, kFrames, delayMs), log_(std::move(log)) {}
  rm::Expected<cv::Mat> readRgb8(int64_t index) override {
    {
      std::lock_guard lock(log_->mutex);
      ++log_->decodes[static_cast<int>(index)];
    }
    return FakeFrameSource::readRgb8(index);
  }

 private:
  std::shared_ptr<DecodeLog> log_;
};

SourceFactory countingSources(int delayMs, std::shared_ptr<DecodeLog> log) {
  return [delayMs, log](const rm::OpenOptions&) -> rm::Expected<std::unique_ptr<rm::FrameSource>> {
    return std::unique_ptr<rm::FrameSource>(std::make_unique<CountingSource>(delayMs, log));
  };
}

SourceFactory fakeSources(int delayMs, std::atomic<int>* opened = nullptr) {
  return
      [delayMs, opened](const rm::OpenOptions&) -> rm::Expected<std::unique_ptr<rm::FrameSource>> {
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

  void readAheadCachesTheNextFramesSilently_data() {
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("last");
    QTest::addColumn<QList<int>>("ahead");  // cached by the read-ahead
    QTest::addColumn<QList<int>>("notAhead");
    QTest::newRow("whole clip") << 3 << -1 << -1 << QList<int>{4, 5, 6, 7} << QList<int>{8, 2};
    QTest::newRow("loops over the range")
        << 11 << 10 << 12 << QList<int>{12, 10} << QList<int>{13, 9};
    QTest::newRow("stops at the clip end")
        << kFrames - 2 << -1 << -1 << QList<int>{kFrames - 1} << QList<int>{0};
  }
  void readAheadCachesTheNextFramesSilently() {
    QFETCH(int, from);
    QFETCH(int, first);
    QFETCH(int, last);
    QFETCH(QList<int>, ahead);
    QFETCH(QList<int>, notAhead);
    FrameProvider provider(fakeSources(5), 64 << 20);
    QSignalSpy ready(&provider, &FrameProvider::frameReady);
    provider.request(from);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 5000);
    provider.setReadAhead(4, first, last);
    for (int f : ahead)
      QTRY_VERIFY_WITH_TIMEOUT(provider.isCached(f), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(provider.readAheadDecoded(), int(ahead.size()), 5000);
    QTest::qWait(30);
    for (int f : notAhead)
      QVERIFY2(!provider.isCached(f), qPrintable(QString::number(f)));
    QCOMPARE(ready.count(), 1);  // read-ahead frames are cached, never announced
    const cv::Mat expected = rm::test::FakeFrameSource::expectedFrame(kW, kH, ahead.front());
    QCOMPARE(frameOf(provider.cachedFrame(ahead.front())), int(expected.at<cv::Vec3b>(5, 5)[0]));
  }

  void readAheadFollowsPlaybackAndStopsWhenOff() {
    FrameProvider provider(fakeSources(2), 64 << 20);
    QSignalSpy ready(&provider, &FrameProvider::frameReady);
    provider.setReadAhead(3);
    for (int f = 0; f < 6; ++f) {  // playing: each request moves the window
      provider.request(f);
      QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() && ready.last().at(0).toInt() == f, 5000);
    }
    QTRY_VERIFY_WITH_TIMEOUT(provider.isCached(8), 5000);
    provider.setReadAhead(0);
    provider.request(20);  // a scrub while stopped reads nothing ahead
    QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() && ready.last().at(0).toInt() == 20, 5000);
    QTest::qWait(40);
    QVERIFY(!provider.isCached(21));
  }

  void newestScrubWinsDuringReadAhead() {
    FrameProvider provider(fakeSources(12), 64 << 20);
    QSignalSpy ready(&provider, &FrameProvider::frameReady);
    provider.request(0);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 5000);
    provider.setReadAhead(6);
    QTest::qWait(30);  // the read-ahead is busy now
    for (int f = 0; f < 30; ++f)
      provider.request(f);
    QTRY_VERIFY_WITH_TIMEOUT(ready.last().at(0).toInt() == 29, 10000);
    const int shown = ready.count();
    QTest::qWait(200);  // read-ahead results keep arriving; none may be announced
    QCOMPARE(ready.count(), shown);
    QCOMPARE(ready.last().at(0).toInt(), 29);
    QCOMPARE(frameOf(ready.last().at(1).value<QImage>()), 29);
  }

  void requestForAFrameBeingReadAheadWaitsForIt() {
    auto log = std::make_shared<DecodeLog>();
    FrameProvider provider(countingSources(60, log), 64 << 20);
    QSignalSpy ready(&provider, &FrameProvider::frameReady);
    provider.request(0);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 5000);
    provider.setReadAhead(1);  // starts decoding frame 1 (60 ms)
    QTRY_COMPARE_WITH_TIMEOUT(log->count(1), 1, 5000);
    QVERIFY(!provider.request(1));  // in flight on the read-ahead
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 5000);
    QCOMPARE(ready.last().at(0).toInt(), 1);
    QCOMPARE(frameOf(ready.last().at(1).value<QImage>()), 1);
    QCOMPARE(log->count(1), 1);  // decoded once, by the read-ahead
  }

  void openFailureIsReported() {
    FrameProvider provider(
        [](const rm::OpenOptions&) -> rm::Expected<std::unique_ptr<rm::FrameSource>> {
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
