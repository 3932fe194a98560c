#include "ui/widgets/PreferencesDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QThread>
#include <QVBoxLayout>

namespace rm::ui {

PreferencesDialog::PreferencesDialog(const bridge::AppSettings& s, bool cudaAvailable,
                                     QWidget* parent)
    : QDialog(parent), base_(s) {
  setObjectName(QStringLiteral("preferencesDialog"));
  setWindowTitle(tr("Preferences"));
  auto* layout = new QVBoxLayout(this);

  auto* engineBox = new QGroupBox(tr("Engine"), this);
  auto* engine = new QFormLayout(engineBox);
  device_ = new QComboBox(engineBox);
  device_->setObjectName(QStringLiteral("deviceCombo"));
  device_->addItem(tr("Automatic"), QStringLiteral("auto"));
  device_->addItem(tr("CPU"), QStringLiteral("cpu"));
  device_->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
  if (!cudaAvailable) {
    // Shown but greyed out, so users learn the option exists.
    auto* model = qobject_cast<QStandardItemModel*>(device_->model());
    model->item(2)->setEnabled(false);
    device_->setItemData(2, tr("No CUDA device or CUDA-enabled LibTorch in this build"),
                         Qt::ToolTipRole);
  }
  device_->setCurrentIndex(std::max(0, device_->findData(QString::fromStdString(s.engine.device))));
  engine->addRow(tr("Device:"), device_);

  threads_ = new QSpinBox(engineBox);
  threads_->setRange(0, 256);
  threads_->setSpecialValueText(tr("Automatic (%1)").arg(QThread::idealThreadCount()));
  threads_->setValue(s.engine.threads);
  engine->addRow(tr("Threads:"), threads_);

  auto* modelRow = new QHBoxLayout();
  model_ = new QLineEdit(QString::fromStdString(s.engine.model), engineBox);
  model_->setPlaceholderText(tr("Default model"));
  auto* browse = new QPushButton(tr("Browse…"), engineBox);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Model file"), model_->text(),
                                     tr("TorchScript models (*.pt *.pth);;All files (*)"));
    if (!file.isEmpty()) model_->setText(file);
  });
  modelRow->addWidget(model_, 1);
  modelRow->addWidget(browse);
  engine->addRow(tr("Model file:"), modelRow);
  layout->addWidget(engineBox);

  // Artist words on the form; the research names (VideoMatch paper) in the tooltips.
  auto* matchBox = new QGroupBox(tr("Tracking"), this);
  auto* match = new QFormLayout(matchBox);
  topK_ = new QSpinBox(matchBox);
  // The minimum (-1) shows as "Preset": the preset's own K.
  topK_->setRange(rm::SegmenterParams::kPresetTopK, 200);
  topK_->setSpecialValueText(tr("Preset"));
  topK_->setValue(s.engine.topK);
  topK_->setToolTip(
      tr("How many of the most alike keyframe features decide each pixel: fewer "
         "gives crisper but jumpier masks, more gives smoother ones.\n"
         "Research name: Top K (soft matching)."));
  match->addRow(tr("Matches per pixel:"), topK_);
  outlier_ = new QDoubleSpinBox(matchBox);
  outlier_->setRange(1, 2000);
  outlier_->setSuffix(tr(" px at 480p"));
  outlier_->setValue(s.engine.outlierDistance480);
  outlier_->setToolTip(
      tr("How far from where the object was on the previous frame a match may "
         "lie before it is ignored (pixels at 480 lines).\n"
         "Research name: outlier removal distance d_c."));
  match->addRow(tr("Search distance:"), outlier_);
  c1_ = new QDoubleSpinBox(matchBox);
  c1_->setRange(0, 1);
  c1_->setDecimals(3);
  c1_->setSingleStep(0.01);
  c1_->setValue(s.engine.c1);
  c1_->setToolTip(
      tr("How sure a propagated pixel must be before the tracker learns its look "
         "from it: higher sticks closer to the keyframe.\n"
         "Research name: foreground update confidence c1."));
  match->addRow(tr("Stickiness to the keyframe:"), c1_);
  c2_ = new QDoubleSpinBox(matchBox);
  c2_->setRange(0, 1);
  c2_->setDecimals(3);
  c2_->setSingleStep(0.01);
  c2_->setValue(s.engine.c2);
  c2_->setToolTip(
      tr("How clearly a pixel must look like this object rather than another one "
         "or the background to count as part of it.\n"
         "Research name: instance background threshold c2."));
  match->addRow(tr("Object confidence:"), c2_);
  bank_ = new QSpinBox(matchBox);
  bank_->setRange(100, 10'000'000);
  bank_->setSingleStep(1000);
  bank_->setValue(s.engine.bankCap);
  bank_->setToolTip(
      tr("How much the tracker remembers of the frames it has seen (features "
         "kept).\nResearch name: feature bank size."));
  match->addRow(tr("Memory of past frames:"), bank_);
  layout->addWidget(matchBox);

  auto* appBox = new QGroupBox(tr("Workstation"), this);
  auto* app = new QFormLayout(appBox);
  cache_ = new QSpinBox(appBox);
  cache_->setRange(64, 65536);
  cache_->setSingleStep(256);
  cache_->setSuffix(tr(" MB"));
  cache_->setValue(s.cacheMegabytes);
  app->addRow(tr("Frame cache:"), cache_);
  layout->addWidget(appBox);

  auto* buttons = new QDialogButtonBox(
      QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, [this] {
    const bridge::AppSettings d;
    device_->setCurrentIndex(0);
    threads_->setValue(d.engine.threads);
    model_->clear();
    topK_->setValue(d.engine.topK);
    outlier_->setValue(d.engine.outlierDistance480);
    c1_->setValue(d.engine.c1);
    c2_->setValue(d.engine.c2);
    bank_->setValue(d.engine.bankCap);
    cache_->setValue(d.cacheMegabytes);
  });
  layout->addWidget(buttons);
}

bridge::AppSettings PreferencesDialog::settings() const {
  bridge::AppSettings s = base_;
  s.engine.device = device_->currentData().toString().toStdString();
  s.engine.threads = threads_->value();
  s.engine.model = model_->text().trimmed().toStdString();
  s.engine.topK = topK_->value();
  s.engine.outlierDistance480 = outlier_->value();
  s.engine.c1 = c1_->value();
  s.engine.c2 = c2_->value();
  s.engine.bankCap = bank_->value();
  s.cacheMegabytes = cache_->value();
  return s;
}

}  // namespace rm::ui
