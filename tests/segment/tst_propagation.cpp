// The propagator on synthetic clips with colour features: keyframes, directions and their
// fusion, stale-frame recomputation, cancel, determinism, invalidation and bad input.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro clashes with torch headers

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <map>

#include <opencv2/imgcodecs.hpp>

#include "engine/Engine.h"
#include "engine/segment/ColourFeatureExtractor.h"
#include "engine/segment/DavisMeasures.h"
#include "engine/segment/FeatureBank.h"
#include "engine/segment/MatchTracker.h"
#include "engine/segment/Segmenter.h"
#include "engine/segment/SoftMatch.h"
#include "tests/segment/SyntheticClip.h"

namespace fs = std::filesystem;
using rm::test::makeClip;
using rm::test::MemorySource;

namespace {

rm::SegmenterParams colourParams(const std::string& preset = "default") {
  rm::SegmenterParams p;
  p.model = "colour";
  p.preset = preset;
  p.threads = 1;
  return p;
}

struct Run {
  rm::Status status;
  std::vector<int64_t> order;
  std::map<int64_t, rm::FrameMasks> frames;
};

Run propagate(const rm::SegmenterParams& params, MemorySource& source,
              const rm::PropagationRequest& request, int cancelAfter = -1) {
  Run run;
  auto segmenter = rm::createSegmenter(params);
  if (!segmenter) {
    run.status = segmenter.error();
    return run;
  }
  rm::PropagationCallbacks callbacks;
  callbacks.onFrame = [&](const rm::FrameMasks& m) {
    run.order.push_back(m.frame);
    run.frames[m.frame] = m;
    return cancelAfter < 0 || int(run.order.size()) < cancelAfter;
  };
  run.status = (*segmenter)->propagate(source, request, callbacks);
  return run;
}

// Colour features of an RGB8 frame (no position channels, so a look-alike far away matches),
// L2-normalised per cell as the segmenter does.
rm::FrameFeatures colourFeatures(rm::FeatureExtractor& extractor, const cv::Mat& rgb) {
  const torch::Tensor input =
      torch::from_blob(const_cast<uint8_t*>(rgb.data), {1, rgb.rows, rgb.cols, 3}, torch::kUInt8)
          .permute({0, 3, 1, 2})
          .to(torch::kFloat)
          .div(255.0);
  auto f = extractor.extract(input);
  return rm::FrameFeatures{rm::l2Normalize(f->squeeze(0), 0).contiguous(), 8, {}};
}

// Hand-built stride-8 features on an h x w cell grid: cells of `objects` carry e0, the rest e1.
rm::FrameFeatures objectGrid(int64_t h, int64_t w, const std::vector<cv::Rect>& objects) {
  torch::Tensor f = torch::zeros({2, h, w});
  f[1].fill_(1.0);
  for (const cv::Rect& r : objects) {
    f[0].narrow(0, r.y, r.height).narrow(1, r.x, r.width).fill_(1.0);
    f[1].narrow(0, r.y, r.height).narrow(1, r.x, r.width).fill_(0.0);
  }
  return rm::FrameFeatures{f, 8, {}};
}

// A one-object tracker on a 12 x 4 cell grid (objectGrid), initialised with the object on
// cells 1-3 of the keyframe.
constexpr int64_t kGridH = 4, kGridW = 12;
std::unique_ptr<rm::MatchTracker> trackerOnGrid(const rm::MatchConfig& config) {
  const cv::Size size(kGridW * 8, kGridH * 8);
  auto tracker = std::make_unique<rm::MatchTracker>(config, size, 1);
  rm::KeyframeData key{0, objectGrid(kGridH, kGridW, {cv::Rect(1, 0, 3, 4)}),
                       cv::Mat::zeros(size, CV_8UC1)};
  key.labels(cv::Rect(8, 0, 24, 32)).setTo(1);
  tracker->initialise({&key}, key);
  return tracker;
}

bool identical(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

}  // namespace

class PropagationTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { rm::setComputeThreads(1); }  // once, as an executable's main does
  void init() {
    clip_ = makeClip(12);
    source_ = std::make_unique<MemorySource>(clip_.frames);
  }

