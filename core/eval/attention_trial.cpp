#include "core/eval/attention_trial.h"

#include <algorithm>
#include <cmath>

#include "core/eval/attention_eval.h"
#include "core/retina/log_gabor_retina.h"
#include "core/stimulus/attention_samples.h"
#include "core/util/random.h"

namespace fovea::eval {
namespace {

constexpr int kFovea = 28;  // the saccade model's foveal crop

// The peak pixel of every collicular cell of the What/Where retina (x: column).
const std::vector<cv::Point2f>& collicularPeaks() {
  static const std::vector<cv::Point2f> peaks = [] {
    const auto retina = retina::LogGaborRetina::get();
    const int side = retina->spec().size;
    std::vector<cv::Point2f> out;
    for (int cell = 0; cell < retina->collicularCells(); ++cell) {
      const float* row = retina->collicularCell(cell);
      const auto peak = std::max_element(row, row + side * side) - row;
      out.emplace_back(static_cast<float>(peak % side), static_cast<float>(peak / side));
    }
    return out;
  }();
  return peaks;
}

// The 28 x 28 crop centred on an image pixel, mid-grey beyond the image.
cv::Mat fovealCrop(const cv::Mat& image, cv::Point2f centre) {
  cv::Mat crop(kFovea, kFovea, CV_32F, cv::Scalar(0.5));
  const int top = static_cast<int>(std::lround(centre.y)) - kFovea / 2;
  const int left = static_cast<int>(std::lround(centre.x)) - kFovea / 2;
  const cv::Rect inside =
      cv::Rect(left, top, kFovea, kFovea) & cv::Rect(0, 0, image.cols, image.rows);
  if (inside.area() > 0) image(inside).copyTo(crop(inside - cv::Point(left, top)));
  return crop;
}

template <typename Feature>
int argmaxRow(const Feature& f, std::size_t row, std::size_t width) {
  const float* v = f.values.data() + row * width;
  return static_cast<int>(std::max_element(v, v + width) - v);
}

// Fixations, per-fixation answers and the first Where map of a saccade model.
template <typename Feature>
void readSaccades(const std::vector<Feature>& features, AttentionTrial& trial) {
  for (const auto& f : features) {
    if (f.name == "fixations" && f.shape.size() >= 2) {
      const auto stops = static_cast<std::size_t>(f.shape[f.shape.size() - 2]);
      // Pixel-centre coordinates, as the digit's: an offset of 0 is the image's centre point.
      const float middle = (trial.image.cols - 1) / 2.0f;
      for (std::size_t k = 0; k < stops && 2 * k + 1 < f.values.size(); ++k) {
        trial.fixations.emplace_back(middle + f.values[2 * k + 1], middle + f.values[2 * k]);
      }
    } else if (f.name == "saccade_logits" && f.shape.size() >= 2) {
      const auto stops = static_cast<std::size_t>(f.shape[f.shape.size() - 2]);
      const auto classes = static_cast<std::size_t>(f.shape.back());
      for (std::size_t k = 0; k < stops; ++k)
        trial.fixation_answers.push_back(argmaxRow(f, k, classes));
    } else if (f.name == "where_map" && f.shape.size() >= 2 && !f.values.empty()) {
      const auto cells = static_cast<std::size_t>(f.shape.back());
      trial.where_map.assign(f.values.begin(),
                             f.values.begin() + static_cast<std::ptrdiff_t>(cells));
    }
  }
  if (trial.fixations.empty() || trial.image.empty()) return;
  for (const auto& at : trial.fixations) trial.foveal_crops.push_back(fovealCrop(trial.image, at));
  if (!trial.where_map.empty()) {
    const retina::LogGaborRetinaSpec layout;  // the What/Where model's retina
    if (trial.where_map.size() == collicularPeaks().size()) {
      trial.where_cells = collicularPeaks();
      trial.where_azimuths = layout.n_azimuth;
      trial.where_rings = layout.n_eccentricity;
    } else {
      trial.where_map.clear();
    }
  }
}

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
  readSaccades(features, trial);
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
                              std::uint64_t index, const std::string& map_layer) {
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
  std::vector<std::string> wanted = {"theta",          "glimpse",   "fixations",
                                     "saccade_logits", "where_map", "logits"};
  for (const auto& layer : predictor.layers()) {
    if (models::hasMaps(layer)) trial.map_layers.push_back(layer.name);
  }
  const auto& offered = trial.map_layers;
  const bool known = std::find(offered.begin(), offered.end(), map_layer) != offered.end();
  const std::string layer = known ? map_layer : offered.empty() ? std::string() : offered.front();
  if (!layer.empty()) wanted.push_back(layer);
  const auto features = predictor.features(input, 1, wanted);
  readFeatures(features, 1, trial);
  for (const auto& f : features) {
    if (layer.empty() || f.name != layer) continue;
    trial.maps_layer = layer;
    trial.maps_shape.assign(f.shape.begin() + 1, f.shape.end());
    trial.maps = f.values;
  }
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
