#include "ui/widgets/ExportDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace rm::ui {

namespace {
// The endings a suggested name gets: a typed name keeps its stem when the format changes.
const char* const kEndings[] = {".%04d.png", ".%04d.exr", ".mov", ".mkv"};

QString endingFor(const QString& format, bool sequence) {
  if (sequence)
    return format == QLatin1String("exr") ? QStringLiteral(".%04d.exr")
                                          : QStringLiteral(".%04d.png");
  return format == QLatin1String("ffv1") ? QStringLiteral(".mkv") : QStringLiteral(".mov");
}
}  // namespace

ExportDialog::ExportDialog(const bridge::Document& doc, int inPoint, int outPoint,
                           int64_t firstSourceNumber, const ExportSettings& remembered,
                           QWidget* parent)
    : QDialog(parent),
      in_(inPoint),
      out_(outPoint),
      frameCount_(doc.frameCount()),
      firstSourceNumber_(firstSourceNumber) {
  setObjectName(QStringLiteral("exportDialog"));
  setWindowTitle(tr("Export Mattes"));
  sourceStem_ = QFileInfo(doc.sourcePath()).completeBaseName();
  if (sourceStem_.isEmpty()) sourceStem_ = QStringLiteral("shot");
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout();

  format_ = new QComboBox(this);
  format_->setObjectName(QStringLiteral("format"));
  format_->addItem(tr("PNG sequence, 8-bit matte"), QStringLiteral("png8"));
  format_->addItem(tr("PNG sequence, 16-bit matte"), QStringLiteral("png16"));
  format_->addItem(tr("PNG sequence, label map (all objects)"), QStringLiteral("label"));
  format_->addItem(tr("PNG sequence, RGBA cut-out"), QStringLiteral("rgba"));
  format_->addItem(tr("OpenEXR sequence, one layer per object"), QStringLiteral("exr"));
  format_->addItem(tr("ProRes 4444 with alpha (.mov)"), QStringLiteral("prores4444"));
  format_->addItem(tr("ProRes 4444 XQ with alpha (.mov)"), QStringLiteral("prores4444xq"));
  format_->addItem(tr("FFV1 lossless with alpha (.mkv)"), QStringLiteral("ffv1"));
  form->addRow(tr("Format:"), format_);

  instance_ = new QComboBox(this);
  instance_->setObjectName(QStringLiteral("object"));
  instance_->addItem(tr("All objects (union)"), 0);
  for (const bridge::Instance& i : doc.instances())
    instance_->addItem(i.name, i.id);
  form->addRow(tr("Object:"), instance_);

  auto* range = new QHBoxLayout();
  wholeClip_ = new QRadioButton(tr("Whole clip (0–%1)").arg(frameCount_ - 1), this);
  inOut_ = new QRadioButton(
      tr("In/out (%1–%2)").arg(in_ >= 0 ? in_ : 0).arg(out_ >= 0 ? out_ : frameCount_ - 1), this);
  wholeClip_->setObjectName(QStringLiteral("wholeClip"));
  inOut_->setObjectName(QStringLiteral("inOutRange"));
  inOut_->setEnabled(in_ >= 0 || out_ >= 0);
  (inOut_->isEnabled() ? inOut_ : wholeClip_)->setChecked(true);
  range->addWidget(wholeClip_);
  range->addWidget(inOut_);
  form->addRow(tr("Frames:"), range);

  auto* pathRow = new QHBoxLayout();
  path_ = new QLineEdit(this);
  path_->setObjectName(QStringLiteral("outputPath"));
  path_->setToolTip(tr("Sequences: a pattern with %04d or ####. Movies: the file name."));
  auto* browse = new QPushButton(tr("Browse…"), this);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Output folder"),
                                                          QFileInfo(path_->text()).absolutePath());
    if (!dir.isEmpty()) path_->setText(QDir(dir).filePath(QFileInfo(path_->text()).fileName()));
  });
  pathRow->addWidget(path_, 1);
  pathRow->addWidget(browse);
  form->addRow(tr("Output:"), pathRow);

  startNumber_ = new QSpinBox(this);
  startNumber_->setObjectName(QStringLiteral("startNumber"));
  startNumber_->setRange(0, 10'000'000);
  startNumber_->setToolTip(tr("Number of the first file of a sequence"));
  updateStartNumber();
  connect(startNumber_, &QSpinBox::valueChanged, this, [this] { startNumberEdited_ = true; });
  connect(inOut_, &QRadioButton::toggled, this, &ExportDialog::updateStartNumber);
  form->addRow(tr("Start number:"), startNumber_);
  layout->addLayout(form);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);

  // Where the last export of this shot went, as it was set up.
  format_->setCurrentIndex(std::max(0, format_->findData(remembered.format)));
  instance_->setCurrentIndex(std::max(0, instance_->findData(remembered.instance)));
  if (!remembered.folder.isEmpty())
    path_->setText(
        QDir(remembered.folder)
            .filePath(remembered.fileName.isEmpty() ? QStringLiteral("x") : remembered.fileName));
  nameTyped_ = !remembered.fileName.isEmpty();
  connect(path_, &QLineEdit::textEdited, this, [this] { nameTyped_ = true; });
  connect(format_, &QComboBox::currentIndexChanged, this, &ExportDialog::updateSuggestedPath);
  connect(instance_, &QComboBox::currentIndexChanged, this, &ExportDialog::updateSuggestedPath);
  updateSuggestedPath();
  resize(620, sizeHint().height());
}

