#pragma once
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/train/train_progress.h"

namespace fovea::train {

// metrics.csv of a run: one row per logged step. On resume the rows after the checkpoint's
// step are dropped (they will be logged again), so the file reads as one uninterrupted run.
class MetricsLog {
 public:
  MetricsLog(const std::filesystem::path& path, std::int64_t resume_step);
  void append(const TrainProgress& progress);

  static const char* header();

 private:
  std::filesystem::path path_;
  std::ofstream out_;
};

// The rows of a metrics.csv, for monitors that open a finished or running run (none when there
// is no file). A partial last row is dropped; any other bad row is an InputError naming its line.
std::vector<TrainProgress> readMetrics(const std::filesystem::path& path);
// The same from the file's text; `name` is what errors call it.
std::vector<TrainProgress> parseMetrics(const std::string& text, const std::string& name);

}  // namespace fovea::train
