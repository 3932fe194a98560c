// The soft matching layer against slow per-pixel reference loops.
// Torch first: Qt's `slots` macro would clash with identifiers in the torch headers.
#include <torch/torch.h>

#include <QtTest>
#include <algorithm>
#include <functional>
#include <limits>
#include <vector>

#include "engine/segment/FeatureFusion.h"
#include "engine/segment/SoftMatch.h"

namespace {

// Reference: for one query, sort all cosine similarities to the set, average the top K.
double referenceTopKMean(const torch::Tensor& q, const torch::Tensor& set, int k) {
  std::vector<double> sims;
  for (int64_t m = 0; m < set.size(0); ++m) {
    double dot = 0;
    for (int64_t c = 0; c < q.size(0); ++c)
      dot += double(q[c].item<float>()) * double(set[m][c].item<float>());
    sims.push_back(dot);
  }
  if (sims.empty()) return -1.0;
  std::sort(sims.begin(), sims.end(), std::greater<>());
  const size_t n = k <= 0 ? sims.size() : std::min(sims.size(), size_t(k));
  double sum = 0;
  for (size_t i = 0; i < n; ++i)
    sum += sims[i];
  return sum / double(n);
}

torch::Tensor randomUnit(int64_t n, int64_t c, uint64_t seed) {
  torch::manual_seed(seed);
  return rm::l2Normalize(torch::randn({n, c}), 1);
}

}  // namespace

class SoftMatchTest : public QObject {
  Q_OBJECT
 private slots:
  void matchesBruteForce_data() {
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("setSizeA");
    QTest::addColumn<int>("setSizeB");
    QTest::addColumn<qlonglong>("chunk");
    QTest::addColumn<bool>("ties");
    QTest::addColumn<int>("block");
    QTest::addColumn<bool>("fused");
    // Every case through the torch ops (autograd path) and the fused CPU kernel.
    for (const bool fused : {false, true}) {
      const char* path = fused ? "fused: " : "torch: ";
      auto row = [&](const char* name) { return &QTest::newRow(qPrintable(QString(path) + name)); };
      *row("K=20, large sets") << 20 << 60 << 45 << qlonglong(1 << 20) << false << 32 << fused;
      *row("K=20, set smaller than K")
          << 20 << 7 << 33 << qlonglong(1 << 20) << false << 32 << fused;
      *row("K=1") << 1 << 30 << 30 << qlonglong(1 << 20) << false << 32 << fused;
      *row("K=all") << 0 << 25 << 12 << qlonglong(1 << 20) << false << 32 << fused;
      *row("K=70 (above the fused buffer)")
          << 70 << 150 << 90 << qlonglong(1 << 20) << true << 32 << fused;
      *row("K=20, large sets with a tail")
          << 20 << 400 << 333 << qlonglong(1 << 20) << false << 32 << fused;
      *row("K=20, large sets, ties")
          << 20 << 400 << 400 << qlonglong(1 << 20) << true << 32 << fused;
      *row("tiny chunks") << 5 << 40 << 41 << qlonglong(50) << false << 32 << fused;
      *row("ties") << 20 << 50 << 50 << qlonglong(1 << 20) << true << 32 << fused;
      *row("empty set") << 20 << 0 << 30 << qlonglong(1 << 20) << false << 32 << fused;
      *row("block top-K") << 5 << 200 << 173 << qlonglong(1 << 20) << false << 4 << fused;
      *row("block top-K, ties") << 5 << 200 << 200 << qlonglong(3000) << true << 4 << fused;
      *row("block top-K, K=1") << 1 << 97 << 64 << qlonglong(1 << 20) << true << 8 << fused;
    }
  }
  void matchesBruteForce() {
    QFETCH(int, k);
    QFETCH(int, setSizeA);
    QFETCH(int, setSizeB);
    QFETCH(qlonglong, chunk);
    QFETCH(bool, ties);
    QFETCH(int, block);
    QFETCH(bool, fused);
    const int64_t channels = 6;
    torch::Tensor query = randomUnit(37, channels, 1);
    torch::Tensor a = randomUnit(setSizeA, channels, 2);
    torch::Tensor b = randomUnit(setSizeB, channels, 3);
    if (ties) {
      // Repeated vectors give many equal similarities around the K-th place.
      a = a.narrow(0, 0, 5).repeat({setSizeA / 5, 1});
      b = torch::cat({b.narrow(0, 0, 1).repeat({setSizeB - 20, 1}), b.narrow(0, 30, 20)}, 0);
    }
    rm::SoftMatchOptions options;
    options.topK = k;
    options.maxChunkElements = chunk;
    options.blockSize = block;
    options.fusedCpu = fused;
    options.fusedChunkRows = std::max<qlonglong>(1, chunk / 100);  // several chunks when tiny
    const torch::Tensor scores = rm::softMatch(query, {a, b}, options);
    QCOMPARE(scores.size(0), int64_t(2));
    QCOMPARE(scores.size(1), query.size(0));
    for (int64_t p = 0; p < query.size(0); ++p) {
      const double ra = referenceTopKMean(query[p], a, k);
      const double rb = referenceTopKMean(query[p], b, k);
      QVERIFY2(std::abs(scores[0][p].item<double>() - ra) < 1e-5, qPrintable(QString::number(p)));
      QVERIFY2(std::abs(scores[1][p].item<double>() - rb) < 1e-5, qPrintable(QString::number(p)));
    }
  }

