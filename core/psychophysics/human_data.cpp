#include "core/psychophysics/human_data.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/psychophysics/psychophysics_json.h"
#include "core/util/errors.h"
#include "core/util/file_bytes.h"
#include "core/util/toml_reader.h"

namespace fovea::psychophysics {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kMaxColumns = 1024;

// One CSV record: fields split at commas outside double quotes ("" is a quote inside them).
std::vector<std::string> splitRecord(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

std::size_t columnIndex(const std::vector<std::string>& header, const std::string& name,
                        const std::string& key, const std::filesystem::path& file) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  throw InputError(file.string() + ": no column '" + name + "' (human." + key + ")");
}

double numberAt(const std::string& text, const std::filesystem::path& file, std::size_t line,
                const std::string& column) {
  std::size_t used = 0;
  double value = kNaN;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !std::isfinite(value) || value <= 0) {
    throw InputError(file.string() + ":" + std::to_string(line) + ": " + column + " '" + text +
                     "' is not a number above 0");
  }
  return value;
}

bool correctAt(const std::string& text, const std::filesystem::path& file, std::size_t line,
               const std::string& column) {
  if (text == "1" || text == "1.0" || text == "true" || text == "True" || text == "TRUE")
    return true;
  if (text == "0" || text == "0.0" || text == "false" || text == "False" || text == "FALSE") {
    return false;
  }
  throw InputError(file.string() + ":" + std::to_string(line) + ": " + column + " '" + text +
                   "' is not 1, 0, true or false");
}

HumanPoint fitPoint(double ecc, const std::vector<std::pair<double, bool>>& trials,
                    const HumanDataSpec& spec, std::uint64_t seed) {
  HumanPoint point;
  point.ecc_deg = ecc;
  point.trials = static_cast<int>(trials.size());
  point.critical_deg = point.low_deg = point.high_deg = kNaN;
  std::vector<std::pair<double, bool>> logged;
  for (const auto& [spacing, correct] : trials) logged.emplace_back(std::log10(spacing), correct);
  const auto data = aggregate(logged);
  FitOptions options;
  options.guess = spec.guess;
  if (std::isfinite(spec.lapse)) {
    options.fit_lapse = false;
    options.fixed_lapse = spec.lapse;
  }
  point.fit = fitPsychometric(data, options);
  if (!point.fit.refusal.empty()) {
    point.refusal = point.fit.refusal;
    return point;
  }
  const auto& f = point.fit.function;
  const double criterion = f.guess + (1 - f.guess - f.lapse) / 2;
  // As for the models: a threshold outside the spacings tested is a bound, not a measurement.
  const double t = f.threshold(criterion);
  if (!std::isfinite(t) || t < data.front().x || t > data.back().x) {
    point.refusal = "the critical spacing lies outside the spacings tested";
    return point;
  }
  point.interval = bootstrap(point.fit, data, options, criterion, spec.bootstrap, seed);
  point.critical_deg = std::pow(10.0, point.interval.threshold.estimate);
  point.low_deg = std::pow(10.0, point.interval.threshold.low);
  point.high_deg = std::pow(10.0, point.interval.threshold.high);
  return point;
}

}  // namespace

HumanDataSpec parseHumanDataSpec(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path.string() + ": cannot read the human-data spec");
  std::stringstream text;
  text << in.rdbuf();
  const auto root = parseToml(text.str(), path.string());
  SectionReader human(root, "human", path.string());
  if (!human.present()) throw InputError(path.string() + ": no [human] section");
  HumanDataSpec spec;
  const auto file = human.text("file");
  if (!file) human.fail("human.file is required: the CSV of trials");
  spec.file = path.parent_path() / *file;
  assign(spec.eccentricity, human.text("eccentricity"));
  assign(spec.spacing, human.text("spacing"));
  assign(spec.correct, human.text("correct"));
  assign(spec.group, human.text("group"));
  assign(spec.guess, human.number("guess"));
  assign(spec.bootstrap, human.integer("bootstrap"));
  const auto lapse = human.number("lapse");
  if (!(spec.guess >= 0 && spec.guess < 1)) human.failAt("guess", "human.guess must be in [0, 1)");
  if (lapse) {
    if (!(*lapse >= 0 && *lapse < 1 - spec.guess)) {
      human.failAt("lapse", "human.lapse must be in [0, 1 - guess)");
    }
    spec.lapse = *lapse;
  }
  if (spec.bootstrap < 0 || spec.bootstrap > 100000) {
    human.failAt("bootstrap", "human.bootstrap must be in [0, 100000]");
  }
  human.finish();
  return spec;
}

