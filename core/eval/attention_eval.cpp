#include "core/eval/attention_eval.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/stimulus/attention_samples.h"
#include "core/util/errors.h"
#include "core/util/parallel.h"
#include "core/util/random.h"

namespace fovea::eval {
namespace {

using Measure = AttentionCell::Measure;

// A cell's images: the same for every model (seeded by the experiment and the cell).
std::uint64_t cellSeed(std::uint64_t seed, const AttentionCell& cell) {
  const auto bits = [](double v) { return static_cast<std::uint64_t>(std::llround(v * 1000)); };
  return splitmix64(seed ^ splitmix64(static_cast<std::uint64_t>(cell.measure) * 1000003ULL +
                                      bits(cell.x) * 7919ULL + bits(cell.y)));
}

std::int64_t cellImages(const experiment::AttentionSpec& spec, const AttentionCell& cell) {
  return cell.measure == Measure::ShiftMap ? spec.map_images : spec.images;
}

// Means of theta's scale and shear, and how far the window's centre lands from the digit's
// centre (theta's translation is in half-widths of the model's input, image_px: a 28 px model on
// the 128 px set sees the centred fovea, so the digit's offset from the centre holds in both; x is
// columns).
void addTransform(const Predictor::Feature& theta, const std::vector<stimulus::NoisyDigit>& digits,
                  int image_px, TransformStats& sums) {
  sums.present = true;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const float* t = theta.values.data() + i * 6;
    sums.scale_x += t[0];
    sums.scale_y += t[4];
    sums.shear += 0.5 * (std::fabs(t[1]) + std::fabs(t[3]));
    const double col = t[2] * image_px / 2.0;
    const double row = t[5] * image_px / 2.0;
    sums.landing_error_px += std::hypot(row - digits[i].row_offset, col - digits[i].col_offset);
  }
}

// Accuracy, landing error and the share of moving saccades after each of a saccade model's
// fixations (sums; scoreCell divides).
void addSaccades(const Predictor::Feature& logits, const Predictor::Feature& fixations,
                 const std::vector<int>& labels, const std::vector<stimulus::NoisyDigit>& digits,
                 std::vector<SaccadeStep>& steps) {
  const auto stops = static_cast<std::size_t>(logits.shape.at(1));
  const auto classes = static_cast<std::size_t>(logits.shape.at(2));
  steps.resize(stops);
  for (std::size_t k = 0; k < stops; ++k) {
    steps[k].saccades = static_cast<int>(k);
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const float* row = logits.values.data() + (i * stops + k) * classes;
      steps[k].correct += std::max_element(row, row + classes) - row == labels[i] ? 1 : 0;
      const float* at = fixations.values.data() + (i * stops + k) * 2;
      steps[k].landing_error_px +=
          std::hypot(at[0] - digits[i].row_offset, at[1] - digits[i].col_offset);
      if (k > 0 && (at[0] != at[-2] || at[1] != at[-1])) steps[k].moved += 1;
    }
  }
}

