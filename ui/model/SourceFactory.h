#pragma once
// How the Qt layer opens the shot's frames: each worker opens its own FrameSource
// (a FrameSource is not thread-safe), passing its cancel token in `options` so that a
// cancel also interrupts libav. The GUI opens the clip's path; tests inject generated clips.

#include <functional>
#include <memory>

#include "engine/media/FrameSource.h"

namespace rm::bridge {

using SourceFactory = std::function<Expected<std::unique_ptr<FrameSource>>(const OpenOptions&)>;

}  // namespace rm::bridge
