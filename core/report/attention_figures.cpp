#include "core/report/attention_figures.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "core/report/time_course_figures.h"

namespace fovea::report {
namespace {

using Measure = eval::AttentionCell::Measure;
const double kNan = std::numeric_limits<double>::quiet_NaN();

std::string contrastLabel(double contrast) {
  char text[32];
  std::snprintf(text, sizeof text, "c = %.2g", contrast);
  return text;
}

std::string contrastId(double contrast) {
  char text[32];
  std::snprintf(text, sizeof text, "c%.2g", contrast);
  return text;
}

std::string fixed(double value, int digits) {
  if (std::isnan(value)) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

// Accuracy of the run's valid cells of one measure, keyed by (x, y).
std::map<std::pair<double, double>, double> cellsOf(
    const std::vector<experiment::AttentionRecord>& records, const std::string& run,
    Measure measure) {
  std::map<std::pair<double, double>, double> out;
  for (const auto& r : records) {
    if (r.run != run || r.result.cell.measure != measure) continue;
    out[{r.result.cell.x, r.result.cell.y}] = r.result.valid ? r.result.accuracy : kNan;
  }
  return out;
}

FigureData eccentricityAxes(const experiment::AttentionSpec& spec, int classes) {
  FigureData f;
  f.x_title = "Digit eccentricity (px from fixation)";
  f.y_title = "Accuracy";
  f.x_min = 0;
  f.x_max = spec.radii_px.empty()
                ? 40
                : *std::max_element(spec.radii_px.begin(), spec.radii_px.end()) + 2;
  f.y_min = 0;
  f.y_max = 1;
  f.has_reference = true;
  f.reference_y = 1.0 / classes;
  f.reference_label = "chance";
  return f;
}

Series radiusSeries(const experiment::AttentionSpec& spec,
                    const std::map<std::pair<double, double>, double>& cells, double contrast,
                    const std::string& name) {
  Series s;
  s.name = name;
  for (double radius : spec.radii_px) {
    const auto found = cells.find({radius, contrast});
    s.x.push_back(radius);
    s.y.push_back(found == cells.end() ? kNan : found->second);
  }
  return s;
}

// A heatmap of accuracy over (x, y) cells keyed (x, y) in `cells`; missing cells are NaN.
FigureData accuracyMap(const std::string& id, const std::string& title, const std::string& x_title,
                       const std::string& y_title, const std::vector<double>& x_values,
                       const std::vector<double>& y_values,
                       const std::map<std::pair<double, double>, double>& cells,
                       const std::string& run) {
  FigureData map;
  map.id = id;
  map.title = title;
  map.x_title = x_title;
  map.y_title = y_title;
  map.x_min = map.x_max = 0;
  map.y_min = map.y_max = 0;
  map.has_heatmap = true;
  map.heatmap.x_values = x_values;
  map.heatmap.y_values = y_values;
  map.heatmap.value_title = "accuracy";
  for (double y : y_values) {
    for (double x : x_values) {
      const auto found = cells.find({x, y});
      map.heatmap.values.push_back(found == cells.end() ? kNan : found->second);
    }
  }
  map.constants = {{"run", run}};
  return map;
}

// Accuracy after k saccades in the run's eccentricity cells, keyed (k, x, y).
std::map<std::tuple<int, double, double>, double> saccadeCellsOf(
    const std::vector<experiment::AttentionRecord>& records, const std::string& run) {
  std::map<std::tuple<int, double, double>, double> out;
  for (const auto& r : records) {
    if (r.run != run || r.result.cell.measure != Measure::RadiusContrast) continue;
    for (const auto& step : r.result.saccades) {
      out[{step.saccades, r.result.cell.x, r.result.cell.y}] =
          r.result.valid && r.result.images > 0 ? double(step.correct) / double(r.result.images)
                                                : kNan;
    }
  }
  return out;
}

// A saccade model's accuracy over eccentricity after 0, 1, ... saccades, one figure per
// contrast ("saccades-c0.7", ...): how much each saccade recovers.
void addSaccadeFigures(const experiment::AttentionSpec& spec,
                       const std::vector<experiment::AttentionRecord>& records,
                       const std::string& run, int classes, std::vector<FigureData>& out) {
  const auto cells = saccadeCellsOf(records, run);
  if (cells.empty()) return;
  const int most = std::get<0>(cells.rbegin()->first);
  for (auto it = spec.contrasts.rbegin(); it != spec.contrasts.rend(); ++it) {
    FigureData f = eccentricityAxes(spec, classes);
    f.id = "saccades-" + contrastId(*it);
    f.title = "Accuracy after each saccade, " + contrastLabel(*it);
    f.constants = {{"run", run}, {"contrast", fixed(*it, 2)}};
    for (int k = 0; k <= most; ++k) {
      Series s;
      s.name = k == 0 ? "no saccade" : k == 1 ? "1 saccade" : std::to_string(k) + " saccades";
      for (double radius : spec.radii_px) {
        const auto found = cells.find({k, radius, *it});
        s.x.push_back(radius);
        s.y.push_back(found == cells.end() ? kNan : found->second);
      }
      f.series.push_back(s);
    }
    out.push_back(f);
  }
}

}  // namespace

std::vector<FigureData> attentionFigures(const experiment::AttentionSpec& spec,
                                         const std::vector<experiment::AttentionRecord>& records,
                                         const std::string& run, int classes) {
  std::vector<FigureData> out;
  const auto eccentric = cellsOf(records, run, Measure::RadiusContrast);
  if (!eccentric.empty()) {
    FigureData f = eccentricityAxes(spec, classes);
    f.id = "accuracy-eccentricity";
    f.title = "Accuracy over eccentricity and contrast";
    f.constants = {{"run", run}};
    for (auto it = spec.contrasts.rbegin(); it != spec.contrasts.rend(); ++it) {
      f.series.push_back(radiusSeries(spec, eccentric, *it, contrastLabel(*it)));
    }
    out.push_back(f);

    out.push_back(accuracyMap("eccentricity-contrast", "Accuracy: eccentricity x contrast",
                              "Digit eccentricity (px)", "Contrast", spec.radii_px, spec.contrasts,
                              eccentric, run));
    addSaccadeFigures(spec, records, run, classes, out);
  }
  const auto shifts = cellsOf(records, run, Measure::ShiftMap);
  bool any_valid = false;
  for (const auto& [key, accuracy] : shifts) any_valid = any_valid || !std::isnan(accuracy);
  if (any_valid && spec.map_half_px > 0) {
    std::vector<double> shift_values;
    for (int v = -spec.map_half_px; v <= spec.map_half_px; v += spec.map_step_px) {
      shift_values.push_back(v);
    }
    // Cells are keyed (row, column); the map's x is the column.
    std::map<std::pair<double, double>, double> by_column;
    for (const auto& [row_col, accuracy] : shifts) {
      by_column[{row_col.second, row_col.first}] = accuracy;
    }
    out.push_back(accuracyMap("shift-map", "Accuracy over digit shift (28 px set)",
                              "Column shift (px)", "Row shift (px)", shift_values, shift_values,
                              by_column, run));
  }
  for (auto& figure : attentionTimeCourseFigures(records, run, classes)) {
    out.push_back(std::move(figure));
  }
  return out;
}

std::vector<FigureData> attentionBenchmark(const experiment::AttentionSpec& spec,
                                           const std::vector<experiment::AttentionRecord>& records,
                                           const std::vector<std::string>& runs, int classes) {
  std::vector<FigureData> out;
  for (auto it = spec.contrasts.rbegin(); it != spec.contrasts.rend(); ++it) {
    FigureData f = eccentricityAxes(spec, classes);
    f.id = "benchmark-" + contrastId(*it);
    f.title = "All models, " + contrastLabel(*it);
    f.constants = {{"contrast", fixed(*it, 2)}};
    for (const auto& run : runs) {
      const auto cells = cellsOf(records, run, Measure::RadiusContrast);
      if (cells.empty()) continue;
      // A saccade model also gets a line per earlier fixation ("run, 0 saccades"), as the
      // What/Where paper's benchmark compares 0, 1 and 3 saccades.
      const auto saccades = saccadeCellsOf(records, run);
      const int most = saccades.empty() ? 0 : std::get<0>(saccades.rbegin()->first);
      for (int k = 0; k < most; ++k) {
        std::map<std::pair<double, double>, double> after;
        for (const auto& [key, accuracy] : saccades) {
          if (std::get<0>(key) == k) after[{std::get<1>(key), std::get<2>(key)}] = accuracy;
        }
        f.series.push_back(
            radiusSeries(spec, after, *it,
                         run + ", " + std::to_string(k) + (k == 1 ? " saccade" : " saccades")));
      }
      f.series.push_back(radiusSeries(spec, cells, *it, run));
    }
    if (!f.series.empty()) out.push_back(f);
  }
  return out;
}

AttentionHeadline attentionHeadline(const std::vector<experiment::AttentionRecord>& records,
                                    const std::string& run) {
  AttentionHeadline h;
  h.central = h.general = h.landing_error_px = kNan;
  std::map<double, std::pair<double, int>> by_contrast;
  double landing = 0;
  int landed = 0;
  std::map<double, double> by_std;
  for (const auto& r : records) {
    if (r.run != run || !r.result.valid) continue;
    const auto& cell = r.result.cell;
    if (cell.measure == Measure::RadiusContrast) {
      auto& [sum, n] = by_contrast[cell.y];
      sum += r.result.accuracy;
      ++n;
      if (r.result.transform.present) {
        landing += r.result.transform.landing_error_px;
        ++landed;
      }
    } else if (cell.measure == Measure::ShiftStd) {
      by_std[cell.x] = r.result.accuracy;
    }
  }
  for (const auto& [contrast, sum_n] : by_contrast) {
    h.mean_by_contrast.emplace_back(contrast, sum_n.first / sum_n.second);
  }
  if (!by_std.empty()) {
    h.central = by_std.begin()->second;
    h.general = by_std.rbegin()->second;
  }
  if (landed > 0) h.landing_error_px = landing / landed;
  return h;
}

FigureData attentionSummaryTable(const std::vector<experiment::AttentionRecord>& records,
                                 const std::vector<std::string>& runs) {
  FigureData f;
  f.id = "attention-summary";
  f.title = "Attention task: accuracy per model";
  f.has_table = true;
  std::set<double> contrasts;
  for (const auto& r : records) {
    if (r.result.cell.measure == Measure::RadiusContrast) contrasts.insert(r.result.cell.y);
  }
  f.table.columns = {"run", "central", "general"};
  for (double c : contrasts) f.table.columns.push_back("mean " + contrastLabel(c));
  f.table.columns.push_back("landing error (px)");
  for (const auto& run : runs) {
    const auto h = attentionHeadline(records, run);
    std::vector<std::string> row = {run, fixed(h.central, 3), fixed(h.general, 3)};
    for (double c : contrasts) {
      double value = kNan;
      for (const auto& [contrast, mean] : h.mean_by_contrast) {
        if (contrast == c) value = mean;
      }
      row.push_back(fixed(value, 3));
    }
    row.push_back(fixed(h.landing_error_px, 1));
    f.table.rows.push_back(row);
  }
  return f;
}

}  // namespace fovea::report

namespace fovea::report {

std::vector<FigureData> attentionRunFigures(const experiment::AttentionSpec& spec,
                                            const std::vector<experiment::AttentionRecord>& records,
                                            const std::string& run, int classes) {
  auto figures = attentionFigures(spec, records, run, classes);
  std::vector<std::string> runs;
  for (const auto& r : records) {
    if (std::find(runs.begin(), runs.end(), r.run) == runs.end()) runs.push_back(r.run);
  }
  for (auto& figure : attentionBenchmark(spec, records, runs, classes)) {
    figures.push_back(std::move(figure));
  }
  figures.push_back(attentionSummaryTable(records, runs));
  return figures;
}

}  // namespace fovea::report
