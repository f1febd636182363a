#pragma once
#include <filesystem>

#include "core/util/errors.h"

namespace fovea::experiment {

// Another process writes to the experiment directory.
class LockedError : public InputError {
 public:
  using InputError::InputError;
};

// Holds <dir>/lock (an advisory flock, released by the kernel however the process ends, even
// by SIGKILL) while a process writes to an experiment directory. A second writer gets a
// LockedError: "<dir> is locked by pid N". A sweep's workers share the lock with each other
// (their job table keeps them apart) and keep single writers such as `train` out.
class ExperimentLock {
 public:
  enum class Mode { Exclusive, Shared };
  explicit ExperimentLock(const std::filesystem::path& dir, Mode mode = Mode::Exclusive);
  ~ExperimentLock();
  ExperimentLock(const ExperimentLock&) = delete;
  ExperimentLock& operator=(const ExperimentLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace fovea::experiment
