#pragma once
// User preferences, persisted with QSettings: engine parameters and workstation knobs.

#include <QString>

#include "engine/segment/Segmenter.h"

namespace rm::bridge {

struct AppSettings {
  SegmenterParams engine;
  int cacheMegabytes = 1024;  // decoded-frame cache of the viewer
  int autosaveMinutes = 3;    // 0 disables the timer (propagation end still autosaves)

  static AppSettings load();
  void save() const;
};

}  // namespace rm::bridge