  void isDifferentiable() {
    torch::Tensor query = randomUnit(10, 4, 5).requires_grad_(true);
    torch::Tensor set = randomUnit(30, 4, 6);
    rm::SoftMatchOptions options;
    options.topK = 3;
    options.maxChunkElements = 40;  // several chunks
    options.blockSize = 2;          // through the two-stage top-K
    rm::softMatch(query, {set}, options).sum().backward();
    QVERIFY(query.grad().defined());
    QVERIFY(query.grad().abs().sum().item<double>() > 0);
  }

  // The cosine of two fused vectors is (cos_deep + w^2 cos_colour) / (1 + w^2); the colour
  // grid is cut or edge-padded to the deep grid; gradients reach the deep features.
  void colourFusionBlendsTheSimilarities_data() {
    QTest::addColumn<double>("weight");
    QTest::addColumn<int>("colourRows");  // deep grid: 4 rows
    QTest::newRow("half weight, same grid") << 0.5 << 4;
    QTest::newRow("unit weight, colour grid one row short") << 1.0 << 3;
    QTest::newRow("quarter weight, colour grid one row long") << 0.25 << 5;
  }
  void colourFusionBlendsTheSimilarities() {
    QFETCH(double, weight);
    QFETCH(int, colourRows);
    torch::manual_seed(11);
    torch::Tensor deep = torch::randn({2, 6, 4, 3}).requires_grad_(true);
    const torch::Tensor colour = torch::randn({2, 5, colourRows, 3});
    const torch::Tensor fused = rm::fuseColourFeatures(deep, colour, weight);
    QCOMPARE(fused.size(1), 11);
    QCOMPARE(fused.size(2), 4);
    const torch::Tensor d = rm::l2Normalize(deep.detach(), 1);
    const torch::Tensor c = rm::l2Normalize(colour, 1);
    for (int64_t y = 0; y < 4; ++y)
      for (int64_t x = 0; x < 3; ++x) {
        const int64_t cy = std::min<int64_t>(y, colourRows - 1);  // edge row repeated
        const double cosDeep =
            (d[0].select(1, y).select(1, x) * d[1].select(1, 0).select(1, 0)).sum().item<double>();
        const double cosColour =
            (c[0].select(1, cy).select(1, x) * c[1].select(1, 0).select(1, 0)).sum().item<double>();
        const double want = (cosDeep + weight * weight * cosColour) / (1 + weight * weight);
        const double got = (fused[0].select(1, y).select(1, x) * fused[1].select(1, 0).select(1, 0))
                               .sum()
                               .item<double>();
        QVERIFY2(std::abs(got - want) < 1e-5, qPrintable(QString("cell %1,%2").arg(y).arg(x)));
      }
    fused.select(1, 0).sum().backward();
    QVERIFY(deep.grad().defined());
    QVERIFY(deep.grad().abs().sum().item<double>() > 0);
    // A single frame [C,h,w] gives the same as the first frame of the batch.
    QVERIFY(torch::allclose(rm::fuseColourFeatures(deep[0].detach(), colour[0], weight),
                            fused[0].detach()));
  }

