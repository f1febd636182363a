#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/eval/attention_eval.h"
#include "core/eval/crowding_grid.h"

namespace fovea {
class SqliteDb;
}

namespace fovea::experiment {

// A trained run as recorded in the results database.
struct RunRecord {
  std::string run;
  std::string model;
  double learning_rate = 0;
  std::int64_t steps = 0;
  double final_loss = 0;
  double last_logged_loss = 0;
  std::string checkpoint;
  std::string checkpoint_crc32;
  double train_seconds = 0;
};

// One evaluated cell of one run.
struct AccuracyRecord {
  std::string run;
  eval::ConditionResult result;
  std::string checkpoint_crc32;  // the checkpoint the cell was scored with
};

// One scored cell of the attention task.
struct AttentionRecord {
  std::string run;
  eval::AttentionResult result;
  std::string checkpoint_crc32;
};

// A recurrent run's correct answers at one step of one presentation, in one cell.
struct TimeCourseRecord {
  std::string run;
  eval::Condition condition;
  std::string presentation;
  int step = 0;
  std::int64_t images = 0;
  std::int64_t correct = 0;
};

// A measured run's threshold at one eccentricity under one condition of [psychophysics]
// ("spacing-radial-both"); the values are NaN when there is a refusal instead.
struct ThresholdRecord {
  std::string run;
  std::string condition;
  double ecc_deg = 0;
  double baseline = 0;                                  // accuracy at the asymptote
  double threshold = 0, low = 0, high = 0;              // the variable's units
  double threshold_deg = 0, low_deg = 0, high_deg = 0;  // NaN for contrast
  std::int64_t trials = 0;
  std::string refusal;
  std::string checkpoint_crc32;
};

// The line through one condition's thresholds: Bouma's (spacing) or acuity's (size).
struct ThresholdLineRecord {
  std::string run;
  std::string condition;
  double slope = 0, slope_low = 0, slope_high = 0;
  double intercept = 0, intercept_low = 0, intercept_high = 0;
  std::string refusal;
  std::string checkpoint_crc32;
  std::string settings;  // a hash of the study's settings: changed settings are measured again
};

// The experiment's SQLite database (results.sqlite). Writes are transactions keyed by (run,
// condition), with WAL and a busy timeout, so concurrent local workers and crashed workers
// never lose or duplicate a result; re-running a cell replaces it.
class ResultsStore {
 public:
  explicit ResultsStore(const std::filesystem::path& path);
  ~ResultsStore();
  ResultsStore(const ResultsStore&) = delete;
  ResultsStore& operator=(const ResultsStore&) = delete;

  void putRun(const RunRecord& run);
  // Scored cells of `run`, each keyed by the checkpoint it was scored with; one transaction.
  void putAccuracy(const std::string& run, const std::vector<eval::ConditionResult>& results,
                   const std::string& checkpoint_crc32 = {});
  void putAttention(const std::string& run, const std::vector<eval::AttentionResult>& results,
                    const std::string& checkpoint_crc32 = {});
  // Deletes the cells of `run` scored with any other checkpoint, so that an evaluation never
  // mixes two checkpoints; returns how many went.
  std::size_t keepOnlyCheckpoint(const std::string& run, const std::string& checkpoint_crc32);
  // Forgets a run: its record and its cells (a run started afresh).
  void removeRun(const std::string& run);

  std::vector<RunRecord> runs() const;
  std::vector<AccuracyRecord> accuracy(const std::string& run = {}) const;
  std::vector<AttentionRecord> attention(const std::string& run = {}) const;
  // Recurrent runs' cells step by step (written by putAccuracy from ConditionResult::over_time),
  // each cell's presentations in the order they were written (the run's own first).
  std::vector<TimeCourseRecord> timeCourse(const std::string& run = {}) const;
  // One condition's thresholds and line, replacing that condition's earlier ones; one
  // transaction.
  void putThresholds(const std::vector<ThresholdRecord>& points, const ThresholdLineRecord& line);
  std::vector<ThresholdRecord> thresholds(const std::string& run = {}) const;
  std::vector<ThresholdLineRecord> thresholdLines(const std::string& run = {}) const;

  // Conditions already scored for a run (so a re-run can skip them).
  std::size_t accuracyCount(const std::string& run) const;

  // Merges another store (a SLURM task's shard) into this one in one transaction: its run
  // records and cells replace those with the same keys, and cells of its runs scored with any
  // other checkpoint go. Merging the same shard twice changes nothing. Returns the rows merged.
  std::size_t merge(const std::filesystem::path& shard);
  // SQLite's integrity check: "ok", or what is wrong.
  std::string integrityCheck() const;

  const std::filesystem::path& path() const { return path_; }

 private:
  // Refuses a newer schema or another program's database; migrates an older one.
  void checkSchema();

  std::filesystem::path path_;
  std::unique_ptr<SqliteDb> db_;
};

}  // namespace fovea::experiment
