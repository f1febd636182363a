#include "core/sweep/sweep_plan.h"

#include <algorithm>
#include <initializer_list>
#include <sstream>

#include "core/eval/attention_eval.h"
#include "core/eval/crowding_grid.h"
#include "core/experiment/run_identity.h"
#include "core/util/errors.h"
#include "core/util/toml_reader.h"

namespace fovea::sweep {
namespace {

const std::vector<std::pair<JobKind, const char*>> kKinds = {
    {JobKind::Prepare, "prepare"}, {JobKind::Train, "train"},     {JobKind::Select, "select"},
    {JobKind::Score, "score"},     {JobKind::Measure, "measure"}, {JobKind::Report, "report"},
    {JobKind::Idle, "idle"}};

// Stages follow the kinds' order. Within Train, a run that starts from another model's weights
// (init_from) trains one step after its source.
constexpr int kStepsPerKind = 16;

int stageOf(JobKind kind, int step = 0) {
  return static_cast<int>(kind) * kStepsPerKind + std::min(step, kStepsPerKind - 1);
}

// How many init_from links lead from each model to one trained from scratch (sources are
// listed before the models that start from them).
std::vector<int> initDepths(const experiment::ExperimentSpec& spec) {
  std::vector<int> depth(spec.models.size(), 0);
  for (std::size_t i = 0; i < spec.models.size(); ++i) {
    for (std::size_t source = 0; source < i; ++source) {
      if (spec.models[source].name == spec.models[i].init_from) depth[i] = depth[source] + 1;
    }
  }
  return depth;
}

std::string hashText(const std::string& text) {
  return experiment::specHash(nlohmann::json(text));
}

// The spec without `dropped` sections, with its overrides applied and its seed.
std::string textWithout(const experiment::ExperimentSpec& spec,
                        std::initializer_list<const char*> dropped) {
  toml::table root = parseToml(spec.text, spec.source.string());
  for (const auto& assignment : spec.overrides) applyOverride(root, assignment);
  for (const char* section : dropped) root.erase(section);
  std::ostringstream out;
  out << toml::json_formatter{root} << "\nseed " << spec.seed;
  return out.str();
}

// Everything but the models, their training, the sweep's own settings and the thresholds: what
// scoring depends on besides the runs (the grid, the stimulus, the seed).
std::string evaluationText(const experiment::ExperimentSpec& spec) {
  return textWithout(spec, {"model", "train", "sweep", "psychophysics"});
}

// What thresholds depend on besides the runs: the stimulus, the seed and [psychophysics].
std::string measurementText(const experiment::ExperimentSpec& spec) {
  return textWithout(spec, {"model", "train", "sweep", "eval", "claims"});
}

std::size_t cellCount(const experiment::ExperimentSpec& spec) {
  return spec.attentionTask() ? eval::attentionCells(spec.attention).size()
                              : eval::crowdingGrid(spec.eval).size();
}

SweepJob job(JobKind kind, std::string id, std::string fingerprint) {
  SweepJob j;
  j.kind = kind;
  j.id = std::move(id);
  j.fingerprint = std::move(fingerprint);
  j.stage = stageOf(kind);
  return j;
}

}  // namespace

std::string toString(JobKind kind) {
  for (const auto& [k, name] : kKinds) {
    if (k == kind) return name;
  }
  return "?";
}

JobKind parseJobKind(const std::string& text) {
  for (const auto& [kind, name] : kKinds) {
    if (text == name) return kind;
  }
  throw InputError("unknown sweep job kind '" + text + "'");
}

SweepPlan planSweep(const experiment::ExperimentSpec& spec) {
  SweepPlan plan;
  const auto runs = experiment::plannedRuns(spec);
  const std::string evaluation = hashText(evaluationText(spec));
  std::string models;
  for (const auto& m : spec.models) models += m.kind + " " + m.net.dump() + "\n";
  plan.jobs.push_back(job(JobKind::Prepare, "prepare", hashText(models)));

  std::vector<std::string> trained;
  std::string all_runs;
  const auto depths = initDepths(spec);
  for (const auto& run : runs) {
    auto j = job(JobKind::Train, "train/" + run.name,
                 experiment::specHash(experiment::resolvedRunSpec(spec, run)));
    j.run = run.name;
    j.stage = stageOf(JobKind::Train, depths[run.model_index]);
    all_runs += j.fingerprint;
    trained.push_back(j.fingerprint);
    plan.jobs.push_back(j);
  }
  plan.jobs.push_back(
      job(JobKind::Select, "select", hashText(all_runs + spec.eval.lr_rule + spec.sweep.score)));

  const std::size_t cells = cellCount(spec);
  const std::size_t per_job = spec.sweep.cells_per_job == 0 ? cells : spec.sweep.cells_per_job;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (std::size_t first = 0; first < cells; first += per_job) {
      const std::size_t end = std::min(cells, first + per_job);
      const std::string range = std::to_string(first) + "-" + std::to_string(end);
      auto j = job(JobKind::Score, "score/" + runs[r].name + "/" + range,
                   hashText(trained[r] + evaluation + range));
      j.run = runs[r].name;
      j.first_cell = first;
      j.end_cell = end;
      plan.jobs.push_back(j);
    }
  }
  if (spec.psychophysics.present) {
    const std::string measurement = hashText(measurementText(spec));
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const auto& model = spec.models[runs[r].model_index].name;
      const auto& measured = spec.psychophysics.models;
      if (std::find(measured.begin(), measured.end(), model) == measured.end()) continue;
      auto j = job(JobKind::Measure, "measure/" + runs[r].name, hashText(trained[r] + measurement));
      j.run = runs[r].name;
      plan.jobs.push_back(j);
    }
  }
  plan.jobs.push_back(job(JobKind::Report, "report",
                          hashText(all_runs + evaluation + hashText(measurementText(spec)))));
  return plan;
}

SweepPlan idlePlan(std::size_t count, std::int64_t work_ms) {
  SweepPlan plan;
  for (std::size_t i = 0; i < count; ++i) {
    auto j = job(JobKind::Idle, "idle/" + std::to_string(i), std::to_string(work_ms));
    j.work_ms = work_ms;
    plan.jobs.push_back(j);
  }
  return plan;
}

bool isScoreJobOf(const SweepJob& job, const std::string& run) {
  return job.kind == JobKind::Score && job.run == run;
}

}  // namespace fovea::sweep
