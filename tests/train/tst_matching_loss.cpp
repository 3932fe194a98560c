// The pair loss against a closed form: with every target cell the same vector, the soft
// matching logits are one constant pair over the frame, so the (class-weighted) cross-entropy
// is a weighted mean of two known per-pixel losses; pixels of unknown label count for nothing.
#include <QtTest>
#include <cmath>

#include <torch/torch.h>

#include "engine/train/MatchingLoss.h"

class MatchingLossTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void classWeightsFollowTheBalanceExponent_data() {
    QTest::addColumn<double>("balance");
    QTest::addColumn<int>("objectRows");   // of 32, from the top
    QTest::addColumn<int>("unknownRows");  // of 32, from the bottom: label unknown
    QTest::newRow("plain cross-entropy (the paper)") << 0.0 << 8 << 0;
    QTest::newRow("half-way") << 0.5 << 8 << 0;
    QTest::newRow("balanced") << 1.0 << 8 << 0;
    QTest::newRow("balanced, small object") << 1.0 << 2 << 0;
    QTest::newRow("plain, a quarter unknown") << 0.0 << 8 << 8;
    QTest::newRow("balanced, half unknown") << 1.0 << 4 << 16;
  }
  void classWeightsFollowTheBalanceExponent() {
    QFETCH(double, balance);
    QFETCH(int, objectRows);
    QFETCH(int, unknownRows);
    // Reference: left half object (e0), right half background (e1), 4 x 4 cells of stride 8.
    torch::Tensor ref = torch::zeros({2, 4, 4});
    ref[0].narrow(1, 0, 2).fill_(1.0);
    ref[1].narrow(1, 2, 2).fill_(1.0);
    torch::Tensor refMask = torch::zeros({32, 32});
    refMask.narrow(1, 0, 16).fill_(1.0);
    const double angle = 0.3;  // every target cell: cos to the object 0.955, to the BG 0.296
    torch::Tensor tgt = torch::zeros({2, 4, 4});
    tgt[0].fill_(std::cos(angle));
    tgt[1].fill_(std::sin(angle));
    torch::Tensor tgtMask = torch::zeros({32, 32});
    tgtMask.narrow(0, 0, objectRows).fill_(1.0);
    if (unknownRows > 0) tgtMask.narrow(0, 32 - unknownRows, unknownRows).fill_(2.0);
    const double scale = 3.0;
    rm::train::MatchingLossOptions options;
    options.topK = 5;
    options.classBalance = balance;
    const auto loss = rm::train::matchingLoss(ref, tgt, refMask, tgtMask,
                                              torch::tensor(std::log(scale)), options);
    QVERIFY(loss.has_value());

    const double fgLogit = scale * std::cos(angle), bgLogit = scale * std::sin(angle);
    const double logSum = std::log(std::exp(fgLogit) + std::exp(bgLogit));
    const double fgLoss = logSum - fgLogit, bgLoss = logSum - bgLogit;
    const double f = objectRows / (32.0 - unknownRows);  // FG share of the known pixels
    const double wf = std::pow(0.5 / f, balance), wb = std::pow(0.5 / (1 - f), balance);
    const double want = (wf * f * fgLoss + wb * (1 - f) * bgLoss) / (wf * f + wb * (1 - f));
    QVERIFY2(std::abs(loss->item<double>() - want) < 1e-5,
             qPrintable(QString("loss %1, want %2").arg(loss->item<double>()).arg(want)));
    // Balanced: object and background pixels weigh the same whatever the object's size.
    if (balance == 1.0) QVERIFY(std::abs(want - (fgLoss + bgLoss) / 2) < 1e-12);
  }

  void aTargetOfUnknownPixelsTeachesNothing() {
    torch::Tensor ref = torch::rand({2, 4, 4}, torch::requires_grad());
    torch::Tensor refMask = torch::zeros({32, 32});
    refMask.narrow(1, 0, 16).fill_(1.0);
    const auto loss = rm::train::matchingLoss(ref, torch::rand({2, 4, 4}), refMask,
                                              torch::full({32, 32}, 2.0), torch::tensor(0.0), {});
    QVERIFY(loss.has_value());
    QCOMPARE(loss->item<double>(), 0.0);
    loss->backward();
    QCOMPARE(ref.grad().abs().sum().item<double>(), 0.0);
  }

  void noObjectInTheReferenceGivesNoLoss() {
    const auto loss = rm::train::matchingLoss(torch::rand({2, 4, 4}), torch::rand({2, 4, 4}),
                                              torch::zeros({32, 32}), torch::zeros({32, 32}),
                                              torch::tensor(0.0), {});
    QVERIFY(!loss.has_value());
  }
};

QTEST_APPLESS_MAIN(MatchingLossTest)
#include "tst_matching_loss.moc"
