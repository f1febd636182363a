#pragma once
// Critical spacing at several eccentricities for one trained run, and Bouma's line through them:
// what `fovea-cli staircase` measures and writes (JSON, and CSVs of every trial and fit).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/predictor.h"
#include "core/psychophysics/bouma.h"
#include "core/psychophysics/critical_spacing.h"
#include "core/psychophysics/model_observer.h"

namespace fovea::psychophysics {

struct StudyOptions {
  std::vector<double> ecc_deg;  // each > 0, along the stimulus's meridian
  stimulus::Arrangement arrangement = stimulus::Arrangement::Radial;
  Flankers flankers = Flankers::Both;
  Response response = Response::ArgMax;
  CriticalSpacingOptions measure;
  int bouma_resamples = 1000;
  // After each trial: (eccentricity index, trial number, spacing px, correct); and after each
  // eccentricity is measured, its result.
  std::function<void(std::size_t, int, double, bool)> on_trial;
  std::function<void(std::size_t, const CriticalSpacingResult&)> on_point;
};

struct StudyResult {
  std::string run, family;
  StudyOptions options;
  std::vector<CriticalSpacingResult> points;  // one per eccentricity, in order
  BoumaFit bouma;                             // through the points with a critical spacing
  std::int64_t trials = 0;
  double seconds = 0;
};

// InputError for an eccentricity that is not positive and finite, or off the run's canvas.
StudyResult runStaircaseStudy(std::shared_ptr<const eval::Predictor> predictor,
                              const StudyOptions& options);

// Crowding's two asymmetries as ratios of Bouma slopes with intervals: radial over tangential
// flankers (people: about 2) and one outer over one inner flanker (people: above 1). Four studies
// at the same eccentricities, the other options as given.
struct CrowdingIndices {
  StudyResult radial, tangential, inner, outer;
  Interval anisotropy;  // b radial / b tangential
  Interval asymmetry;   // b outer / b inner
};
CrowdingIndices measureIndices(std::shared_ptr<const eval::Predictor> predictor,
                               const StudyOptions& options);
nlohmann::json toJson(const CrowdingIndices& indices);

nlohmann::json toJson(const StudyResult& result);
// One row per trial: ecc_deg, trial, spacing_px, correct.
std::string tracksCsv(const StudyResult& result);
// One row per eccentricity: the baseline, criterion, fit and critical spacing with its interval.
std::string criticalSpacingCsv(const StudyResult& result);

}  // namespace fovea::psychophysics
