#include "core/report/crowding_claims.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/report/claims_stats.h"
#include "core/util/errors.h"

using namespace fovea;
using report::Count;
using report::Verdict;

namespace {

// Textbook Wilson 95 % intervals (Newcombe 1998, table I).
TEST(ClaimsStats, WilsonIntervalsMatchPublishedValues) {
  const auto zero = report::wilson95({0, 10});
  EXPECT_NEAR(zero.lo, 0.0, 1e-4);
  EXPECT_NEAR(zero.hi, 0.2775, 1e-4);
  const auto half = report::wilson95({5, 10});
  EXPECT_NEAR(half.lo, 0.2366, 1e-4);
  EXPECT_NEAR(half.hi, 0.7634, 1e-4);
  const auto high = report::wilson95({81, 263});
  EXPECT_NEAR(high.lo, 0.2553, 1e-3);
  EXPECT_NEAR(high.hi, 0.3662, 1e-3);
  EXPECT_TRUE(std::isnan(report::wilson95({0, 0}).lo));
  EXPECT_EQ(report::describe(Count{45, 50}), "0.90 [0.79, 0.96]");
  // 0.9 - 0.5 with 250 images each: 1.96 x sqrt(0.09 / 250 + 0.25 / 250) = 0.07.
  EXPECT_EQ(report::describe(report::estimate({225, 250}) - report::estimate({125, 250})),
            "+0.40 \u00b1 0.07");
}

TEST(ClaimsStats, DifferencesHoldOnlyWhenTheirIntervalExcludesZero) {
  const auto high = report::estimate({225, 250}), low = report::estimate({125, 250});
  EXPECT_EQ(report::positive(high - low), Verdict::Holds);
  EXPECT_EQ(report::positive(low - high), Verdict::DoesNotHold);
  // 0.52 against 0.50 with 250 images each: the data cannot tell.
  EXPECT_EQ(report::positive(report::estimate({130, 250}) - low), Verdict::Inconclusive);
  EXPECT_EQ(report::positive(report::estimate({0, 0}) - low), Verdict::NotMeasured);
  EXPECT_EQ(report::allOf({Verdict::Holds, Verdict::Holds}), Verdict::Holds);
  EXPECT_EQ(report::allOf({Verdict::Holds, Verdict::Inconclusive}), Verdict::Inconclusive);
  EXPECT_EQ(report::allOf({Verdict::Holds, Verdict::DoesNotHold}), Verdict::DoesNotHold);
  EXPECT_EQ(report::allOf({Verdict::NotMeasured}), Verdict::NotMeasured);
}

experiment::AccuracyRecord cell(const std::string& run, int type, double te, double fe,
                                std::int64_t correct) {
  experiment::AccuracyRecord r;
  r.run = run;
  r.result.condition = {type, te, fe};
  r.result.correct = correct;
  r.result.images = 250;
  r.result.accuracy = correct / 250.0;
  return r;
}

// A grid for one run: the target alone at `alone`, one flanker at `one`, two at `two` (at the
// closest spacing 60; at 120 two flankers cost half as much).
void addRun(std::vector<experiment::AccuracyRecord>& grid, const std::string& run, int alone,
            int one, int two) {
  for (double te : {0.0, 30.0, 60.0}) {
    for (double fe : {0.0, 60.0, 120.0, 180.0}) grid.push_back(cell(run, 0, te, fe, alone));
    grid.push_back(cell(run, 1, te, te + 60, one));
    if (te >= 60) grid.push_back(cell(run, 1, te, te - 60, one));
    grid.push_back(cell(run, 2, te, te + 60, two));
    grid.push_back(cell(run, 2, te, te - 60, two));  // the mirror cell: not counted again
    grid.push_back(cell(run, 2, te, te + 120, (alone + two) / 2));
  }
}

experiment::ExperimentSpec claimsSpec() {
  auto spec = experiment::parseExperimentSpec(R"(
[experiment]
name = "c"
[stimulus]
canvas_px = 480
target_px = 60
flanker_px = 60
spacing_px = 60.0
[retina]
crop_px = 30
[[model]]
name = "ecc"
[[model]]
name = "ecc-late"
scheme = "11-11-11-11-1"
[[model]]
name = "dcnn"
kind = "dcnn"
field_px = 240
[[model]]
name = "flank"
train_stimulus = ["stimulus.configuration=xax"]
[eval]
target_ecc_px = [0, 30, 60]
spacings_px = [60, 120]
headline_max_ecc_px = 60
[claims]
early_pooling = "ecc"
late_pooling = "ecc-late"
dcnn = ["dcnn"]
flanker_trained = "flank"
)",
                                              "claims.toml");
  return spec;
}

