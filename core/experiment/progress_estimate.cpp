#include "core/experiment/progress_estimate.h"

#include <algorithm>
#include <cmath>

namespace fovea::experiment {
namespace {

// Images a cell scores when eval.images is 0 (every test target: 50 per class).
constexpr double kAllTestTargets = 250;

// Images a cell scores, on average over the task's cells.
double imagesPerCell(const ExperimentSpec& spec, std::size_t cells) {
  if (!spec.attentionTask())
    return spec.eval.images > 0 ? double(spec.eval.images) : kAllTestTargets;
  const auto& a = spec.attention;
  const double grid = double(a.radii_px.size() * a.contrasts.size() + a.shift_stds_px.size());
  const double map = cells > grid ? double(cells) - grid : 0;
  return cells > 0 ? (grid * double(a.images) + map * double(a.map_images)) / double(cells) : 0;
}

}  // namespace

ProgressEstimate::ProgressEstimate(const ExperimentSpec& spec, const std::vector<RunPlan>& runs,
                                   std::size_t cells)
    : score_per_cell_(imagesPerCell(spec, cells)),
      train_total_(0),
      score_total_(score_per_cell_ * double(cells) * double(runs.size())),
      trained_(runs.size(), 0.0),
      scored_(runs.size(), 0.0) {
  for (const auto& run : runs) {
    const auto& train = spec.models.at(run.model_index).train;
    batch_.push_back(train.batch);
    train_per_run_.push_back(double(train.steps) * train.batch);
    train_total_ += train_per_run_.back();
  }
}

void ProgressEstimate::trainedTo(std::size_t run, std::int64_t step, double images_per_s) {
  trained_.at(run) = std::min(train_per_run_.at(run), double(step) * batch_.at(run));
  if (images_per_s > 0) train_rate_ = images_per_s;
}

void ProgressEstimate::runTrained(std::size_t run) {
  trained_.at(run) = train_per_run_.at(run);
}

void ProgressEstimate::runSkipped(std::size_t run) {
  trained_.at(run) = train_per_run_.at(run);
  scored_.at(run) = score_total_ / double(scored_.size());
}

void ProgressEstimate::scoredTo(std::size_t run, std::size_t cells_done) {
  scored_.at(run) = double(cells_done) * score_per_cell_;
}

void ProgressEstimate::addScoringTime(double images, double seconds) {
  score_images_ += images;
  score_seconds_ += seconds;
}

double ProgressEstimate::scoreRate() const {
  const double measured = score_seconds_ > 0.5 ? score_images_ / score_seconds_ : 0;
  // Until scoring has been timed, a scored image costs a quarter of a trained one (a forward
  // pass only).
  return measured > 0 ? measured : 4 * train_rate_;
}

double ProgressEstimate::scoreWeight() const {
  const double train = trainRate(), score = scoreRate();
  return (train > 0 && score > 0) ? train / score : 0.25;
}

double ProgressEstimate::fraction() const {
  double trained = 0, scored = 0;
  for (double t : trained_) trained += t;
  for (double s : scored_) scored += s;
  const double weight = scoreWeight();
  const double total = train_total_ + weight * score_total_;
  return total > 0 ? std::clamp((trained + weight * scored) / total, 0.0, 1.0) : 0;
}

double ProgressEstimate::secondsLeft() const {
  double trained = 0, scored = 0;
  for (double t : trained_) trained += t;
  for (double s : scored_) scored += s;
  const double train_left = std::max(0.0, train_total_ - trained);
  const double score_left = std::max(0.0, score_total_ - scored);
  const double train_rate = trainRate(), score_rate = scoreRate();
  if ((train_left > 0 && !(train_rate > 0)) || (score_left > 0 && !(score_rate > 0))) {
    return std::nan("");
  }
  return (train_left > 0 ? train_left / train_rate : 0) +
         (score_left > 0 ? score_left / score_rate : 0);
}

}  // namespace fovea::experiment
