#include "core/sweep/local_pool.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>
#include <set>
#include <thread>

#include "core/sweep/sweep_files.h"
#include "core/sweep/sweep_worker.h"
#include "core/util/errors.h"

extern char** environ;

namespace fovea::sweep {
namespace {

pid_t spawnWorker(const std::vector<std::string>& command) {
  if (command.empty()) throw InputError("the sweep's worker command is empty");
  std::vector<char*> argv;
  for (const auto& a : command) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int error = ::posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
  if (error != 0) {
    throw InputError("cannot start a sweep worker (" + command.front() +
                     "): " + std::strerror(error));
  }
  return pid;
}

// Reaps the workers that ended; returns how many ended abnormally.
std::size_t reap(std::set<pid_t>& children) {
  std::size_t abnormal = 0;
  for (auto it = children.begin(); it != children.end();) {
    int status = 0;
    const pid_t done = ::waitpid(*it, &status, WNOHANG);
    if (done == 0) {
      ++it;
      continue;
    }
    if (done < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      ++abnormal;
      spdlog::warn("sweep worker {} ended {}", *it,
                   done > 0 && WIFSIGNALED(status)
                       ? "by signal " + std::to_string(WTERMSIG(status))
                       : "with status " + std::to_string(done > 0 ? WEXITSTATUS(status) : -1));
    }
    it = children.erase(it);
  }
  return abnormal;
}

// Workers asked to stop checkpoint first; one that has not ended after this is killed.
constexpr auto kStopGrace = std::chrono::seconds(60);

}  // namespace

int localWorkers(int threads_per_job, int cores) {
  if (cores <= 0) cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, cores / std::max(1, threads_per_job));
}

LocalPoolSummary runLocalPool(const std::filesystem::path& experiment_dir,
                              const LocalPoolOptions& options) {
  JobTable table(SweepFiles(experiment_dir).jobs());
  LocalPoolSummary summary;
  std::set<pid_t> children;
  std::optional<std::chrono::steady_clock::time_point> stopping_since;
  // A worker that crashes on every job would be restarted forever; each job's attempts bound it.
  const std::size_t max_starts =
      static_cast<std::size_t>(options.workers) +
      table.jobs().size() * static_cast<std::size_t>(std::max(1, options.max_attempts));
  const auto poll = std::chrono::duration<double>(options.poll_seconds);
  try {
    for (;;) {
      summary.ended_abnormally += reap(children);
      // Jobs of workers gone (killed now, or before this pool started) go back first.
      recoverLocalJobs(table, experiment_dir, options.max_attempts);
      if (options.stop && options.stop->load() && !stopping_since) {
        stopping_since = std::chrono::steady_clock::now();
        summary.stopped = true;
        for (pid_t pid : children) ::kill(pid, SIGTERM);  // they checkpoint and put jobs back
      }
      if (stopping_since && std::chrono::steady_clock::now() - *stopping_since > kStopGrace) {
        for (pid_t pid : children) ::kill(pid, SIGKILL);
      }
      if (!stopping_since) {
        const std::size_t startable = table.claimable().size();
        while (children.size() < static_cast<std::size_t>(options.workers) &&
               children.size() < startable && summary.started < max_starts) {
          children.insert(spawnWorker(options.worker_command));
          ++summary.started;
        }
      }
      if (options.on_progress) options.on_progress(table.counts());
      if (children.empty()) break;
      std::this_thread::sleep_for(poll);
    }
  } catch (...) {
    // Never leave workers behind unattended.
    for (pid_t pid : children) ::kill(pid, SIGTERM);
    for (pid_t pid : children) ::waitpid(pid, nullptr, 0);
    throw;
  }
  return summary;
}

}  // namespace fovea::sweep
