// bench_ui: responsiveness of the workstation at 1920x1080, printed (not asserted).
//  - scrub latency: request -> frame with overlay painted, cached and uncached;
//  - longest GUI-thread stall while a propagation streams results in.
// Usage: bench_ui [clip]   (default: a generated 1080p source; with a clip, its frames)
#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <numeric>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "FakeEngine.h"
#include "ui/MainWindow.h"
#include "ui/TimelineWidget.h"
#include "ui/ViewerWidget.h"

namespace {
struct Stats {
  double median = 0, p95 = 0, max = 0;
};
Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  if (v.empty()) return {};
  return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)], v.back()};
}
void print(const char* what, const Stats& s) {
  std::printf("%-44s median %7.2f ms   p95 %7.2f ms   max %7.2f ms\n", what, s.median, s.p95,
              s.max);
}
}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QStandardPaths::setTestModeEnabled(true);
  const QString clip = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
  int width = 1920, height = 1080, frames = 120;
  rm::ui::MainWindow window;
  if (clip.isEmpty()) {
    window.setSourceFactoryMaker([&](const QString&) -> rm::bridge::SourceFactory {
      return [=]() -> rm::Expected<std::unique_ptr<rm::FrameSource>> {
        return std::unique_ptr<rm::FrameSource>(
            std::make_unique<rm::test::FakeFrameSource>(width, height, frames));
      };
    });
    window.startShot(QStringLiteral("generated"), QSize(width, height), frames, 25.0);
  } else if (!window.openClip(clip)) {
    std::fprintf(stderr, "bench_ui: cannot open %s\n", qPrintable(clip));
    return 1;
  }
  rm::bridge::Document* doc = window.document();
  width = doc->frameSize().width();
  height = doc->frameSize().height();
  frames = std::min(doc->frameCount(), 120);
  std::printf("bench_ui: %s, %dx%d, %d frames\n",
              clip.isEmpty() ? "generated source" : qPrintable(clip), width, height, frames);
  window.resize(1600, 1000);
  window.show();
  if (!QTest::qWaitForWindowExposed(&window)) return 1;
  if (doc->instances().isEmpty()) doc->addInstance();
  const int second = doc->addInstance();
  // Two large painted objects on every frame so the overlay has real work to do.
  for (int f = 0; f < frames; ++f) {
    cv::Mat labels(height, width, CV_8UC1, cv::Scalar(0));
    cv::rectangle(labels, cv::Rect(width / 8, height / 6, width / 3, height / 2), cv::Scalar(1),
                  -1);
    cv::circle(labels, cv::Point(width * 2 / 3, height / 2), height / 4, cv::Scalar(second), -1);
    doc->setMaskRaw(f, labels,
                    f == 0 ? rm::bridge::FrameState::Keyframe : rm::bridge::FrameState::Propagated);
  }
  rm::ui::ViewerWidget* viewer = window.viewer();
  auto showAndPaint = [&](int frame) {
    QElapsedTimer t;
    t.start();
    window.showFrame(frame);
    while (viewer->frameIndex() != frame)
      QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    viewer->repaint();  // synchronous paint of frame + overlay
    return t.nsecsElapsed() / 1e6;
  };

  // Uncached: every frame decoded on the worker (first visit).
  std::vector<double> uncached;
  for (int f = 1; f < frames; f += 2)
    uncached.push_back(showAndPaint(f));
  // Cached: revisit the same frames.
  std::vector<double> cached;
  for (int f = 1; f < frames; f += 2)
    cached.push_back(showAndPaint(f));
  print("scrub, uncached (decode + overlay + paint)", stats(uncached));
  print("scrub, cached (overlay + paint)", stats(cached));

  // Propagation streaming results while the user scrubs: longest gap between 1 ms ticks.
  auto log = std::make_shared<rm::test::FakeSegmenter::Log>();
  window.setSegmenterFactory([log]() -> rm::Expected<std::unique_ptr<rm::Segmenter>> {
    return std::unique_ptr<rm::Segmenter>(std::make_unique<rm::test::FakeSegmenter>(log, 5));
  });
  for (int f = 1; f < frames; ++f)
    doc->dropMaskRaw(f);
  QElapsedTimer clock;
  clock.start();
  qint64 last = 0;
  double longest = 0;
  qint64 longestAt = 0;
  QElapsedTimer run;
  std::vector<double> gaps;
  QTimer ticker;
  ticker.setTimerType(Qt::PreciseTimer);
  QObject::connect(&ticker, &QTimer::timeout, [&] {
    const qint64 now = clock.nsecsElapsed();
    if (last) gaps.push_back((now - last) / 1e6);
    if (last && (now - last) / 1e6 > longest) {
      longest = (now - last) / 1e6;
      longestAt = run.elapsed();
    }
    last = now;
  });
  QSignalSpy finished(window.engine(), &rm::bridge::EngineController::finished);
  run.start();
  window.engine()->propagate(rm::Direction::Forward, 0, frames - 1);
  ticker.start(1);
  int scrub = 0;
  QTimer scrubber;
  QObject::connect(&scrubber, &QTimer::timeout, [&] { window.showFrame((scrub += 7) % frames); });
  // Set BENCH_UI_NO_SCRUB=1 to separate decoding load from result streaming.
  if (qEnvironmentVariableIsEmpty("BENCH_UI_NO_SCRUB")) scrubber.start(40);
  while (finished.isEmpty())
    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);
  ticker.stop();
  scrubber.stop();
  std::printf("propagation: %d frames streamed in %.2f s while scrubbing every 40 ms\n",
              int(doc->framesInState(rm::bridge::FrameState::Propagated).size()),
              run.elapsed() / 1000.0);
  print("GUI thread gap between 1 ms ticks", stats(gaps));
  std::printf("longest GUI stall during propagation: %.2f ms (ending %lld ms after the start)\n",
              longest, static_cast<long long>(longestAt));
  return 0;
}
