#pragma once
#include <memory>
#include <string>
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
  };
  Answer answer(const stimulus::StimulusSpec& spec);

  const Predictor& predictor() const { return *predictor_; }

 private:
  std::shared_ptr<const Predictor> predictor_;
  std::unique_ptr<stimulus::StimulusRenderer> renderer_;
  std::string renderer_key_;
};

}  // namespace fovea::eval
