#include "core/experiment/psychophysics_spec.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <set>
#include <sstream>

#include "core/experiment/experiment_spec.h"
#include "core/experiment/psychophysics_resolve.h"
#include "core/util/errors.h"
#include "core/util/toml_reader.h"

namespace fovea::experiment {
namespace {

constexpr std::size_t kMaxEccentricities = 64;

template <typename T, typename Parse>
std::vector<T> parsedList(SectionReader& r, const std::string& key,
                          const std::vector<std::string>& values, Parse parse) {
  if (values.empty() || values.size() > 4) {
    r.failAt(key, r.name(key) + " must name 1 to 4 choices");
  }
  std::vector<T> out;
  for (const auto& v : values) {
    const T parsed = r.keyed(key, [&] { return parse(v); });
    if (std::find(out.begin(), out.end(), parsed) != out.end()) {
      r.failAt(key, r.name(key) + " names '" + v + "' twice");
    }
    out.push_back(parsed);
  }
  return out;
}

void readEccentricities(SectionReader& r, PsychophysicsSpec& spec) {
  const auto ecc = r.numbers("ecc_deg");
  if (!ecc) r.fail("psychophysics.ecc_deg is required: the eccentricities (deg) to measure at");
  if (ecc->empty() || ecc->size() > kMaxEccentricities) {
    r.failAt("ecc_deg", "psychophysics.ecc_deg must hold 1 to " +
                            std::to_string(kMaxEccentricities) + " eccentricities");
  }
  std::set<double> seen;
  for (double e : *ecc) {
    if (!(std::isfinite(e) && e > 0 && e < 90)) {
      r.failAt("ecc_deg", "psychophysics.ecc_deg: " + std::to_string(e) +
                              " is not a number of degrees above 0 and below 90");
    }
    if (!seen.insert(e).second) {
      r.failAt("ecc_deg", "psychophysics.ecc_deg names " + std::to_string(e) + " twice");
    }
  }
  spec.ecc_deg = *ecc;
}

void readRange(SectionReader& r, const std::string& key, int& target, int low, int high) {
  const auto value = r.integer(key);
  if (!value) return;
  if (*value < low || *value > high) {
    r.failAt(key, r.name(key) + " must be in [" + std::to_string(low) + ", " +
                      std::to_string(high) + "], got " + std::to_string(*value));
  }
  target = *value;
}

}  // namespace

std::string ThresholdCondition::name(psychophysics::Variable variable) const {
  return psychophysics::toString(variable) + "-" + stimulus::toString(arrangement) + "-" +
         psychophysics::toString(flankers);
}

std::vector<ThresholdCondition> PsychophysicsSpec::conditions() const {
  std::vector<ThresholdCondition> out;
  for (auto a : arrangements) {
    for (auto f : flankers) {
      // Without flankers the arrangement changes nothing: one study, not one per arrangement.
      if (f == psychophysics::Flankers::None && a != arrangements.front()) continue;
      out.push_back({a, f});
    }
  }
  return out;
}

psychophysics::StudyOptions PsychophysicsSpec::studyOptions(const ThresholdCondition& condition,
                                                            std::uint64_t seed) const {
  psychophysics::StudyOptions o;
  o.ecc_deg = ecc_deg;
  o.arrangement = condition.arrangement;
  o.flankers = condition.flankers;
  o.response = response;
  o.variable = variable;
  o.spacing_ratio = spacing_ratio;
  o.bouma_resamples = bouma_resamples;
  o.measure.procedure = procedure;
  o.measure.reversals = reversals;
  o.measure.bootstrap = bootstrap;
  o.measure.seed = seed;
  return o;
}

PsychophysicsSpec parsePsychophysicsSpec(const std::string& text, const std::string& source_name,
                                         const std::vector<std::string>& overrides,
                                         const std::vector<std::string>& model_names) {
  toml::table root = parseToml(text, source_name);
  for (const auto& assignment : overrides) applyOverride(root, assignment);
  SectionReader r(root, "psychophysics", source_name);
  PsychophysicsSpec spec;
  if (!r.present()) return spec;
  spec.present = true;
  readEccentricities(r, spec);
  if (auto v = r.text("variable")) {
    spec.variable = r.keyed("variable", [&] { return psychophysics::parseVariable(*v); });
  }
  if (auto v = r.text("procedure")) {
    spec.procedure = r.keyed("procedure", [&] { return psychophysics::parseProcedure(*v); });
  }
  if (auto v = r.text("response")) {
    if (*v != "argmax" && *v != "sampled") {
      r.failAt("response", "psychophysics.response '" + *v + "': expected argmax or sampled");
    }
    spec.response =
        *v == "sampled" ? psychophysics::Response::Sampled : psychophysics::Response::ArgMax;
  }
  if (auto v = r.texts("arrangements")) {
    spec.arrangements =
        parsedList<stimulus::Arrangement>(r, "arrangements", *v, stimulus::parseArrangement);
  }
  if (auto v = r.texts("flankers")) {
    spec.flankers =
        parsedList<psychophysics::Flankers>(r, "flankers", *v, psychophysics::parseFlankers);
  }
  const bool none =
      std::count(spec.flankers.begin(), spec.flankers.end(), psychophysics::Flankers::None) > 0;
  if (none && spec.variable == psychophysics::Variable::Spacing) {
    r.failAt("flankers",
             "psychophysics.flankers: 'none' has no critical spacing; it is for "
             "variable = \"contrast\" or \"size\"");
  }
  if (auto v = r.number("spacing_ratio")) {
    if (!(*v >= 1 && *v <= 20)) {
      r.failAt("spacing_ratio", "psychophysics.spacing_ratio must be in [1, 20] (1: touching)");
    }
    spec.spacing_ratio = *v;
  }
  readRange(r, "reversals", spec.reversals, 2, 1000);
  readRange(r, "bootstrap", spec.bootstrap, 0, 100000);
  readRange(r, "bouma_resamples", spec.bouma_resamples, 0, 100000);
  if (auto v = r.texts("models")) {
    const std::set<std::string> known(model_names.begin(), model_names.end());
    for (const auto& m : *v) {
      if (!known.count(m)) {
        r.failAt("models", "psychophysics.models names '" + m + "', not a model of the experiment");
      }
    }
    spec.models = *v;
  }
  r.finish();
  return spec;
}

// [psychophysics] with its models resolved: the named ones, or every model that reads crowding
// crops; the attention task has no crowding observer.
void resolvePsychophysics(ExperimentSpec& spec, const std::string& text,
                          const std::string& source_name,
                          const std::vector<std::string>& overrides) {
  std::vector<std::string> names;
  for (const auto& m : spec.models) names.push_back(m.name);
  spec.psychophysics = parsePsychophysicsSpec(text, source_name, overrides, names);
  auto& p = spec.psychophysics;
  if (!p.present) return;
  if (spec.attentionTask()) {
    throw InputError(source_name +
                     ": [psychophysics] measures crowding; the attention task has no flankers");
  }
  auto readsCrops = [&](const std::string& name) {
    const auto m = std::find_if(spec.models.begin(), spec.models.end(),
                                [&](const ModelEntry& e) { return e.name == name; });
    return m->input.kind == models::InputSpec::Kind::MultiscaleCrops;
  };
  if (p.models.empty()) {
    std::copy_if(names.begin(), names.end(), std::back_inserter(p.models), readsCrops);
    if (p.models.empty()) {
      throw InputError(source_name + ": [psychophysics]: no model reads crowding crops");
    }
  }
  for (const auto& name : p.models) {
    if (!readsCrops(name)) {
      throw InputError(source_name + ": psychophysics.models: model '" + name +
                       "' does not read crowding crops, so it cannot observe crowding stimuli");
    }
  }
}

// Every eccentricity of [psychophysics] puts a target on each measured model's canvas: said
// now, not after the runs have trained.
void requireEccentricitiesFit(const ExperimentSpec& spec, const std::string& source_name) {
  for (const auto& model : spec.models) {
    const auto& measured = spec.psychophysics.models;
    if (std::find(measured.begin(), measured.end(), model.name) == measured.end()) continue;
    const auto stimulus = stimulusFor(spec, model);
    for (double deg : spec.psychophysics.ecc_deg) {
      auto probe = stimulus.geometry;
      probe.configuration = stimulus::Configuration::A;
      probe.target_ecc_px = stimulus.display.eccentricityPx(deg);
      try {
        stimulus::layoutGlyphs(probe);
      } catch (const InputError&) {
        std::ostringstream text;
        text << source_name << ": psychophysics.ecc_deg: " << deg << " deg is "
             << probe.target_ecc_px << " px, and a target there leaves model '" << model.name
             << "''s canvas of " << probe.canvas_px << " px";
        throw InputError(text.str());
      }
    }
  }
}

}  // namespace fovea::experiment
