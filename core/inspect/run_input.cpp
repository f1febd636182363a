#include "core/inspect/run_input.h"

#include "core/util/errors.h"

namespace fovea::inspect {

stimulus::StimulusSpec drawnForRun(const eval::Predictor& predictor, stimulus::StimulusSpec spec) {
  const auto& trained = predictor.stimulus().retina;
  // The crowding task serves a one-channel square image as one crop of the model's field.
  const auto& input = predictor.input();
  const bool one_crop = input.kind == models::InputSpec::Kind::Image && input.shape.size() == 3 &&
                        input.shape[0] == 1 && input.shape[1] == trained.crop_px &&
                        input.shape[2] == trained.crop_px && trained.scales == 1;
  if (input.kind != models::InputSpec::Kind::MultiscaleCrops && !one_crop) {
    throw InputError("run '" + predictor.run() + "' (" + predictor.family() + ") reads " +
                     input.describe() + ", not a crowding stimulus's crops");
  }
  if (spec.geometry.canvas_px != trained.canvas_px) {
    throw InputError("run '" + predictor.run() + "' was trained on a " +
                     std::to_string(trained.canvas_px) + " px canvas; the stimulus is on " +
                     std::to_string(spec.geometry.canvas_px) + " px");
  }
  spec.retina = trained;
  return spec;
}

stimulus::RenderedStimulus renderForRun(const eval::Predictor& predictor,
                                        stimulus::StimulusSpec spec) {
  const stimulus::StimulusRenderer renderer(drawnForRun(predictor, std::move(spec)));
  return renderer.render(true);
}

}  // namespace fovea::inspect
