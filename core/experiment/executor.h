#pragma once
// The one way experiments run: plan -> train -> score -> store -> select, as stages that report
// to a listener. fovea-cli (train, eval, demo) and the GUI's job are drivers of it; a cluster
// task is another: a Job names (run, stage, cell range) and can run in a process of its own.
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/eval/attention_eval.h"
#include "core/eval/crowding_grid.h"
#include "core/eval/predictor.h"
#include "core/experiment/experiment_spec.h"
#include "core/experiment/results_store.h"
#include "core/psychophysics/staircase_study.h"
#include "core/report/figure_data.h"
#include "core/train/trainer.h"

namespace fovea::experiment {

class ExperimentLock;

// A run ready to be scored: its final checkpoint loaded, its record stored, cells of any other
// checkpoint dropped.
struct ScoringStart {
  std::unique_ptr<eval::Predictor> predictor;
  RunRecord record;
};

enum class Stage { Train, Score, Measure };
std::string toString(Stage stage);

struct Job {
  std::string run;
  Stage stage = Stage::Train;
  std::size_t first_cell = 0;  // Score: the grid cells [first_cell, end_cell)
  std::size_t end_cell = std::numeric_limits<std::size_t>::max();
};

struct ExecutorOptions {
  std::filesystem::path dir;      // the experiment directory
  std::vector<std::string> runs;  // only these runs; empty: every run
  bool resume = true;             // continue runs from their checkpoints
  bool fresh = false;             // set the runs' old directories aside and start over
  std::string device = "cpu";
  int threads = 0;  // stimulus generation (0: all cores)
  const std::atomic<bool>* stop = nullptr;
  std::size_t figures_every = 0;  // cells between figure events (0: when a run is scored)
  // A sweep's worker: shares the directory's lock with the sweep's other workers.
  bool shared_lock = false;
  // Results go here instead of <dir>/results.sqlite (a SLURM task's shard).
  std::filesystem::path store;
};

struct ScoreSummary {
  std::size_t cells = 0;   // in the job's range
  std::size_t kept = 0;    // already scored with this checkpoint, not scored again
  std::size_t scored = 0;  // scored now
  std::size_t valid = 0;
  std::int64_t images = 0;  // scored now
  double seconds = 0;
  double target_alone_accuracy = 0;  // crowding: mean over the target eccentricities of the range
  double mean_accuracy = 0;          // mean over the range's valid cells (NaN: none)
  std::vector<eval::ConditionResult> invalid;
  std::string checkpoint_crc32;
  bool complete() const { return kept + scored == cells; }
};

// A run's thresholds under each condition of [psychophysics].
struct MeasureSummary {
  std::size_t conditions = 0;
  std::size_t kept = 0;      // measured before with this checkpoint, not measured again
  std::size_t measured = 0;  // measured now
  std::int64_t trials = 0;
  double seconds = 0;
  // Per condition: "spacing-radial-both: b = 0.41 [0.36, 0.46]" or why there is no line.
  std::vector<std::string> lines;
  bool complete() const { return kept + measured == conditions; }
};

struct RunOutcome {
  RunPlan run;
  std::optional<train::TrainResult> train;
  std::optional<ScoreSummary> score;
  std::optional<MeasureSummary> measure;
};

struct ExperimentOutcome {
  std::vector<RunOutcome> runs;
  bool stopped = false;               // a stop request ended it early
  std::vector<std::string> diverged;  // "run: message"
  std::vector<std::string> selected;  // the learning-rate rule's choice, once all are scored
};

// Reports from the executor's thread; every method may be left out.
class ExperimentListener {
 public:
  virtual ~ExperimentListener() = default;
  virtual void planned(const std::vector<RunPlan>& /*runs*/, const std::filesystem::path&) {}
  virtual void trainingStarted(const RunPlan&, std::size_t /*index*/, std::size_t /*count*/) {}
  virtual void trainingProgress(const RunPlan&, const train::TrainProgress&) {}
  virtual void runTrained(const RunPlan&, const train::TrainResult&) {}
  virtual void scoringStarted(const RunPlan&, const RunRecord&, std::size_t /*kept*/,
                              std::size_t /*cells*/) {}
  virtual void cellScored(const RunPlan&, const eval::ConditionResult&, std::size_t /*done*/,
                          std::size_t /*cells*/) {}
  virtual void attentionCellScored(const RunPlan&, const eval::AttentionResult&,
                                   std::size_t /*done*/, std::size_t /*cells*/) {}
  virtual void figuresReady(const RunPlan&, const std::vector<report::FigureData>&) {}
  virtual void runScored(const RunPlan&, const ScoreSummary&) {}
  virtual void studyMeasured(const RunPlan&, const std::string& /*condition*/,
                             const psychophysics::StudyResult&) {}
};

class ExperimentExecutor {
 public:
  // Plans the runs and locks the directory (LockedError when another process writes to it).
  ExperimentExecutor(ExperimentSpec spec, ExecutorOptions options,
                     ExperimentListener* listener = nullptr);
  ~ExperimentExecutor();
  ExperimentExecutor(const ExperimentExecutor&) = delete;
  ExperimentExecutor& operator=(const ExperimentExecutor&) = delete;

