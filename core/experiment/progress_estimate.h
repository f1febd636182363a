#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/experiment/experiment_spec.h"

namespace fovea::experiment {

// The whole experiment's work in images, for a progress bar: training images at the trainer's
// reported speed, scored images at the measured one. fraction() is the share done;
// secondsLeft() is NaN until there is a speed to go by.
class ProgressEstimate {
 public:
  // Each run trains its own model's steps and batch; every run is scored on `cells` cells.
  ProgressEstimate(const ExperimentSpec& spec, const std::vector<RunPlan>& runs, std::size_t cells);

  void trainedTo(std::size_t run, std::int64_t step, double images_per_s);
  void runTrained(std::size_t run);
  void runSkipped(std::size_t run);  // diverged: neither trained further nor scored
  void scoredTo(std::size_t run, std::size_t cells_done);
  void addScoringTime(double images, double seconds);

  double fraction() const;
  double secondsLeft() const;

 private:
  double scoreWeight() const;
  double trainRate() const { return train_rate_; }
  double scoreRate() const;

  std::vector<int> batch_;             // per run
  std::vector<double> train_per_run_;  // images per run
  double score_per_cell_;
  double train_total_;
  double score_total_;
  std::vector<double> trained_;
  std::vector<double> scored_;
  double train_rate_ = 0;
  double score_images_ = 0;
  double score_seconds_ = 0;
};

}  // namespace fovea::experiment
