#include "core/report/time_course_figures.h"

#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "core/report/crowding_figures.h"

namespace fovea::report {
namespace {

struct Pooled {
  std::map<int, std::int64_t> correct, images;  // per step
};

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
    bool known = false;
    for (const auto& p : presentations) known = known || p == r.presentation;
    if (!known) presentations.push_back(r.presentation);
    auto& counts = pooled[{r.presentation, alone}];
    counts.correct[r.step] += r.correct;
    counts.images[r.step] += r.images;
    last_step = std::max(last_step, r.step);
  }
  if (pooled.empty()) return {};
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
  int colour = 0;
  for (const auto& presentation : presentations) {
    for (bool alone : {true, false}) {
      const auto found = pooled.find({presentation, alone});
      if (found == pooled.end()) continue;
      Series series;
      series.name = presentation +
                    (alone ? ", target alone" : ", two flankers at " + csvNumber(spacing) + " px");
      series.colour = colour++;
      for (const auto& [step, images] : found->second.images) {
        series.x.push_back(step);
        series.y.push_back(images > 0 ? double(found->second.correct.at(step)) / images
                                      : std::nan(""));
      }
      figure.series.push_back(std::move(series));
    }
  }
  return {figure};
}

}  // namespace fovea::report
