#pragma once
// [psychophysics]: thresholds every selected run is measured for after scoring, as
// `fovea-cli staircase` measures one run, so that a sweep measures many.
#include <cstdint>
#include <string>
#include <vector>

#include "core/psychophysics/staircase_study.h"

namespace fovea::experiment {

// One study of a run: the flankers' arrangement and side under the section's other settings.
struct ThresholdCondition {
  stimulus::Arrangement arrangement = stimulus::Arrangement::Radial;
  psychophysics::Flankers flankers = psychophysics::Flankers::Both;
  // "spacing-radial-both": the study's folder under the run's psychophysics/ and its key.
  std::string name(psychophysics::Variable variable) const;
};

struct PsychophysicsSpec {
  bool present = false;
  std::vector<double> ecc_deg;  // required: 1 to 64 eccentricities, each > 0
  psychophysics::Variable variable = psychophysics::Variable::Spacing;
  psychophysics::Procedure procedure = psychophysics::Procedure::UpDown;
  psychophysics::Response response = psychophysics::Response::ArgMax;
  // Every arrangement with every flankers' side: radial both alone by default; radial and
  // tangential with both, inner and outer give the crowding indices' four studies and two more.
  std::vector<stimulus::Arrangement> arrangements = {stimulus::Arrangement::Radial};
  std::vector<psychophysics::Flankers> flankers = {psychophysics::Flankers::Both};
  double spacing_ratio = 1.5;
  int reversals = 30;
  int bootstrap = 200;
  int bouma_resamples = 1000;
  // The models measured (by name); empty: every model whose input is crowding crops.
  std::vector<std::string> models;

  std::vector<ThresholdCondition> conditions() const;
  // The study's options for one condition (seeded from the experiment's seed).
  psychophysics::StudyOptions studyOptions(const ThresholdCondition& condition,
                                           std::uint64_t seed) const;
};

// Reads [psychophysics] from an experiment's TOML text with its overrides applied; present =
// false when there is none. InputError naming the key and line on a bad value, and when a named
// model is not one of `model_names`.
PsychophysicsSpec parsePsychophysicsSpec(const std::string& text, const std::string& source_name,
                                         const std::vector<std::string>& overrides,
                                         const std::vector<std::string>& model_names);

}  // namespace fovea::experiment
