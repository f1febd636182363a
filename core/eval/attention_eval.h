#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/eval/predictor.h"
#include "core/eval/step_counts.h"
#include "core/experiment/experiment_spec.h"

namespace fovea::eval {

// One scored cell of the attention task (science-attention.md 2.7).
struct AttentionCell {
  enum class Measure {
    RadiusContrast,  // 128 px set: digit at radius x (px, random direction), fixed contrast y
    ShiftStd,        // 28 px set: per-axis shift std x (central: 0, general: 15), c ~ U(.3, .7)
    ShiftMap,        // 28 px set: fixed shift of x rows and y columns, c ~ U(.3, .7)
  };
  Measure measure = Measure::RadiusContrast;
  double x = 0;
  double y = 0;
  bool operator<(const AttentionCell& o) const {
    return std::tie(measure, x, y) < std::tie(o.measure, o.x, o.y);
  }
  bool operator==(const AttentionCell& o) const {
    return measure == o.measure && x == o.x && y == o.y;
  }
};
std::string toString(AttentionCell::Measure measure);  // "radius-contrast", ...
AttentionCell::Measure parseMeasure(const std::string& text);

// What a transformer did on a cell's images (NaN when the model has no transform).
struct TransformStats {
  double scale_x = 0, scale_y = 0;  // theta[0][0], theta[1][1]
  double shear = 0;                 // mean |theta[0][1]| and |theta[1][0]|
  double landing_error_px = 0;      // from the window's centre to the digit's centre
  bool present = false;
};

// A saccade model's state after k saccades on a cell's images (k = 0: the first fixation).
struct SaccadeStep {
  int saccades = 0;
  std::int64_t correct = 0;     // What's answers right at this fixation
  double landing_error_px = 0;  // mean distance from this fixation to the digit's centre
  double moved = 0;             // share of images whose k-th saccade moved the eye (k >= 1)
};

struct AttentionResult {
  AttentionCell cell;
  std::int64_t images = 0;
  std::int64_t correct = 0;
  double accuracy = 0;
  bool valid = true;
  std::string reason;  // why the model cannot be scored on this cell
  TransformStats transform;
  std::vector<SaccadeStep> saccades;  // empty unless the model makes saccades
  // A recurrent network's correct answers at every step of each presentation it knows (its own
  // first), over the same images; empty for a feed-forward network.
  std::vector<StepCounts> over_time;
};

// Every cell of the spec: eccentricity x contrast, the shift stds, then the shift map.
std::vector<AttentionCell> attentionCells(const experiment::AttentionSpec& spec);
// The test stimulus of a cell (noise and frequencies from [attention]).
stimulus::NoisyDigitSpec cellStimulus(const experiment::AttentionSpec& spec,
                                      const AttentionCell& cell);

struct AttentionEvalOptions {
  int data_threads = 0;
  std::function<void(const AttentionResult&, std::size_t done, std::size_t total)> on_result;
  const std::atomic<bool>* stop = nullptr;
};

// Scores the predictor on each cell with test digits (images per cell from the spec; the 28 px
// set feeds the network directly, the 128 px set whole or by its central 28 px). Deterministic
// for the experiment's seed: every model sees the same images in a cell.
std::vector<AttentionResult> evaluateAttentionCells(const experiment::ExperimentSpec& spec,
                                                    const Predictor& predictor,
                                                    const std::vector<AttentionCell>& cells,
                                                    const AttentionEvalOptions& options = {});

}  // namespace fovea::eval
