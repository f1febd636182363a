#include "core/sweep/worker_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/util/errors.h"

namespace fovea::sweep {
namespace {

std::string hostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "host";
  return name;
}

}  // namespace

WorkerLock::WorkerLock(const std::filesystem::path& workers_dir) {
  std::filesystem::create_directories(workers_dir);
  id_ = hostName() + "-" + std::to_string(::getpid());
  path_ = workers_dir / (id_ + ".lock");
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw InputError(path_.string() + ": cannot create the worker's lock: " + std::strerror(errno));
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd_);
    throw InputError(path_.string() + ": cannot lock: " + std::strerror(error));
  }
}

WorkerLock::~WorkerLock() {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);  // before closing: no one sees it unlocked but present
  ::close(fd_);
}

bool workerAlive(const std::filesystem::path& workers_dir, const std::string& id) {
  // Locks on a shared file system may not reach across hosts: only this host's workers are
  // judged here; another host's are taken to be alive.
  const auto dash = id.rfind('-');
  if (dash == std::string::npos || id.substr(0, dash) != hostName()) return true;
  const auto path = workers_dir / (id + ".lock");
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;  // it ended and cleaned up, or never started here
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return true;  // held; or locks do not work here, and then it is not known to be dead
  }
  std::error_code ignored;
  std::filesystem::remove(path, ignored);  // a killed worker's leftover
  ::close(fd);
  return false;
}

}  // namespace fovea::sweep
