#include "core/inspect/run_input.h"

#include "core/util/errors.h"

namespace fovea::inspect {

stimulus::StimulusSpec drawnForRun(const eval::Predictor& predictor, stimulus::StimulusSpec spec) {
  if (predictor.input().kind != models::InputSpec::Kind::MultiscaleCrops) {
    throw InputError("run '" + predictor.run() + "' (" + predictor.family() + ") reads " +
                     predictor.input().describe() + ", not a crowding stimulus's crops");
  }
  const auto& trained = predictor.stimulus().retina;
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