  void keyframesAreNeverOverwritten_data() {
    QTest::addColumn<int>("direction");
    QTest::newRow("forward") << int(rm::Direction::Forward);
    QTest::newRow("backward") << int(rm::Direction::Backward);
    QTest::newRow("both") << int(rm::Direction::Both);
  }
  void keyframesAreNeverOverwritten() {
    QFETCH(int, direction);
    rm::PropagationRequest request;
    request.keyframes = {{3, clip_.labels[3]}, {8, clip_.labels[8]}};
    request.direction = rm::Direction(direction);
    const Run run = propagate(colourParams(), *source_, request);
    QVERIFY2(run.status.ok(), run.status.message().c_str());
    std::set<int64_t> expected;
    for (int64_t t = 0; t < 12; ++t) {
      if (t == 3 || t == 8) continue;
      const bool before = t<3, after = t> 8;
      if (before && request.direction == rm::Direction::Forward) continue;
      if (after && request.direction == rm::Direction::Backward) continue;
      expected.insert(t);
    }
    QCOMPARE(std::set<int64_t>(run.order.begin(), run.order.end()), expected);
    QCOMPARE(run.order.size(), expected.size());  // each frame once
    for (const auto& [t, m] : run.frames) {
      QCOMPARE(m.labels.size(), clip_.labels[0].size());
      QCOMPARE(m.probabilities.size(), size_t(1));
    }
  }

  void followsTheObject() {
    rm::PropagationRequest request;
    request.keyframes = {{0, clip_.labels[0]}};
    const Run run = propagate(colourParams(), *source_, request);
    QVERIFY(run.status.ok());
    for (const auto& [t, m] : run.frames) {
      const double j = rm::jaccard(m.labels, clip_.labels[size_t(t)]);
      // 8 px cells blur a 36 px disc edge: ~0.8 is the ceiling of this tiny clip.
      QVERIFY2(j > 0.7, qPrintable(QString("frame %1 J=%2").arg(t).arg(j)));
    }
  }

  void instancesAreSeparated() {
    const auto clip = makeClip(6, {160, 112}, true);
    MemorySource source(clip.frames);
    rm::PropagationRequest request;
    request.keyframes = {{0, clip.labels[0]}};
    const Run run = propagate(colourParams("paper"), source, request);
    QVERIFY2(run.status.ok(), run.status.message().c_str());
    for (const auto& [t, m] : run.frames) {
      QCOMPARE(m.probabilities.size(), size_t(2));
      for (int k = 1; k <= 2; ++k) {
        const double j = rm::jaccard(m.labels == k, clip.labels[size_t(t)] == k);
        QVERIFY2(j > 0.6, qPrintable(QString("frame %1 instance %2 J=%3").arg(t).arg(k).arg(j)));
      }
    }
  }

  void bothDirectionsFuseByTemporalDistance() {
    rm::PropagationRequest request;
    request.keyframes = {{0, clip_.labels[0]}, {11, clip_.labels[11]}};
    request.direction = rm::Direction::Forward;
    const Run forward = propagate(colourParams(), *source_, request);
    request.direction = rm::Direction::Backward;
    const Run backward = propagate(colourParams(), *source_, request);
    request.direction = rm::Direction::Both;
    const Run both = propagate(colourParams(), *source_, request);
    QVERIFY(forward.status.ok() && backward.status.ok() && both.status.ok());
    QCOMPARE(both.frames.size(), size_t(10));
    for (int64_t t = 1; t <= 10; ++t) {
      const double wf = double(11 - t) / 11.0;
      const cv::Mat want = wf * forward.frames.at(t).probabilities[0] +
                           (1 - wf) * backward.frames.at(t).probabilities[0];
      // The backward half is stored as 8 bits while the forward chain runs.
      const double err = cv::norm(both.frames.at(t).probabilities[0], want, cv::NORM_INF);
      QVERIFY2(err <= (1 - wf) * 0.5 / 255.0 + 1e-5, qPrintable(QString::number(err)));
    }
  }

  void secondRunIsIdentical() {
    rm::PropagationRequest request;
    request.keyframes = {{0, clip_.labels[0]}, {7, clip_.labels[7]}};
    const Run a = propagate(colourParams(), *source_, request);
    const Run b = propagate(colourParams(), *source_, request);
    QCOMPARE(a.order, b.order);
    for (const auto& [t, m] : a.frames) {
      QVERIFY(identical(m.labels, b.frames.at(t).labels));
      QVERIFY(identical(m.probabilities[0], b.frames.at(t).probabilities[0]));
    }
  }

  void onlyFramesRecomputesStaleFrames() {
    rm::PropagationRequest request;
    request.keyframes = {{0, clip_.labels[0]}, {7, clip_.labels[7]}};
    const Run full = propagate(colourParams(), *source_, request);
    request.onlyFrames = {3, 9};
    const Run partial = propagate(colourParams(), *source_, request);
    QCOMPARE(std::set<int64_t>(partial.order.begin(), partial.order.end()),
             (std::set<int64_t>{3, 9}));
    for (int64_t t : {3, 9})
      QVERIFY(identical(partial.frames.at(t).labels, full.frames.at(t).labels));
  }

