#include "core/report/psychophysics_figures.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>

namespace fovea::report {

namespace {

std::string eccName(double deg) {
  char text[32];
  std::snprintf(text, sizeof text, "%g\u00b0", deg);
  return text;
}

// A Bouma line across [0, max_ecc].
Series boumaLine(const std::string& name, const psychophysics::BoumaFit& fit, double max_ecc) {
  Series line{name, {}, {}, false};
  if (!fit.refusal.empty()) return line;
  for (double e : {0.0, max_ecc}) {
    line.x.push_back(e);
    line.y.push_back(fit.slope.estimate * e + fit.intercept.estimate);
  }
  return line;
}

using psychophysics::Variable;

// "flanker spacing (px)", "target contrast", "glyph size (px)".
std::string levelTitle(Variable variable) {
  switch (variable) {
    case Variable::Contrast: return "target contrast";
    case Variable::Size: return "glyph size (px)";
    default: return "flanker spacing (px)";
  }
}

// What the line plot shows, in degrees but for contrast.
std::string thresholdTitle(Variable variable) {
  switch (variable) {
    case Variable::Contrast: return "contrast threshold";
    case Variable::Size: return "size threshold (deg)";
    default: return "critical spacing (deg)";
  }
}

double thresholdOf(const psychophysics::ThresholdResult& p, Variable variable) {
  return variable == Variable::Contrast ? p.threshold : p.threshold_deg;
}

double highOf(const psychophysics::ThresholdResult& p, Variable variable) {
  return variable == Variable::Contrast ? p.high : p.high_deg;
}

double lowOf(const psychophysics::ThresholdResult& p, Variable variable) {
  return variable == Variable::Contrast ? p.low : p.low_deg;
}

double lowOf(const psychophysics::HumanPoint& p, Variable) {
  return p.low_deg;
}

double thresholdOf(const psychophysics::HumanPoint& p, Variable) {
  return p.critical_deg;
}

double highOf(const psychophysics::HumanPoint& p, Variable) {
  return p.high_deg;
}

}  // namespace

FigureData staircaseTracksFigure(const psychophysics::StudyResult& study) {
  FigureData f;
  f.id = "staircase-tracks";
  f.title = study.run + ": staircase tracks";
  f.x_title = "trial";
  f.y_title = levelTitle(study.options.variable);
  f.x_min = f.x_max = f.y_min = f.y_max = 0;  // from the data
  for (const auto& p : study.points) {
    Series s{eccName(p.ecc_deg), {}, {}, false};
    for (std::size_t i = 0; i < p.track.size(); ++i) {
      s.x.push_back(static_cast<double>(i + 1));
      s.y.push_back(p.track[i].first);
    }
    f.series.push_back(std::move(s));
  }
  f.constants = {{"run", study.run}};
  return f;
}

FigureData psychometricFigure(const psychophysics::StudyResult& study) {
  FigureData f;
  f.id = "psychometric";
  const auto variable = study.options.variable;
  f.title = study.run + ": proportion right against " + psychophysics::toString(variable);
  f.x_title = "log10 " + levelTitle(variable);
  f.y_title = "proportion right";
  f.x_min = f.x_max = 0;
  f.y_min = 0;
  f.y_max = 1;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::size_t i = 0; i < study.points.size(); ++i) {
    const auto& p = study.points[i];
    // Levels binned to 0.05 log units, so that continuous (QUEST) levels show proportions.
    std::vector<std::pair<double, bool>> logged;
    for (const auto& [px, correct] : p.track) {
      logged.emplace_back(std::round(std::log10(px) / 0.05) * 0.05, correct);
    }
    Series data{eccName(p.ecc_deg), {}, {}, true, false, static_cast<int>(i)};
    for (const auto& b : psychophysics::aggregate(logged)) {
      data.x.push_back(b.x);
      data.y.push_back(static_cast<double>(b.correct) / b.trials);
      lo = std::min(lo, b.x);
      hi = std::max(hi, b.x);
    }
    if (!data.x.empty()) f.series.push_back(std::move(data));
  }
  for (std::size_t i = 0; i < study.points.size(); ++i) {
    const auto& p = study.points[i];
    if (!p.fit.refusal.empty() || p.track.empty() || !(hi > lo)) continue;
    Series curve{"", {}, {}, false, true, static_cast<int>(i)};  // the legend names the points
    for (int k = 0; k <= 60; ++k) {
      const double x = lo + (hi - lo) * k / 60.0;
      curve.x.push_back(x);
      curve.y.push_back(p.fit.function.probability(x));
    }
    f.series.push_back(std::move(curve));
    // The threshold's bootstrap interval, at the criterion it was read at.
    const auto& t = p.interval.threshold;
    if (p.refusal.empty() && p.interval.resamples > 0 && std::isfinite(t.low) &&
        std::isfinite(t.high)) {
      // Cut at the levels tried, as the threshold's own interval is: nothing is known beyond.
      const double from = std::clamp(t.low, lo, hi), to = std::clamp(t.high, lo, hi);
      f.series.push_back(
          {"", {from, to}, {p.criterion, p.criterion}, false, true, static_cast<int>(i)});
    }
  }
  if (!study.points.empty()) {
    f.has_reference = true;
    f.reference_y = study.points.front().guess;
    f.reference_label = "chance";
  }
  f.constants = {{"run", study.run}};
  return f;
}

