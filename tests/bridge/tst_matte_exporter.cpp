// Export of the document's masks through the engine's matte writers, off the GUI thread.
#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdio>

#include "ClipMaker.h"
#include "FakeEngine.h"
#include "engine/media/MaskIO.h"
#include "ui/model/DocumentLoader.h"
#include "ui/model/MatteExporter.h"

using namespace rm::bridge;

namespace {
constexpr int kW = 36, kH = 20, kFrames = 8;
}

class MatteExporterTest : public QObject {
  Q_OBJECT
 private slots:
  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    doc_ = std::make_unique<Document>();
    doc_->reset(QStringLiteral("fake://clip"), QSize(kW, kH), kFrames, 25.0);
    doc_->addInstance();
    doc_->addInstance();
    for (int f = 0; f < kFrames; f += 2) {  // odd frames have no mask: background
      cv::Mat labels(kH, kW, CV_8UC1, cv::Scalar(0));
      labels(cv::Rect(f, 2, 10, 8)).setTo(1);
      labels(cv::Rect(20, f, 6, 6)).setTo(2);
      DocumentLoader(doc_.get()).setMask(f, labels, FrameState::Keyframe);
    }
    exporter_ = std::make_unique<MatteExporter>(
        [this](const rm::OpenOptions&) -> rm::Expected<std::unique_ptr<rm::FrameSource>> {
          return std::unique_ptr<rm::FrameSource>(
              std::make_unique<rm::test::FakeFrameSource>(kW, kH, kFrames, delayMs_));
        });
  }
  void cleanup() {
    exporter_.reset();
    doc_.reset();
  }

  void png8SequenceMatchesMasks_data() {
    QTest::addColumn<int>("instance");
    QTest::newRow("union") << 0;
    QTest::newRow("object 2") << 2;
  }
  void png8SequenceMatchesMasks() {
    QFETCH(int, instance);
    rm::MatteWriterOptions options;
    options.format = rm::MatteFormat::Png8;
    options.instance = instance;
    options.startNumber = 1001;
    options.outPath = dir_->filePath(QStringLiteral("m.%04d.png")).toStdString();
    QSignalSpy finished(exporter_.get(), &MatteExporter::finished);
    QVERIFY(exporter_->start(*doc_, options, 1, 6));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(2).toString()));
    QCOMPARE(finished.at(0).at(3).toStringList().size(), 6);
    for (int f = 1; f <= 6; ++f) {
      const QString file = dir_->filePath(QStringLiteral("m.%1.png").arg(1000 + f));
      const cv::Mat matte = cv::imread(file.toStdString(), cv::IMREAD_UNCHANGED);
      QVERIFY2(!matte.empty(), qPrintable(file));
      cv::Mat expected(kH, kW, CV_8UC1, cv::Scalar(0));
      if (const cv::Mat* m = doc_->mask(f))
        expected.setTo(255, instance == 0 ? (*m != 0) : (*m == instance));
      QCOMPARE(cv::countNonZero(matte != expected), 0);
    }
  }

  // A feathered brush stroke's soft alpha reaches the exported matte (not its 50% line).
  void softBrushEdgesReachTheMatte_data() {
    QTest::addColumn<int>("instance");
    QTest::newRow("union") << 0;
    QTest::newRow("object 1") << 1;
  }
  void softBrushEdgesReachTheMatte() {
    QFETCH(int, instance);
    cv::Mat alpha(kH, kW, CV_8UC1, cv::Scalar(0));
    for (int x = 0; x < 16; ++x)  // frame 2's object 1 spans x 2..11: a ramp past its edge
      alpha(cv::Rect(2 + x, 2, 1, 8)).setTo(255 - 15 * x);
    DocumentLoader(doc_.get()).setSoftLayer(2, 1, alpha);
    rm::MatteWriterOptions options;
    options.format = rm::MatteFormat::Png8;
    options.instance = instance;
    options.outPath = dir_->filePath(QStringLiteral("s.%04d.png")).toStdString();
    QSignalSpy finished(exporter_.get(), &MatteExporter::finished);
    QVERIFY(exporter_->start(*doc_, options, 2, 2));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(2).toString()));
    const cv::Mat matte = cv::imread(dir_->filePath(QStringLiteral("s.0000.png")).toStdString(),
                                     cv::IMREAD_UNCHANGED);
    QVERIFY(!matte.empty());
    cv::Mat expected = doc_->matte(2, 1).clone();
    if (instance == 0) cv::add(expected, doc_->matte(2, 2), expected);
    QCOMPARE(cv::norm(matte, expected, cv::NORM_INF), 0.0);
    QVERIFY(cv::countNonZero((matte > 0) & (matte < 255)) > 0);  // the feather is there
  }

  void labelMapsKeepIds() {
    rm::MatteWriterOptions options;
    options.format = rm::MatteFormat::Label;
    options.outPath = dir_->filePath(QStringLiteral("l.%04d.png")).toStdString();
    QSignalSpy finished(exporter_.get(), &MatteExporter::finished);
    QVERIFY(exporter_->start(*doc_, options, 0, kFrames - 1));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QVERIFY(finished.at(0).at(0).toBool());
    auto labels = rm::readLabelMap(dir_->filePath(QStringLiteral("l.0004.png")).toStdString());
    QVERIFY2(labels.ok(), labels.ok() ? "" : labels.message().c_str());
    QCOMPARE(cv::countNonZero(labels.value() != *doc_->mask(4)), 0);
  }

  void cancelStopsExport() {
    delayMs_ = 40;  // slow source so the cancel lands mid-way
    rm::MatteWriterOptions options;
    options.format = rm::MatteFormat::Rgba;
    options.outPath = dir_->filePath(QStringLiteral("c.%04d.png")).toStdString();
    QSignalSpy finished(exporter_.get(), &MatteExporter::finished);
    QSignalSpy progress(exporter_.get(), &MatteExporter::progressChanged);
    QVERIFY(exporter_->start(*doc_, options, 0, kFrames - 1));
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 1, 10000);
    exporter_->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QCOMPARE(finished.at(0).at(1).toBool(), true);
    QVERIFY(QDir(dir_->path()).entryList({QStringLiteral("c.*.png")}).size() < kFrames);
  }

  // A ProRes 4444 export of a generated 1080p clip (the direct Y'CbCr path), cancelled
  // mid-run: the worker is idle promptly and no movie (nor its temporary file) is left.
  void cancelProResExportOf1080pClip() {
    static constexpr int w = 1920, h = 1080, frames = 48;
    const std::string clip = dir_->filePath(QStringLiteral("plate.mp4")).toStdString();
    rm::test::ClipSpec spec;
    spec.width = w;
    spec.height = h;
    spec.frames = frames;
    spec.bt709 = true;
    spec.options["preset"] = "ultrafast";
    const rm::Status made = rm::test::makeClip(clip, spec);
    QVERIFY2(made.ok(), made.message().c_str());
    Document doc;
    doc.reset(QString::fromStdString(clip), QSize(w, h), frames, 25.0);
    doc.addInstance();
    cv::Mat labels(h, w, CV_8UC1, cv::Scalar(0));
    labels(cv::Rect(600, 300, 500, 400)).setTo(1);
    DocumentLoader(&doc).setMask(0, labels, FrameState::Keyframe);
    MatteExporter exporter(
        [clip](const rm::OpenOptions& options) { return rm::openFrameSource(clip, options); });
    rm::MatteWriterOptions options;
    options.format = rm::MatteFormat::ProRes4444;
    options.outPath = dir_->filePath(QStringLiteral("cut.mov")).toStdString();
    QSignalSpy finished(&exporter, &MatteExporter::finished);
    QSignalSpy progress(&exporter, &MatteExporter::progressChanged);
    QElapsedTimer sinceStart;
    sinceStart.start();
    QVERIFY(exporter.start(doc, options, 0, frames - 1));
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 3, 60000);
    const double msPerFrame = double(sinceStart.elapsed()) / double(progress.count());
    QVERIFY(finished.isEmpty());
    QElapsedTimer sinceCancel;
    sinceCancel.start();
    exporter.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    const qint64 latencyMs = sinceCancel.elapsed();
    std::printf(
        "cancel latency, ProRes 4444 export of a 1080p clip: %lld ms (cancelled after %d of %d "
        "frames; %.0f ms per frame before the cancel)\n",
        static_cast<long long>(latencyMs), int(progress.count()), frames, msPerFrame);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QCOMPARE(finished.at(0).at(1).toBool(), true);
    QVERIFY(!exporter.isRunning());
    QVERIFY2(latencyMs < 2000, qPrintable(QString::number(latencyMs)));
    QCOMPARE(QDir(dir_->path()).entryList({QStringLiteral("*.mov")}, QDir::Files | QDir::Hidden),
             QStringList());
  }

  void badOutputIsAClearError() {
    rm::MatteWriterOptions options;
    options.format = rm::MatteFormat::Png8;
    options.outPath = dir_->filePath(QStringLiteral("no-placeholder.png")).toStdString();
    QSignalSpy finished(exporter_.get(), &MatteExporter::finished);
    QVERIFY(exporter_->start(*doc_, options, 0, 2));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY(!finished.at(0).at(2).toString().isEmpty());
  }

 private:
  std::unique_ptr<QTemporaryDir> dir_;
  std::unique_ptr<Document> doc_;
  std::unique_ptr<MatteExporter> exporter_;
  std::atomic<int> delayMs_{0};
};

QTEST_MAIN(MatteExporterTest)
#include "tst_matte_exporter.moc"