  void cancelStops() {
    rm::PropagationRequest request;
    request.keyframes = {{0, clip_.labels[0]}};
    const Run run = propagate(colourParams(), *source_, request, 2);
    QVERIFY(!run.status.ok());
    QCOMPARE(run.order.size(), size_t(2));
  }

  void editInvalidatesExactlyItsFrames() {
    // Keyframes 2, 6, 9; keyframe 6 is edited (its mask eroded). Frames the function
    // does not name must come out bit-identical; the named ones are 3..5 and 7..8.
    const std::set<int64_t> keys{2, 6, 9};
    const std::set<int64_t> named = rm::framesInvalidatedBy(keys, 6, 0, 11, rm::Direction::Both);
    QCOMPARE(named, (std::set<int64_t>{3, 4, 5, 7, 8}));
    rm::PropagationRequest request;
    for (int64_t k : keys)
      request.keyframes[k] = clip_.labels[size_t(k)];
    const Run before = propagate(colourParams(), *source_, request);
    cv::Mat edited;
    cv::erode(clip_.labels[6], edited, cv::Mat::ones(5, 5, CV_8U));
    request.keyframes[6] = edited;
    const Run after = propagate(colourParams(), *source_, request);
    for (const auto& [t, m] : after.frames)
      if (!named.count(t))
        QVERIFY2(identical(m.labels, before.frames.at(t).labels), qPrintable(QString::number(t)));
    // Adding a keyframe / removing one, and the open ends.
    QCOMPARE(rm::framesInvalidatedBy({2, 9}, 6, 0, 11, rm::Direction::Both),
             (std::set<int64_t>{3, 4, 5, 6, 7, 8}));
    QCOMPARE(rm::framesInvalidatedBy({2, 6, 9}, 2, 0, 11, rm::Direction::Forward),
             (std::set<int64_t>{3, 4, 5}));
    QCOMPARE(rm::framesInvalidatedBy({2, 6, 9}, 9, 0, 11, rm::Direction::Both),
             (std::set<int64_t>{7, 8, 10, 11}));
  }

  void bankKeepsKeyframesAndDropsOldestOnline() {
    rm::FeatureBank bank(15);
    bank.addKeyframe(torch::zeros({10, 2}));
    bank.addOnline(torch::ones({4, 2}));
    bank.addOnline(2 * torch::ones({4, 2}));
    QCOMPARE(bank.size(), int64_t(15));
    QCOMPARE(bank.keyframeRows(), int64_t(10));
    const torch::Tensor rows = bank.rows();
    QCOMPARE(rows.narrow(0, 0, 10).abs().sum().item<double>(), 0.0);  // keyframes intact
    QCOMPARE(rows[10][0].item<double>(), 1.0);                        // 1 of the oldest left
    QCOMPARE(rows.narrow(0, 11, 4).sum().item<double>(), 16.0);       // newest all kept
    rm::FeatureBank small(5);
    small.addKeyframe(torch::zeros({8, 2}));  // keyframes beyond the cap are still kept
    small.addOnline(torch::ones({3, 2}));
    QCOMPARE(small.size(), int64_t(8));
  }

  void updateRulesInTheTracker() {
    // Hand-built features on a 12 x 4 cell grid (stride 8): object cells carry e0,
    // background e1. Frame 1 keeps the object and shows a copy of it far to the right.
    auto grid = [](const std::vector<cv::Rect>& objects) {
      return objectGrid(kGridH, kGridW, objects);
    };
    rm::SegmenterParams params = colourParams("paper");
    params.outlierDistance480 = 10 * 480.0 / 32.0;  // 10 px at this 32 px frame height
    params.tuning = {{"softmaxScale", 10}, {"erosion480", 4 * 480.0 / 32.0}};
    auto config = rm::resolveMatchConfig(params);
    QVERIFY(config.ok());
    auto tracked = trackerOnGrid(*config);
    rm::MatchTracker& tracker = *tracked;
    QCOMPARE(tracker.foregroundBank(0).size(), int64_t(12));
    QCOMPARE(tracker.backgroundBank(0).size(), int64_t(36));
    const rm::TrackerOutput out = tracker.step(grid({cv::Rect(1, 0, 3, 4), cv::Rect(9, 0, 2, 4)}));
    // Outlier removal drops the far copy; it is added to m_B (2 x 4 cells).
    QCOMPARE(cv::countNonZero(out.labels(cv::Rect(72, 0, 16, 32))), 0);
    QCOMPARE(tracker.backgroundBank(0).onlineRows(), int64_t(8));
    // m_F gains the confident cells at least half inside the prediction eroded by 4 px:
    // erosion takes half of each outer cell row/column, so corner cells keep a quarter
    // (dropped) and edge cells half (kept): 12 - 4 corners = 8.
    QCOMPARE(tracker.foregroundBank(0).onlineRows(), int64_t(8));
  }

