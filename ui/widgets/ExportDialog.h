#pragma once
// File > Export Mattes: format, object, frame range, output naming and start number,
// handed to the engine's matte writers.

#include <QDialog>
#include <cstdint>

#include "engine/media/writers/MatteWriter.h"
#include "ui/model/Document.h"
#include "ui/widgets/ShotSettings.h"

class QComboBox;
class QLineEdit;
class QSpinBox;
class QRadioButton;

namespace rm::ui {

class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  // `firstSourceNumber`: the number of the clip's frame 0 in its file names (shot.1001.png:
  // 1001; movies: 0). The start number follows it: the first exported frame keeps its number.
  // `remembered`: the choices of the shot's last export (folder, format, object, a file
  // name the artist typed), which the dialog starts from.
  ExportDialog(const bridge::Document& doc, int inPoint, int outPoint,
               int64_t firstSourceNumber = 0, const ExportSettings& remembered = {},
               QWidget* parent = nullptr);
  MatteWriterOptions options() const;
  // The choices to remember for the next export of this shot.
  ExportSettings settings() const;
  int firstFrame() const;
  int lastFrame() const;

 private:
  void updateSuggestedPath();
  void updateStartNumber();

  int in_, out_, frameCount_;
  int64_t firstSourceNumber_;
  bool startNumberEdited_ = false;  // the artist's own number stays
  bool nameTyped_ = false;          // the artist's own file name stays (object changes)
  QString sourceStem_;
  QComboBox* format_;
  QComboBox* instance_;
  QRadioButton* wholeClip_;
  QRadioButton* inOut_;
  QLineEdit* path_;
  QSpinBox* startNumber_;
};

}  // namespace rm::ui
