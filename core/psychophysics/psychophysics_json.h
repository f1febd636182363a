#pragma once
// The psychophysics results' shared JSON pieces, so that a model's study and people's data are
// written alike.
#include <nlohmann/json.hpp>

#include "core/psychophysics/bouma.h"

namespace fovea::psychophysics {

// JSON has no NaN: a missing value is null.
nlohmann::json jsonNumber(double value);
nlohmann::json toJson(const Interval& interval);  // estimate, low, high
nlohmann::json toJson(const BoumaFit& fit);       // slope, intercept_deg, r2, points, refusal

}  // namespace fovea::psychophysics
