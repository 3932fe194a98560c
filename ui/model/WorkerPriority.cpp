#include "ui/model/WorkerPriority.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#endif

namespace rm::bridge {

void lowerCurrentThreadPriority(int increment) {
#ifdef __linux__
  // On Linux nice values are per thread: PRIO_PROCESS with a thread id targets that thread.
  const auto tid = static_cast<id_t>(syscall(SYS_gettid));
  errno = 0;
  const int current = getpriority(PRIO_PROCESS, tid);
  if (errno == 0) (void)setpriority(PRIO_PROCESS, tid, current + increment);
#else
  (void)increment;
#endif
}

}  // namespace rm::bridge
