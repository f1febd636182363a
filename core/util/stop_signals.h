#pragma once
#include <atomic>

namespace fovea {

// While alive, SIGINT and SIGTERM set a flag instead of killing the process, so long jobs can
// checkpoint and exit cleanly; a second signal restores the default action (a stuck job still
// dies on the next Ctrl-C). The previous handlers come back on destruction.
class StopOnSignals {
 public:
  StopOnSignals();
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

  const std::atomic<bool>& flag() const;
  int signal() const;  // the signal received, 0 if none
};

}  // namespace fovea
