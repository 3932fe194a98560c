// TorchScript feature models: loading (and every way a file can be wrong), the forward
// contract, device resolution and the default-model lookup order.
// LibTorch before Qt: Qt's `slots` macro breaks ATen headers.
#include <torch/cuda.h>
#include <torch/script.h>

#include "engine/Engine.h"
#include "engine/segment/ModelLocator.h"
#include "engine/segment/ModelMetadata.h"
#include "engine/segment/TorchScriptExtractor.h"

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

// A tiny feature model: 4x4 average pooling of RGB (stride 4, 3 channels).
void saveTinyModel(const fs::path& path, const std::string& metadata, bool withMetadata = true) {
  torch::jit::Module m(c10::QualifiedName("__torch__.TinyFeatures"));
  m.define(R"(
def forward(self, x: Tensor) -> Tensor:
    return torch.avg_pool2d(x, [4, 4], [4, 4], [0, 0], True)
)");
  torch::jit::ExtraFilesMap extra;
  if (withMetadata) extra["rotomatch.json"] = metadata;
  m.save(path.string(), extra);
}

const std::string kTinyMeta =
    R"({"name":"tiny","stride":4,"channels":3,"cellOffset":1.5,"licence":"MIT","source":"test"})";

void writeBytes(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

bool mentions(const std::string& message, const fs::path& path) {
  return message.find(path.string()) != std::string::npos;
}

}  // namespace

class TorchScriptExtractorTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { rm::setComputeThreads(2); }  // once, as an executable's main does
  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    root_ = fs::path(dir_->path().toStdString());
    qunsetenv(rm::kModelEnvVar);
  }
  void cleanup() { qunsetenv(rm::kModelEnvVar); }

  void badFilesGiveErrorsNamingTheFile_data() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("missing") << "missing";
    QTest::newRow("empty") << "empty";
    QTest::newRow("garbage") << "garbage";
    QTest::newRow("truncated") << "truncated";
    QTest::newRow("no metadata") << "nometa";
    QTest::newRow("bad metadata json") << "badjson";
    QTest::newRow("metadata without stride") << "nostride";
    QTest::newRow("a directory") << "dir";
  }
  void badFilesGiveErrorsNamingTheFile() {
    QFETCH(QString, kind);
    const fs::path path = root_ / ("model-" + kind.toStdString() + ".pt");
    if (kind == "empty") writeBytes(path, "");
    if (kind == "garbage") writeBytes(path, std::string(4096, '\x5a'));
    if (kind == "truncated") {
      saveTinyModel(path, kTinyMeta);
      fs::resize_file(path, fs::file_size(path) / 2);
    }
    if (kind == "nometa") saveTinyModel(path, "", false);
    if (kind == "badjson") saveTinyModel(path, "{\"stride\": ");
    if (kind == "nostride") saveTinyModel(path, R"({"channels": 3})");
    if (kind == "dir") fs::create_directory(path);

    auto loaded = rm::loadTorchScriptExtractor(path.string(), {"cpu"});
    QVERIFY(!loaded.ok());
    QVERIFY2(mentions(loaded.message(), path), loaded.message().c_str());
    qInfo("%s", loaded.message().c_str());
    auto viaFactory = rm::createFeatureExtractor(path.string(), {"cpu"});
    QVERIFY(!viaFactory.ok());
    QVERIFY2(mentions(viaFactory.message(), path), viaFactory.message().c_str());
  }

  void loadsMetadataAndRunsForward() {
    const fs::path path = root_ / "tiny.pt";
    saveTinyModel(path, kTinyMeta);
    auto ex = rm::loadTorchScriptExtractor(path.string(), {"cpu"});
    QVERIFY2(ex.ok(), ex.ok() ? "" : ex.message().c_str());
    const rm::FeatureInfo& info = (*ex)->info();
    QCOMPARE(info.name, std::string("tiny"));
    QCOMPARE(info.stride, 4);
    QCOMPARE(info.channels, 3);
    QCOMPARE(info.cellOffset, 1.5);
    QCOMPARE(info.licence, std::string("MIT"));
    QVERIFY((*ex)->device().is_cpu());

    const torch::Tensor rgb = torch::rand({2, 3, 10, 7});
    auto out = (*ex)->extract(rgb);
    QVERIFY2(out.ok(), out.ok() ? "" : out.message().c_str());
    QCOMPARE(out->sizes().vec(), (std::vector<int64_t>{2, 3, 3, 2}));
    QVERIFY(!out->requires_grad());
    // Reference: mean over each (clipped) 4x4 cell, by hand.
    for (int64_t n = 0; n < 2; ++n)
      for (int64_t c = 0; c < 3; ++c)
        for (int64_t y = 0; y < 3; ++y)
          for (int64_t x = 0; x < 2; ++x) {
            double sum = 0;
            int count = 0;
            for (int64_t yy = 4 * y; yy < std::min<int64_t>(4 * y + 4, 10); ++yy)
              for (int64_t xx = 4 * x; xx < std::min<int64_t>(4 * x + 4, 7); ++xx, ++count)
                sum += rgb[n][c][yy][xx].item<double>();
            QVERIFY(std::abs((*out)[n][c][y][x].item<double>() - sum / count) < 1e-6);
          }
  }

  void rejectsWrongInputAndMismatchedMetadata() {
    const fs::path path = root_ / "liar.pt";
    // Claims 5 channels; the network returns 3.
    saveTinyModel(path, R"({"name":"liar","stride":4,"channels":5})");
    auto ex = rm::loadTorchScriptExtractor(path.string(), {"cpu"});
    QVERIFY(ex.ok());
    auto out = (*ex)->extract(torch::rand({1, 3, 8, 8}));
    QVERIFY(!out.ok());
    QVERIFY2(mentions(out.message(), path), out.message().c_str());
    auto bad = (*ex)->extract(torch::rand({1, 4, 8, 8}));
    QVERIFY(!bad.ok());
    QVERIFY2(mentions(bad.message(), path), bad.message().c_str());
  }

  // Issue #17.9: a model whose features are NaN is an error naming the model (it gave
  // empty masks on every frame).
  void nanFeaturesAreAnErrorNamingTheModel() {
    const fs::path path = root_ / "nan.pt";
    torch::jit::Module m(c10::QualifiedName("__torch__.NanFeatures"));
    m.define(R"(
def forward(self, x: Tensor) -> Tensor:
    return torch.avg_pool2d(x, [4, 4], [4, 4], [0, 0], True) * float("nan")
)");
    m.save(path.string(), {{"rotomatch.json", kTinyMeta}});
    auto ex = rm::loadTorchScriptExtractor(path.string(), {"cpu"});
    QVERIFY2(ex.ok(), ex.ok() ? "" : ex.message().c_str());
    auto out = (*ex)->extract(torch::rand({1, 3, 8, 8}));
    QVERIFY(!out.ok());
    QVERIFY2(mentions(out.message(), path) && out.message().find("NaN") != std::string::npos,
             out.message().c_str());
  }

  void resolvesDevices() {
    const bool cuda = torch::cuda::is_available();
    auto cpu = rm::resolveDevice("cpu");
    QVERIFY(cpu.ok() && cpu->is_cpu());
    auto autoDev = rm::resolveDevice("auto");
    QVERIFY(autoDev.ok());
    QCOMPARE(autoDev->is_cuda(), cuda);
    auto cudaDev = rm::resolveDevice("cuda");
    QCOMPARE(cudaDev.ok(), cuda);
    if (!cuda) QVERIFY(cudaDev.message().find("CUDA") != std::string::npos);
    QVERIFY(!rm::resolveDevice("gpu").ok());
    QVERIFY(!rm::resolveDevice("cuda:x").ok());
    auto ex = rm::loadTorchScriptExtractor("/nonexistent.pt", {"tpu"});
    QVERIFY(!ex.ok());
  }

  void metadataParser_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<bool>("valid");
    QTest::newRow("full") << QString::fromStdString(kTinyMeta) << true;
    QTest::newRow("minimal") << R"({"stride":8,"channels":192})" << true;
    QTest::newRow("array") << "[1,2]" << false;
    QTest::newRow("zero stride") << R"({"stride":0,"channels":3})" << false;
    QTest::newRow("string channels") << R"({"stride":8,"channels":"many"})" << false;
    // #17, fuzz_model_metadata: a float past int's range was cast (undefined behaviour).
    QTest::newRow("channels 3.3e25") << R"({"stride":1,"channels":3.3e25})" << false;
    QTest::newRow("fractional stride") << R"({"stride":8.5,"channels":64})" << false;
    QTest::newRow("integral float stride") << R"({"stride":8.0,"channels":64})" << true;
  }
  void metadataParser() {
    QFETCH(QString, json);
    QFETCH(bool, valid);
    auto info = rm::parseModelMetadata(json.toStdString(), "m.pt");
    QCOMPARE(info.ok(), valid);
    if (!valid) QVERIFY(info.message().find("m.pt") != std::string::npos);
    if (valid && QByteArray(QTest::currentDataTag()) == "minimal") QCOMPARE(info->cellOffset, 3.5);
  }

  void locatorPrefersEnvThenTrainedThenBackbone() {
    // Build-tree layout: <root>/build/release/bin/<exe>, models in build/release/models,
    // trained models in <root>/resources/models.
    const fs::path exeDir = root_ / "build" / "release" / "bin";
    fs::create_directories(exeDir);
    auto none = rm::locateDefaultModel(exeDir);
    QVERIFY(!none.ok());
    QVERIFY2(none.message().find("scripts/setup.sh") != std::string::npos, none.message().c_str());

    const fs::path backbone = root_ / "build" / "release" / "models" / rm::kBackboneModelFile;
    fs::create_directories(backbone.parent_path());
    writeBytes(backbone, "x");
    QCOMPARE(rm::locateDefaultModel(exeDir)->string(), backbone.lexically_normal().string());

    const fs::path trained = root_ / "resources" / "models" / rm::kTrainedModelFile;
    fs::create_directories(trained.parent_path());
    writeBytes(trained, "x");
    QCOMPARE(rm::locateDefaultModel(exeDir)->string(), trained.lexically_normal().string());

    const fs::path mine = root_ / "mine.pt";
    writeBytes(mine, "x");
    qputenv(rm::kModelEnvVar, QByteArray::fromStdString(mine.string()));
    QCOMPARE(rm::locateDefaultModel(exeDir)->string(), mine.string());
    // An explicit but missing choice is an error, not a silent fallback.
    qputenv(rm::kModelEnvVar, QByteArray::fromStdString((root_ / "gone.pt").string()));
    auto gone = rm::locateDefaultModel(exeDir);
    QVERIFY(!gone.ok());
    QVERIFY(mentions(gone.message(), root_ / "gone.pt"));
  }

  void locatorFindsInstalledModels() {
    const fs::path prefix = root_ / "usr";
    const fs::path exeDir = prefix / "bin";
    const fs::path models = prefix / "share" / "rotomatch" / "models";
    fs::create_directories(exeDir);
    fs::create_directories(models);
    writeBytes(models / rm::kBackboneModelFile, "x");
    QCOMPARE(rm::locateDefaultModel(exeDir)->string(),
             (models / rm::kBackboneModelFile).lexically_normal().string());
    writeBytes(models / rm::kTrainedModelFile, "x");
    QCOMPARE(rm::locateDefaultModel(exeDir)->string(),
             (models / rm::kTrainedModelFile).lexically_normal().string());
  }

  // The shipped backbone (when built): any H, W; batches equal single images.
  void convertedBackboneContract() {
    const fs::path model = fs::path(ROTOMATCH_BINARY_DIR) / "models" / rm::kBackboneModelFile;
    if (!fs::exists(model)) QSKIP("default backbone not built (run scripts/fetch-models.sh)");
    auto ex = rm::loadTorchScriptExtractor(model.string(), {"cpu"});
    QVERIFY2(ex.ok(), ex.ok() ? "" : ex.message().c_str());
    QCOMPARE((*ex)->info().stride, 8);
    QCOMPARE((*ex)->info().channels, 192);
    QCOMPARE((*ex)->info().licence, std::string("MIT"));
    const torch::Tensor a = torch::rand({1, 3, 37, 70});
    const torch::Tensor b = torch::rand({1, 3, 37, 70});
    auto single = (*ex)->extract(a);
    QVERIFY(single.ok());
    QCOMPARE(single->sizes().vec(), (std::vector<int64_t>{1, 192, 5, 9}));
    auto batch = (*ex)->extract(torch::cat({a, b}));
    QVERIFY(batch.ok());
    QVERIFY(torch::allclose((*batch)[0], (*single)[0], 1e-4, 1e-4));
    QVERIFY(((*single) >= 0).all().item<bool>());  // ends in a ReLU
    // Weights are trainable parameters (fine-tuning adapts them).
    torch::jit::Module module = torch::jit::load(model.string());
    size_t params = 0;
    for (const auto& p : module.parameters()) {
      QVERIFY(p.requires_grad());
      ++params;
    }
    QVERIFY(params > 100);
  }

  // The load-time optimisation (freeze, folded batch norm, oneDNN) keeps the features: the
  // shipped trained model as loaded and optimised, on odd sizes and a batch.
  void optimisedModelGivesTheSameFeatures_data() {
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::newRow("480p-ish") << 1 << 120 << 216;
    QTest::newRow("odd size") << 1 << 37 << 70;
    QTest::newRow("batch of 2") << 2 << 64 << 48;
  }
  void optimisedModelGivesTheSameFeatures() {
    QFETCH(int, batch);
    QFETCH(int, height);
    QFETCH(int, width);
    const fs::path model =
        fs::path(ROTOMATCH_SOURCE_DIR) / "resources" / "models" / rm::kTrainedModelFile;
    if (!fs::exists(model)) QSKIP("shipped model missing from resources/models");
    auto plain = rm::loadTorchScriptExtractor(model.string(), {"cpu", false});
    auto fast = rm::loadTorchScriptExtractor(model.string(), {"cpu", true});
    QVERIFY2(plain.ok(), plain.ok() ? "" : plain.message().c_str());
    QVERIFY2(fast.ok(), fast.ok() ? "" : fast.message().c_str());
    torch::manual_seed(7);
    const torch::Tensor rgb = torch::rand({batch, 3, height, width});
    auto a = (*plain)->extract(rgb);
    auto b = (*fast)->extract(rgb);
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(b->sizes().vec(), a->sizes().vec());
    const double scale = a->abs().max().item<double>();
    QVERIFY(scale > 0);
    const double diff = (*a - *b).abs().max().item<double>();
    QVERIFY2(diff <= 1e-3 * scale,
             qPrintable(QString("max difference %1 of %2").arg(diff).arg(scale)));
  }

 private:
  std::unique_ptr<QTemporaryDir> dir_;
  fs::path root_;
};

QTEST_GUILESS_MAIN(TorchScriptExtractorTest)
#include "tst_torchscript_extractor.moc"