  void localMatchEqualsWindowLoop_data() {
    QTest::addColumn<int>("radius");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("frames");
    QTest::newRow("r=2,k=1,1 frame") << 2 << 1 << 1;
    QTest::newRow("r=3,k=4,2 frames") << 3 << 4 << 2;
    QTest::newRow("r=0,k=1") << 0 << 1 << 1;
  }
  void localMatchEqualsWindowLoop() {
    QFETCH(int, radius);
    QFETCH(int, k);
    QFETCH(int, frames);
    const int64_t c = 5, h = 9, w = 11, instances = 2;
    torch::manual_seed(11);
    const torch::Tensor query = rm::l2Normalize(torch::randn({c, h, w}), 0);
    const torch::Tensor prev = rm::l2Normalize(torch::randn({frames, c, h, w}), 1);
    const torch::Tensor labels = torch::randint(0, instances + 1, {frames, h, w}, torch::kLong);
    torch::Tensor active = torch::ones({h, w}, torch::kBool);
    active[0][0] = false;
    rm::LocalMatchOptions options;
    options.radius = radius;
    options.topK = k;
    options.tile = 4;  // several tiles, partial at the border
    const auto [fg, bg] = rm::localMatch(query, prev, labels, instances, active, options);
    for (int64_t i = 0; i < instances; ++i) {
      for (int64_t y = 0; y < h; ++y) {
        for (int64_t x = 0; x < w; ++x) {
          std::vector<double> fgSims, bgSims;
          for (int64_t f = 0; f < frames; ++f)
            for (int64_t yy = std::max<int64_t>(0, y - radius); yy <= std::min(h - 1, y + radius);
                 ++yy)
              for (int64_t xx = std::max<int64_t>(0, x - radius); xx <= std::min(w - 1, x + radius);
                   ++xx) {
                double dot = 0;
                for (int64_t ch = 0; ch < c; ++ch)
                  dot += query[ch][y][x].item<double>() * prev[f][ch][yy][xx].item<double>();
                (labels[f][yy][xx].item<int64_t>() == i + 1 ? fgSims : bgSims).push_back(dot);
              }
          auto topMean = [&](std::vector<double> v) {
            if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
            std::sort(v.begin(), v.end(), std::greater<>());
            const size_t n = std::min(v.size(), size_t(k));
            double s = 0;
            for (size_t j = 0; j < n; ++j)
              s += v[j];
            return s / double(n);
          };
          const double gotFg = fg[i][y * w + x].item<double>();
          const double gotBg = bg[i][y * w + x].item<double>();
          if (y == 0 && x == 0) {
            QVERIFY(std::isnan(gotFg) && std::isnan(gotBg));  // inactive cell
            continue;
          }
          const double wantFg = topMean(fgSims), wantBg = topMean(bgSims);
          QVERIFY(std::isnan(wantFg) ? std::isnan(gotFg) : std::abs(gotFg - wantFg) < 1e-5);
          QVERIFY(std::isnan(wantBg) ? std::isnan(gotBg) : std::abs(gotBg - wantBg) < 1e-5);
        }
      }
    }
  }
};

QTEST_GUILESS_MAIN(SoftMatchTest)
#include "tst_soft_match.moc"
