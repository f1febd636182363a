#include "core/train/run_record.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

#include "core/util/errors.h"
#include "core/util/npy.h"

namespace fovea::train {
namespace {

nlohmann::json readRunJson(const RunFiles& files) {
  std::ifstream in(files.run_json());
  if (!in) return nlohmann::json();
  auto json = nlohmann::json::parse(in, nullptr, false);
  return json.is_discarded() ? nlohmann::json() : json;
}

}  // namespace

std::string runStatus(const RunFiles& files) {
  const auto json = readRunJson(files);
  return json.is_object() ? json.value("status", "") : "";
}

experiment::RunRecord readRunRecord(const experiment::ExperimentSpec& spec,
                                    const experiment::RunPlan& run, const RunFiles& files) {
  const auto json = readRunJson(files);
  if (!json.is_object()) {
    throw InputError(files.run_json().string() + ": missing or not a run file");
  }
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
