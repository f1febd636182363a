#pragma once
// Thresholds at several eccentricities for one trained run, and a line through them: critical
// spacings and Bouma's law, or size thresholds and acuity's line, or contrast thresholds alone.
// What `fovea-cli staircase` measures and writes (JSON, and CSVs of every trial and fit).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/predictor.h"
#include "core/psychophysics/bouma.h"
#include "core/psychophysics/model_observer.h"
#include "core/psychophysics/threshold.h"

namespace fovea::psychophysics {

struct StudyOptions {
  std::vector<double> ecc_deg;  // each > 0, along the stimulus's meridian
  stimulus::Arrangement arrangement = stimulus::Arrangement::Radial;
  Flankers flankers = Flankers::Both;
  Response response = Response::ArgMax;
  Variable variable = Variable::Spacing;
  double spacing_ratio = 1.5;  // contrast and size: see ObserverOptions
  ThresholdOptions measure;
  int bouma_resamples = 1000;
  // After each trial: (eccentricity index, trial number, level, correct); and after each
  // eccentricity is measured, its result.
  std::function<void(std::size_t, int, double, bool)> on_trial;
  std::function<void(std::size_t, const ThresholdResult&)> on_point;
};

struct StudyResult {
  std::string run, family;
  StudyOptions options;
  std::vector<ThresholdResult> points;  // one per eccentricity, in order
  // Through the points with a threshold in degrees: Bouma's line for spacing (its slope is b),
  // acuity's for size (threshold = slope x (ecc + E2)); refused for contrast.
  BoumaFit bouma;
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
// One row per trial: ecc_deg, trial, the level (spacing_px, contrast or size_px), correct.
std::string tracksCsv(const StudyResult& result);
// One row per eccentricity: the baseline, criterion, fit and threshold with its interval.
std::string thresholdsCsv(const StudyResult& result);
// critical-spacing.csv, contrast-thresholds.csv or size-thresholds.csv.
std::string thresholdsCsvName(Variable variable);
// The level's name with its unit, as the CSVs and JSON name it: spacing_px, contrast, size_px.
std::string levelKey(Variable variable);

}  // namespace fovea::psychophysics
