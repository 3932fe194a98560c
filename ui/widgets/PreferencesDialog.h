#pragma once
// Edit > Preferences: engine device and matching parameters, threads, cache size.

#include <QDialog>

#include "ui/model/AppSettings.h"

class QComboBox;
class QSpinBox;
class QDoubleSpinBox;
class QLineEdit;

namespace rm::ui {

class PreferencesDialog : public QDialog {
  Q_OBJECT
 public:
  PreferencesDialog(const bridge::AppSettings& settings, bool cudaAvailable,
                    QWidget* parent = nullptr);
  bridge::AppSettings settings() const;

 private:
  bridge::AppSettings base_;
  QComboBox* device_;
  QSpinBox* threads_;
  QLineEdit* model_;
  QSpinBox* topK_;
  QDoubleSpinBox* outlier_;
  QDoubleSpinBox* c1_;
  QDoubleSpinBox* c2_;
  QSpinBox* bank_;
  QSpinBox* cache_;
};

}  // namespace rm::ui