const report::ClaimRow& row(const std::vector<report::ClaimRow>& rows, const std::string& id) {
  for (const auto& r : rows) {
    if (r.id == id) return r;
  }
  throw std::runtime_error("no claim " + id);
}

TEST(CrowdingClaims, VerdictsFollowTheMeasuredCells) {
  const auto spec = claimsSpec();
  report::ClaimData data;
  data.run_of_model = {{"ecc", "ecc-lr0.1"}, {"ecc-late", "late-lr0.1"}, {"dcnn", "dcnn-lr0.1"}};
  addRun(data.grid, "ecc-lr0.1", 230, 180, 120);   // crowded, in the claimed order
  addRun(data.grid, "late-lr0.1", 230, 220, 215);  // pooling late: barely crowded
  addRun(data.grid, "dcnn-lr0.1", 240, 100, 60);   // the DCNN collapses with flankers
  const auto rows = report::crowdingClaims(spec, data);

  // One row per eccentricity model, each against every DCNN at the centre.
  const auto& centre = row(rows, "C1");  // ecc 120 of 250 vs dcnn 60 of 250
  EXPECT_EQ(centre.verdict, Verdict::Holds) << centre.test;
  EXPECT_EQ(centre.models, "ecc vs dcnn");
  EXPECT_EQ(row(rows, "C1b").models, "ecc-late vs dcnn");
  EXPECT_EQ(row(rows, "C1b").verdict, Verdict::Holds);
  const auto& ordering = row(rows, "C2");
  EXPECT_EQ(ordering.verdict, Verdict::Holds) << ordering.test;
  // xax pooled over targets 0, 30, 60 counts each once: 3 x 120 of 750.
  EXPECT_NE(ordering.measured.find("xax 0.48"), std::string::npos) << ordering.measured;
  const auto& pooling = row(rows, "C4");  // early loses 0.44, late 0.06
  EXPECT_EQ(pooling.verdict, Verdict::Holds) << pooling.test;
  // Models the spec does not name are reported, not guessed.
  EXPECT_EQ(row(rows, "C3").verdict, Verdict::NotMeasured);
  EXPECT_EQ(row(rows, "C5").verdict, Verdict::NotMeasured);
  EXPECT_EQ(row(rows, "C6").verdict, Verdict::NotMeasured);

  // The same grid with late pooling crowding more: the pooling claim does not hold.
  report::ClaimData reversed = data;
  reversed.grid.clear();
  addRun(reversed.grid, "ecc-lr0.1", 230, 220, 215);
  addRun(reversed.grid, "late-lr0.1", 230, 180, 120);
  addRun(reversed.grid, "dcnn-lr0.1", 240, 100, 60);
  EXPECT_EQ(row(report::crowdingClaims(spec, reversed), "C4").verdict, Verdict::DoesNotHold);
}

