// fovea-cli staircase RUN: a trained run's critical spacing (or contrast or size threshold) at
// each eccentricity, measured with an adaptive procedure and a psychometric fit, and Bouma's line
// through them; fovea-cli human SPEC: people's trials fitted by the same code.
#include <cmath>
#include <cstdio>
#include <sstream>

#include "cli_context.h"
#include "core/eval/predictor.h"
#include "core/psychophysics/human_data.h"
#include "core/psychophysics/staircase_study.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace fovea::cli {
namespace {

constexpr int kMaxEccentricities = 64;

struct StaircaseOptions {
  std::filesystem::path run;
  std::vector<double> ecc_deg = {2, 4, 6, 8};
  std::string procedure = "updown";
  std::string arrangement = "radial";
  std::string flankers = "both";
  std::string response = "argmax";
  std::string variable = "spacing";
  double spacing_ratio = 1.5;
  int bootstrap = 200;
  std::uint64_t seed = 1;
  std::filesystem::path out;
  bool indices = false;
};

psychophysics::StudyOptions studyOptions(const StaircaseOptions& o) {
  if (o.ecc_deg.empty() || o.ecc_deg.size() > kMaxEccentricities) {
    throw InputError("--ecc-deg: give 1 to " + std::to_string(kMaxEccentricities) +
                     " eccentricities");
  }
  if (o.response != "argmax" && o.response != "sampled") {
    throw InputError("--response '" + o.response + "': expected argmax or sampled");
  }
  psychophysics::StudyOptions s;
  s.ecc_deg = o.ecc_deg;
  s.arrangement = stimulus::parseArrangement(o.arrangement);
  s.flankers = psychophysics::parseFlankers(o.flankers);
  s.variable = psychophysics::parseVariable(o.variable);
  s.spacing_ratio = o.spacing_ratio;
  s.response =
      o.response == "sampled" ? psychophysics::Response::Sampled : psychophysics::Response::ArgMax;
  s.measure.procedure = psychophysics::parseProcedure(o.procedure);
  s.measure.bootstrap = o.bootstrap;
  s.measure.seed = o.seed;
  return s;
}

// "Bouma: b = 0.41 [0.36, 0.46], intercept 0.19 deg", or why there is no line.
std::string boumaText(const psychophysics::BoumaFit& fit, const char* name = "Bouma: b") {
  std::ostringstream out;
  out.precision(3);
  if (fit.refusal.empty()) {
    out << name << " = " << fit.slope.estimate << " [" << fit.slope.low << ", " << fit.slope.high
        << "], intercept " << fit.intercept.estimate << " deg\n";
  } else {
    out << name << ": " << fit.refusal << "\n";
  }
  return out.str();
}

// "critical spacing 0.9 deg [0.8, 1.1] (31 px)", "contrast threshold 0.12 [0.1, 0.14]".
std::string thresholdText(const psychophysics::ThresholdResult& p, psychophysics::Variable v) {
  std::ostringstream out;
  out.precision(3);
  const char* cut = p.interval_censored ? ", cut at the levels the canvas allows" : "";
  if (v == psychophysics::Variable::Contrast) {
    out << "contrast threshold " << p.threshold << " [" << p.low << ", " << p.high << cut << "]";
  } else {
    out << (v == psychophysics::Variable::Size ? "size threshold " : "critical spacing ")
        << p.threshold_deg << " deg [" << p.low_deg << ", " << p.high_deg << cut << "] ("
        << p.threshold << " px)";
  }
  return out.str();
}

std::string text(const psychophysics::StudyResult& r) {
  std::ostringstream out;
  out.precision(3);
  const auto variable = r.options.variable;
  out << "run " << r.run << " (" << r.family << "), " << psychophysics::toString(variable) << ", "
      << stimulus::toString(r.options.arrangement) << " "
      << psychophysics::toString(r.options.flankers) << " flankers, " << r.trials << " trials in "
      << r.seconds << " s\n";
  for (const auto& p : r.points) {
    out << "  " << p.ecc_deg << " deg: "
        << (variable == psychophysics::Variable::Spacing ? "unflanked " : "at the highest level ")
        << p.baseline << ", ";
    if (!p.rule.empty()) out << p.rule << ", ";
    out << (p.refusal.empty() ? thresholdText(p, variable) : p.refusal) << "\n";
  }
  if (variable == psychophysics::Variable::Size) {
    out << boumaText(r.bouma, "acuity's line: slope");
  } else if (variable == psychophysics::Variable::Spacing) {
    out << boumaText(r.bouma);
  }
  return out.str();
}

std::string intervalText(const psychophysics::Interval& i) {
  if (!std::isfinite(i.estimate)) {
    return "not measured (a slope missing, or the denominator's interval holds 0)";
  }
  char text[96];
  std::snprintf(text, sizeof text, "%.2f [%.2f, %.2f]", i.estimate, i.low, i.high);
  return text;
}

void printIndices(const psychophysics::CrowdingIndices& indices, const StaircaseOptions& o,
                  const CliContext& context) {
  const auto json = psychophysics::toJson(indices);
  if (!o.out.empty()) {
    std::filesystem::create_directories(o.out);
    writeFileAtomically(o.out / "indices.json", json.dump(2) + "\n");
  }
  if (context.json) {
    context.print(json);
    return;
  }
  for (const auto* study : {&indices.radial, &indices.tangential, &indices.inner, &indices.outer}) {
    std::fputs(text(*study).c_str(), stdout);
  }
  std::printf("anisotropy (b radial / b tangential): %s\nasymmetry (b outer / b inner): %s\n",
              intervalText(indices.anisotropy).c_str(), intervalText(indices.asymmetry).c_str());
}

}  // namespace

