#pragma once
// What the status bar's progress bar and the timeline say about a running propagation: the
// frames shown with their rate, or before the first one the phase that runs (the backward
// pass of two directions, counted), always with an ETA or "estimating time…".

#include <QCoreApplication>
#include <QString>

#include "ui/model/EngineController.h"

namespace rm::ui {

struct PropagationStatus {
  Q_DECLARE_TR_FUNCTIONS(PropagationStatus)

 public:
  QString text;       // status bar and timeline
  QString barFormat;  // the progress bar's own text
  int value = 0;
  int maximum = 1;

  static PropagationStatus of(const bridge::PropagationProgress& progress);
};

}  // namespace rm::ui
