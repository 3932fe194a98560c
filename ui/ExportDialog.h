#pragma once
// File > Export Mattes: format, object, frame range, output naming and start number,
// handed to the engine's matte writers.

#include <QDialog>

#include "app/bridge/Document.h"
#include "engine/media/writers/MatteWriter.h"

class QComboBox;
class QLineEdit;
class QSpinBox;
class QRadioButton;

namespace rm::ui {

class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  ExportDialog(const bridge::Document& doc, int inPoint, int outPoint, QWidget* parent = nullptr);
  MatteWriterOptions options() const;
  int firstFrame() const;
  int lastFrame() const;

 private:
  void updateSuggestedPath();

  int in_, out_, frameCount_;
  QString sourceStem_;
  QComboBox* format_;
  QComboBox* instance_;
  QRadioButton* wholeClip_;
  QRadioButton* inOut_;
  QLineEdit* path_;
  QSpinBox* startNumber_;
};

}  // namespace rm::ui
