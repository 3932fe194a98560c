#pragma once
// Background threads (decoding, propagation, export) run at a lower CPU priority than the
// GUI thread: on a 2-core machine libav's and LibTorch's helper threads would otherwise
// starve the event loop. Helper threads created afterwards inherit the setting.

namespace rm::bridge {

// Lowers the calling thread's scheduling priority (Linux nice +`increment`); no-op elsewhere.
void lowerCurrentThreadPriority(int increment = 5);

}  // namespace rm::bridge
