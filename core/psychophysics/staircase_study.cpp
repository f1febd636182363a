#include "core/psychophysics/staircase_study.h"

#include <chrono>
#include <cmath>
#include <sstream>

#include "core/psychophysics/psychophysics_json.h"
#include "core/util/errors.h"

namespace fovea::psychophysics {

namespace {

std::string csv(double value) {
  if (!std::isfinite(value)) return "";
  std::ostringstream out;
  out.precision(8);
  out << value;
  return out.str();
}

// null when there was nothing to fit.
nlohmann::json fitJson(const Fit& fit) {
  if (!fit.refusal.empty()) return nullptr;
  return {{"alpha_log10_level", jsonNumber(fit.function.alpha)},
          {"beta_per_log10", jsonNumber(fit.function.beta)},
          {"lapse", jsonNumber(fit.function.lapse)},
          {"log_likelihood", jsonNumber(fit.log_likelihood)}};
}

std::vector<CriticalSpacing> measured(const StudyResult& study) {
  std::vector<CriticalSpacing> out;
  for (const auto& p : study.points) {
    if (p.refusal.empty() && std::isfinite(p.threshold_deg)) {
      out.push_back({p.ecc_deg, p.threshold_deg, p.low_deg, p.high_deg});
    }
  }
  return out;
}

std::string degKey(Variable variable) {
  switch (variable) {
    case Variable::Size: return "size_threshold_deg";
    case Variable::Contrast: return "threshold_deg";  // no degrees: always empty
    default: return "critical_spacing_deg";
  }
}

// critical_spacing_px, contrast_threshold or size_threshold_px.
std::string thresholdKey(Variable variable) {
  switch (variable) {
    case Variable::Contrast: return "contrast_threshold";
    case Variable::Size: return "size_threshold_px";
    default: return "critical_spacing_px";
  }
}

}  // namespace

std::string levelKey(Variable variable) {
  switch (variable) {
    case Variable::Contrast: return "contrast";
    case Variable::Size: return "size_px";
    default: return "spacing_px";
  }
}

std::string thresholdsCsvName(Variable variable) {
  switch (variable) {
    case Variable::Contrast: return "contrast-thresholds.csv";
    case Variable::Size: return "size-thresholds.csv";
    default: return "critical-spacing.csv";
  }
}

StudyResult runStaircaseStudy(std::shared_ptr<const eval::Predictor> predictor,
                              const StudyOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  StudyResult result;
  result.run = predictor->run();
  result.family = predictor->family();
  result.options = options;
  const auto& display = predictor->stimulus().display;
  for (std::size_t i = 0; i < options.ecc_deg.size(); ++i) {
    const double deg = options.ecc_deg[i];
    if (!std::isfinite(deg) || deg <= 0) {
      throw InputError("eccentricity " + std::to_string(deg) + " deg: must be above 0");
    }
    ObserverOptions o;
    o.ecc_px = display.eccentricityPx(deg);
    o.arrangement = options.arrangement;
    o.flankers = options.flankers;
    o.response = options.response;
    o.variable = options.variable;
    o.spacing_ratio = options.spacing_ratio;
    o.seed = options.measure.seed + 7919 * i;
    std::unique_ptr<ModelObserver> made;
    try {
      made = std::make_unique<ModelObserver>(predictor, o);
    } catch (const InputError& error) {
      throw InputError("eccentricity " + std::to_string(deg) + " deg (" + std::to_string(o.ecc_px) +
                       " px) for run '" + result.run + "': " + error.what());
    }
    ModelObserver& observer = *made;
    auto measure = options.measure;
    measure.seed = o.seed;
    if (options.on_trial) {
      measure.on_trial = [&options, i](int trial, double px, bool correct) {
        options.on_trial(i, trial, px, correct);
      };
    }
    auto point = measureThreshold(observer, measure);
    if (options.on_point) options.on_point(i, point);
    result.trials += observer.trials();
    result.points.push_back(std::move(point));
    if (measure.stop && measure.stop->load()) break;
  }
  if (options.variable == Variable::Contrast) {
    result.bouma.refusal = "contrast thresholds are not in degrees: no line";
  } else {
    result.bouma = fitBouma(measured(result), options.bouma_resamples, options.measure.seed);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

CrowdingIndices measureIndices(std::shared_ptr<const eval::Predictor> predictor,
                               const StudyOptions& options) {
  CrowdingIndices out;
  auto with = [&](stimulus::Arrangement arrangement, Flankers flankers) {
    auto o = options;
    o.arrangement = arrangement;
    o.flankers = flankers;
    return runStaircaseStudy(predictor, o);
  };
  out.radial = with(stimulus::Arrangement::Radial, Flankers::Both);
  out.tangential = with(stimulus::Arrangement::Tangential, Flankers::Both);
  out.inner = with(stimulus::Arrangement::Radial, Flankers::Inner);
  out.outer = with(stimulus::Arrangement::Radial, Flankers::Outer);
  const int resamples = options.bouma_resamples;
  const auto seed = options.measure.seed;
  out.anisotropy = slopeRatio(measured(out.radial), measured(out.tangential), resamples, seed);
  out.asymmetry = slopeRatio(measured(out.outer), measured(out.inner), resamples, seed + 1);
  return out;
}

nlohmann::json toJson(const CrowdingIndices& indices) {
  return {{"anisotropy_radial_over_tangential", toJson(indices.anisotropy)},
          {"asymmetry_outer_over_inner", toJson(indices.asymmetry)},
          {"radial", toJson(indices.radial)},
          {"tangential", toJson(indices.tangential)},
          {"inner", toJson(indices.inner)},
          {"outer", toJson(indices.outer)}};
}

nlohmann::json toJson(const StudyResult& r) {
  const auto variable = r.options.variable;
  const auto key = thresholdKey(variable);
  nlohmann::json points = nlohmann::json::array();
  for (const auto& p : r.points) {
    nlohmann::json point = {{"ecc_deg", p.ecc_deg},
                            {"ecc_px", p.ecc_px},
                            {"baseline_accuracy", p.baseline},
                            {"guess", p.guess},
                            {"criterion", p.criterion},
                            {"rule", p.rule},
                            {"trials", p.track.size()},
                            {"procedure_estimate", jsonNumber(p.procedure_estimate)},
                            {key, jsonNumber(p.threshold)},
                            {key + "_ci", {jsonNumber(p.low), jsonNumber(p.high)}},
                            {"ci_censored", p.interval_censored},
                            {"fit", fitJson(p.fit)}};
    if (variable != Variable::Contrast) {
      point[degKey(variable)] = jsonNumber(p.threshold_deg);
      point[degKey(variable) + "_ci"] = {jsonNumber(p.low_deg), jsonNumber(p.high_deg)};
    }
    if (!p.refusal.empty()) point["refusal"] = p.refusal;
    points.push_back(point);
  }
  nlohmann::json out = {
      {"run", r.run},
      {"family", r.family},
      {"variable", toString(variable)},
      {"procedure", toString(r.options.measure.procedure)},
      {"arrangement", stimulus::toString(r.options.arrangement)},
      {"flankers", toString(r.options.flankers)},
      {"response", r.options.response == Response::Sampled ? "sampled" : "argmax"},
      {"seed", r.options.measure.seed},
      {"points", points},
      {variable == Variable::Size ? "acuity_line" : "bouma", toJson(r.bouma)},
      {"trials", r.trials},
      {"seconds", r.seconds},
      {"trials_per_s", r.seconds > 0 ? r.trials / r.seconds : 0.0}};
  if (variable != Variable::Spacing) out["spacing_ratio"] = r.options.spacing_ratio;
  return out;
}

std::string tracksCsv(const StudyResult& r) {
  std::ostringstream out;
  out << "ecc_deg,trial," << levelKey(r.options.variable) << ",correct\n";
  for (const auto& p : r.points) {
    for (std::size_t i = 0; i < p.track.size(); ++i) {
      out << csv(p.ecc_deg) << ',' << i + 1 << ',' << csv(p.track[i].first) << ','
          << (p.track[i].second ? 1 : 0) << '\n';
    }
  }
  return out.str();
}

std::string thresholdsCsv(const StudyResult& r) {
  const auto key = thresholdKey(r.options.variable);
  std::ostringstream out;
  out << "ecc_deg,ecc_px,baseline_accuracy,criterion,rule,trials," << key << ",low,high,"
      << degKey(r.options.variable)
      << ",low_deg,high_deg,alpha_log10_level,beta_per_log10,refusal\n";
  for (const auto& p : r.points) {
    out << csv(p.ecc_deg) << ',' << csv(p.ecc_px) << ',' << csv(p.baseline) << ','
        << csv(p.criterion) << ',' << p.rule << ',' << p.track.size() << ',' << csv(p.threshold)
        << ',' << csv(p.low) << ',' << csv(p.high) << ',' << csv(p.threshold_deg) << ','
        << csv(p.low_deg) << ',' << csv(p.high_deg) << ',' << csv(p.fit.function.alpha) << ','
        << csv(p.fit.function.beta) << ",\"" << p.refusal << "\"\n";
  }
  return out.str();
}

}  // namespace fovea::psychophysics
