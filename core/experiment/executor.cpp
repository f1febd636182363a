#include "core/experiment/executor.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "core/eval/predictor.h"
#include "core/experiment/experiment_lock.h"
#include "core/report/crowding_figures.h"
#include "core/train/run_record.h"
#include "core/util/errors.h"

namespace fovea::experiment {
namespace {

using Clock = std::chrono::steady_clock;
using CellKey = std::tuple<int, double, double>;

CellKey keyOf(const eval::Condition& c) {
  return {c.flanker_type, c.target_ecc_px, c.flanker_ecc_px};
}

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A stored cell counts as scored when it has all the images the spec asks for.
bool completeCell(const EvalSpec& eval, const eval::ConditionResult& r) {
  return !r.valid || eval.images == 0 || r.images == eval.images;
}

}  // namespace

std::string toString(Stage stage) {
  switch (stage) {
    case Stage::Train: return "train";
    case Stage::Measure: return "measure";
    default: return "score";
  }
}

ExperimentExecutor::ExperimentExecutor(ExperimentSpec spec, ExecutorOptions options,
                                       ExperimentListener* listener)
    : spec_(std::move(spec)),
      options_(std::move(options)),
      listener_(listener ? listener : &quiet_) {
  lock_ = std::make_unique<ExperimentLock>(options_.dir, options_.shared_lock
                                                             ? ExperimentLock::Mode::Shared
                                                             : ExperimentLock::Mode::Exclusive);
  const ExperimentFiles files(options_.dir);
  std::filesystem::create_directories(files.runs());
  store_ =
      std::make_unique<ResultsStore>(options_.store.empty() ? files.results() : options_.store);
  const auto all = plannedRuns(spec_);
  if (options_.runs.empty()) {
    runs_ = all;
  } else {
    for (const auto& name : options_.runs) runs_.push_back(findRun(all, name));
  }
  if (spec_.attentionTask()) {
    attention_cells_ = eval::attentionCells(spec_.attention);
  } else {
    grid_ = eval::crowdingGrid(spec_.eval);
  }
  listener_->planned(runs_, options_.dir);
}

ExperimentExecutor::~ExperimentExecutor() = default;

std::filesystem::path ExperimentExecutor::runDir(const RunPlan& run) const {
  return ExperimentFiles(options_.dir).run(run.name).dir;
}

std::size_t ExperimentExecutor::cellCount() const {
  return spec_.attentionTask() ? attention_cells_.size() : grid_.size();
}

std::vector<Job> ExperimentExecutor::jobs(Stage stage, std::size_t cells_per_job) const {
  std::vector<Job> out;
  const std::size_t cells = cellCount();
  for (const auto& run : runs_) {
    if (stage == Stage::Measure) {
      if (measures(run)) out.push_back({run.name, stage, 0, 0});
      continue;
    }
    if (stage == Stage::Train || cells_per_job == 0) {
      out.push_back({run.name, stage, 0, cells});
      continue;
    }
    for (std::size_t first = 0; first < cells; first += cells_per_job) {
      out.push_back({run.name, stage, first, std::min(cells, first + cells_per_job)});
    }
  }
  return out;
}

RunOutcome ExperimentExecutor::run(const Job& job) {
  RunOutcome outcome{findRun(runs_, job.run), std::nullopt, std::nullopt};
  if (job.stage == Stage::Train) {
    outcome.train = train(outcome.run);
  } else if (job.stage == Stage::Measure) {
    outcome.measure = measure(outcome.run);
  } else {
    outcome.score = score(outcome.run, job.first_cell, job.end_cell);
  }
  return outcome;
}

void ExperimentExecutor::startFresh(const RunPlan& run) {
  const auto dir = runDir(run);
  if (std::filesystem::exists(dir)) {
    std::filesystem::path aside;
    for (int n = 1;; ++n) {
      aside = dir.parent_path() / (run.name + ".old-" + std::to_string(n));
      if (!std::filesystem::exists(aside)) break;
    }
    std::filesystem::rename(dir, aside);
    spdlog::info("{}: the old run is kept in {}", run.name, aside.string());
  }
  store_->removeRun(run.name);
}

train::TrainResult ExperimentExecutor::train(const RunPlan& run) {
  if (options_.fresh) startFresh(run);
  std::size_t index = 0;
  while (index < runs_.size() && runs_[index].name != run.name) ++index;
  listener_->trainingStarted(run, index, runs_.size());
  train::TrainOptions options;
  options.run_dir = runDir(run);
  options.resume = options_.resume;
  options.device = options_.device;
  options.data_threads = options_.threads;
  options.stop = options_.stop;
  options.on_progress = [&](const train::TrainProgress& p) { listener_->trainingProgress(run, p); };
  const auto result = train::trainRun(spec_, run, options);
  listener_->runTrained(run, result);
  return result;
}

ScoringStart ExperimentExecutor::startScoring(const RunPlan& run) {
  const train::RunFiles files(runDir(run));
  if (train::runStatus(files) != "finished") {
    throw InputError(files.dir.string() + ": run '" + run.name +
                     "' is not finished training; train it first");
  }
  ScoringStart start{std::make_unique<eval::Predictor>(files.checkpoint(), options_.device),
                     train::readRunRecord(spec_, run, files)};
  store_->putRun(start.record);
  const std::size_t dropped = store_->keepOnlyCheckpoint(run.name, start.record.checkpoint_crc32);
  if (dropped > 0) {
    spdlog::info("{}: {} cells scored with an earlier checkpoint are scored again", run.name,
                 dropped);
  }
  return start;
}

ScoreSummary ExperimentExecutor::score(const RunPlan& run, std::size_t first_cell,
                                       std::size_t end_cell) {
  if (spec_.attentionTask()) return scoreAttention(run, first_cell, end_cell);
  const auto start = startScoring(run);
  const eval::Predictor& predictor = *start.predictor;
  const RunRecord& record = start.record;

  end_cell = std::min(end_cell, grid_.size());
  first_cell = std::min(first_cell, end_cell);
  std::set<CellKey> done;
  for (const auto& r : store_->accuracy(run.name)) {
    if (completeCell(spec_.eval, r.result)) done.insert(keyOf(r.result.condition));
  }
  std::vector<eval::Condition> todo;
  ScoreSummary summary;
  summary.cells = end_cell - first_cell;
  summary.checkpoint_crc32 = record.checkpoint_crc32;
  for (std::size_t i = first_cell; i < end_cell; ++i) {
    if (done.count(keyOf(grid_[i]))) {
      ++summary.kept;
    } else {
      todo.push_back(grid_[i]);
    }
  }
  listener_->scoringStarted(run, record, summary.kept, summary.cells);
  auto sendFigures = [&] {
    listener_->figuresReady(run, report::crowdingFigures(spec_.eval, store_->accuracy(run.name),
                                                         run.name, predictor.classes()));
  };

  const auto started = Clock::now();
  eval::EvalOptions eval_options;
  eval_options.data_threads = options_.threads;
  eval_options.stop = options_.stop;
  eval_options.on_result = [&](const eval::ConditionResult& r, std::size_t done_now, std::size_t) {
    // One committed transaction per cell: a killed evaluation keeps every cell it finished.
    store_->putAccuracy(run.name, {r}, record.checkpoint_crc32);
    ++summary.scored;
    summary.images += r.images;
    listener_->cellScored(run, r, summary.kept + done_now, summary.cells);
    if (options_.figures_every > 0 && done_now % options_.figures_every == 0) sendFigures();
  };
  eval::evaluateConditions(spec_, predictor, todo, eval_options);
  summary.seconds = secondsSince(started);

  const auto cells = store_->accuracy(run.name);
  summarise(cells, first_cell, end_cell, summary);
  listener_->figuresReady(
      run, report::crowdingFigures(spec_.eval, cells, run.name, predictor.classes()));
  spdlog::info("{}: {} of {} cells scored ({} kept from before), {} valid, {:.1f} s", run.name,
               summary.kept + summary.scored, summary.cells, summary.kept, summary.valid,
               summary.seconds);
  listener_->runScored(run, summary);
  return summary;
}

void ExperimentExecutor::summarise(const std::vector<AccuracyRecord>& cells, std::size_t first_cell,
                                   std::size_t end_cell, ScoreSummary& summary) const {
  std::set<CellKey> in_range;
  for (std::size_t i = first_cell; i < end_cell; ++i) in_range.insert(keyOf(grid_[i]));
  std::map<double, double> alone;  // target-alone accuracy per target eccentricity
  double total = 0;
  for (const auto& r : cells) {
    const auto& c = r.result.condition;
    if (!in_range.count(keyOf(c))) continue;
    if (!r.result.valid) {
      summary.invalid.push_back(r.result);
      continue;
    }
    ++summary.valid;
    total += r.result.accuracy;
    if (c.flanker_type == 0) alone[c.target_ecc_px] = r.result.accuracy;
  }
  double sum = 0;
  for (const auto& [te, accuracy] : alone) sum += accuracy;
  summary.target_alone_accuracy = alone.empty() ? std::nan("") : sum / double(alone.size());
  summary.mean_accuracy = summary.valid > 0 ? total / double(summary.valid) : std::nan("");
}

ExperimentOutcome ExperimentExecutor::trainAll() {
  return trainEach(false);
}

ExperimentOutcome ExperimentExecutor::scoreAll() {
  ExperimentOutcome outcome;
  for (const auto& run : runs_) {
    if (stopRequested()) {
      outcome.stopped = true;
      break;
    }
    if (train::runStatus(train::RunFiles(runDir(run))) == "diverged") {
      outcome.diverged.push_back(run.name + ": diverged in training; not scored");
      continue;
    }
    RunOutcome r{run, std::nullopt, score(run), std::nullopt};
    if (r.score->complete() && measures(run)) r.measure = measure(run);
    outcome.runs.push_back(r);
    if (!r.score->complete() || (r.measure && !r.measure->complete())) {
      outcome.stopped = true;
      break;
    }
  }
  if (!outcome.stopped) outcome.selected = selectLearningRates();
  return outcome;
}

ExperimentOutcome ExperimentExecutor::runAll() {
  auto outcome = trainEach(true);
  if (!outcome.stopped) outcome.selected = selectLearningRates();
  return outcome;
}

ExperimentOutcome ExperimentExecutor::trainEach(bool then_score) {
  ExperimentOutcome outcome;
  for (const auto& run : runs_) {
    if (stopRequested()) {
      outcome.stopped = true;
      break;
    }
    RunOutcome r{run, train(run), std::nullopt, std::nullopt};
    const auto status = r.train->status;
    if (status == train::TrainStatus::Diverged) {
      outcome.diverged.push_back(run.name + ": " + r.train->message);
    }
    if (then_score && status == train::TrainStatus::Finished) r.score = score(run);
    if (r.score && r.score->complete() && measures(run)) r.measure = measure(run);
    outcome.runs.push_back(r);
    if (status == train::TrainStatus::Stopped || (r.score && !r.score->complete()) ||
        (r.measure && !r.measure->complete())) {
      outcome.stopped = true;
      break;
    }
  }
  return outcome;
}

std::vector<std::string> ExperimentExecutor::selectLearningRates() const {
  return report::selectRuns(spec_, store_->runs());
}

}  // namespace fovea::experiment
