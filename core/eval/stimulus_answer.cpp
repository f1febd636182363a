#include "core/eval/stimulus_answer.h"

#include <algorithm>
#include <cmath>
#include <tuple>

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
    answerOverTime(out, rendered.input);
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

std::pair<int, int> StimulusAnswerer::readoutSteps(
    const std::vector<std::vector<float>>& probabilities, int start, double threshold,
    double beta) {
  int best_step = -1, first_step = -1;
  double best = -1;
  for (int t = std::min<int>(start, static_cast<int>(probabilities.size()) - 1);
       t < static_cast<int>(probabilities.size()); ++t) {
    const auto& p = probabilities[static_cast<std::size_t>(t)];
    const float confidence = *std::max_element(p.begin(), p.end());
    // max_k softmax(beta * z)_k = 1 / sum_j (p_j / p_max)^beta, with p = softmax(z); every
    // term is at most 1, so a large beta cannot underflow.
    double terms = 0;
    for (float q : p) terms += confidence > 0 ? std::pow(double(q) / confidence, beta) : 1;
    const double tempered = 1 / terms;
    if (tempered > best) {
      best = tempered;
      best_step = t;
    }
    if (first_step < 0 && confidence >= threshold) first_step = t;
  }
  return {best_step, first_step};
}

void StimulusAnswerer::answerOverTime(Answer& out, const std::vector<float>& input) const {
  const auto presentations = predictor_->presentations();
  if (presentations.empty()) return;
  const int start = predictor_->readoutStart();
  const auto readout = predictor_->readout();
  out.threshold = readout.threshold;
  out.beta = readout.beta;
  for (const auto& p : presentations) {
    Answer::OverTime timed;
    timed.presentation = p.name;
    timed.image_off = p.image_off;
    for (auto& step : predictor_->probabilitiesOverTime(input, 1, p.name)) {
      timed.probabilities.push_back(std::move(step.front()));
    }
    std::tie(timed.max_confidence_step, timed.threshold_step) =
        readoutSteps(timed.probabilities, start, out.threshold, out.beta);
    out.over_time.push_back(std::move(timed));
  }
}

}  // namespace fovea::eval
