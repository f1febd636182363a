#include "sweep_status.h"

#include <fstream>

#include "core/util/errors.h"

namespace fovea::cli {
namespace {

// More ids than this in one array's list is not a list Fovea wrote.
constexpr std::size_t kMaxListLines = 1'000'000;

}  // namespace

std::string countsLine(const std::vector<sweep::StageCounts>& counts) {
  std::string line;
  for (const auto& c : counts) {
    if (!line.empty()) line += " | ";
    line += c.stage + " " + std::to_string(c.done) + "/" + std::to_string(c.total() - c.skipped);
    std::string extra;
    auto add = [&](std::size_t n, const char* what) {
      if (n > 0) extra += (extra.empty() ? "" : ", ") + std::to_string(n) + " " + what;
    };
    add(c.running, "running");
    add(c.submitted, "submitted");
    add(c.failed, "failed");
    add(c.skipped, "skipped");
    if (!extra.empty()) line += " (" + extra + ")";
  }
  return line;
}

nlohmann::json statusJson(const sweep::JobTable& table, const std::filesystem::path& dir,
                          const std::string& experiment) {
  nlohmann::json stages = nlohmann::json::array();
  std::size_t failed = 0, open = 0;
  const auto counts = table.counts();
  for (const auto& c : counts) {
    stages.push_back({{"stage", c.stage},
                      {"jobs", c.total()},
                      {"done", c.done},
                      {"running", c.running},
                      {"submitted", c.submitted},
                      {"pending", c.pending},
                      {"failed", c.failed},
                      {"skipped", c.skipped}});
    failed += c.failed;
    open += c.pending + c.running + c.submitted;
  }
  nlohmann::json unfinished = nlohmann::json::array();
  for (const auto& r : table.jobs()) {
    if (r.state == sweep::JobState::Done || r.state == sweep::JobState::Skipped) continue;
    unfinished.push_back({{"job", r.job.id},
                          {"state", sweep::toString(r.state)},
                          {"attempts", r.attempts},
                          {"worker", r.worker},
                          {"reason", r.reason}});
  }
  return {{"experiment", experiment},
          {"dir", dir.string()},
          {"progress", countsLine(counts)},
          {"complete", open == 0 && failed == 0},
          {"failed", failed},
          {"open", open},
          {"stages", stages},
          {"unfinished", unfinished}};
}

std::string jobFromList(const std::filesystem::path& list, std::size_t index) {
  std::ifstream in(list);
  if (!in) throw InputError(list.string() + ": cannot read the job list");
  if (index >= kMaxListLines) {
    throw InputError("--index " + std::to_string(index) + ": beyond any job list");
  }
  std::string line;
  for (std::size_t i = 0; std::getline(in, line); ++i) {
    if (i == index) {
      if (line.empty()) break;
      return line;
    }
  }
  throw InputError(list.string() + ": no job at line " + std::to_string(index));
}

}  // namespace fovea::cli
