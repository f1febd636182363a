#pragma once
// Core-internal: the parts of reading an experiment spec that concern [psychophysics] and need
// the whole spec (its models and their stimuli); experiment_spec.cpp calls them.
#include <string>
#include <vector>

#include "core/experiment/experiment_spec.h"

namespace fovea::experiment {

// Sets spec.psychophysics from the text: its models resolved (the named ones, or every model that
// reads crowding crops). InputError for the attention task, which has no crowding observer.
void resolvePsychophysics(ExperimentSpec& spec, const std::string& text,
                          const std::string& source_name,
                          const std::vector<std::string>& overrides);
// InputError naming psychophysics.ecc_deg when a target there leaves a measured model's canvas:
// said when the spec is read, not after the runs have trained.
void requireEccentricitiesFit(const ExperimentSpec& spec, const std::string& source_name);

}  // namespace fovea::experiment
