#include "core/report/time_course_figures.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "core/report/crowding_figures.h"

namespace fovea::report {
namespace {

struct Pooled {
  std::map<int, std::int64_t> correct, images;  // per step
};

FigureData accuracyOverSteps(const std::string& run, int classes, int last_step) {
  FigureData figure;
  figure.id = "time-course";
  figure.title = "Accuracy step by step";
  figure.x_title = "time step";
  figure.y_title = "accuracy";
  figure.x_min = 0;
  figure.x_max = last_step;
  figure.has_reference = classes > 0;
  figure.reference_y = classes > 0 ? 1.0 / classes : 0;
  figure.reference_label = "chance";
  figure.constants = {{"run", run}};
  return figure;
}

Series pooledSeries(const std::string& name, int colour, const Pooled& pooled) {
  Series series;
  series.name = name;
  series.colour = colour;
  for (const auto& [step, images] : pooled.images) {
    series.x.push_back(step);
    series.y.push_back(images > 0 ? double(pooled.correct.at(step)) / images : std::nan(""));
  }
  return series;
}

void addPresentation(std::vector<std::string>& presentations, const std::string& presentation) {
  if (std::find(presentations.begin(), presentations.end(), presentation) == presentations.end())
    presentations.push_back(presentation);
}

// "4.44 px": a legend entry, not a CSV value.
std::string pixels(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g px", value);
  return text;
}

}  // namespace

std::vector<FigureData> timeCourseFigures(const experiment::EvalSpec& eval,
                                          const std::vector<experiment::TimeCourseRecord>& records,
                                          const std::string& run, int classes) {
  const double spacing = closestSpacing(eval);
  // (presentation, alone?) -> counts; the presentations in the order the run stored them.
  std::map<std::pair<std::string, bool>, Pooled> pooled;
  std::vector<std::string> presentations;
  // Each stimulus counts once: the grid repeats the target-alone cell for every flanker
  // eccentricity and holds each two-flanker stimulus twice (a mirror cell).
  std::set<std::tuple<std::string, bool, double, int>> seen;
  int last_step = 0;
  for (const auto& r : records) {
    if (r.run != run || std::fabs(r.condition.target_ecc_px) > eval.headline_max_ecc_px) continue;
    const auto& c = r.condition;
    const bool alone = c.flanker_type == 0;
    const bool crowded = c.flanker_type == 2 &&
                         std::fabs(std::fabs(c.flanker_ecc_px - c.target_ecc_px) - spacing) < 1e-9;
    if (!alone && !crowded) continue;
    if (!seen.insert({r.presentation, alone, c.target_ecc_px, r.step}).second) continue;
    addPresentation(presentations, r.presentation);
    auto& counts = pooled[{r.presentation, alone}];
    counts.correct[r.step] += r.correct;
    counts.images[r.step] += r.images;
    last_step = std::max(last_step, r.step);
  }
  if (pooled.empty()) return {};
  FigureData figure = accuracyOverSteps(run, classes, last_step);
  int colour = 0;
  for (const auto& presentation : presentations) {
    for (bool alone : {true, false}) {
      const auto found = pooled.find({presentation, alone});
      if (found == pooled.end()) continue;
      figure.series.push_back(pooledSeries(
          presentation + (alone ? ", target alone" : ", two flankers at " + pixels(spacing)),
          colour++, found->second));
    }
  }
  return {figure};
}

std::vector<FigureData> attentionTimeCourseFigures(
    const std::vector<experiment::AttentionRecord>& records, const std::string& run, int classes) {
  using Measure = eval::AttentionCell::Measure;
  double nearest = INFINITY, farthest = -INFINITY;
  for (const auto& r : records) {
    const auto& cell = r.result.cell;
    if (r.run != run || r.result.over_time.empty() || cell.measure != Measure::RadiusContrast)
      continue;
    nearest = std::min(nearest, cell.x);
    farthest = std::max(farthest, cell.x);
  }
  // A group is (0, radius) for the 128 px set's digits or (1, std) for the 28 px set's shifts,
  // so that a set orders digits before shifts, each nearest first.
  using Group = std::pair<int, double>;
  std::map<std::pair<std::string, Group>, Pooled> pooled;
  std::vector<std::string> presentations;
  std::set<Group> groups;
  int last_step = 0;
  for (const auto& r : records) {
    const auto& cell = r.result.cell;
    if (r.run != run || !r.result.valid || cell.measure == Measure::ShiftMap) continue;
    const bool shift = cell.measure == Measure::ShiftStd;
    if (!shift && cell.x != nearest && cell.x != farthest) continue;
    const Group group{shift ? 1 : 0, cell.x};
    groups.insert(group);
    for (const auto& counts : r.result.over_time) {
      addPresentation(presentations, counts.presentation);
      auto& sums = pooled[{counts.presentation, group}];
      for (std::size_t t = 0; t < counts.correct.size(); ++t) {
        sums.correct[static_cast<int>(t)] += counts.correct[t];
        sums.images[static_cast<int>(t)] += r.result.images;
        last_step = std::max(last_step, static_cast<int>(t));
      }
    }
  }
  if (pooled.empty()) return {};
  FigureData figure = accuracyOverSteps(run, classes, last_step);
  int colour = 0;
  for (const auto& presentation : presentations) {
    for (const auto& group : groups) {
      const auto found = pooled.find({presentation, group});
      if (found == pooled.end()) continue;
      const std::string label =
          (group.first == 0 ? "digit at " : "shift std ") + pixels(group.second);
      figure.series.push_back(pooledSeries(presentation + ", " + label, colour++, found->second));
    }
  }
  return {figure};
}

FigureData answerOverTimeFigure(const eval::StimulusAnswerer::Answer::OverTime& answer,
                                const std::vector<std::string>& class_names, double threshold) {
  FigureData figure;
  figure.id = "answer-over-time-" + answer.presentation;
  const int steps = static_cast<int>(answer.probabilities.size());
  figure.title =
      "Answer over time, " + answer.presentation +
      (answer.image_off < steps ? " (image until step " + std::to_string(answer.image_off) + ")"
                                : " (image throughout)");
  figure.x_title = "time step";
  figure.y_title = "probability";
  figure.x_min = 0;
  figure.x_max = std::max(1, steps - 1);
  figure.has_reference = true;
  figure.reference_y = threshold;
  // Unnamed: the side panel is narrow, and the caption under the chart names the dashed line and
  // the two decision points (a named entry would be truncated in the legend).
  figure.reference_label = "";
  figure.constants = {{"presentation", answer.presentation}};
  const std::size_t classes = answer.probabilities.empty() ? 0 : answer.probabilities[0].size();
  for (std::size_t k = 0; k < classes; ++k) {
    Series series;
    series.name = k < class_names.size() ? class_names[k] : "class " + std::to_string(k);
    series.markers = false;
    for (int t = 0; t < steps; ++t) {
      series.x.push_back(t);
      series.y.push_back(answer.probabilities[static_cast<std::size_t>(t)][k]);
    }
    figure.series.push_back(std::move(series));
  }
  auto decision = [&](int step) {
    if (step < 0) return;
    const auto& p = answer.probabilities[static_cast<std::size_t>(step)];
    Series point;
    point.lines = false;
    point.x = {static_cast<double>(step)};
    point.y = {*std::max_element(p.begin(), p.end())};
    figure.series.push_back(std::move(point));
  };
  decision(answer.max_confidence_step);
  decision(answer.threshold_step);
  return figure;
}

std::string answerOverTimeCaption(const eval::StimulusAnswerer::Answer::OverTime& answer,
                                  const std::vector<std::string>& class_names, double threshold) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", threshold);
  std::string caption = "Dashed: the threshold readout's " + std::string(text) + ".";
  if (answer.max_confidence_step >= 0) {
    const auto& p = answer.probabilities[static_cast<std::size_t>(answer.max_confidence_step)];
    const auto best = static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
    std::snprintf(text, sizeof text, "%.2f", p[best]);
    caption += " Max-confidence readout: step " + std::to_string(answer.max_confidence_step) +
               ", answer " +
               (best < class_names.size() ? class_names[best] : std::to_string(best)) +
               " (p = " + text + ").";
  }
  caption += answer.threshold_step >= 0
                 ? " Threshold readout: step " + std::to_string(answer.threshold_step) + "."
                 : " Threshold readout: never reached (it answers at the most confident step).";
  return caption;
}

}  // namespace fovea::report