FigureData boumaFigure(const psychophysics::StudyResult& study,
                       const std::vector<psychophysics::HumanSeries>& people) {
  FigureData f;
  const auto variable = study.options.variable;
  const bool spacing = variable == Variable::Spacing;
  f.id = "bouma";
  f.y_title = thresholdTitle(variable);
  f.title = f.y_title.substr(0, f.y_title.find(" (")) + " against eccentricity";
  f.title[0] = static_cast<char>(std::toupper(f.title[0]));
  if (study.bouma.refusal.empty() && !study.points.empty()) {
    char title[160];
    std::snprintf(title, sizeof title, "%s: %s %s = %.2f [%.2f, %.2f]",
                  spacing ? "Critical spacing" : "Size threshold", study.run.c_str(),
                  spacing ? "b" : "slope", study.bouma.slope.estimate, study.bouma.slope.low,
                  study.bouma.slope.high);
    f.title = title;
  }
  f.x_title = "eccentricity (deg)";
  f.x_min = f.y_min = 0;
  f.x_max = f.y_max = 0;
  double max_ecc = 0;
  for (const auto& p : study.points) max_ecc = std::max(max_ecc, p.ecc_deg);
  for (const auto& s : spacing ? people : std::vector<psychophysics::HumanSeries>{}) {
    for (const auto& p : s.points) max_ecc = std::max(max_ecc, p.ecc_deg);
  }
  f.x_max = max_ecc * 1.05;
  double max_spacing = 0;
  int colour = 0;
  auto add = [&](const std::string& who, const auto& list, const psychophysics::BoumaFit& fit) {
    Series points{who, {}, {}, true, false, colour};
    double widest = 0;
    for (const auto& p : list) {
      points.x.push_back(p.ecc_deg);
      points.y.push_back(thresholdOf(p, variable));  // NaN (a refusal) leaves a gap
      // The line spans the eccentricities it was fitted to, not the refused ones beyond.
      if (std::isfinite(thresholdOf(p, variable))) widest = std::max(widest, p.ecc_deg);
      for (double v : {thresholdOf(p, variable), highOf(p, variable)}) {
        if (std::isfinite(v)) max_spacing = std::max(max_spacing, v);
      }
    }
    f.series.push_back(std::move(points));
    // Each threshold's 95 % interval: a vertical bar, the bars of one observer one series.
    Series bars{"", {}, {}, false, true, colour};
    for (const auto& p : list) {
      const double low = lowOf(p, variable), high = highOf(p, variable);
      if (!std::isfinite(low) || !std::isfinite(high)) continue;
      bars.x.insert(bars.x.end(), {p.ecc_deg, p.ecc_deg, std::nan("")});
      bars.y.insert(bars.y.end(), {low, high, std::nan("")});
    }
    if (!bars.x.empty()) f.series.push_back(std::move(bars));
    Series line = boumaLine("", fit, widest);  // over the eccentricities measured
    line.colour = colour++;
    f.series.push_back(std::move(line));
  };
  if (!study.points.empty()) add(study.run, study.points, study.bouma);
  // People's data are critical spacings: beside a model's, not beside its other thresholds.
  if (spacing) {
    for (const auto& s : people) add("people " + s.group, s.points, s.bouma);
  }
  f.y_max = max_spacing > 0 ? max_spacing * 1.1 : 1;
  f.constants = {{"run", study.run}};
  return f;
}

}  // namespace fovea::report
