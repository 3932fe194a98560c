// Presets resolve to their own parameters; explicit user values override them.
#include <QtTest>

#include "engine/segment/MatchConfig.h"

class MatchConfigTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void topKFollowsPresetUnlessGiven_data() {
    QTest::addColumn<QString>("preset");
    QTest::addColumn<int>("requested");
    QTest::addColumn<int>("expected");
    QTest::newRow("paper, preset K") << "paper" << rm::SegmenterParams::kPresetTopK << 20;
    QTest::newRow("default, preset K") << "default" << rm::SegmenterParams::kPresetTopK << 5;
    QTest::newRow("paper, K=7") << "paper" << 7 << 7;
    QTest::newRow("default, K=20") << "default" << 20 << 20;
    QTest::newRow("default, all") << "default" << 0 << 0;
  }
  void topKFollowsPresetUnlessGiven() {
    QFETCH(QString, preset);
    QFETCH(int, requested);
    QFETCH(int, expected);
    rm::SegmenterParams params;
    params.preset = preset.toStdString();
    params.topK = requested;
    const auto config = rm::resolveMatchConfig(params);
    QVERIFY2(config.ok(), config.ok() ? "" : config.message().c_str());
    QCOMPARE(config->topK, expected);
  }

  void paperPresetIsThePaper() {
    rm::SegmenterParams params;
    params.preset = "paper";
    const auto c = rm::resolveMatchConfig(params);
    QVERIFY(c.ok());
    QCOMPARE(c->c1, 0.95);
    QCOMPARE(c->c2, 0.4);
    QCOMPARE(c->outlierDistance480, 100.0);
    QCOMPARE(c->softmaxScale, 1.0);
    QVERIFY(c->updateForeground && c->updateBackground && c->outlierRemoval);
    QCOMPARE(c->colorWeight, 0.0);
    QCOMPARE(c->localWeight, 0.0);
    // Nothing beyond the paper: no identity split, no shared background, no likeness floor.
    QVERIFY(!c->identitySplit && !c->sharedBackground);
    QCOMPARE(c->likenessMargin, 0.0);
    QVERIFY(!rm::usesFlow(*c, 2));
  }

  // A trained model's tuning sits between the preset and the user: the learned softmax scale
  // applies in both presets, its other knobs only in the default one, and the user's own
  // values win over all of them.
  void modelTuningIsLayeredBetweenPresetAndUser_data() {
    QTest::addColumn<QString>("preset");
    QTest::addColumn<bool>("userOverrides");
    QTest::addColumn<double>("scale");
    QTest::addColumn<double>("colorWeight");
    QTest::addColumn<int>("topK");
    QTest::newRow("default") << "default" << false << 7.0 << 0.25 << 9;
    QTest::newRow("paper") << "paper" << false << 7.0 << 0.0 << 20;
    QTest::newRow("default, user wins") << "default" << true << 3.0 << 0.75 << 4;
  }
  void modelTuningIsLayeredBetweenPresetAndUser() {
    QFETCH(QString, preset);
    QFETCH(bool, userOverrides);
    QFETCH(double, scale);
    QFETCH(double, colorWeight);
    QFETCH(int, topK);
    rm::SegmenterParams params;
    params.preset = preset.toStdString();
    if (userOverrides) {
      params.topK = 4;
      params.tuning = {{"softmaxScale", 3.0}, {"colorWeight", 0.75}};
    }
    const std::map<std::string, double> model = {
        {"softmaxScale", 7.0}, {"colorWeight", 0.25}, {"topK", 9}};
    const auto c = rm::resolveMatchConfig(params, model, "trained.pt");
    QVERIFY2(c.ok(), c.ok() ? "" : c.message().c_str());
    QCOMPARE(c->softmaxScale, scale);
    QCOMPARE(c->colorWeight, colorWeight);
    QCOMPARE(c->topK, topK);
  }

  void unknownModelKnobNamesTheModel() {
    const auto c = rm::resolveMatchConfig({}, {{"warpDrive", 1.0}}, "trained.pt");
    QVERIFY(!c.ok());
    QVERIFY2(QString::fromStdString(c.message()).contains("trained.pt"), c.message().c_str());
    QVERIFY2(QString::fromStdString(c.message()).contains("warpDrive"), c.message().c_str());
  }

  void invalidValuesAreErrors_data() {
    QTest::addColumn<int>("topK");
    QTest::addColumn<QString>("preset");
    QTest::addColumn<double>("colorPositionWeight");
    QTest::newRow("negative K") << -2 << "default" << 1.0;
    QTest::newRow("unknown preset") << 5 << "fancy" << 1.0;
    QTest::newRow("negative colour position weight") << 5 << "default" << -0.5;
  }
  void invalidValuesAreErrors() {
    QFETCH(int, topK);
    QFETCH(QString, preset);
    QFETCH(double, colorPositionWeight);
    rm::SegmenterParams params;
    params.topK = topK;
    params.preset = preset.toStdString();
    params.tuning = {{"colorPositionWeight", colorPositionWeight}};
    QVERIFY(!rm::resolveMatchConfig(params).ok());
  }

  void invalidTuningNamesTheKnob_data() {
    QTest::addColumn<QString>("knob");
    QTest::addColumn<double>("value");
    QTest::newRow("flow preset past medium") << "flowPreset" << 3.0;
    QTest::newRow("negative flow preset") << "flowPreset" << -1.0;
    QTest::newRow("tiny flow") << "flowShortSide" << 8.0;
    QTest::newRow("motion weight 1") << "motionWeight" << 1.0;
    QTest::newRow("negative likeness margin") << "likenessMargin" << -0.1;
  }
  void invalidTuningNamesTheKnob() {
    QFETCH(QString, knob);
    QFETCH(double, value);
    rm::SegmenterParams params;
    params.tuning = {{knob.toStdString(), value}};
    const auto c = rm::resolveMatchConfig(params);
    QVERIFY(!c.ok());
    QVERIFY2(QString::fromStdString(c.message()).contains(knob), c.message().c_str());
  }
};

QTEST_GUILESS_MAIN(MatchConfigTest)
#include "tst_match_config.moc"
