#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/eval/predictor.h"
#include "core/stimulus/stimulus_renderer.h"
#include "core/stimulus/stimulus_spec.h"

namespace fovea::eval {

// A trained run's answer for a designed stimulus: the stimulus is drawn with the run's own
// retina (its crops and normalisation) and passed through the network. On a canvas other than
// the run's there is no honest answer (the crops are fractions of the canvas, so the glyphs
// would have sizes the network never saw): the answer says so instead. Not thread-safe: one
// caller at a time (it keeps the renderer of the last stimulus kind).
class StimulusAnswerer {
 public:
  explicit StimulusAnswerer(std::shared_ptr<const Predictor> predictor);
  ~StimulusAnswerer();

  struct Answer {
    std::vector<float> probabilities;  // empty when there is no answer
    int best = -1;
    std::string best_name;
    std::string refusal;           // why there is no answer
    bool other_canvas = false;     // the refusal is a canvas the run was not trained on
    stimulus::StimulusSpec drawn;  // the stimulus as the network saw it (the run's retina)
    // A recurrent run: the answer step by step under each presentation it knows (its own
    // first), and the steps the original's readouts would answer at.
    struct OverTime {
      std::string presentation;
      int image_off = 0;
      std::vector<std::vector<float>> probabilities;  // [step][class]
      int max_confidence_step = -1;  // the most confident step from the readout's start
      int threshold_step = -1;       // the first such step at threshold or more; -1: none
    };
    std::vector<OverTime> over_time;
    double threshold = 0.9;  // the threshold readout's probability (the run's own)
    double beta = 1.0;       // the max-confidence readout's inverse temperature (the run's own)
  };
  // The max-confidence and threshold readouts' steps on one image's probabilities (from step
  // `start`); -1 when none qualifies. Max-confidence ranks the steps by the largest class of
  // softmax(beta * logits), the threshold readout by that of softmax(logits).
  static std::pair<int, int> readoutSteps(const std::vector<std::vector<float>>& probabilities,
                                          int start, double threshold, double beta = 1.0);
  Answer answer(const stimulus::StimulusSpec& spec);

  const Predictor& predictor() const { return *predictor_; }

 private:
  void answerOverTime(Answer& out, const std::vector<float>& input) const;

  std::shared_ptr<const Predictor> predictor_;
  std::unique_ptr<stimulus::StimulusRenderer> renderer_;
  std::string renderer_key_;
};

}  // namespace fovea::eval