void ExportDialog::updateSuggestedPath() {
  const QString format = format_->currentData().toString();
  auto parsed = parseMatteFormat(format.toStdString());
  const bool sequence = parsed && isSequenceFormat(parsed.value());
  startNumber_->setEnabled(sequence);
  instance_->setEnabled(format != QLatin1String("label") && format != QLatin1String("exr"));
  const QString dir = path_->text().isEmpty() ? QDir::homePath() + QStringLiteral("/mattes")
                                              : QFileInfo(path_->text()).absolutePath();
  if (nameTyped_) {
    // The artist's name stays; only its ending follows the format.
    QString name = QFileInfo(path_->text()).fileName();
    for (const char* ending : kEndings)
      if (name.endsWith(QLatin1String(ending))) {
        name.chop(static_cast<int>(qstrlen(ending)));
        name += endingFor(format, sequence);
        break;
      }
    path_->setText(QDir(dir).filePath(name));
    return;
  }
  const QString object = instance_->currentData().toInt() > 0
                             ? QStringLiteral("_") + instance_->currentText()
                             : QString();
  QString name = sourceStem_ + object + QLatin1Char('_') + format;
  name.replace(QLatin1Char(' '), QLatin1Char('_'));
  path_->setText(QDir(dir).filePath(name + endingFor(format, sequence)));
}

ExportSettings ExportDialog::settings() const {
  ExportSettings s;
  const QFileInfo path(path_->text());
  s.folder = path.absolutePath();
  s.format = format_->currentData().toString();
  s.instance = instance_->currentData().toInt();
  s.fileName = nameTyped_ ? path.fileName() : QString();
  return s;
}

void ExportDialog::updateStartNumber() {
  if (startNumberEdited_) return;
  const QSignalBlocker quiet(startNumber_);
  startNumber_->setValue(static_cast<int>(firstSourceNumber_ + firstFrame()));
}

MatteWriterOptions ExportDialog::options() const {
  MatteWriterOptions o;
  auto parsed = parseMatteFormat(format_->currentData().toString().toStdString());
  if (parsed) o.format = parsed.value();
  o.outPath = path_->text().toStdString();
  o.instance = instance_->isEnabled() ? instance_->currentData().toInt() : 0;
  for (int i = 1; i < instance_->count(); ++i)
    o.instances.push_back(instance_->itemData(i).toInt());
  o.startNumber = startNumber_->value();
  o.fps = {0, 1};  // filled in from the shot
  return o;
}

int ExportDialog::firstFrame() const {
  return inOut_->isChecked() && in_ >= 0 ? in_ : 0;
}

int ExportDialog::lastFrame() const {
  return inOut_->isChecked() && out_ >= 0 ? out_ : frameCount_ - 1;
}

}  // namespace rm::ui
