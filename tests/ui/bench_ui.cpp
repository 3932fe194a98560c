// bench_ui: responsiveness of the workstation at 1920x1080, printed (not asserted).
//  - scrub latency: request -> frame with overlay painted, cached and uncached;
//  - playback rate over uncached frames with and without the read-ahead (clips > 270 frames);
//  - longest GUI-thread stall while a propagation streams results in, with the GUI
//    thread's own CPU time in it (a loaded machine stretches wall-clock gaps) and the
//    slowest event handlers.
// Usage: bench_ui [clip]   (default: a generated 1080p source; with a clip, its frames)
// A real clip: ffmpeg -f lavfi -i testsrc2=size=1920x1080:rate=25 -frames:v 300
//              -c:v libx264 -g 48 -bf 2 -pix_fmt yuv420p clip1080.mp4
#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <numeric>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "FakeEngine.h"
#include "ui/model/DocumentLoader.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/TimelineWidget.h"
#include "ui/widgets/ViewerWidget.h"

namespace {
struct Stats {
  double median = 0, p95 = 0, max = 0;
};
Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  if (v.empty()) return {};
  return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)], v.back()};
}
// CPU time of the calling thread: on a loaded machine a long wall-clock gap may be the
// scheduler's doing; the CPU time spent in it is the GUI thread's own work.
double threadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
// Times every event the GUI thread delivers (outermost level only), so the bench can
// name the handlers behind long stalls: receiver class and event type.
class TimedApplication : public QApplication {
 public:
  using QApplication::QApplication;
  struct Slow {
    double cpuMs = 0, wallMs = 0;
    QString what;
  };
  bool recording = false;
  std::vector<Slow> slowest;  // top few by CPU time

  bool notify(QObject* receiver, QEvent* event) override {
    if (depth_ > 0 || !recording) {
      ++depth_;
      const bool r = QApplication::notify(receiver, event);
      --depth_;
      return r;
    }
    const QString what =
        QStringLiteral("%1 (%2) event %3")
            .arg(QString::fromLatin1(receiver->metaObject()->className()), receiver->objectName())
            .arg(int(event->type()));
    QElapsedTimer wall;
    wall.start();
    const double cpu0 = threadCpuMs();
    ++depth_;
    const bool r = QApplication::notify(receiver, event);
    --depth_;
    note({threadCpuMs() - cpu0, wall.nsecsElapsed() / 1e6, what});
    return r;
  }

 private:
  void note(Slow s) {
    slowest.push_back(std::move(s));
    std::sort(slowest.begin(), slowest.end(),
              [](const Slow& a, const Slow& b) { return a.cpuMs > b.cpuMs; });
    if (slowest.size() > 5) slowest.pop_back();
  }
  int depth_ = 0;
};

void print(const char* what, const Stats& s) {
  std::printf("%-44s median %7.2f ms   p95 %7.2f ms   max %7.2f ms\n", what, s.median, s.p95,
              s.max);
}
}  // namespace

