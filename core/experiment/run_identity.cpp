#include "core/experiment/run_identity.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "core/util/toml_reader.h"

namespace fovea::experiment {
namespace {

nlohmann::json stimulusJson(const stimulus::StimulusSpec& stimulus) {
  const auto table = parseToml(stimulus::toToml(stimulus), "stimulus");
  std::ostringstream text;
  text << toml::json_formatter{table};
  return nlohmann::json::parse(text.str());
}

void flatten(const nlohmann::json& node, const std::string& prefix,
             std::vector<std::pair<std::string, std::string>>& out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      flatten(value, prefix.empty() ? key : prefix + "." + key, out);
    }
  } else {
    out.emplace_back(prefix, node.dump());
  }
}

}  // namespace

nlohmann::json toJson(const std::vector<CurriculumStage>& stages) {
  nlohmann::json curriculum = nlohmann::json::array();
  for (const auto& stage : stages) {
    nlohmann::json json = {{"from_step", stage.from_step}, {"set", stage.set}};
    // Only when set: runs trained before these keys existed keep their identity.
    if (stage.rate_scale) json["rate_scale"] = *stage.rate_scale;
    if (!stage.schedule.empty()) json["schedule"] = stage.schedule;
    curriculum.push_back(json);
  }
  return curriculum;
}

nlohmann::json toJson(const TrainSpec& t) {
  const nlohmann::json curriculum = toJson(t.curriculum);
  nlohmann::json json = {
      {"optimizer", t.optimizer},
      {"adagrad_initial_accumulator", t.adagrad_initial_accumulator},
      {"momentum", t.momentum},
      {"nesterov", t.nesterov},
      {"adam_beta1", t.adam_beta1},
      {"adam_beta2", t.adam_beta2},
      {"schedule", t.schedule},
      {"step_size", t.step_size},
      {"gamma", t.gamma},
      {"batch", t.batch},
      {"steps", t.steps},
      {"train_images", t.train_images},
      {"random_shifts", t.random_shifts},
      // JSON has no infinity: "inf" keeps the default distinct from any number.
      {"max_shift_px",
       std::isfinite(t.max_shift_px) ? nlohmann::json(t.max_shift_px) : nlohmann::json("inf")},
      {"split", t.split},
      {"curriculum", curriculum}};
  // Only when set: runs trained before these keys existed keep their identity.
  if (t.weight_decay > 0) json["weight_decay"] = t.weight_decay;
  if (t.clip_value > 0) json["clip_value"] = t.clip_value;
  return json;
}

nlohmann::json resolvedRunSpec(const ExperimentSpec& spec, const RunPlan& run) {
  const auto& model = spec.models.at(run.model_index);
  nlohmann::json resolved = {{"experiment", {{"seed", runSeed(spec, run)}}},
                             {"model",
                              {{"name", model.name},
                               {"kind", model.kind},
                               {"net", model.net},
                               {"contrast_norm", retina::toString(model.contrast_norm)},
                               {"field_px", model.field_px},
                               {"learning_rate", run.learning_rate}}},
                             {"train", toJson(model.train)}};
  // Only when set, so that runs from before the key keep their identity.
  if (!model.init_from.empty()) {
    resolved["model"]["init_from"] = model.init_from;
    resolved["model"]["init_prefix"] = model.init_prefix;
    // The source's own identity: retraining it differently makes this run another one.
    for (const auto& plan : plannedRuns(spec)) {
      if (spec.models.at(plan.model_index).name == model.init_from) {
        resolved["model"]["init_from_spec"] = specHash(resolvedRunSpec(spec, plan));
      }
    }
  }
  if (spec.attentionTask()) {
    resolved["attention"] = stimulus::toJson(attentionStimulusFor(spec, model, 0));
  } else {
    resolved["stimulus"] = stimulusJson(stimulusFor(spec, model, 0));
  }
  return resolved;
}

std::string specHash(const nlohmann::json& resolved) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : resolved.dump()) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

std::string firstDifference(const nlohmann::json& before, const nlohmann::json& now) {
  std::vector<std::pair<std::string, std::string>> a, b;
  flatten(before, "", a);
  flatten(now, "", b);
  std::map<std::string, std::string> in_b(b.begin(), b.end());
  for (const auto& [key, value] : a) {
    const auto found = in_b.find(key);
    if (found == in_b.end()) return key + ": " + value + " before, absent now";
    if (found->second != value) return key + ": " + value + " before, " + found->second + " now";
  }
  std::map<std::string, std::string> in_a(a.begin(), a.end());
  for (const auto& [key, value] : b) {
    if (!in_a.count(key)) return key + ": absent before, " + value + " now";
  }
  return {};
}

}  // namespace fovea::experiment
