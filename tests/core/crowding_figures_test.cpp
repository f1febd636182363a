#include "core/report/crowding_figures.h"

#include "core/report/figure_units.h"
#include "core/report/tidy_results.h"
#include "core/report/time_course_figures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

using namespace fovea;

namespace {

experiment::AccuracyRecord record(const std::string& run, int type, double te, double fe,
                                  double accuracy) {
  experiment::AccuracyRecord r;
  r.run = run;
  r.result.condition = {type, te, fe};
  r.result.accuracy = accuracy;
  r.result.images = 100;
  return r;
}

const report::FigureData& byId(const std::vector<report::FigureData>& figures,
                               const std::string& id) {
  for (const auto& f : figures) {
    if (f.id == id) return f;
  }
  throw std::runtime_error("no figure " + id);
}

// The grid holds each two-flanker stimulus twice (fe = te + s and its mirror te - s) and the
// target-alone cell once per flanker eccentricity; the headline counts each target once.
TEST(CrowdingFigures, HeadlineCountsEachTargetEccentricityOnce) {
  experiment::EvalSpec eval;
  eval.spacings_px = {120};
  std::vector<experiment::AccuracyRecord> records = {
      record("r", 0, 0, 0, 1.0),     record("r", 0, 120, 0, 0.5),   record("r", 0, 120, 120, 0.5),
      record("r", 0, 120, 240, 0.5), record("r", 2, 0, 120, 0.2),   record("r", 2, 120, 240, 0.6),
      record("r", 2, 120, 0, 0.6),   record("r", 2, 120, 360, 0.9),  // spacing 240: not closest
  };
  const auto headline = report::headlineAccuracy(eval, records, "r");
  EXPECT_DOUBLE_EQ(headline.target_alone, 0.75);
  EXPECT_DOUBLE_EQ(headline.closest_xax, 0.4);
}

TEST(CrowdingFigures, ConstantSpacingFollowsTheStudysTables) {
  experiment::EvalSpec eval;
  eval.target_ecc_px = {0, 60, 120, 180};
  eval.flanker_ecc_px = {0, 120, 240, 360};
  eval.spacings_px = {120};
  std::vector<experiment::AccuracyRecord> records;
  for (double te : eval.target_ecc_px) {
    for (double fe : eval.flanker_ecc_px) {
      records.push_back(record("r", 0, te, fe, 0.9));
      records.push_back(record("r", 1, te, fe, 0.5 + fe / 1000));
      records.push_back(record("r", 2, te, fe, 0.3));
    }
  }
  const auto figures = report::crowdingFigures(eval, records, "r");
  const auto& spacing = byId(figures, "spacing-120");
  ASSERT_EQ(spacing.series.size(), 4u);
  // te + 120 must be a flanker eccentricity: te = 0 and 120 (240 would need fe = 240 + 120 ...).
  const auto& a = spacing.series[0];
  ASSERT_EQ(a.name, "a");
  EXPECT_EQ(a.x, (std::vector<double>{0, 120}));
  EXPECT_EQ(a.y, (std::vector<double>{0.9, 0.9}));
  const auto& xa = spacing.series[1];  // one flanker at te - 120: te = 120 only
  ASSERT_EQ(xa.name, "xa");
  EXPECT_EQ(xa.x, (std::vector<double>{120}));
  EXPECT_DOUBLE_EQ(xa.y[0], 0.5);
  const auto& ax = spacing.series[2];  // one flanker at te + 120
  EXPECT_DOUBLE_EQ(ax.y[1], 0.5 + 0.24);
  EXPECT_TRUE(spacing.has_reference);
  EXPECT_DOUBLE_EQ(spacing.reference_y, 0.2);

  const auto& map = byId(figures, "heatmap-two-flankers");
  ASSERT_TRUE(map.has_heatmap);
  EXPECT_EQ(map.heatmap.values.size(), 16u);
  // One tidy CSV row per cell, plus the header.
  const std::string csv = report::toTidyCsv(map);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 17);
}

TEST(CrowdingFigures, MissingCellsAreGapsNotZeros) {
  experiment::EvalSpec eval;
  eval.target_ecc_px = {0};
  eval.flanker_ecc_px = {0, 120};
  eval.spacings_px = {120};
  const auto figures = report::crowdingFigures(eval, {record("r", 0, 0, 0, 0.8)}, "r");
  const auto& xax = byId(figures, "spacing-120").series[3];
  ASSERT_EQ(xax.y.size(), 1u);
  EXPECT_TRUE(std::isnan(xax.y[0]));
}