int main(int argc, char** argv) {
  TimedApplication app(argc, argv);
  QStandardPaths::setTestModeEnabled(true);
  const QString clip = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
  int width = 1920, height = 1080, frames = 240;
  rm::ui::MainWindow window;
  if (clip.isEmpty()) {
    window.setSourceFactoryMaker([](const QString&) -> rm::bridge::SourceFactory {
      return [](const rm::OpenOptions&) -> rm::Expected<std::unique_ptr<rm::FrameSource>> {
        return std::unique_ptr<rm::FrameSource>(
            std::make_unique<rm::test::FakeFrameSource>(1920, 1080, 240));
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
  frames = std::min(doc->frameCount(), 120);  // painted and scrubbed; playback goes beyond
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
    rm::bridge::DocumentLoader(doc).setMask(
        f, labels, f == 0 ? rm::bridge::FrameState::Keyframe : rm::bridge::FrameState::Propagated);
  }
  rm::ui::ViewerWidget* viewer = window.viewer();
  auto showAndPaint = [&](int frame) {
    QElapsedTimer t;
    t.start();
    // Block in an event loop (no spinning: the decoder needs the other core).
    QEventLoop wait;
    bool shownNow = false;
    const auto shown =
        QObject::connect(&window, &rm::ui::MainWindow::frameDisplayed, &wait, [&](int f) {
          if (f != frame) return;
          shownNow = true;
          wait.quit();
        });
    window.showFrame(frame);  // a cached frame is displayed before this returns
    if (!shownNow) wait.exec();
    QObject::disconnect(shown);
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
  // The two parts of a cached scrub: building the overlay, painting the viewer; also in
  // GUI-thread CPU time, which the load of a shared machine does not inflate.
  std::vector<double> overlay, paint, overlayCpu, paintCpu;
  for (int f = 1; f < frames; f += 2) {
    const QImage image = window.frameProvider()->cachedFrame(f);
    if (image.isNull()) continue;
    QElapsedTimer t;
    t.start();
    double cpu = threadCpuMs();
    viewer->setFrame(f, image);
    overlay.push_back(t.nsecsElapsed() / 1e6);
    overlayCpu.push_back(threadCpuMs() - cpu);
    t.restart();
    cpu = threadCpuMs();
    viewer->repaint();
    paint.push_back(t.nsecsElapsed() / 1e6);
    paintCpu.push_back(threadCpuMs() - cpu);
  }
  print("  of which overlay rebuild", stats(overlay));
  print("  of which viewer paint", stats(paint));
  print("  overlay rebuild, GUI-thread CPU", stats(overlayCpu));
  print("  viewer paint, GUI-thread CPU", stats(paintCpu));

  // Playback (space) over frames never shown before, with and without the read-ahead.
  auto play = [&](int from, bool readAhead, int ms) {
    showAndPaint(from);
    int shown = 0;
    const auto counter =
        QObject::connect(&window, &rm::ui::MainWindow::frameDisplayed, [&](int) { ++shown; });
    window.togglePlayback();
    if (!readAhead) window.frameProvider()->setReadAhead(0);
    QEventLoop wait;
    QTimer::singleShot(ms, &wait, &QEventLoop::quit);
    wait.exec();
    window.togglePlayback();
    QObject::disconnect(counter);
    return shown * 1000.0 / ms;
  };
  const int total = doc->frameCount();
  if (total >= frames + 150) {
    play(0, true, 400);  // warm-up: the read-ahead opens its own decoder once
    // Alternating 1.5 s windows over fresh frames, so the machine's load hits both alike.
    double with = 0, without = 0;
    for (int i = 0; i < 4; ++i) {
      const double fps = play(frames + i * 38, i % 2 == 0, 1500);
      (i % 2 == 0 ? with : without) += fps / 2;
    }
    std::printf(
        "playback at %.3g fps over uncached frames: %.1f fps shown with read-ahead, "
        "%.1f fps without\n",
        doc->fps(), with, without);
  }

  // Propagation streaming results while the user scrubs: longest gap between 1 ms ticks.
  auto log = std::make_shared<rm::test::FakeSegmenter::Log>();
  window.setSegmenterFactory([log]() -> rm::Expected<std::unique_ptr<rm::Segmenter>> {
    return std::unique_ptr<rm::Segmenter>(std::make_unique<rm::test::FakeSegmenter>(log, 5));
  });
  for (int f = 1; f < frames; ++f)
    rm::bridge::DocumentLoader(doc).dropMask(f);
  QElapsedTimer clock;
  clock.start();
  qint64 last = 0;
  double lastCpu = 0;
  double longest = 0, longestCpu = 0, longestBusy = 0;
  qint64 longestAt = 0;
  QElapsedTimer run;
  std::vector<double> gaps, busy;
  QTimer ticker;
  ticker.setTimerType(Qt::PreciseTimer);
  QObject::connect(&ticker, &QTimer::timeout, [&] {
    const qint64 now = clock.nsecsElapsed();
    const double cpu = threadCpuMs();
    if (last) {
      const double gap = (now - last) / 1e6;
      gaps.push_back(gap);
      busy.push_back(cpu - lastCpu);
      longestBusy = std::max(longestBusy, cpu - lastCpu);
      if (gap > longest) {
        longest = gap;
        longestCpu = cpu - lastCpu;
        longestAt = run.elapsed();
      }
    }
    last = now;
    lastCpu = cpu;
  });
  QSignalSpy finished(window.engine(), &rm::bridge::EngineController::finished);
  run.start();
  app.recording = true;
  window.engine()->propagate(rm::Direction::Forward, 0, frames - 1);
  ticker.start(1);
  int scrub = 0;
  QTimer scrubber;
  QObject::connect(&scrubber, &QTimer::timeout, [&] { window.showFrame((scrub += 7) % frames); });
  // Set BENCH_UI_NO_SCRUB=1 to separate decoding load from result streaming.
  if (qEnvironmentVariableIsEmpty("BENCH_UI_NO_SCRUB")) scrubber.start(40);
  if (finished.isEmpty()) {
    QEventLoop wait;
    QObject::connect(window.engine(), &rm::bridge::EngineController::finished, &wait,
                     &QEventLoop::quit);
    wait.exec();
  }
  ticker.stop();
  scrubber.stop();
  app.recording = false;
  std::printf("propagation: %d frames streamed in %.2f s while scrubbing every 40 ms\n",
              int(doc->framesInState(rm::bridge::FrameState::Propagated).size()),
              run.elapsed() / 1000.0);
  print("GUI thread gap between 1 ms ticks", stats(gaps));
  print("GUI thread CPU time within those gaps", stats(busy));
  std::printf(
      "longest GUI stall during propagation: %.2f ms wall, of which %.2f ms GUI-thread CPU "
      "(ending %lld ms after the start)\n",
      longest, longestCpu, static_cast<long long>(longestAt));
  std::printf("longest GUI-thread work between two ticks: %.2f ms CPU\n", longestBusy);
  std::printf("slowest GUI event handlers during propagation (CPU / wall):\n");
  for (const auto& slow : app.slowest)
    std::printf("  %7.2f / %7.2f ms  %s\n", slow.cpuMs, slow.wallMs, qPrintable(slow.what));
  return 0;
}
