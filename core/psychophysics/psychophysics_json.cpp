#include "core/psychophysics/psychophysics_json.h"

#include <cmath>

namespace fovea::psychophysics {

nlohmann::json jsonNumber(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json toJson(const Interval& i) {
  return {{"estimate", jsonNumber(i.estimate)},
          {"low", jsonNumber(i.low)},
          {"high", jsonNumber(i.high)}};
}

nlohmann::json toJson(const BoumaFit& fit) {
  nlohmann::json json = {{"slope", toJson(fit.slope)},
                         {"intercept_deg", toJson(fit.intercept)},
                         {"r2", jsonNumber(fit.r2)},
                         {"points", fit.points}};
  if (!fit.refusal.empty()) json["refusal"] = fit.refusal;
  return json;
}

}  // namespace fovea::psychophysics
