#include "core/eval/attention_trial.h"

#include <algorithm>
#include <cmath>

#include "core/eval/attention_eval.h"
#include "core/stimulus/attention_samples.h"
#include "core/util/random.h"

namespace fovea::eval {
namespace {

// Reads the features a transformer names ("theta", "glimpse") and the logits into the trial.
template <typename Feature>
void readFeatures(const std::vector<Feature>& features, int batch_dims, AttentionTrial& trial) {
  for (const auto& f : features) {
    const auto dims = f.shape.size() - static_cast<std::size_t>(batch_dims);
    if (f.name == "theta" && f.values.size() >= 6) {
      trial.has_transform = true;
      std::copy(f.values.begin(), f.values.begin() + 6, trial.theta.begin());
    } else if (f.name == "glimpse" && dims >= 2) {
      const int rows = static_cast<int>(f.shape[f.shape.size() - 2]);
      const int cols = static_cast<int>(f.shape.back());
      trial.glimpse = cv::Mat(rows, cols, CV_32F, const_cast<float*>(f.values.data())).clone();
    } else if (f.name == "logits" && !f.values.empty()) {
      std::vector<float> p(f.values.begin(), f.values.end());
      const float top = *std::max_element(p.begin(), p.end());
      float sum = 0;
      for (float& v : p) sum += v = std::exp(v - top);
      for (float& v : p) v /= sum;
      trial.probabilities = p;
      trial.answer = static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
    }
  }
  if (trial.has_transform && !trial.glimpse.empty()) {
    trial.grid_side = trial.glimpse.rows;
    trial.grid = samplingPoints(trial.theta, trial.image.rows, trial.grid_side);
  }
}

}  // namespace

std::vector<cv::Point2f> samplingPoints(const std::array<float, 6>& theta, int image_px,
                                        int glimpse_px) {
  std::vector<cv::Point2f> points;
  points.reserve(static_cast<std::size_t>(glimpse_px) * glimpse_px);
  auto toPixel = [&](double u) { return static_cast<float>(((u + 1) * image_px - 1) / 2); };
  for (int i = 0; i < glimpse_px; ++i) {
    const double y = (2.0 * i + 1) / glimpse_px - 1;
    for (int j = 0; j < glimpse_px; ++j) {
      const double x = (2.0 * j + 1) / glimpse_px - 1;
      const double u = theta[0] * x + theta[1] * y + theta[2];
      const double v = theta[3] * x + theta[4] * y + theta[5];
      points.emplace_back(toPixel(u), toPixel(v));
    }
  }
  return points;
}

AttentionTrial attentionTrial(const Predictor& predictor, const experiment::AttentionSpec& spec,
                              std::uint64_t seed, double radius_px, double contrast,
                              std::uint64_t index) {
  const AttentionCell cell{AttentionCell::Measure::RadiusContrast, radius_px, contrast};
  const auto stimulus = cellStimulus(spec, cell);
  const stimulus::AttentionSamples samples("test", stimulus::AttentionSamples::Draw::InOrder);
  const auto sample = samples.sample(stimulus, splitmix64(seed ^ 0x7419a1ULL), index);
  const int side = static_cast<int>(predictor.input().shape.at(1));
  AttentionTrial trial;
  trial.image.create(side, side, CV_32F);
  stimulus::copyCentre(sample.digit.image, side, trial.image.ptr<float>());
  if (side < sample.digit.image.cols) sample.digit.image.convertTo(trial.scene, CV_32F);
  trial.label = sample.label;
  trial.row_offset = sample.digit.row_offset;
  trial.col_offset = sample.digit.col_offset;
  trial.contrast = sample.digit.contrast;
  trial.offsets_known = true;
  const std::vector<float> input(trial.image.begin<float>(), trial.image.end<float>());
  readFeatures(predictor.features(input, 1, {"theta", "glimpse", "logits"}), 1, trial);
  return trial;
}

AttentionTrial trialFromProgress(const train::TrainProgress& progress) {
  AttentionTrial trial;
  if (!progress.sample_crops.empty())
    progress.sample_crops.front().convertTo(trial.image, CV_32F, 1.0 / 255);
  trial.label = progress.sample_label;
  readFeatures(progress.sample_features, 0, trial);
  if (trial.answer < 0) trial.answer = progress.sample_answer;
  return trial;
}

}  // namespace fovea::eval
