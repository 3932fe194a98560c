// FrameCache: pixels equal the uncached reader's, the byte bound and LRU order hold,
// forward playback is read ahead on a worker thread, concurrent readers are safe.
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <filesystem>
#include <random>
#include <thread>

#include <opencv2/core.hpp>

#include "ClipMaker.h"
#include "engine/media/FrameCache.h"
#include "engine/media/LibavPtr.h"

namespace fs = std::filesystem;

namespace {
bool same(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}
}  // namespace

class FrameCacheTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    av_log_set_level(AV_LOG_ERROR);
    dir_ = std::make_unique<QTemporaryDir>();
    path_ = (fs::path(dir_->path().toStdString()) / "clip.mp4").string();
    rm::test::ClipSpec spec;
    spec.frames = 40;
    spec.gop = 10;
    QVERIFY(rm::test::makeClip(path_, spec).ok());
    auto source = rm::openFrameSource(path_);
    QVERIFY(source.ok());
    for (int i = 0; i < spec.frames; ++i)
      reference_.push_back(*(*source)->readRgb8(i));
    frameBytes_ = reference_[0].total() * reference_[0].elemSize();
  }

  void cachedPixelsMatchAndHitsCount() {
    auto cache = rm::FrameCache::open(path_, {size_t(64) << 20, 0});
    QVERIFY(cache.ok());
    for (int i : {5, 2, 5, 2, 39}) {
      auto frame = (*cache)->readRgb8(i);
      QVERIFY(frame.ok());
      QVERIFY(same(*frame, reference_[static_cast<size_t>(i)]));
    }
    QCOMPARE((*cache)->stats().hits, int64_t(2));
    QCOMPARE((*cache)->stats().misses, int64_t(3));
    auto wide = (*cache)->readRgb16(5);
    QVERIFY(wide.ok());
    QCOMPARE(wide->type(), CV_16UC3);
    QVERIFY((*cache)->contains(5, true));
    QVERIFY(!(*cache)->readRgb8(40).ok());
  }

  void boundedByBytesInLruOrder() {
    auto cache = rm::FrameCache::open(path_, {3 * frameBytes_, 0});
    QVERIFY(cache.ok());
    for (int i = 0; i < 10; ++i)
      QVERIFY((*cache)->readRgb8(i).ok());
    rm::FrameCacheStats s = (*cache)->stats();
    QCOMPARE(s.frames, size_t(3));
    QVERIFY(s.bytes <= 3 * frameBytes_);
    QVERIFY((*cache)->contains(9) && (*cache)->contains(8) && (*cache)->contains(7));
    QVERIFY((*cache)->readRgb8(7).ok());  // 7 becomes most recent, 8 is now the oldest
    QVERIFY((*cache)->readRgb8(20).ok());
    QVERIFY((*cache)->contains(7) && !(*cache)->contains(8));
    (*cache)->setCapacityBytes(frameBytes_);
    QCOMPARE((*cache)->stats().frames, size_t(1));
    QVERIFY((*cache)->contains(20));
  }

  void readsAheadWhilePlayingForward() {
    auto cache = rm::FrameCache::open(path_, {size_t(64) << 20, 6});
    QVERIFY(cache.ok());
    for (int i = 10; i < 13; ++i)
      QVERIFY((*cache)->readRgb8(i).ok());
    // 13..18 are decoded in the background.
    QTRY_VERIFY_WITH_TIMEOUT((*cache)->contains(18), 10000);
    QVERIFY((*cache)->stats().readAheadDecoded >= 1);
    const int64_t missesBefore = (*cache)->stats().misses;
    for (int i = 13; i < 19; ++i) {
      auto frame = (*cache)->readRgb8(i);
      QVERIFY(frame.ok());
      QVERIFY(same(*frame, reference_[static_cast<size_t>(i)]));
    }
    QCOMPARE((*cache)->stats().misses, missesBefore);
    QVERIFY(!(*cache)->contains(30));  // nothing read beyond the window
  }

  void concurrentReadersAgree() {
    auto cache = rm::FrameCache::open(path_, {8 * frameBytes_, 4});
    QVERIFY(cache.ok());
    std::atomic<int> mismatches{0}, failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        std::mt19937 rng(static_cast<unsigned>(t));
        for (int n = 0; n < 40; ++n) {
          const int i = t == 0 ? n : static_cast<int>(rng() % 40);  // one thread plays forward
          auto frame = (*cache)->readRgb8(i);
          if (!frame.ok())
            ++failures;
          else if (!same(*frame, reference_[static_cast<size_t>(i)]))
            ++mismatches;
        }
      });
    for (auto& th : threads)
      th.join();
    QCOMPARE(failures.load(), 0);
    QCOMPARE(mismatches.load(), 0);
    QVERIFY((*cache)->stats().bytes <= 8 * frameBytes_);
  }

  void destroysWhileReadingAhead() {
    for (int round = 0; round < 3; ++round) {
      auto cache = rm::FrameCache::open(path_, {size_t(64) << 20, 30});
      QVERIFY(cache.ok());
      QVERIFY((*cache)->readRgb8(0).ok());
      QVERIFY((*cache)->readRgb8(1).ok());
    }  // the worker is stopped and joined mid-window
  }

 private:
  std::unique_ptr<QTemporaryDir> dir_;
  std::string path_;
  std::vector<cv::Mat> reference_;
  size_t frameBytes_ = 0;
};

QTEST_GUILESS_MAIN(FrameCacheTest)
#include "tst_frame_cache.moc"
