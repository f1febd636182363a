#pragma once
// The files a sweep keeps in its experiment directory (docs/formats.md).
#include <filesystem>
#include <string>

namespace fovea::sweep {

// A job id as a file name: "score/ecc-lr0.001/0-40" -> "score+ecc-lr0.001+0-40".
inline std::string jobFileName(std::string id) {
  for (auto& c : id) {
    if (c == '/') c = '+';
  }
  return id;
}

struct SweepFiles {
  explicit SweepFiles(const std::filesystem::path& experiment_dir)
      : dir(experiment_dir / "sweep") {}
  std::filesystem::path dir;
  std::filesystem::path jobs() const { return dir / "jobs.sqlite"; }
  // The experiment as the sweep runs it (text, source, overrides), for its workers and tasks.
  std::filesystem::path spec() const { return dir / "spec.json"; }
  std::filesystem::path workers() const { return dir / "workers"; }
  std::filesystem::path shards() const { return dir / "shards"; }
  // A SLURM task's results and outcome, named by its job and its task ("<array>_<index>"), so
  // that a late task of an earlier attempt is never taken for the current one.
  std::filesystem::path shard(const std::string& job, const std::string& task) const {
    return shards() / (jobFileName(job) + "@" + task + ".sqlite");
  }
  std::filesystem::path outcomes() const { return dir / "outcomes"; }
  std::filesystem::path outcome(const std::string& job, const std::string& task) const {
    return outcomes() / (jobFileName(job) + "@" + task + ".json");
  }
  std::filesystem::path slurm() const { return dir / "slurm"; }
};

}  // namespace fovea::sweep
