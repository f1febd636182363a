#include "core/report/crowding_figures.h"

#include "core/report/attention_figures.h"
#include "core/report/time_course_figures.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "core/util/versions.h"

namespace fovea::report {
namespace {

using Key = std::tuple<int, double, double>;  // flanker type, target ecc, flanker ecc

std::string text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

class Lookup {
 public:
  explicit Lookup(const std::vector<experiment::AccuracyRecord>& records, const std::string& run) {
    for (const auto& r : records) {
      if (r.run != run || !r.result.valid) continue;
      const auto& c = r.result.condition;
      cells_[{c.flanker_type, c.target_ecc_px, c.flanker_ecc_px}] = r.result.accuracy;
      if (c.flanker_type == 0) alone_[c.target_ecc_px] = r.result.accuracy;
    }
  }
  double at(int type, double te, double fe) const {
    if (type == 0) {
      auto found = alone_.find(te);
      return found == alone_.end() ? std::nan("") : found->second;
    }
    auto found = cells_.find({type, te, fe});
    return found == cells_.end() ? std::nan("") : found->second;
  }

 private:
  std::map<Key, double> cells_;
  std::map<double, double> alone_;
};

bool inGrid(const std::vector<double>& grid, double value) {
  for (double v : grid) {
    if (std::fabs(v - value) < 1e-9) return true;
  }
  return false;
}

FigureData baseFigure(const std::string& id, const std::string& title, const std::string& run,
                      int classes) {
  FigureData f;
  f.id = id;
  f.title = title;
  f.y_title = "accuracy";
  f.y_min = 0;
  f.y_max = 1;
  f.x_min = f.x_max = 0;  // from the data
  f.has_reference = true;
  f.reference_y = 1.0 / classes;
  f.reference_label = "chance";
  f.constants = {{"run", run}};
  return f;
}

void addPoint(Series& series, double x, double y) {
  series.x.push_back(x);
  series.y.push_back(y);
}

}  // namespace

std::vector<FigureData> crowdingFigures(const experiment::EvalSpec& eval,
                                        const std::vector<experiment::AccuracyRecord>& records,
                                        const std::string& run, int classes) {
  const Lookup lookup(records, run);
  const auto& fe_grid = eval.flanker_ecc_px;
  std::vector<FigureData> figures;

  for (double s : eval.spacings_px) {
    FigureData f =
        baseFigure("spacing-" + text(s), "Constant spacing " + text(s) + " px", run, classes);
    f.x_title = "target eccentricity (px)";
    f.x_quantity = AxisQuantity::EccentricityPx;
    f.constants.push_back({"spacing_px", text(s)});
    Series a{"a", {}, {}}, xa{"xa", {}, {}}, ax{"ax", {}, {}}, xax{"xax", {}, {}};
    for (double te : eval.target_ecc_px) {
      const bool outer = inGrid(fe_grid, te + s);
      const bool inner = inGrid(fe_grid, te - s) && te >= s;
      if (outer) {
        addPoint(a, te, lookup.at(0, te, te + s));
        addPoint(ax, te, lookup.at(1, te, te + s));
        addPoint(xax, te, lookup.at(2, te, te + s));
      }
      if (inner) addPoint(xa, te, lookup.at(1, te, te - s));
    }
    f.series = {a, xa, ax, xax};
    figures.push_back(f);
  }

  {
    FigureData f = baseFigure("target-centre", "Target at the centre", run, classes);
    f.x_title = "flanker eccentricity (px)";
    f.x_quantity = AxisQuantity::EccentricityPx;
    Series a{"a", {}, {}}, ax{"ax", {}, {}}, xax{"xax", {}, {}};
    for (double fe : fe_grid) {
      if (fe <= 0) continue;
      addPoint(a, fe, lookup.at(0, 0, fe));
      addPoint(ax, fe, lookup.at(1, 0, fe));
      addPoint(xax, fe, lookup.at(2, 0, fe));
    }
    f.series = {a, ax, xax};
    figures.push_back(f);
  }

  {
    const double te = eval.periphery_target_px;
    FigureData f = baseFigure("target-periphery", "Target at " + text(te) + " px", run, classes);
    f.x_title = "spacing toward the fovea (px)";
    f.x_quantity = AxisQuantity::SpacingTowardFoveaPx;
    f.spacing_anchor_px = te;
    f.constants.push_back({"target_ecc_px", text(te)});
    Series a{"a", {}, {}}, xa{"xa", {}, {}};
    for (double fe : fe_grid) {
      if (fe >= te) continue;
      addPoint(a, te - fe, lookup.at(0, te, fe));
      addPoint(xa, te - fe, lookup.at(1, te, fe));
    }
    f.series = {a, xa};
    figures.push_back(f);
  }

  for (int type : {1, 2}) {
    FigureData f = baseFigure(type == 1 ? "heatmap-one-flanker" : "heatmap-two-flankers",
                              type == 1 ? "One flanker" : "Two flankers", run, classes);
    f.has_reference = false;
    f.x_title = "target eccentricity (px)";
    f.y_title = "flanker eccentricity (px)";
    f.x_quantity = f.y_quantity = AxisQuantity::EccentricityPx;
    f.has_heatmap = true;
    f.heatmap.x_values = eval.target_ecc_px;
    f.heatmap.y_values = fe_grid;
    f.heatmap.value_title = "accuracy";
    for (double fe : fe_grid) {
      for (double te : eval.target_ecc_px) f.heatmap.values.push_back(lookup.at(type, te, fe));
    }
    f.constants.push_back({"flanker_type", std::to_string(type)});
    figures.push_back(f);
  }
  return figures;
}

std::vector<std::string> selectRuns(const experiment::ExperimentSpec& spec,
                                    const std::vector<experiment::RunRecord>& runs) {
  std::map<std::string, const experiment::RunRecord*> by_name;
  for (const auto& r : runs) by_name[r.run] = &r;
  const auto plans = experiment::plannedRuns(spec);
  std::vector<std::string> chosen;
  for (std::size_t m = 0; m < spec.models.size(); ++m) {
    // Per learning rate (in the order of the list), the mean loss over its seeds' runs.
    std::vector<double> rates;
    std::map<double, std::pair<double, int>> loss_of;
    std::map<double, std::vector<std::string>> runs_of;
    for (const auto& plan : plans) {
      if (plan.model_index != m) continue;
      const auto found = by_name.find(plan.name);
      if (found == by_name.end()) continue;
      const auto* r = found->second;
      const double loss = spec.eval.lr_rule == "original" ? r->last_logged_loss : r->final_loss;
      if (std::isnan(loss)) continue;
      if (!loss_of.count(plan.learning_rate)) rates.push_back(plan.learning_rate);
      auto& [sum, n] = loss_of[plan.learning_rate];
      sum += loss;
      ++n;
      runs_of[plan.learning_rate].push_back(plan.name);
    }
    const double* best = nullptr;
    double best_loss = 0;
    for (const double& rate : rates) {
      const double mean = loss_of[rate].first / loss_of[rate].second;
      if (!best || mean <= best_loss) {  // "<=": ties go to the later rate
        best = &rate;
        best_loss = mean;
      }
    }
    if (best) chosen.insert(chosen.end(), runs_of[*best].begin(), runs_of[*best].end());
  }
  return chosen;
}

double closestSpacing(const experiment::EvalSpec& eval) {
  return eval.spacings_px.empty()
             ? std::nan("")
             : *std::min_element(eval.spacings_px.begin(), eval.spacings_px.end());
}

Headline headlineAccuracy(const experiment::EvalSpec& eval,
                          const std::vector<experiment::AccuracyRecord>& records,
                          const std::string& run) {
  Headline headline;
  headline.closest_spacing_px = closestSpacing(eval);
  double alone_sum = 0, xax_sum = 0;
  int alone_n = 0, xax_n = 0;
  // Each target eccentricity counts once: the grid repeats the target-alone cell for every
  // flanker eccentricity, and holds each two-flanker stimulus twice (fe = te + s and its mirror
  // te - s); the mirror cell is skipped.
  std::set<double> alone_seen, xax_seen;
  for (const auto& r : records) {
    if (r.run != run || !r.result.valid) continue;
    const auto& c = r.result.condition;
    if (std::fabs(c.target_ecc_px) > eval.headline_max_ecc_px) continue;
    if (c.flanker_type == 0) {
      if (!alone_seen.insert(c.target_ecc_px).second) continue;
      alone_sum += r.result.accuracy;
      ++alone_n;
    } else if (c.flanker_type == 2 && std::fabs(std::fabs(c.flanker_ecc_px - c.target_ecc_px) -
                                                headline.closest_spacing_px) < 1e-9) {
      if (!xax_seen.insert(c.target_ecc_px).second) continue;  // its mirror cell counted
      xax_sum += r.result.accuracy;
      ++xax_n;
    }
  }
  headline.target_alone = alone_n ? alone_sum / alone_n : std::nan("");
  headline.closest_xax = xax_n ? xax_sum / xax_n : std::nan("");
  return headline;
}

Provenance provenanceFor(const experiment::ExperimentSpec& spec, const experiment::RunRecord& run) {
  Provenance provenance;
  provenance.experiment = spec.name;
  provenance.spec_path = spec.source.string();
  provenance.run = run.run;
  provenance.checkpoint = run.checkpoint;
  provenance.checkpoint_crc32 = run.checkpoint_crc32;
  provenance.seed = spec.seed;
  for (const auto& plan : experiment::plannedRuns(spec)) {
    if (plan.name == run.run) provenance.seed = experiment::runSeed(spec, plan);
  }
  provenance.fovea_version = foveaVersion();
  for (std::size_t i = 0; i < spec.overrides.size(); ++i) {
    provenance.extra["override_" + std::to_string(i)] = spec.overrides[i];
  }
  return provenance;  // created_utc is stamped by the exporter
}

std::vector<StoredRunFigures> storedFigures(const experiment::ExperimentSpec& spec,
                                            const experiment::ResultsStore& store) {
  std::vector<StoredRunFigures> out;
  const int classes = static_cast<int>(spec.class_names.size());
  if (spec.attentionTask()) {
    const auto all = store.attention();
    for (const auto& record : store.runs()) {
      bool scored = false;
      for (const auto& r : all) scored = scored || r.run == record.run;
      if (!scored) continue;
      out.push_back({record.run, attentionRunFigures(spec.attention, all, record.run, classes),
                     provenanceFor(spec, record)});
    }
    return out;
  }
  for (const auto& record : store.runs()) {
    const auto cells = store.accuracy(record.run);
    if (cells.empty()) continue;
    auto figures = crowdingFigures(spec.eval, cells, record.run, classes);
    for (auto& figure :
         timeCourseFigures(spec.eval, store.timeCourse(record.run), record.run, classes)) {
      figures.push_back(std::move(figure));
    }
    out.push_back({record.run, std::move(figures), provenanceFor(spec, record)});
  }
  return out;
}

}  // namespace fovea::report