AttentionResult scoreCell(const experiment::ExperimentSpec& spec, const Predictor& predictor,
                          const stimulus::AttentionSamples& samples, const AttentionCell& cell,
                          int threads) {
  AttentionResult result;
  result.cell = cell;
  const auto& attention = spec.attention;
  const auto stimulus = cellStimulus(attention, cell);
  const int side = static_cast<int>(predictor.input().shape.at(1));
  if (side > stimulus.size) {
    result.valid = false;
    result.reason = "the model takes " + std::to_string(side) + " px images; this cell has " +
                    std::to_string(stimulus.size) + " px ones";
    return result;
  }
  const std::int64_t images = cellImages(attention, cell);
  const std::uint64_t seed = cellSeed(spec.seed, cell);
  const std::size_t pixels = static_cast<std::size_t>(side) * side;
  for (std::int64_t begin = 0; begin < images; begin += attention.batch) {
    const int count = static_cast<int>(std::min<std::int64_t>(attention.batch, images - begin));
    std::vector<float> inputs(pixels * static_cast<std::size_t>(count));
    std::vector<int> labels(static_cast<std::size_t>(count));
    std::vector<stimulus::NoisyDigit> digits(static_cast<std::size_t>(count));
    parallelFor(count, threads, [&](std::int64_t j) {
      const auto at = static_cast<std::size_t>(j);
      auto s = samples.sample(stimulus, seed, static_cast<std::uint64_t>(begin + j));
      stimulus::copyCentre(s.digit.image, side, inputs.data() + at * pixels);
      labels[at] = s.label;
      s.digit.noise.release();  // only the offsets are kept
      digits[at] = std::move(s.digit);
    });
    const auto features =
        predictor.features(inputs, count, {"theta", "fixations", "saccade_logits", "logits"});
    countOverTime(predictor, inputs, count, {labels.begin(), labels.end()}, result.over_time);
    const Predictor::Feature* fixations = nullptr;
    const Predictor::Feature* saccade_logits = nullptr;
    for (const auto& feature : features) {
      if (feature.name == "fixations") fixations = &feature;
      if (feature.name == "saccade_logits") saccade_logits = &feature;
    }
    if (fixations && saccade_logits) {
      addSaccades(*saccade_logits, *fixations, labels, digits, result.saccades);
    }
    for (const auto& feature : features) {
      if (feature.name == "theta") addTransform(feature, digits, side, result.transform);
      if (feature.name != "logits") continue;
      const auto classes = static_cast<std::size_t>(feature.shape.at(1));
      for (std::size_t j = 0; j < labels.size(); ++j) {
        const float* row = feature.values.data() + j * classes;
        const auto answer = std::max_element(row, row + classes) - row;
        result.correct += answer == labels[j] ? 1 : 0;
      }
    }
    result.images += count;
  }
  result.accuracy = result.images > 0 ? double(result.correct) / double(result.images) : 0;
  if (result.transform.present) {
    const double n = double(result.images);
    result.transform.scale_x /= n;
    result.transform.scale_y /= n;
    result.transform.shear /= n;
    result.transform.landing_error_px /= n;
  }
  for (auto& step : result.saccades) {
    step.landing_error_px /= double(result.images);
    step.moved /= double(result.images);
  }
  if (!result.saccades.empty()) {
    // The saccade model's window is its fixed foveal crop, landed where the last saccade took
    // the eye.
    result.transform.present = true;
    result.transform.scale_x = result.transform.scale_y = 28.0 / side;
    result.transform.landing_error_px = result.saccades.back().landing_error_px;
  }
  return result;
}

}  // namespace

std::string toString(AttentionCell::Measure measure) {
  switch (measure) {
    case Measure::RadiusContrast: return "radius-contrast";
    case Measure::ShiftStd: return "shift-std";
    case Measure::ShiftMap: return "shift-map";
  }
  return "?";
}

AttentionCell::Measure parseMeasure(const std::string& text) {
  for (auto m : {Measure::RadiusContrast, Measure::ShiftStd, Measure::ShiftMap}) {
    if (toString(m) == text) return m;
  }
  throw InputError("unknown attention measure '" + text + "'");
}

std::vector<AttentionCell> attentionCells(const experiment::AttentionSpec& spec) {
  std::vector<AttentionCell> cells;
  for (double contrast : spec.contrasts) {
    for (double radius : spec.radii_px)
      cells.push_back({Measure::RadiusContrast, radius, contrast});
  }
  for (double std : spec.shift_stds_px) cells.push_back({Measure::ShiftStd, std, 0});
  if (spec.map_half_px > 0) {
    for (int row = -spec.map_half_px; row <= spec.map_half_px; row += spec.map_step_px) {
      for (int col = -spec.map_half_px; col <= spec.map_half_px; col += spec.map_step_px) {
        cells.push_back({Measure::ShiftMap, double(row), double(col)});
      }
    }
  }
  return cells;
}

stimulus::NoisyDigitSpec cellStimulus(const experiment::AttentionSpec& spec,
                                      const AttentionCell& cell) {
  stimulus::NoisyDigitSpec s = spec.stimulus;
  s.radius.reset();
  s.shift.reset();
  if (cell.measure == Measure::RadiusContrast) {
    s.size = 128;
    s.radius = cell.x;
    s.contrast_min = s.contrast_max = cell.y;
  } else {
    // The 28 px What set's test protocol: contrast drawn from U(0.3, 0.7).
    s.size = 28;
    s.contrast_min = 0.3;
    s.contrast_max = 0.7;
    if (cell.measure == Measure::ShiftStd) {
      s.offset_std = cell.x;
      s.offset_max = spec.shift_max_px;
    } else {
      s.shift = std::array<int, 2>{static_cast<int>(cell.x), static_cast<int>(cell.y)};
    }
  }
  return s;
}

std::vector<AttentionResult> evaluateAttentionCells(const experiment::ExperimentSpec& spec,
                                                    const Predictor& predictor,
                                                    const std::vector<AttentionCell>& cells,
                                                    const AttentionEvalOptions& options) {
  const stimulus::AttentionSamples samples("test", stimulus::AttentionSamples::Draw::InOrder);
  std::vector<AttentionResult> results;
  for (const auto& cell : cells) {
    if (options.stop && options.stop->load()) break;
    results.push_back(scoreCell(spec, predictor, samples, cell, options.data_threads));
    if (options.on_result) options.on_result(results.back(), results.size(), cells.size());
  }
  return results;
}

}  // namespace fovea::eval