TEST(CrowdingFigures, LearningRateSelectionPrefersTheLaterRateOnTies) {
  const auto spec = experiment::parseExperimentSpec(
      "[experiment]\nname=\"x\"\n[train]\nlearning_rates=[0.1, 0.01, 0.001]\n[[model]]\n"
      "name=\"m\"\n",
      "x.toml");
  auto runRecord = [](std::string name, double rate, double final_loss, double last_loss) {
    experiment::RunRecord r;
    r.run = std::move(name);
    r.model = "m";
    r.learning_rate = rate;
    r.final_loss = final_loss;
    r.last_logged_loss = last_loss;
    return r;
  };
  std::vector<experiment::RunRecord> runs = {runRecord("m-lr0.1", 0.1, 0.5, 0.9),
                                             runRecord("m-lr0.01", 0.01, 0.4, 0.2),
                                             runRecord("m-lr0.001", 0.001, 0.4, 0.3)};
  EXPECT_EQ(report::selectRuns(spec, runs), std::vector<std::string>{"m-lr0.001"});
  auto original = spec;
  original.eval.lr_rule = "original";  // the last logged minibatch loss
  EXPECT_EQ(report::selectRuns(original, runs), std::vector<std::string>{"m-lr0.01"});
  runs[0].final_loss = std::nan("");  // a diverged run is never chosen
  runs[1].final_loss = runs[2].final_loss = 1;
  EXPECT_EQ(report::selectRuns(spec, runs), std::vector<std::string>{"m-lr0.001"});
}

TEST(CrowdingFigures, WithSeedsTheRateWithTheBestMeanLossIsChosenWithAllItsSeeds) {
  const auto spec = experiment::parseExperimentSpec(
      "[experiment]\nname=\"x\"\nseeds=[1, 2]\n[train]\nlearning_rates=[0.1, 0.01]\n"
      "[[model]]\nname=\"m\"\n",
      "x.toml");
  auto runRecord = [](std::string name, double final_loss) {
    experiment::RunRecord r;
    r.run = std::move(name);
    r.model = "m";
    r.final_loss = final_loss;
    return r;
  };
  // The single best run is at 0.1, but 0.01 is better on average over its seeds.
  const std::vector<experiment::RunRecord> runs = {
      runRecord("m-lr0.1-s1", 0.1), runRecord("m-lr0.1-s2", 0.9), runRecord("m-lr0.01-s1", 0.3),
      runRecord("m-lr0.01-s2", 0.4)};
  EXPECT_EQ(report::selectRuns(spec, runs),
            (std::vector<std::string>{"m-lr0.01-s1", "m-lr0.01-s2"}));
}

}  // namespace

namespace {

// Psychophysicists report eccentricity in degrees: a 53 cm, 1920 px screen seen from 57 cm puts
// its edge (960 px, 26.5 cm) at atan(26.5 / 57) = 24.94 deg. Spacings toward the fovea are the
// angle between target and flanker, smaller in the periphery than at the centre.
TEST(CrowdingFigures, AxesConvertToDegreesThroughTheDisplayModel) {
  experiment::EvalSpec eval;
  eval.target_ecc_px = {0, 480, 960};
  eval.flanker_ecc_px = {0, 480, 960};
  eval.spacings_px = {480};
  eval.periphery_target_px = 960;
  std::vector<experiment::AccuracyRecord> records;
  for (double te : eval.target_ecc_px) {
    for (double fe : eval.flanker_ecc_px) records.push_back(record("r", 0, te, fe, 0.9));
  }
  const stimulus::DisplayModel display;  // 57 cm, 53 cm, 1920 px
  const auto figures = report::crowdingFigures(eval, records, "r");
  const auto spacing = report::inDegrees(byId(figures, "spacing-480"), display);
  EXPECT_EQ(spacing.x_title, "target eccentricity (deg)");
  EXPECT_EQ(spacing.y_title, byId(figures, "spacing-480").y_title);  // accuracy stays
  ASSERT_EQ(spacing.series[0].x.size(), 2u);
  EXPECT_NEAR(spacing.series[0].x[0], 0.0, 1e-9);
  EXPECT_NEAR(spacing.series[0].x[1], 13.09, 0.01);  // atan(13.25 / 57)
  EXPECT_EQ(spacing.series[0].y, byId(figures, "spacing-480").series[0].y);

  const auto periphery = report::inDegrees(byId(figures, "target-periphery"), display);
  EXPECT_EQ(periphery.x_title, "spacing toward the fovea (deg)");
  // Flankers at 0 and 480 px: 24.94 and 24.94 - 13.09 = 11.85 deg from the target.
  std::vector<double> x = periphery.series[0].x;
  std::sort(x.begin(), x.end());
  ASSERT_EQ(x.size(), 2u);
  EXPECT_NEAR(x[0], 11.85, 0.01);
  EXPECT_NEAR(x[1], 24.94, 0.01);

  const auto map = report::inDegrees(byId(figures, "heatmap-two-flankers"), display);
  EXPECT_EQ(map.y_title, "flanker eccentricity (deg)");
  EXPECT_NEAR(map.heatmap.y_values.back(), 24.94, 0.01);
  EXPECT_EQ(report::toTidyCsv(map).rfind("run,flanker_type,units,", 0), 0u)
      << report::toTidyCsv(map);
}

}  // namespace

