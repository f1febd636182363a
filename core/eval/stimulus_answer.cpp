#include "core/eval/stimulus_answer.h"

#include <algorithm>

#include "core/models/class_names.h"

namespace fovea::eval {
StimulusAnswerer::StimulusAnswerer(std::shared_ptr<const Predictor> predictor)
    : predictor_(std::move(predictor)) {}

StimulusAnswerer::~StimulusAnswerer() = default;

StimulusAnswerer::Answer StimulusAnswerer::answer(const stimulus::StimulusSpec& spec) {
  Answer out;
  const auto& trained = predictor_->stimulus();
  out.drawn = spec;
  out.drawn.retina = trained.retina;
  if (spec.geometry.canvas_px != trained.retina.canvas_px) {
    out.other_canvas = true;
    out.refusal = "the run was trained on a " + std::to_string(trained.retina.canvas_px) +
                  " px canvas; the stimulus is on " + std::to_string(spec.geometry.canvas_px) +
                  " px";
    return out;
  }
  try {
    const std::string key = stimulus::rendererKey(out.drawn);
    if (!renderer_ || key != renderer_key_) {
      renderer_ = std::make_unique<stimulus::StimulusRenderer>(out.drawn);
      renderer_key_ = key;
    }
    const auto rendered = renderer_->render(out.drawn.geometry, false);
    out.probabilities = std::move(predictor_->probabilities(rendered.input, 1).front());
  } catch (const std::exception& error) {
    renderer_.reset();
    renderer_key_.clear();
    out.probabilities.clear();
    out.refusal = error.what();
    return out;
  }
  out.best = static_cast<int>(std::max_element(out.probabilities.begin(), out.probabilities.end()) -
                              out.probabilities.begin());
  out.best_name = models::className(predictor_->classNames(), out.best);
  return out;
}

}  // namespace fovea::eval