  const ExperimentSpec& spec() const { return spec_; }
  const std::filesystem::path& dir() const { return options_.dir; }
  const std::vector<RunPlan>& runs() const { return runs_; }
  const std::vector<eval::Condition>& grid() const { return grid_; }  // the crowding task's
  const std::vector<eval::AttentionCell>& attentionCells() const { return attention_cells_; }
  std::size_t cellCount() const;  // cells each run is scored on, whatever the task
  std::filesystem::path runDir(const RunPlan& run) const;
  ResultsStore& store() { return *store_; }

  // The jobs of one stage; Score jobs split each run's grid into `cells_per_job` cells (0: one
  // job per run); Measure jobs are the runs [psychophysics] measures.
  std::vector<Job> jobs(Stage stage, std::size_t cells_per_job = 0) const;
  RunOutcome run(const Job& job);

  train::TrainResult train(const RunPlan& run);
  // Scores the run's final checkpoint on grid cells [first, end) into the store, one committed
  // cell at a time; cells already scored with this checkpoint are kept, cells of any other
  // checkpoint are dropped first. InputError when the run has not finished training.
  ScoreSummary score(const RunPlan& run, std::size_t first_cell = 0,
                     std::size_t end_cell = std::numeric_limits<std::size_t>::max());

  // Whether [psychophysics] measures this run (its model is one it names or resolved).
  bool measures(const RunPlan& run) const;
  // The run's thresholds under every condition of [psychophysics], into the store and files
  // under the run's psychophysics/ folder; conditions already measured with this checkpoint are
  // kept. InputError when the run has not finished training or is not measured.
  MeasureSummary measure(const RunPlan& run);

  ExperimentOutcome trainAll();  // stops at a stop request; goes on past a diverged run
  // Every run that finished training, then its thresholds when [psychophysics] measures it.
  ExperimentOutcome scoreAll();
  ExperimentOutcome runAll();  // train, score and measure each run in turn, then select
  // The learning-rate rule's runs among those scored (eval.lr_rule).
  std::vector<std::string> selectLearningRates() const;

 private:
  bool stopRequested() const { return options_.stop && options_.stop->load(); }
  void startFresh(const RunPlan& run);
  ScoringStart startScoring(const RunPlan& run);
  ScoreSummary scoreAttention(const RunPlan& run, std::size_t first_cell, std::size_t end_cell);
  // Counts the valid and invalid cells of grid cells [first, end) and their target-alone mean.
  void summarise(const std::vector<AccuracyRecord>& cells, std::size_t first_cell,
                 std::size_t end_cell, ScoreSummary& summary) const;
  // Trains each run in turn (and scores it when asked), to the end or a stop request.
  ExperimentOutcome trainEach(bool then_score);

  ExperimentSpec spec_;
  ExecutorOptions options_;
  ExperimentListener* listener_;
  ExperimentListener quiet_;
  std::unique_ptr<ExperimentLock> lock_;
  std::unique_ptr<ResultsStore> store_;
  std::vector<RunPlan> runs_;
  std::vector<eval::Condition> grid_;
  std::vector<eval::AttentionCell> attention_cells_;
};

}  // namespace fovea::experiment