// A target whose two-flanker cell the grid holds only at te - s (the top of the grid) still
// counts, once, and the crowding cost compares a and xax over the same targets.
TEST(CrowdingClaims, TwoFlankerCellsOnEitherSideCountOncePerTarget) {
  const auto spec = claimsSpec();
  std::vector<experiment::AccuracyRecord> grid = {
      cell("r", 0, 0, 0, 250), cell("r", 0, 60, 0, 200),  cell("r", 2, 0, 60, 100),
      cell("r", 2, 60, 0, 50), cell("r", 2, 60, 120, 50), cell("r", 0, 30, 0, 10)};
  const Count xax = report::pooledCells(grid, "r", "xax", 60, {0, 30, 60});
  EXPECT_EQ(xax.images, 500);  // te 0 and te 60 (its mirror not again); te 30 has no cell
  EXPECT_EQ(xax.correct, 150);
  report::ClaimData data;
  data.run_of_model = {{"ecc", "r"}};
  data.grid = grid;
  // a - xax over te 0 and 60 only: (450 - 150) / 500; te 30's poor target-alone cell is left out.
  const auto rows = report::crowdingClaims(spec, data);
  EXPECT_NE(row(rows, "C4").measured.find("ecc +0.60"), std::string::npos)
      << row(rows, "C4").measured;
}

// The flanker-trained model's seen configuration (xax at the base spacing, 60 px) against every
// unseen one, each over the targets where both exist.
TEST(CrowdingClaims, FlankerTrainingIsTestedAgainstEachUnseenConfiguration) {
  const auto spec = claimsSpec();
  report::ClaimData data;
  data.run_of_model = {{"flank", "f"}};
  addRun(data.grid, "f", 230, 120, 200);  // xax at 60: 200; at 120: (230 + 200) / 2 = 215
  const auto rows = report::crowdingClaims(spec, data);
  const auto& training = row(rows, "C5");
  EXPECT_NE(training.models.find("trained on xax at 60 px"), std::string::npos) << training.models;
  // xax at 120 px is easier than the seen configuration: robustness "carries over" there.
  EXPECT_EQ(training.verdict, Verdict::DoesNotHold) << training.test;
  EXPECT_NE(training.test.find("seen - ax at 60 +0.3"), std::string::npos) << training.test;
  EXPECT_NE(training.test.find("seen - xax at 120 -0.0"), std::string::npos) << training.test;
}

TEST(CrowdingClaims, FlankerSetsAreComparedWithDigitFlankers) {
  auto spec = claimsSpec();
  report::ClaimData data;
  data.run_of_model = {{"ecc", "ecc-lr0.1"}};
  addRun(data.by_flanker_set["digits"], "ecc-lr0.1", 230, 180, 100);
  addRun(data.by_flanker_set["letters"], "ecc-lr0.1", 230, 180, 160);
  addRun(data.by_flanker_set["unfamiliar"], "ecc-lr0.1", 230, 180, 105);
  const auto rows = report::crowdingClaims(spec, data);
  const auto& similarity = row(rows, "C3");
  EXPECT_EQ(similarity.verdict, Verdict::Inconclusive) << similarity.test;  // unfamiliar ~ digits
  EXPECT_NE(similarity.test.find("letters-digits +0.24"), std::string::npos) << similarity.test;
}

TEST(CrowdingClaims, TheTableIsAFigureWithATidyCsv) {
  std::vector<report::ClaimRow> rows = {
      {"C1", "a claim, with a comma", "m", "0.90 [0.86, 0.93]", "+0.2 ± 0.1", Verdict::Holds}};
  const auto figure = report::claimsFigure(rows, "exp");
  ASSERT_TRUE(figure.has_table);
  EXPECT_EQ(figure.table.rows.at(0).at(figure.table.status_column), "holds");
  const std::string csv = report::toTidyCsv(figure);
  EXPECT_NE(csv.find("experiment,claim,statement"), std::string::npos) << csv;
  EXPECT_NE(csv.find("exp,C1,\"a claim, with a comma\",m,"), std::string::npos) << csv;
}

TEST(CrowdingClaims, ClaimsNamingAnUnknownModelAreAnErrorWithItsLine) {
  try {
    experiment::parseExperimentSpec(
        "[experiment]\nname = \"c\"\n[[model]]\nname = \"ecc\"\n[claims]\nlate_pooling = "
        "\"nope\"\n",
        "claims.toml");
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("claims.toml:6"), std::string::npos) << message;
    EXPECT_NE(message.find("claims.late_pooling 'nope'"), std::string::npos) << message;
  }
}

}  // namespace
