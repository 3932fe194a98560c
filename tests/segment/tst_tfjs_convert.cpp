// rotomatch-convert-tfjs on small hand-written TF.js graphs: TF's asymmetric 'SAME' padding
// for strided convolutions and the legacy (align_corners = half_pixel_centers = false)
// bilinear resize against brute-force loops written here, and clear errors for bad input.
// LibTorch before Qt: Qt's `slots` macro breaks ATen headers.
#include <torch/script.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;

QString converter() {
  const QString dir = qEnvironmentVariable("ROTOMATCH_BIN_DIR", ROTOMATCH_BINARY_DIR "/bin");
  return dir + "/rotomatch-convert-tfjs";
}

json ints(std::initializer_list<int> v) {
  json list = json::array();
  for (int x : v)
    list.push_back(std::to_string(x));
  return {{"list", {{"i", list}}}};
}

// Placeholder [1,8,8,3] -> Conv2D 3x3 stride 2 SAME (3 -> 2 channels) -> ResizeBilinear to the
// folded size [8, 8] -> Relu (the tap).
json tinyGraph(const std::string& lastOp = "Relu") {
  const json same = {{"s", "U0FNRQ=="}};  // base64("SAME")
  json nodes = json::array();
  nodes.push_back(
      {{"name", "x"},
       {"op", "Placeholder"},
       {"attr",
        {{"shape",
          {{"shape",
            {{"dim", {{{"size", "1"}}, {{"size", "8"}}, {{"size", "8"}}, {{"size", "3"}}}}}}}}}}});
  nodes.push_back({{"name", "w"}, {"op", "Const"}});
  nodes.push_back({{"name", "size"}, {"op", "Const"}});
  nodes.push_back({{"name", "conv"},
                   {"op", "Conv2D"},
                   {"input", {"x", "w"}},
                   {"attr", {{"strides", ints({1, 2, 2, 1})}, {"padding", same}}}});
  nodes.push_back({{"name", "up"}, {"op", "ResizeBilinear"}, {"input", {"conv", "size"}}});
  nodes.push_back({{"name", "out"}, {"op", lastOp}, {"input", {"up"}}});
  return {{"format", "graph-model"},
          {"modelTopology", {{"node", nodes}}},
          {"weightsManifest",
           {{{"paths", {"w.bin"}},
             {"weights",
              {{{"name", "w"}, {"shape", {3, 3, 3, 2}}, {"dtype", "float32"}},
               {{"name", "size"}, {"shape", {2}}, {"dtype", "int32"}}}}}}}};
}

}  // namespace

class TfjsConvertTest : public QObject {
  Q_OBJECT
 private slots:
  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    weights_ = torch::randn({3, 3, 3, 2});
    std::ofstream bin(dir_->filePath("w.bin").toStdString(), std::ios::binary);
    bin.write(reinterpret_cast<const char*>(weights_.data_ptr<float>()), 54 * sizeof(float));
    const int32_t size[2] = {8, 8};
    bin.write(reinterpret_cast<const char*>(size), sizeof size);
  }

  void stridedSameConvAndLegacyResizeMatchLoops() {
    writeModel(tinyGraph());
    const QString out = dir_->filePath("tiny.pt");
    QString err;
    QVERIFY2(convert({"--tap", "out", "--scale", "1", "--output", out}, &err), qPrintable(err));

    torch::jit::Module m = torch::jit::load(out.toStdString());
    for (const auto& p : m.parameters())
      QVERIFY(p.requires_grad());
    const torch::Tensor x = torch::rand({1, 3, 8, 8});
    torch::Tensor y;
    {
      torch::NoGradGuard guard;
      y = m.forward({x}).toTensor();
    }
    QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{1, 2, 8, 8}));

    // Conv, TF 'SAME' with stride 2 on 8 pixels: out 4, one pixel of padding, after.
    auto in = [&](int c, int yy, int xx) -> double {
      return (yy < 0 || yy >= 8 || xx < 0 || xx >= 8) ? 0.0 : x[0][c][yy][xx].item<double>();
    };
    double conv[2][4][4] = {};
    for (int o = 0; o < 2; ++o)
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j)
          for (int ky = 0; ky < 3; ++ky)
            for (int kx = 0; kx < 3; ++kx)
              for (int c = 0; c < 3; ++c)
                conv[o][i][j] +=
                    in(c, 2 * i + ky, 2 * j + kx) * weights_[ky][kx][c][o].item<double>();
    // Legacy bilinear x2: output r samples input r / 2, clamped at the last row/column.
    for (int o = 0; o < 2; ++o)
      for (int r = 0; r < 8; ++r)
        for (int q = 0; q < 8; ++q) {
          const int r0 = r / 2, r1 = std::min(r0 + 1, 3), q0 = q / 2, q1 = std::min(q0 + 1, 3);
          const double fr = r / 2.0 - r0, fq = q / 2.0 - q0;
          const double top = conv[o][r0][q0] + (conv[o][r0][q1] - conv[o][r0][q0]) * fq;
          const double bottom = conv[o][r1][q0] + (conv[o][r1][q1] - conv[o][r1][q0]) * fq;
          const double expected = std::max(0.0, top + (bottom - top) * fr);
          QVERIFY2(std::abs(y[0][o][r][q].item<double>() - expected) < 1e-5,
                   qPrintable(QString("(%1,%2,%3)").arg(o).arg(r).arg(q)));
        }
  }

  void anySizeIsPaddedAndCropped() {
    writeModel(tinyGraph());
    const QString out = dir_->filePath("tiny.pt");
    QString err;
    QVERIFY2(convert({"--tap", "out", "--output", out}, &err), qPrintable(err));
    torch::jit::Module m = torch::jit::load(out.toStdString());
    torch::NoGradGuard guard;
    const torch::Tensor y = m.forward({torch::rand({2, 3, 7, 5})}).toTensor();
    QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{2, 2, 7, 5}));  // stride 1 at the tap
  }

  void errorsNameTheCulprit_data() {
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unsupported op") << "op"
                                    << "'out' (op Softmax)";
    QTest::newRow("unknown tap") << "tap"
                                 << "nope";
    QTest::newRow("missing weights") << "bin"
                                     << "w.bin";
    QTest::newRow("not json") << "json"
                              << "model.json";
  }
  void errorsNameTheCulprit() {
    QFETCH(QString, what);
    QFETCH(QString, expected);
    writeModel(tinyGraph(what == "op" ? "Softmax" : "Relu"));
    if (what == "bin") QFile::remove(dir_->filePath("w.bin"));
    if (what == "json") {
      QFile f(dir_->filePath("model.json"));
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("{ not json");
    }
    const QString out = dir_->filePath("bad.pt");
    QString err;
    QVERIFY(!convert({"--tap", what == "tap" ? "nope" : "out", "--output", out}, &err));
    QVERIFY2(err.contains(expected), qPrintable(err));
    QVERIFY(!QFile::exists(out));
  }

 private:
  void writeModel(const json& model) {
    std::ofstream(dir_->filePath("model.json").toStdString()) << model.dump();
  }
  bool convert(QStringList args, QString* err) {
    QProcess p;
    p.start(converter(), QStringList{"--model", dir_->filePath("model.json")} + args);
    if (!p.waitForFinished(60000)) {
      p.kill();
      p.waitForFinished();
      *err = "converter did not finish";
      return false;
    }
    *err = QString::fromLocal8Bit(p.readAllStandardError());
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
  }

  std::unique_ptr<QTemporaryDir> dir_;
  torch::Tensor weights_;
};

QTEST_GUILESS_MAIN(TfjsConvertTest)
#include "tst_tfjs_convert.moc"