void addHumanCommand(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand(
      "human",
      "People's crowding trials (a CSV named by a small TOML spec) fitted as the models "
      "are: critical spacing per eccentricity and Bouma's line, per group");
  auto spec_path = std::make_shared<std::filesystem::path>();
  command->add_option("SPEC", *spec_path, "The [human] spec (e.g. experiments/human/...toml)")
      ->required();
  command->callback([&context, spec_path] {
    const auto spec = psychophysics::parseHumanDataSpec(*spec_path);
    const auto series = psychophysics::fitHumanTrials(spec, psychophysics::readHumanTrials(spec));
    if (context.json) {
      context.print({{"spec", spec_path->string()}, {"series", psychophysics::toJson(series)}});
      return;
    }
    std::ostringstream out;
    out.precision(3);
    for (const auto& s : series) {
      out << s.group << ":\n";
      for (const auto& p : s.points) {
        out << "  " << p.ecc_deg << " deg, " << p.trials << " trials: ";
        if (p.refusal.empty()) {
          out << "critical spacing " << p.critical_deg << " deg [" << p.low_deg << ", "
              << p.high_deg << "]\n";
        } else {
          out << p.refusal << "\n";
        }
      }
      out << "  " << boumaText(s.bouma);
    }
    std::fputs(out.str().c_str(), stdout);
  });
}

void addStaircaseCommand(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand(
      "staircase",
      "A trained run's critical spacing per eccentricity (an adaptive staircase, a psychometric "
      "fit with bootstrap intervals) and the Bouma fit through them; or its contrast or size "
      "thresholds");
  auto o = std::make_shared<StaircaseOptions>();
  command->add_option("RUN", o->run, "Run directory or checkpoint file")->required();
  command->add_option("--ecc-deg", o->ecc_deg, "Target eccentricities (deg)")
      ->delimiter(',')
      ->capture_default_str();
  command->add_option("--procedure", o->procedure, "updown or quest")->capture_default_str();
  command->add_option("--arrangement", o->arrangement, "radial or tangential flankers")
      ->capture_default_str();
  command->add_option("--flankers", o->flankers, "both, inner, outer or none (contrast, size)")
      ->capture_default_str();
  command
      ->add_option("--variable", o->variable,
                   "What the staircase varies: spacing (critical spacing), contrast (the "
                   "target's) or size (the glyphs', up to the run's own)")
      ->capture_default_str();
  command
      ->add_option("--spacing-ratio", o->spacing_ratio,
                   "Contrast and size: the flankers' spacing in multiples of touching")
      ->check(CLI::Range(1.0, 20.0))
      ->capture_default_str();
  command
      ->add_option("--response", o->response,
                   "argmax (deterministic) or sampled (a class drawn from the softmax)")
      ->capture_default_str();
  command->add_option("--bootstrap", o->bootstrap, "Bootstrap resamples per fit")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  command->add_option("--seed", o->seed, "Seed of the trials and the bootstrap")
      ->capture_default_str();
  command->add_flag("--indices", o->indices,
                    "Measure radial, tangential, inner and outer flankers and report the "
                    "anisotropy (b radial / b tangential) and the asymmetry (b outer / b inner)");
  command->add_option("--out", o->out,
                      "Folder for critical-spacing.csv (or contrast- or size-thresholds.csv), "
                      "tracks.csv and staircase.json");
  command->callback([&context, o] {
    auto predictor = std::make_shared<const eval::Predictor>(runCheckpoint(o->run));
    if (o->indices) {
      printIndices(psychophysics::measureIndices(predictor, studyOptions(*o)), *o, context);
      return;
    }
    const auto result = psychophysics::runStaircaseStudy(predictor, studyOptions(*o));
    const auto json = psychophysics::toJson(result);
    if (!o->out.empty()) {
      std::filesystem::create_directories(o->out);
      writeFileAtomically(o->out / "staircase.json", json.dump(2) + "\n");
      writeFileAtomically(o->out / "tracks.csv", psychophysics::tracksCsv(result));
      writeFileAtomically(o->out / psychophysics::thresholdsCsvName(result.options.variable),
                          psychophysics::thresholdsCsv(result));
    }
    if (context.json) {
      context.print(json);
    } else {
      std::fputs(text(result).c_str(), stdout);
    }
  });
}

}  // namespace fovea::cli
