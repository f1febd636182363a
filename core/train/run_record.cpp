#include "core/train/run_record.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

#include "core/util/errors.h"
#include "core/util/npy.h"

namespace fovea::train {
namespace {

// A run file is a few hundred bytes; anything far larger is not one.
constexpr std::uintmax_t kMaxRunJsonBytes = 1u << 20;

// Null when there is no run.json; an InputError naming the file when there is one that cannot be
// read: a damaged run is not an untrained run.
nlohmann::json readRunJson(const RunFiles& files) {
  const auto path = files.run_json();
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) return nlohmann::json();
  if (size > kMaxRunJsonBytes) {
    throw InputError(path.string() + ": " + std::to_string(size) + " bytes, not a run file");
  }
  std::ifstream in(path);
  if (!in) throw InputError(path.string() + ": cannot read the run file");
  auto json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    throw InputError(path.string() +
                     ": damaged run file (not a JSON object); the run's "
                     "checkpoint and metrics are untouched");
  }
  return json;
}

}  // namespace

std::string runStatus(const RunFiles& files) {
  const auto json = readRunJson(files);
  return json.is_object() ? json.value("status", "") : "";
}

experiment::RunRecord readRunRecord(const experiment::ExperimentSpec& spec,
                                    const experiment::RunPlan& run, const RunFiles& files) {
  const auto json = readRunJson(files);
  if (json.is_null()) throw InputError(files.run_json().string() + ": no run file");
  experiment::RunRecord record;
  record.run = run.name;
  record.model = spec.models.at(run.model_index).name;
  record.learning_rate = run.learning_rate;
  record.steps = json.value("step", 0);
  // NaN is written as null by nlohmann::json; read it back as NaN.
  auto number = [&](const char* key) {
    const auto found = json.find(key);
    return found != json.end() && found->is_number() ? found->get<double>() : std::nan("");
  };
  record.final_loss = number("final_loss");
  record.last_logged_loss = number("last_loss");
  record.train_seconds = json.value("wall_s", 0.0);
  record.checkpoint = files.checkpoint().string();
  record.checkpoint_crc32 = fileCrc32Hex(files.checkpoint());
  return record;
}

}  // namespace fovea::train