HumanTrials readHumanTrials(const HumanDataSpec& spec) {
  std::error_code error;
  const auto size = std::filesystem::file_size(spec.file, error);
  if (error) throw InputError(spec.file.string() + ": cannot read it (" + error.message() + ")");
  if (size > kMaxHumanFileBytes) {
    throw InputError(spec.file.string() + ": " + std::to_string(size) + " bytes, more than the " +
                     std::to_string(kMaxHumanFileBytes) + " a trials file may have");
  }
  const auto bytes = readFileBytes(spec.file);
  if (bytes.size() > kMaxHumanFileBytes) {
    throw InputError(spec.file.string() + ": inflates past " + std::to_string(kMaxHumanFileBytes) +
                     " bytes");
  }
  std::istringstream in(std::string(bytes.begin(), bytes.end()));
  std::string line;
  if (!std::getline(in, line)) throw InputError(spec.file.string() + ": empty");
  const auto header = splitRecord(line);
  if (header.size() > kMaxColumns) throw InputError(spec.file.string() + ": too many columns");
  const auto ecc = columnIndex(header, spec.eccentricity, "eccentricity", spec.file);
  const auto spacing = columnIndex(header, spec.spacing, "spacing", spec.file);
  const auto correct = columnIndex(header, spec.correct, "correct", spec.file);
  const bool grouped = !spec.group.empty();
  const auto group = grouped ? columnIndex(header, spec.group, "group", spec.file) : 0;
  HumanTrials trials;
  std::size_t number_of_line = 1, rows = 0;
  while (std::getline(in, line)) {
    ++number_of_line;
    if (line.empty() || line == "\r") continue;
    if (++rows > kMaxHumanRows) {
      throw InputError(spec.file.string() + ": more than " + std::to_string(kMaxHumanRows) +
                       " trials");
    }
    const auto fields = splitRecord(line);
    if (fields.size() != header.size()) {
      throw InputError(spec.file.string() + ":" + std::to_string(number_of_line) + ": " +
                       std::to_string(fields.size()) + " fields for " +
                       std::to_string(header.size()) + " columns");
    }
    const double e = numberAt(fields[ecc], spec.file, number_of_line, spec.eccentricity);
    const double s = numberAt(fields[spacing], spec.file, number_of_line, spec.spacing);
    const bool right = correctAt(fields[correct], spec.file, number_of_line, spec.correct);
    trials[grouped ? fields[group] : "all"][e].emplace_back(s, right);
  }
  if (trials.empty()) throw InputError(spec.file.string() + ": no trials");
  return trials;
}

std::vector<HumanSeries> fitHumanTrials(const HumanDataSpec& spec, const HumanTrials& trials) {
  std::vector<HumanSeries> out;
  std::uint64_t seed = spec.seed;
  for (const auto& [group, by_ecc] : trials) {
    HumanSeries series;
    series.group = group;
    std::vector<CriticalSpacing> points;
    for (const auto& [ecc, list] : by_ecc) {
      auto point = fitPoint(ecc, list, spec, ++seed);
      if (point.refusal.empty()) {
        points.push_back({point.ecc_deg, point.critical_deg, point.low_deg, point.high_deg});
      }
      series.points.push_back(std::move(point));
    }
    series.bouma = fitBouma(points, 1000, ++seed);
    out.push_back(std::move(series));
  }
  return out;
}

nlohmann::json toJson(const std::vector<HumanSeries>& series) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : series) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto& p : s.points) {
      nlohmann::json point = {
          {"ecc_deg", p.ecc_deg},
          {"trials", p.trials},
          {"critical_spacing_deg", jsonNumber(p.critical_deg)},
          {"critical_spacing_deg_ci", {jsonNumber(p.low_deg), jsonNumber(p.high_deg)}},
          {"lapse", jsonNumber(p.fit.function.lapse)},
          {"beta_per_log10", jsonNumber(p.fit.function.beta)}};
      if (!p.refusal.empty()) point["refusal"] = p.refusal;
      points.push_back(point);
    }
    out.push_back({{"group", s.group}, {"points", points}, {"bouma", toJson(s.bouma)}});
  }
  return out;
}

}  // namespace fovea::psychophysics
