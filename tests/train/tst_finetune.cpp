// Per-shot fine-tuning: stays within its time budget, writes an adapted copy (never touches
// the input model), and rejects bad keyframes with messages naming the clip. The cycle check
// that decides whether the tuned copy is used: perfect on a static shot, worse when the object
// leaves, backward from a last keyframe, and the original kept unless the tuned copy wins by
// the margin; cycles per leg length, the return leg by another model, and the shared
// fine-tune-then-judge orchestration. Guessed frames: the trimap of a propagated mask, frames
// spread over the keyframe's reach, and training that uses them.
#include <ATen/Parallel.h>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>

#include "TinyModel.h"
#include "engine/Engine.h"
#include "engine/media/FrameSource.h"
#include "engine/train/CycleCheck.h"
#include "engine/train/Finetune.h"
#include "engine/train/JudgedFinetune.h"
#include "engine/train/MatchingLoss.h"
#include "engine/train/ShotGuesses.h"

namespace fs = std::filesystem;

namespace {
std::string fileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Writes `frames` as a PNG sequence under `dir` and opens it like a real shot.
std::unique_ptr<rm::FrameSource> writeClip(const fs::path& dir,
                                           const std::vector<cv::Mat>& frames) {
  fs::create_directories(dir);
  for (size_t i = 0; i < frames.size(); ++i) {
    cv::Mat bgr;
    cv::cvtColor(frames[i], bgr, cv::COLOR_RGB2BGR);
    char name[32];
    std::snprintf(name, sizeof name, "f.%04zu.png", i);
    if (!cv::imwrite((dir / name).string(), bgr)) return nullptr;
  }
  auto source = rm::openFrameSource(dir.string());
  return source ? std::move(*source) : nullptr;
}

rm::SegmenterParams tinyParams(const std::string& model) {
  rm::SegmenterParams params;
  params.model = model;
  params.device = "cpu";
  params.threads = 1;
  return params;
}

// A static 192x128 clip: textured background, a 48x48 textured square on the stride-8 grid
// in the first `visible` frames.
const cv::Rect kSquare(48, 40, 48, 48);

std::vector<cv::Mat> squareClip(int frames, int visible) {
  cv::RNG rng(42);
  cv::Mat background(128, 192, CV_8UC3);
  rng.fill(background, cv::RNG::UNIFORM, cv::Scalar(30, 90, 30), cv::Scalar(90, 200, 90));
  cv::Mat texture(kSquare.size(), CV_8UC3);
  rng.fill(texture, cv::RNG::UNIFORM, cv::Scalar(150, 20, 20), cv::Scalar(250, 90, 90));
  cv::Mat withSquare = background.clone();
  texture.copyTo(withSquare(kSquare));
  std::vector<cv::Mat> clip;
  for (int i = 0; i < frames; ++i)
    clip.push_back(i < visible ? withSquare : background);
  return clip;
}

rm::train::CycleCheckOptions oneLeg(int frames) {
  rm::train::CycleCheckOptions cycle;
  cycle.legs = {frames};
  return cycle;
}

// The tiny model with constant features: it cannot tell object from background.
void saveBlindModel(const std::string& path) {
  testing::saveTinyModel(path);
  torch::jit::ExtraFilesMap extra{{"rotomatch.json", ""}};
  auto m = torch::jit::load(path, torch::kCPU, extra);
  torch::NoGradGuard noGrad;
  for (auto p : m.named_parameters())
    if (p.name == "w2")
      p.value.zero_();
    else if (p.name == "b2")
      p.value.fill_(1);
  m.save(path, extra);
}

cv::Mat squareMask() {
  cv::Mat mask = cv::Mat::zeros(128, 192, CV_8UC1);
  mask(kSquare).setTo(1);
  return mask;
}
}  // namespace

class FinetuneTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { rm::setComputeThreads(1); }

  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    model_ = path("init.pt");
    testing::saveTinyModel(model_);
    // The tiny clip as a PNG sequence, opened through the media layer like a real shot.
    const auto seq = testing::tinySequence(6, 96, 64, 4);
    fs::create_directories(path("shot"));
    for (size_t i = 0; i < seq.frames.size(); ++i) {
      cv::Mat bgr;
      cv::cvtColor(seq.frames[i], bgr, cv::COLOR_RGB2BGR);
      char name[32];
      std::snprintf(name, sizeof name, "shot/f.%04zu.png", i);
      QVERIFY(cv::imwrite(path(name), bgr));
    }
    auto source = rm::openFrameSource(path("shot"));
    QVERIFY2(source.ok(), source.ok() ? "" : source.message().c_str());
    source_ = std::move(*source);
    keyframes_.clear();
    keyframes_[0] = seq.masks[0].clone();
    options_ = rm::train::FinetuneOptions{};
    options_.device = "cpu";
    options_.size = {64, 48};
    options_.learningRate = 1e-3;
    options_.freezeFraction = 0;
  }

  void respectsTimeBudget_data() {
    QTest::addColumn<double>("budget");
    QTest::newRow("0.5 s") << 0.5;
    QTest::newRow("1.5 s") << 1.5;
  }

  void respectsTimeBudget() {
    QFETCH(double, budget);
    options_.seconds = budget;
    const std::string before = fileBytes(model_);
    auto report = rm::train::finetuneOnKeyframes(model_, *source_, keyframes_, {}, path("tuned.pt"),
                                                 options_);
    QVERIFY2(report.ok(), report.ok() ? "" : report.message().c_str());
    QVERIFY(report->iterations > 0);
    // The run may only finish the iteration in flight when the budget runs out.
    QVERIFY2(report->seconds <= budget + report->lastIterationSeconds + 0.05,
             qPrintable(QStringLiteral("%1 s for a %2 s budget (last iteration %3 s)")
                            .arg(report->seconds)
                            .arg(budget)
                            .arg(report->lastIterationSeconds)));
    QVERIFY(report->seconds >= budget);
    // The held-out check ran, and its verdict follows its numbers.
    QVERIFY(report->checkLossBefore > 0);
    QVERIFY(report->checkLossAfter > 0);
    QCOMPARE(report->improved, report->checkLossAfter < report->checkLossBefore);
    QVERIFY(fs::exists(path("tuned.pt")));
    QCOMPARE(fileBytes(model_), before);  // the input model is never modified
    QVERIFY(fileBytes(path("tuned.pt")) != before);
    QVERIFY(!fs::exists(path("tuned.pt.ckpt")));  // no checkpoint litter for a shot
  }

  // wiseAlpha blends the copy's weights back toward the original: 0 keeps them exactly.
  void weightBlendReachesTheCopy_data() {
    QTest::addColumn<double>("alpha");
    QTest::newRow("original weights") << 0.0;
    QTest::newRow("tuned weights") << 1.0;
  }
  void weightBlendReachesTheCopy() {
    QFETCH(double, alpha);
    options_.seconds = 0.3;
    options_.wiseAlpha = alpha;
    auto report = rm::train::finetuneOnKeyframes(model_, *source_, keyframes_, {}, path("tuned.pt"),
                                                 options_);
    QVERIFY2(report.ok(), report.ok() ? "" : report.message().c_str());
    QVERIFY(report->iterations > 0);
    auto original = torch::jit::load(model_);
    auto tuned = torch::jit::load(path("tuned.pt"));
    double change = 0;
    auto a = original.named_parameters(), b = tuned.named_parameters();
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib)
      change += ((*ia).value - (*ib).value).abs().sum().item<double>();
    if (alpha == 0)
      QCOMPARE(change, 0.0);
    else
      QVERIFY(change > 0);
  }

  void cancelLeavesNoModel() {
    options_.seconds = 30;
    int calls = 0;
    auto report = rm::train::finetuneOnKeyframes(model_, *source_, keyframes_, {}, path("tuned.pt"),
                                                 options_, {}, [&] { return ++calls > 2; });
    QVERIFY(!report.ok());
    QVERIFY2(QString::fromStdString(report.message()).contains("cancelled"),
             report.message().c_str());
    QVERIFY(!fs::exists(path("tuned.pt")));
  }

  void badKeyframes_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none") << 0 << "at least one keyframe";
    QTest::newRow("empty mask") << 1 << "empty mask";
    QTest::newRow("wrong size") << 2 << "does not match the frame size";
    QTest::newRow("frame out of range") << 3 << "shot";
  }

  void badKeyframes() {
    QFETCH(int, kind);
    QFETCH(QString, expected);
    std::map<int64_t, cv::Mat> keys;
    if (kind == 1) keys[0] = cv::Mat::zeros(64, 96, CV_8UC1);
    if (kind == 2) keys[0] = cv::Mat::ones(32, 32, CV_8UC1);
    if (kind == 3) keys[99] = keyframes_[0];
    options_.seconds = 1;
    auto report =
        rm::train::finetuneOnKeyframes(model_, *source_, keys, {}, path("tuned.pt"), options_);
    QVERIFY(!report.ok());
    QVERIFY2(QString::fromStdString(report.message()).contains(expected), report.message().c_str());
    QVERIFY(!fs::exists(path("tuned.pt")));
  }

  void guessIsCoreBandAndBackground() {
    cv::Mat labels = cv::Mat::zeros(100, 100, CV_8UC1);
    labels(cv::Rect(30, 30, 40, 40)).setTo(3);  // any instance label is object
    const cv::Mat guess = rm::train::guessFromLabels(labels, 4);
    QCOMPARE(guess.size(), labels.size());
    // A square eroded by a disc of radius 4 is the 32 x 32 square inside it.
    QCOMPARE(cv::countNonZero(guess == 1), 32 * 32);
    QCOMPARE(int(guess.at<uchar>(50, 50)), 1);
    QCOMPARE(int(guess.at<uchar>(50, 31)), rm::train::kUnknownLabel);  // inside, near the edge
    QCOMPARE(int(guess.at<uchar>(50, 27)), rm::train::kUnknownLabel);  // outside, near the edge
    QCOMPARE(int(guess.at<uchar>(50, 20)), 0);
    QCOMPARE(int(guess.at<uchar>(0, 0)), 0);
  }

  void guessesSpreadOverTheKeyframesReach_data() {
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("span");
    QTest::addColumn<QList<int>>("expected");
    QTest::newRow("forward from the first frame") << 0 << 3 << 6 << QList<int>{2, 4, 6};
    QTest::newRow("both sides of a middle key") << 6 << 2 << 2 << QList<int>{5, 8};
    QTest::newRow("fewer frames than wanted") << 11 << 5 << 2 << QList<int>{9, 10};
    QTest::newRow("none wanted") << 0 << 0 << 6 << QList<int>{};
  }
  void guessesSpreadOverTheKeyframesReach() {
    QFETCH(int, key);
    QFETCH(int, count);
    QFETCH(int, span);
    QFETCH(QList<int>, expected);
    auto source = writeClip(path("static"), squareClip(12, 12));
    QVERIFY(source);
    auto segmenter = rm::createSegmenter(tinyParams(model_));
    QVERIFY(segmenter.ok());
    rm::train::ShotGuessOptions options;
    options.count = count;
    options.span = span;
    options.band480 = 16;  // 4 px at this 128-line clip
    auto guesses = rm::train::guessShotMasks(**segmenter, *source, {{key, squareMask()}}, options);
    QVERIFY2(guesses.ok(), guesses.ok() ? "" : guesses.message().c_str());
    QList<int> frames;
    for (const auto& [frame, guess] : *guesses) {
      frames.push_back(int(frame));
      // Nothing moves: the core lies in the square, and the background far from it is known.
      QCOMPARE(guess.size(), cv::Size(192, 128));
      QVERIFY(cv::countNonZero(guess == 1) > 0);
      QCOMPARE(cv::countNonZero((guess == 1) & (squareMask() == 0)), 0);
      QCOMPARE(int(guess.at<uchar>(120, 180)), 0);
    }
    QCOMPARE(frames, expected);
  }

  void finetuneTrainsOnGuessedFrames() {
    // A guess with the wrong size is refused by name; a good one is trained on.
    options_.seconds = 0.5;
    options_.guessProbability = 1;
    std::map<int64_t, cv::Mat> guesses{{3, cv::Mat::ones(10, 10, CV_8UC1)}};
    auto bad = rm::train::finetuneOnKeyframes(model_, *source_, keyframes_, guesses,
                                              path("tuned.pt"), options_);
    QVERIFY(!bad.ok());
    QVERIFY2(QString::fromStdString(bad.message()).contains("guessed mask of frame 3"),
             bad.message().c_str());
    QVERIFY(!fs::exists(path("tuned.pt")));
    guesses[3] = rm::train::guessFromLabels(keyframes_[0], 2);
    auto report = rm::train::finetuneOnKeyframes(model_, *source_, keyframes_, guesses,
                                                 path("tuned.pt"), options_);
    QVERIFY2(report.ok(), report.ok() ? "" : report.message().c_str());
    QVERIFY(report->iterations > 0);
    QVERIFY(std::isfinite(report->meanLoss));
    QVERIFY(fs::exists(path("tuned.pt")));
  }

  void cycleIsNearlyPerfectOnStaticShot() {
    // Nothing moves: going N frames out and back returns the keyframe's mask up to what the
    // stride-8 features lose at the boundary (measured 0.995 here).
    auto source = writeClip(path("static"), squareClip(12, 12));
    QVERIFY(source);
    auto segmenter = rm::createSegmenter(tinyParams(model_));
    QVERIFY2(segmenter.ok(), segmenter.ok() ? "" : segmenter.message().c_str());
    rm::train::CycleCheckOptions cycle;
    cycle.legs = {8};
    auto score = rm::train::cycleConsistency(**segmenter, *source, {{0, squareMask()}}, cycle);
    QVERIFY2(score.ok(), score.ok() ? "" : score.message().c_str());
    QCOMPARE(score->cycles, 1);
    QVERIFY2(score->iou > 0.95, qPrintable(QString::number(score->iou)));
    QVERIFY(score->seconds > 0);
  }

  void cycleDropsWhenTheObjectLeaves() {
    // The square is on the keyframe only; the later frames show the bare background, so
    // whatever comes back from frame 8 is not the keyframe's square.
    auto source = writeClip(path("leaves"), squareClip(12, 1));
    QVERIFY(source);
    auto segmenter = rm::createSegmenter(tinyParams(model_));
    QVERIFY(segmenter.ok());
    auto score = rm::train::cycleConsistency(**segmenter, *source, {{0, squareMask()}}, oneLeg(8));
    QVERIFY2(score.ok(), score.ok() ? "" : score.message().c_str());
    QCOMPARE(score->cycles, 1);
    QVERIFY2(score->iou < 0.5, qPrintable(QString::number(score->iou)));
  }

  void cycleGoesBackwardFromTheLastFrame() {
    // Keyframe on the last frame, object only there: the cycle must run backward (a forward
    // one has no room), and so it sees the object missing.
    std::vector<cv::Mat> frames = squareClip(12, 12);
    const std::vector<cv::Mat> bare = squareClip(11, 0);
    std::copy(bare.begin(), bare.end(), frames.begin());
    auto source = writeClip(path("last"), frames);
    QVERIFY(source);
    auto segmenter = rm::createSegmenter(tinyParams(model_));
    QVERIFY(segmenter.ok());
    auto score = rm::train::cycleConsistency(**segmenter, *source, {{11, squareMask()}}, oneLeg(8));
    QVERIFY2(score.ok(), score.ok() ? "" : score.message().c_str());
    QCOMPARE(score->cycles, 1);
    QVERIFY2(score->iou < 0.5, qPrintable(QString::number(score->iou)));
    // On the static clip the same backward cycle comes home.
    auto still = writeClip(path("still"), squareClip(12, 12));
    auto good = rm::train::cycleConsistency(**segmenter, *still, {{11, squareMask()}}, oneLeg(8));
    QVERIFY(good.ok());
    QCOMPARE(good->cycles, 1);
    QVERIFY2(good->iou > 0.95, qPrintable(QString::number(good->iou)));
    // A one-frame range leaves no room for a cycle: nothing to judge with.
    rm::train::CycleCheckOptions cycle;
    cycle.first = cycle.last = 11;
    auto none = rm::train::cycleConsistency(**segmenter, *still, {{11, squareMask()}}, cycle);
    QVERIFY(none.ok());
    QCOMPARE(none->cycles, 0);
  }

  // One cycle per leg length; a leg is shortened at the clip ends, and legs that end on the
  // same frame are one cycle, not the same evidence counted twice.
  void legsEndingOnTheSameFrameRunOnce_data() {
    QTest::addColumn<int>("frames");
    QTest::addColumn<int>("key");
    QTest::addColumn<QList<int>>("legs");
    QTest::addColumn<int>("cycles");
    QTest::newRow("all fit forward") << 12 << 0 << QList<int>{4, 8, 16} << 3;
    QTest::newRow("8 and 16 both end on the last frame") << 6 << 0 << QList<int>{4, 8, 16} << 2;
    QTest::newRow("backward from the last frame") << 6 << 5 << QList<int>{4, 8, 16} << 2;
    QTest::newRow("the longer side when neither fits") << 12 << 6 << QList<int>{4, 8} << 2;
    QTest::newRow("repeated length") << 12 << 0 << QList<int>{8, 8} << 1;
  }

  void legsEndingOnTheSameFrameRunOnce() {
    QFETCH(int, frames);
    QFETCH(int, key);
    QFETCH(QList<int>, legs);
    QFETCH(int, cycles);
    auto source = writeClip(path("static"), squareClip(frames, frames));
    QVERIFY(source);
    auto segmenter = rm::createSegmenter(tinyParams(model_));
    QVERIFY(segmenter.ok());
    rm::train::CycleCheckOptions cycle;
    cycle.legs.assign(legs.begin(), legs.end());
    auto score = rm::train::cycleConsistency(**segmenter, *source, {{key, squareMask()}}, cycle);
    QVERIFY2(score.ok(), score.ok() ? "" : score.message().c_str());
    QCOMPARE(score->cycles, cycles);
    QVERIFY2(score->iou > 0.95, qPrintable(QString::number(score->iou)));  // nothing moves
  }

  void badLegsAreRejected() {
    auto segmenter = rm::createSegmenter(tinyParams(model_));
    QVERIFY(segmenter.ok());
    for (const std::vector<int>& legs : {std::vector<int>{}, std::vector<int>{4, 0}}) {
      rm::train::CycleCheckOptions cycle;
      cycle.legs = legs;
      auto score = rm::train::cycleConsistency(**segmenter, *source_, keyframes_, cycle);
      QVERIFY(!score.ok());
      QVERIFY2(QString::fromStdString(score.message()).contains("leg"), score.message().c_str());
    }
  }

  void returnLegCanUseAnotherModel() {
    // A working outbound model with a blind one on the way back (and the reverse) does not
    // come home; the working one on both legs does.
    auto source = writeClip(path("static"), squareClip(12, 12));
    QVERIFY(source);
    saveBlindModel(path("blind.pt"));
    rm::SegmenterParams deepOnly = tinyParams(model_);
    deepOnly.tuning["colorWeight"] = 0;
    auto working = rm::createSegmenter(deepOnly);
    deepOnly.model = path("blind.pt");
    auto blind = rm::createSegmenter(deepOnly);
    QVERIFY(working.ok() && blind.ok());
    const std::map<int64_t, cv::Mat> key{{0, squareMask()}};
    auto both = rm::train::cycleConsistency(**working, **working, *source, key, oneLeg(8));
    auto blindBack = rm::train::cycleConsistency(**working, **blind, *source, key, oneLeg(8));
    auto blindOut = rm::train::cycleConsistency(**blind, **working, *source, key, oneLeg(8));
    QVERIFY(both.ok() && blindBack.ok() && blindOut.ok());
    // Deep features alone (no colour) lose some of the boundary: 0.85 measured.
    QVERIFY2(both->iou > 0.75, qPrintable(QString::number(both->iou)));
    QVERIFY2(blindBack->iou < both->iou - 0.2, qPrintable(QString::number(blindBack->iou)));
    QVERIFY2(blindOut->iou < both->iou - 0.2, qPrintable(QString::number(blindOut->iou)));
  }

  // The tuned copy must beat the original's cycle IoU by the absolute margin and by a share
  // of the original's cycle error, whichever is larger.
  void tunedModelMustWinByTheMargin_data() {
    QTest::addColumn<double>("before");
    QTest::addColumn<double>("after");
    QTest::addColumn<bool>("wins");
    QTest::newRow("within the absolute margin") << 0.95 << 0.954 << false;
    QTest::newRow("error 0.05 cut by just under 10%") << 0.95 << 0.9549 << false;
    QTest::newRow("error 0.05 cut by 12%") << 0.95 << 0.956 << true;
    QTest::newRow("worse") << 0.80 << 0.78 << false;
    QTest::newRow("error 0.1015 cut by 5% (car-shadow, DAVIS)") << 0.8985 << 0.9038 << false;
    QTest::newRow("error 0.5 cut by 8%") << 0.50 << 0.54 << false;
    QTest::newRow("error 0.5 cut by 12%") << 0.50 << 0.56 << true;
  }
  void tunedModelMustWinByTheMargin() {
    QFETCH(double, before);
    QFETCH(double, after);
    QFETCH(bool, wins);
    const rm::train::CycleCheckOptions options;  // margin 0.005, error reduction 10%
    rm::train::CycleScore original{before, 1, 0};
    rm::train::CycleScore tuned{after, 1, 0};
    QCOMPARE(rm::train::tunedModelWins(original, tuned, options), wins);
    QCOMPARE(rm::train::requiredCycleGain(original, options), std::max(0.005, 0.1 * (1 - before)));
    tuned.cycles = original.cycles = 0;  // no cycle: no evidence, keep the original
    tuned.iou = 1;
    QVERIFY(!rm::train::tunedModelWins(original, tuned, options));
  }

  void decisionKeepsTheOriginalUnlessBetter() {
    // A model that came out of fine-tuning unchanged scores the same: keep the original.
    fs::copy_file(model_, path("same.pt"));
    std::unique_ptr<rm::Segmenter> chosen;
    auto same = rm::train::chooseByCycleConsistency(tinyParams(""), model_, path("same.pt"),
                                                    *source_, keyframes_, {}, &chosen);
    QVERIFY2(same.ok(), same.ok() ? "" : same.message().c_str());
    QCOMPARE(same->original.cycles, 2);  // legs 4, 8 and 16 on 6 frames end on frames 4 and 5
    QCOMPARE(same->tuned.iou, same->original.iou);
    QVERIFY(!same->useTuned);
    QVERIFY(chosen);
    QCOMPARE(chosen->params().model, model_);
    QVERIFY(same->seconds >= same->original.seconds + same->tuned.seconds);

    // Against a network whose features are constant (it cannot tell object from
    // background), the working one wins and is handed back.
    saveBlindModel(path("blind.pt"));
    rm::SegmenterParams deepOnly = tinyParams("");
    deepOnly.tuning["colorWeight"] = 0;  // judge the networks, not the colour features
    auto better = rm::train::chooseByCycleConsistency(deepOnly, path("blind.pt"), model_, *source_,
                                                      keyframes_, {}, &chosen);
    QVERIFY2(better.ok(), better.ok() ? "" : better.message().c_str());
    QVERIFY2(
        better->tuned.iou > better->original.iou + 0.005,
        qPrintable(QStringLiteral("%1 vs %2").arg(better->tuned.iou).arg(better->original.iou)));
    QVERIFY(better->useTuned);
    QCOMPARE(chosen->params().model, model_);
  }

  // The orchestration the CLI and the GUI share: training progress, then one call as the
  // check starts, then the decision; the tuned file stays for the caller to keep or drop.
  void judgedFinetuneTrainsThenDecides() {
    options_.seconds = 0.5;
    options_.guess.count = 3;
    std::vector<int> trainingCalls, guessingCalls;
    int judgingCalls = 0, judgedIterations = -1;
    rm::train::JudgedFinetuneCallbacks callbacks;
    callbacks.onGuessing = [&](int frames) {
      QVERIFY(trainingCalls.empty());  // guesses come before training
      guessingCalls.push_back(frames);
    };
    callbacks.onTraining = [&](const rm::train::FinetuneReport& r) {
      QCOMPARE(judgingCalls, 0);  // no progress after the check started
      trainingCalls.push_back(r.iterations);
    };
    callbacks.onJudging = [&](const rm::train::FinetuneReport& r) {
      ++judgingCalls;
      judgedIterations = r.iterations;
    };
    std::unique_ptr<rm::Segmenter> chosen;
    auto result =
        rm::train::finetuneAndJudge(tinyParams(""), model_, *source_, keyframes_, path("tuned.pt"),
                                    options_, oneLeg(4), callbacks, &chosen);
    QVERIFY2(result.ok(), result.ok() ? "" : result.message().c_str());
    QCOMPARE(guessingCalls, std::vector<int>{3});
    QCOMPARE(judgingCalls, 1);
    QVERIFY(result->training.iterations > 0);
    QCOMPARE(int(trainingCalls.size()), result->training.iterations);
    QCOMPARE(judgedIterations, result->training.iterations);
    QCOMPARE(result->decision.original.cycles, 1);
    QCOMPARE(result->decision.tuned.cycles, 1);
    QCOMPARE(result->decision.useTuned,
             rm::train::tunedModelWins(result->decision.original, result->decision.tuned,
                                       rm::train::CycleCheckOptions{}));
    QVERIFY(chosen);
    QCOMPARE(chosen->params().model, result->decision.useTuned ? path("tuned.pt") : model_);
    QVERIFY(fs::exists(path("tuned.pt")));
  }

  void judgedFinetuneCancelledSkipsTheCheck() {
    options_.seconds = 30;
    int calls = 0;
    bool judged = false;
    rm::train::JudgedFinetuneCallbacks callbacks;
    callbacks.onJudging = [&](const rm::train::FinetuneReport&) { judged = true; };
    callbacks.cancelled = [&] { return ++calls > 2; };
    auto result = rm::train::finetuneAndJudge(tinyParams(""), model_, *source_, keyframes_,
                                              path("tuned.pt"), options_, {}, callbacks);
    QVERIFY(!result.ok());
    QVERIFY2(QString::fromStdString(result.message()).contains("cancelled"),
             result.message().c_str());
    QVERIFY(!judged);
    QVERIFY(!fs::exists(path("tuned.pt")));
  }

  void judgedFinetuneCancelledDuringTheCheck() {
    // Cancel once the check has started: it stops before its next leg, with no decision.
    options_.seconds = 0.3;
    bool judging = false;
    rm::train::JudgedFinetuneCallbacks callbacks;
    callbacks.onJudging = [&](const rm::train::FinetuneReport&) { judging = true; };
    callbacks.cancelled = [&] { return judging; };
    std::unique_ptr<rm::Segmenter> chosen;
    auto result =
        rm::train::finetuneAndJudge(tinyParams(""), model_, *source_, keyframes_, path("tuned.pt"),
                                    options_, oneLeg(4), callbacks, &chosen);
    QVERIFY(judging);
    QVERIFY(!result.ok());
    QVERIFY2(QString::fromStdString(result.message()).contains("cycle check cancelled"),
             result.message().c_str());
    QVERIFY(!chosen);
  }

 private:
  std::string path(const std::string& name) const {
    return (fs::path(dir_->path().toStdString()) / name).string();
  }
  std::unique_ptr<QTemporaryDir> dir_;
  std::string model_;
  std::unique_ptr<rm::FrameSource> source_;
  std::map<int64_t, cv::Mat> keyframes_;
  rm::train::FinetuneOptions options_;
};

QTEST_GUILESS_MAIN(FinetuneTest)
#include "tst_finetune.moc"