namespace {

TEST(TidyResults, EveryCellIsOneRowWithItsRunAndAQuotedReason) {
  experiment::RunRecord run;
  run.run = "m-lr0.01";
  run.model = "m";
  run.learning_rate = 0.01;
  experiment::AccuracyRecord scored;
  scored.run = "m-lr0.01";
  scored.result.condition = {2, 60, 120};
  scored.result.configuration = "xax";
  scored.result.spacing_px = 60;
  scored.result.images = 8;
  scored.result.correct = 6;
  scored.result.accuracy = 0.75;
  scored.checkpoint_crc32 = "abc";
  experiment::AccuracyRecord invalid = scored;
  invalid.run = "unrecorded";
  invalid.result.valid = false;
  invalid.result.accuracy = std::nan("");
  invalid.result.reason = "flankers overlap, \"off canvas\"";
  const auto csv = report::accuracyCsv({run}, {scored, invalid});
  std::istringstream lines(csv);
  std::string header, first, second, extra;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_FALSE(std::getline(lines, extra));
  EXPECT_EQ(header.substr(0, 38), "run,model,learning_rate,flanker_type,c");
  EXPECT_EQ(first, "m-lr0.01,m,0.01,2,xax,60,120,60,8,6,0.75,1,,abc");
  // A run the store has no record of keeps its cells; the reason is quoted, NaN is empty.
  EXPECT_EQ(second,
            "unrecorded,,,2,xax,60,120,60,8,6,,0,\"flankers overlap, \"\"off canvas\"\"\",abc");
}

}  // namespace

TEST(TimeCourseFigures, PoolTheHeadlineCellsStepByStepOncePerStimulus) {
  experiment::EvalSpec eval;
  eval.spacings_px = {60, 120};
  eval.headline_max_ecc_px = 60;
  std::vector<experiment::TimeCourseRecord> records;
  auto add = [&](int type, double te, double fe, const std::string& presentation, int step,
                 std::int64_t correct) {
    experiment::TimeCourseRecord r;
    r.run = "gru-lr0.02";
    r.condition = {type, te, fe};
    r.presentation = presentation;
    r.step = step;
    r.images = 100;
    r.correct = correct;
    records.push_back(r);
  };
  for (int step = 0; step < 2; ++step) {
    add(0, 0, 0, "default", step, 20 + 60 * step);
    add(0, 0, 30, "default", step, 20 + 60 * step);  // the same target-alone stimulus again
    add(0, 60, 0, "default", step, 40);
    add(2, 60, 120, "default", step, 30 + 10 * step);  // crowded at the closest spacing
    add(2, 60, 0, "default", step, 30 + 10 * step);    // its mirror: counted once
    add(2, 60, 180, "default", step, 99);              // a wider spacing: not pooled
    add(2, 120, 180, "default", step, 99);             // beyond the headline: not pooled
    add(0, 0, 0, "neural", step, 50);
  }
  const auto figures = report::timeCourseFigures(eval, records, "gru-lr0.02", 5);
  ASSERT_EQ(figures.size(), 1u);
  const auto& figure = figures[0];
  EXPECT_EQ(figure.id, "time-course");
  EXPECT_DOUBLE_EQ(figure.reference_y, 0.2);
  ASSERT_EQ(figure.series.size(), 3u);
  EXPECT_EQ(figure.series[0].name, "default, target alone");
  EXPECT_EQ(figure.series[0].y, (std::vector<double>{0.3, 0.6}));  // (20 + 40) / 200, (80 + 40)
  EXPECT_EQ(figure.series[1].name, "default, two flankers at 60 px");
  EXPECT_EQ(figure.series[1].y, (std::vector<double>{0.3, 0.4}));
  EXPECT_EQ(figure.series[2].name, "neural, target alone");
  EXPECT_TRUE(report::timeCourseFigures(eval, records, "ecc-lr0.1", 5).empty());
}
