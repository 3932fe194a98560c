#pragma once
// User preferences, persisted with QSettings: engine parameters and workstation knobs.

#include <QString>

#include "engine/segment/Segmenter.h"

namespace rm::bridge {

struct AppSettings {
  SegmenterParams engine;
  int cacheMegabytes = 1024;  // decoded-frame cache of the viewer

  // `engine` for the workers: without a thread count, since thread counts are the
  // process's (set from the GUI thread: rm::setComputeThreads(engine.threads)).
  SegmenterParams workerParams() const {
    SegmenterParams params = engine;
    params.threads = 0;
    return params;
  }

  static AppSettings load();
  void save() const;
};

}  // namespace rm::bridge