  void detachedLookAlikeIsDropped_data() {
    QTest::addColumn<double>("reach");
    QTest::addColumn<bool>("toBackground");
    QTest::addColumn<bool>("dropped");
    QTest::newRow("off: the look-alike stays") << -1.0 << false << false;
    QTest::newRow("touching the previous mask") << 0.0 << false << true;
    QTest::newRow("and learnt as background") << 0.0 << true << true;
    // 20 px at 480p is 1.3 px here: the look-alike is 16 px from the object.
    QTest::newRow("within a reach that misses it") << 20.0 << false << true;
    QTest::newRow("within a reach that covers it") << 300.0 << false << false;
  }
  void detachedLookAlikeIsDropped() {
    // Hand-built features on a 12 x 4 cell grid (stride 8): the object (cells 1-3) and, in
    // frame 1, a detached copy (cells 6-7) inside the extruded region.
    QFETCH(double, reach);
    QFETCH(bool, toBackground);
    QFETCH(bool, dropped);
    auto grid = [](const std::vector<cv::Rect>& objects) {
      return objectGrid(kGridH, kGridW, objects);
    };
    rm::SegmenterParams params = colourParams("paper");
    params.outlierDistance480 = 40 * 480.0 / 32.0;  // 40 px here: the copy is inside
    params.tuning = {{"softmaxScale", 10},
                     {"updateForeground", 0},
                     {"componentReach480", reach},
                     {"componentsToBackground", toBackground ? 1 : 0}};
    auto config = rm::resolveMatchConfig(params);
    QVERIFY(config.ok());
    auto tracker = trackerOnGrid(*config);
    const rm::TrackerOutput out = tracker->step(grid({cv::Rect(1, 0, 3, 4), cv::Rect(6, 0, 2, 4)}));
    const cv::Rect copy(48, 0, 16, 32);
    QCOMPARE(cv::countNonZero(out.labels(cv::Rect(8, 0, 24, 32))), 24 * 32);  // object kept
    QCOMPARE(cv::countNonZero(out.labels(copy)), dropped ? 0 : 16 * 32);
    QCOMPARE(cv::countNonZero(out.probabilities[0](copy) > 0.5f), dropped ? 0 : 16 * 32);
    // Only the dropped copy's 2 x 4 cells can join m_B (nothing lies outside the extrusion).
    QCOMPARE(tracker->backgroundBank(0).onlineRows(), int64_t(dropped && toBackground ? 8 : 0));
  }

