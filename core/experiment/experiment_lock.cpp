#include "core/experiment/experiment_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/experiment/experiment_layout.h"

namespace fovea::experiment {

ExperimentLock::ExperimentLock(const std::filesystem::path& dir, Mode mode) {
  std::filesystem::create_directories(dir);
  const auto path = ExperimentFiles(dir).lock();
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw InputError(path.string() + ": cannot open the lock file: " + std::strerror(errno));
  }
  if (::flock(fd_, (mode == Mode::Shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
    const int error = errno;
    char text[32] = {};
    const auto n = ::pread(fd_, text, sizeof text - 1, 0);
    ::close(fd_);
    fd_ = -1;
    if (error == EWOULDBLOCK) {
      std::string holder = n > 0 ? std::string(text, static_cast<std::size_t>(n)) : "?";
      holder = holder.substr(0, holder.find_first_of("\n "));
      throw LockedError(dir.string() + " is locked by " +
                        (holder == "sweep" ? "a sweep's workers" : "pid " + holder) +
                        " (another Fovea process is writing to this experiment)");
    }
    throw InputError(path.string() + ": cannot lock: " + std::strerror(error));
  }
  // Whoever is refused reads who holds the lock: a pid, or the sweep that shares it.
  const std::string pid = mode == Mode::Shared ? "sweep\n" : std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
    // The lock holds without the pid; a second writer would only not know whose it is.
  }
}

ExperimentLock::~ExperimentLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace fovea::experiment
