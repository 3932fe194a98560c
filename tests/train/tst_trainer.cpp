#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "TinyModel.h"
#include "engine/Engine.h"
#include "engine/train/Trainer.h"

namespace fs = std::filesystem;

class TrainerTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { rm::setComputeThreads(1); }  // bit-identical reruns

  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    initModel_ = path("init.pt");
    testing::saveTinyModel(initModel_);
    options_ = rm::train::TrainOptions{};
    options_.initModel = initModel_;
    options_.outModel = path("trained.pt");
    options_.size = {64, 48};
    options_.learningRate = 2e-3;
    options_.iterations = 60;
    options_.checkpointEvery = 0;
    options_.device = "cpu";
    options_.topK = 5;
  }

  void fewStepsReduceTheLoss_data() {
    QTest::addColumn<double>("colorWeight");
    QTest::newRow("network features") << 0.0;
    QTest::newRow("fused with colour as in propagation") << 0.5;
  }
  void fewStepsReduceTheLoss() {
    QFETCH(double, colorWeight);
    options_.colorWeight = colorWeight;
    auto trainer = rm::train::Trainer::create(options_, {testing::tinySequence()}, false);
    QVERIFY2(trainer.ok(), trainer.ok() ? "" : trainer.message().c_str());
    const auto pairs = evaluationPairs();
    const auto before = (*trainer)->evaluateLoss(pairs);
    QVERIFY(before.ok());
    for (int i = 0; i < options_.iterations; ++i)
      QVERIFY((*trainer)->step().ok());
    const auto after = (*trainer)->evaluateLoss(pairs);
    QVERIFY(after.ok());
    QVERIFY2(*after < 0.8 * *before,
             qPrintable(QStringLiteral("%1 -> %2").arg(*before).arg(*after)));
  }

  // Colour fusion is part of what the loss sees: the same network and pairs score
  // differently with it, and a negative weight is refused.
  void colourWeightChangesWhatIsMatched() {
    const auto pairs = evaluationPairs();
    auto plain = rm::train::Trainer::create(options_, {testing::tinySequence()}, false);
    QVERIFY(plain.ok());
    options_.colorWeight = 1.0;
    auto fused = rm::train::Trainer::create(options_, {testing::tinySequence()}, false);
    QVERIFY(fused.ok());
    const auto a = (*plain)->evaluateLoss(pairs), b = (*fused)->evaluateLoss(pairs);
    QVERIFY(a.ok() && b.ok());
    QVERIFY2(std::abs(*a - *b) > 1e-4, qPrintable(QStringLiteral("%1 vs %2").arg(*a).arg(*b)));
    options_.colorWeight = -0.5;
    auto bad = rm::train::Trainer::create(options_, {testing::tinySequence()}, false);
    QVERIFY(!bad.ok());
    QVERIFY(bad.message().find("colour weight") != std::string::npos);
  }

  void resumeGivesTheSameNextLoss() {
    auto a = rm::train::Trainer::create(options_, {testing::tinySequence()}, false);
    QVERIFY(a.ok());
    for (int i = 0; i < 3; ++i)
      QVERIFY((*a)->step().ok());
    QVERIFY((*a)->saveCheckpoint().ok());
    const auto expected = (*a)->step();
    QVERIFY(expected.ok());

    auto b = rm::train::Trainer::create(options_, {testing::tinySequence()}, true);
    QVERIFY2(b.ok(), b.ok() ? "" : b.message().c_str());
    QCOMPARE((*b)->iteration(), 3);
    const auto resumed = (*b)->step();
    QVERIFY(resumed.ok());
    QVERIFY2(std::abs(*resumed - *expected) < 1e-6,
             qPrintable(
                 QStringLiteral("%1 vs %2").arg(*resumed, 0, 'g', 10).arg(*expected, 0, 'g', 10)));
  }

  void trainedModelRoundTrips() {
    options_.iterations = 5;
    auto trainer = rm::train::Trainer::create(options_, {testing::tinySequence()}, false);
    QVERIFY(trainer.ok());
    QVERIFY((*trainer)->run({}).ok());
    QVERIFY(fs::exists(options_.outModel));
    QVERIFY(fs::exists(options_.outModel + ".ckpt"));

    torch::jit::ExtraFilesMap extra{{"rotomatch.json", ""}};
    auto loaded = torch::jit::load(options_.outModel, torch::kCPU, extra);
    QVERIFY(extra["rotomatch.json"].find("softmaxScale") != std::string::npos);
    QVERIFY(extra["rotomatch.json"].find("\"stride\": 8") != std::string::npos);
    // Saved weights differ from the initial ones (training changed them) and reload exactly.
    auto initial = torch::jit::load(initModel_);
    const torch::Tensor x = torch::rand({1, 3, 48, 64});
    torch::NoGradGuard noGrad;
    const torch::Tensor y = loaded.forward({x}).toTensor();
    QCOMPARE(y.size(1), int64_t{16});
    QCOMPARE(y.size(2), int64_t{6});
    QVERIFY(!torch::allclose(y, initial.forward({x}).toTensor()));
    auto again = torch::jit::load(options_.outModel);
    QVERIFY(torch::equal(y, again.forward({x}).toTensor()));
  }

  void classBalanceIsInheritedFromTheInitialModel_data() {
    QTest::addColumn<double>("firstBalance");  // < 0: start from the npm-like tiny model
    QTest::addColumn<double>("inherited");
    QTest::newRow("trained with plain cross-entropy") << 0.0 << 0.0;
    QTest::newRow("trained half-way") << 0.5 << 0.5;
    QTest::newRow("no training record") << -1.0 << 1.0;
  }
  void classBalanceIsInheritedFromTheInitialModel() {
    QFETCH(double, firstBalance);
    QFETCH(double, inherited);
    options_.iterations = 2;
    options_.checkpoints = false;
    if (firstBalance >= 0) {
      options_.classBalance = firstBalance;
      auto first = rm::train::Trainer::create(options_, {testing::tinySequence()}, false);
      QVERIFY(first.ok());
      QVERIFY((*first)->run({}).ok());
      options_.initModel = options_.outModel;
      options_.outModel = path("second.pt");
    }
    options_.classBalance = -1;  // as per-shot fine-tuning asks
    auto second = rm::train::Trainer::create(options_, {testing::tinySequence()}, false);
    QVERIFY(second.ok());
    QVERIFY((*second)->run({}).ok());
    torch::jit::ExtraFilesMap extra{{"rotomatch.json", ""}};
    torch::jit::load(options_.outModel, torch::kCPU, extra);
    const auto meta = nlohmann::json::parse(extra["rotomatch.json"]);
    QCOMPARE(meta["training"]["classBalance"].get<double>(), inherited);
  }

  void wiseAlphaInterpolatesTowardTheInitialWeights_data() {
    QTest::addColumn<double>("alpha");
    QTest::newRow("halfway") << 0.5;
    QTest::newRow("a quarter of the way") << 0.25;
  }
  void wiseAlphaInterpolatesTowardTheInitialWeights() {
    // Same seed, same data: the only difference between the two runs is the interpolation
    // of the saved weights; the checkpoint keeps the trained weights.
    QFETCH(double, alpha);
    options_.iterations = 5;
    auto full = rm::train::Trainer::create(options_, {testing::tinySequence()}, false);
    QVERIFY(full.ok());
    QVERIFY((*full)->run({}).ok());
    rm::train::TrainOptions wise = options_;
    wise.outModel = path("wise.pt");
    wise.wiseAlpha = alpha;
    auto blended = rm::train::Trainer::create(wise, {testing::tinySequence()}, false);
    QVERIFY(blended.ok());
    QVERIFY((*blended)->run({}).ok());

    auto params = [](const std::string& file) {
      std::vector<torch::Tensor> out;
      for (const auto& p : torch::jit::load(file).parameters())
        out.push_back(p.detach().clone());
      return out;
    };
    const auto init = params(initModel_), trained = params(options_.outModel),
               mixed = params(wise.outModel);
    QCOMPARE(mixed.size(), init.size());
    bool changed = false;
    for (size_t i = 0; i < init.size(); ++i) {
      const torch::Tensor expected = init[i] + alpha * (trained[i] - init[i]);
      QVERIFY2(torch::allclose(mixed[i], expected, 1e-5, 1e-6), qPrintable(QString::number(i)));
      changed = changed || !torch::allclose(trained[i], init[i]);
    }
    QVERIFY(changed);  // training moved the weights, so the blend is not trivially equal
    // The checkpoint of the blended run resumes from the trained weights.
    auto resumed = rm::train::Trainer::create(wise, {testing::tinySequence()}, true);
    QVERIFY(resumed.ok());
    QVERIFY((*resumed)->writeModelFile().ok());
    const auto again = params(wise.outModel);
    for (size_t i = 0; i < init.size(); ++i)
      QVERIFY(torch::allclose(again[i], trained[i], 1e-6, 1e-7));
  }

  void corruptCheckpointIsAClearErrorAndKept() {
    const std::string ckpt = options_.outModel + ".ckpt";
    std::ofstream(ckpt) << "not a checkpoint";
    auto trainer = rm::train::Trainer::create(options_, {testing::tinySequence()}, true);
    QVERIFY(!trainer.ok());
    QVERIFY2(trainer.message().find(ckpt) != std::string::npos, trainer.message().c_str());
    std::ifstream in(ckpt);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    QCOMPARE(content, std::string("not a checkpoint"));
    QVERIFY(!fs::exists(options_.outModel));
  }

  void badModelsAreClearErrors_data() {
    QTest::addColumn<QString>("content");
    QTest::newRow("garbage") << QStringLiteral("garbage");
    QTest::newRow("empty") << QString();
  }
  void badModelsAreClearErrors() {
    QFETCH(QString, content);
    options_.initModel = path("bad.pt");
    std::ofstream(options_.initModel) << content.toStdString();
    auto trainer = rm::train::Trainer::create(options_, {testing::tinySequence()}, false);
    QVERIFY(!trainer.ok());
    QVERIFY2(trainer.message().find("bad.pt") != std::string::npos, trainer.message().c_str());
  }

 private:
  std::string path(const char* name) const {
    return dir_->filePath(QString::fromLatin1(name)).toStdString();
  }
  std::vector<rm::train::FramePair> evaluationPairs() const {
    const auto seq = testing::tinySequence();
    std::vector<rm::train::FramePair> pairs;
    for (size_t i = 0; i + 2 < seq.frames.size(); ++i)
      pairs.push_back({seq.frames[i], seq.masks[i], seq.frames[i + 2], seq.masks[i + 2]});
    return pairs;
  }

  std::unique_ptr<QTemporaryDir> dir_;
  std::string initModel_;
  rm::train::TrainOptions options_;
};

QTEST_GUILESS_MAIN(TrainerTest)
#include "tst_trainer.moc"