  void boundedMatchingEqualsExhaustive_data() {
    QTest::addColumn<bool>("randomFeatures");
    QTest::addColumn<bool>("twoObjects");
    QTest::addColumn<double>("dc480");
    QTest::addColumn<bool>("updates");
    QTest::newRow("colour, look-alike far away") << false << false << 80.0 << true;
    QTest::newRow("colour, two instances") << false << true << 80.0 << true;
    QTest::newRow("random features") << true << false << 60.0 << true;
    QTest::newRow("random features, two instances") << true << true << 100.0 << true;
    // Without the online updates only cells near the extruded masks are matched.
    QTest::newRow("colour, no updates") << false << false << 80.0 << false;
    QTest::newRow("random features, no updates") << true << true << 60.0 << false;
  }
  void boundedMatchingEqualsExhaustive() {
    // The paper preset proves cells outside the extruded masks background with a bound
    // instead of matching them exhaustively; masks, probabilities and banks must not change.
    QFETCH(bool, randomFeatures);
    QFETCH(bool, twoObjects);
    QFETCH(double, dc480);
    QFETCH(bool, updates);
    rm::test::Clip clip = makeClip(9, {160, 112}, twoObjects);
    for (size_t t = 3; t < clip.frames.size(); ++t)  // a red look-alike far from the disc
      cv::circle(clip.frames[t], {140, 96}, 10, cv::Scalar(220, 30, 40), cv::FILLED);
    auto extractor = rm::makeColourFeatureExtractor({8, 0.0});
    torch::manual_seed(3);
    std::vector<rm::FrameFeatures> features;
    for (const cv::Mat& rgb : clip.frames)
      features.push_back(
          randomFeatures ? rm::FrameFeatures{rm::l2Normalize(torch::randn({6, 14, 20}), 0), 8, {}}
                         : colourFeatures(*extractor, rgb));
    rm::SegmenterParams params = colourParams("paper");
    params.outlierDistance480 = dc480;
    if (!updates) params.tuning = {{"updateBackground", 0}, {"updateForeground", 0}};
    auto config = rm::resolveMatchConfig(params);
    QVERIFY(config.ok());
    const int instances = twoObjects ? 2 : 1;
    const cv::Size size = clip.frames[0].size();
    rm::KeyframeData key{0, features[0], clip.labels[0]};
    rm::MatchTracker bounded(*config, size, instances), exhaustive(*config, size, instances);
    exhaustive.setExhaustiveMatching(true);
    bounded.initialise({&key}, key);
    exhaustive.initialise({&key}, key);
    for (size_t t = 1; t < features.size(); ++t) {
      const rm::TrackerOutput a = bounded.step(features[t]);
      const rm::TrackerOutput b = exhaustive.step(features[t]);
      QVERIFY2(identical(a.labels, b.labels), qPrintable(QString("frame %1").arg(t)));
      for (int k = 0; k < instances; ++k) {
        QVERIFY(cv::norm(a.probabilities[size_t(k)], b.probabilities[size_t(k)], cv::NORM_INF) <
                1e-5);
        QCOMPARE(bounded.backgroundBank(k).size(), exhaustive.backgroundBank(k).size());
        QCOMPARE(bounded.foregroundBank(k).size(), exhaustive.foregroundBank(k).size());
      }
    }
    if (!randomFeatures && !twoObjects && updates)  // the look-alike was seen, went to m_B
      QVERIFY(bounded.backgroundBank(0).onlineRows() > 0);
  }

  void badInputNamesTheCulprit() {
    rm::PropagationRequest request;
    request.keyframes = {{0, cv::Mat::zeros(10, 10, CV_8UC1)}};
    Run run = propagate(colourParams(), *source_, request);
    QVERIFY(!run.status.ok());
    QVERIFY2(run.status.message().find("mask is 10x10") != std::string::npos,
             run.status.message().c_str());
    request.keyframes = {{0, cv::Mat::zeros(clip_.labels[0].size(), CV_8UC1)}};
    run = propagate(colourParams(), *source_, request);
    QVERIFY2(!run.status.ok() && run.status.message().find("empty") != std::string::npos,
             run.status.message().c_str());
    request.keyframes = {{12, clip_.labels[0]}};
    run = propagate(colourParams(), *source_, request);
    QVERIFY2(!run.status.ok() && run.status.message().find("out of range") != std::string::npos,
             run.status.message().c_str());
  }

  void missingOrCorruptModelNamesTheFile() {
    QTemporaryDir dir;
    const std::string missing = dir.filePath("nope.pt").toStdString();
    rm::SegmenterParams params = colourParams();
    params.model = missing;
    auto segmenter = rm::createSegmenter(params);
    QVERIFY(!segmenter.ok());
    QVERIFY2(segmenter.message().find(missing) != std::string::npos, segmenter.message().c_str());
    const std::string corrupt = dir.filePath("corrupt.pt").toStdString();
    std::ofstream(corrupt) << "this is not a TorchScript archive";
    params.model = corrupt;
    segmenter = rm::createSegmenter(params);
    QVERIFY(!segmenter.ok());
    QVERIFY2(segmenter.message().find(corrupt) != std::string::npos, segmenter.message().c_str());
  }

  void folderWithAGapNamesTheMissingFile() {
    QTemporaryDir dir;
    for (int i : {0, 1, 3})
      cv::imwrite(dir.filePath(QString("%1.png").arg(i, 5, 10, QChar('0'))).toStdString(),
                  clip_.frames[size_t(i)]);
    auto source = rm::openFrameSource(dir.path().toStdString());
    QVERIFY(!source.ok());
    QVERIFY2(source.message().find("00002") != std::string::npos, source.message().c_str());
  }

  void unknownTuningKnobIsAnError() {
    rm::SegmenterParams params = colourParams();
    params.tuning = {{"noSuchKnob", 1}};
    auto segmenter = rm::createSegmenter(params);
    QVERIFY(!segmenter.ok());
    QVERIFY(segmenter.message().find("noSuchKnob") != std::string::npos);
  }

 private:
  rm::test::Clip clip_;
  std::unique_ptr<MemorySource> source_;
};

QTEST_GUILESS_MAIN(PropagationTest)
#include "tst_propagation.moc"
