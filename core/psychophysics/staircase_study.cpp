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
  return {{"alpha_log10_px", jsonNumber(fit.function.alpha)},
          {"beta_per_log10", jsonNumber(fit.function.beta)},
          {"lapse", jsonNumber(fit.function.lapse)},
          {"log_likelihood", jsonNumber(fit.log_likelihood)}};
}

}  // namespace

StudyResult runStaircaseStudy(std::shared_ptr<const eval::Predictor> predictor,
                              const StudyOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  StudyResult result;
  result.run = predictor->run();
  result.family = predictor->family();
  result.options = options;
  const auto& display = predictor->stimulus().display;
  std::vector<CriticalSpacing> points;
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
    auto point = measureCriticalSpacing(observer, measure);
    if (options.on_point) options.on_point(i, point);
    result.trials += observer.trials();
    if (point.refusal.empty()) {
      points.push_back({point.ecc_deg, point.critical_deg, point.low_deg, point.high_deg});
    }
    result.points.push_back(std::move(point));
    if (measure.stop && measure.stop->load()) break;
  }
  result.bouma = fitBouma(points, options.bouma_resamples, options.measure.seed);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

namespace {

std::vector<CriticalSpacing> measured(const StudyResult& study) {
  std::vector<CriticalSpacing> out;
  for (const auto& p : study.points) {
    if (p.refusal.empty()) out.push_back({p.ecc_deg, p.critical_deg, p.low_deg, p.high_deg});
  }
  return out;
}

}  // namespace

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
  nlohmann::json points = nlohmann::json::array();
  for (const auto& p : r.points) {
    nlohmann::json point = {
        {"ecc_deg", p.ecc_deg},
        {"ecc_px", p.ecc_px},
        {"baseline_accuracy", p.baseline},
        {"guess", p.guess},
        {"criterion", p.criterion},
        {"rule", p.rule},
        {"trials", p.track.size()},
        {"procedure_estimate_px", jsonNumber(p.procedure_px)},
        {"critical_spacing_px", jsonNumber(p.critical_px)},
        {"critical_spacing_px_ci", {jsonNumber(p.low_px), jsonNumber(p.high_px)}},
        {"critical_spacing_deg", jsonNumber(p.critical_deg)},
        {"critical_spacing_deg_ci", {jsonNumber(p.low_deg), jsonNumber(p.high_deg)}},
        {"ci_censored", p.interval_censored},
        {"fit", fitJson(p.fit)}};
    if (!p.refusal.empty()) point["refusal"] = p.refusal;
    points.push_back(point);
  }
  const nlohmann::json bouma = toJson(r.bouma);
  return {{"run", r.run},
          {"family", r.family},
          {"procedure", toString(r.options.measure.procedure)},
          {"arrangement", stimulus::toString(r.options.arrangement)},
          {"flankers", toString(r.options.flankers)},
          {"response", r.options.response == Response::Sampled ? "sampled" : "argmax"},
          {"seed", r.options.measure.seed},
          {"points", points},
          {"bouma", bouma},
          {"trials", r.trials},
          {"seconds", r.seconds},
          {"trials_per_s", r.seconds > 0 ? r.trials / r.seconds : 0.0}};
}

std::string tracksCsv(const StudyResult& r) {
  std::ostringstream out;
  out << "ecc_deg,trial,spacing_px,correct\n";
  for (const auto& p : r.points) {
    for (std::size_t i = 0; i < p.track.size(); ++i) {
      out << csv(p.ecc_deg) << ',' << i + 1 << ',' << csv(p.track[i].first) << ','
          << (p.track[i].second ? 1 : 0) << '\n';
    }
  }
  return out.str();
}

std::string criticalSpacingCsv(const StudyResult& r) {
  std::ostringstream out;
  out << "ecc_deg,ecc_px,baseline_accuracy,criterion,rule,trials,critical_spacing_px,low_px,"
         "high_px,critical_spacing_deg,low_deg,high_deg,alpha_log10_px,beta_per_log10,refusal\n";
  for (const auto& p : r.points) {
    out << csv(p.ecc_deg) << ',' << csv(p.ecc_px) << ',' << csv(p.baseline) << ','
        << csv(p.criterion) << ',' << p.rule << ',' << p.track.size() << ',' << csv(p.critical_px)
        << ',' << csv(p.low_px) << ',' << csv(p.high_px) << ',' << csv(p.critical_deg) << ','
        << csv(p.low_deg) << ',' << csv(p.high_deg) << ',' << csv(p.fit.function.alpha) << ','
        << csv(p.fit.function.beta) << ",\"" << p.refusal << "\"\n";
  }
  return out.str();
}

}  // namespace fovea::psychophysics
