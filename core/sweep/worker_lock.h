#pragma once
// A local worker's proof of life: it holds an flock on <sweep>/workers/<id>.lock for as long as
// it runs. The kernel drops the lock however the process ends (SIGKILL included), so anyone can
// tell a dead worker from a busy one without timeouts.
#include <filesystem>
#include <string>

namespace fovea::sweep {

class WorkerLock {
 public:
  // Takes the lock of a new worker id ("<host>-<pid>").
  explicit WorkerLock(const std::filesystem::path& workers_dir);
  ~WorkerLock();
  WorkerLock(const WorkerLock&) = delete;
  WorkerLock& operator=(const WorkerLock&) = delete;
  const std::string& id() const { return id_; }

 private:
  std::filesystem::path path_;
  std::string id_;
  int fd_ = -1;
};

// Whether the local worker `id` still runs: its lock file exists and is held. A worker of
// another host, or one whose lock cannot be tested, counts as running.
bool workerAlive(const std::filesystem::path& workers_dir, const std::string& id);

}  // namespace fovea::sweep
