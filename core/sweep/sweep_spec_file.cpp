#include "core/sweep/sweep_spec_file.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "core/sweep/sweep_files.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace fovea::sweep {
namespace {

// A spec is text a person wrote; anything this large is not one.
constexpr std::uintmax_t kMaxSpecBytes = 16u << 20;

}  // namespace

void saveSweepSpec(const std::filesystem::path& experiment_dir,
                   const experiment::ExperimentSpec& spec) {
  const nlohmann::json saved = {
      {"source", spec.source.string()}, {"text", spec.text}, {"overrides", spec.overrides}};
  writeFileAtomically(SweepFiles(experiment_dir).spec(), saved.dump(2) + "\n");
}

experiment::ExperimentSpec loadSweepSpec(const std::filesystem::path& experiment_dir) {
  const auto path = SweepFiles(experiment_dir).spec();
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) {
    throw InputError(path.string() + ": no sweep here (start one with fovea-cli sweep)");
  }
  if (size > kMaxSpecBytes) {
    throw InputError(path.string() + ": " + std::to_string(size) + " bytes, more than a spec");
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json saved;
  try {
    saved = nlohmann::json::parse(text.str());
    auto spec = experiment::parseExperimentSpec(
        saved.at("text").get<std::string>(), saved.at("source").get<std::string>(),
        saved.at("overrides").get<std::vector<std::string>>());
    spec.source = saved.at("source").get<std::string>();
    return spec;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path.string() + ": damaged sweep spec: " + e.what());
  }
}

}  // namespace fovea::sweep
