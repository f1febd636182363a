#pragma once
// A designed stimulus as one trained run would see it: drawn with the run's own retina.
#include "core/eval/predictor.h"
#include "core/stimulus/stimulus_renderer.h"

namespace fovea::inspect {

// The stimulus as the run draws it (its retina); InputError when the run takes no crowding crops
// or was trained on another canvas size.
stimulus::StimulusSpec drawnForRun(const eval::Predictor& predictor, stimulus::StimulusSpec spec);

// The stimulus with the run's crops and normalisation, canvas included; InputError when the run
// takes no crowding crops or was trained on another canvas size.
stimulus::RenderedStimulus renderForRun(const eval::Predictor& predictor,
                                        stimulus::StimulusSpec spec);

}  // namespace fovea::inspect
