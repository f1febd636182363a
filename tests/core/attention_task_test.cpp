// The attention task as an experiment: [attention] and its errors, per-model [model.train]
// recipes (curriculum, restarted learning-rate phases), the training stream, the scored cells,
// their store and their figures.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/eval/attention_eval.h"
#include "core/experiment/experiment_spec.h"
#include "core/experiment/results_store.h"
#include "core/experiment/run_identity.h"
#include "core/report/attention_figures.h"
#include "core/train/batch_source.h"
#include "core/util/errors.h"
#include "core/util/sqlite_db.h"

using namespace fovea;
using experiment::parseExperimentSpec;

namespace {

const char* kTask = R"(
[experiment]
name = "attention"
seed = 5
[attention]
noise = 0.75
contrast = 0.7
offset_std = 4
[train]
optimizer = "sgd"
learning_rates = [0.01]
batch = 6
steps = 100
schedule = "step"
step_size = 10
gamma = 0.5
[[train.curriculum]]
from_step = 0
set = ["attention.offset_std=4"]
[[train.curriculum]]
from_step = 50
set = ["attention.offset_std=20"]
[[train.curriculum]]
from_step = 90
set = ["attention.contrast_range=[0.3, 0.7]"]
rate_scale = 0.1
[[model]]
name = "atn"
kind = "atn"
[[model]]
name = "what"
kind = "what"
train_stimulus = ["attention.size=28", "attention.offset_max=25"]
[model.train]
optimizer = "adam"
steps = 40
[[model.train.curriculum]]
from_step = 0
set = ["attention.offset_std=0"]
[[model.train.curriculum]]
from_step = 20
set = ["attention.offset_std=15"]
)";

std::string errorOf(const std::string& text) {
  try {
    parseExperimentSpec(text, "exp.toml");
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST(AttentionTask, AttentionTableMakesTheTaskWithTheStudysDefaults) {
  const auto spec = parseExperimentSpec(kTask, "exp.toml");
  ASSERT_TRUE(spec.attentionTask());
  EXPECT_EQ(spec.class_names.size(), 10u);
  const auto& a = spec.attention;
  EXPECT_EQ(a.stimulus.size, 128);
  EXPECT_EQ(a.stimulus.offset_max, 40);
  ASSERT_EQ(a.radii_px.size(), 9u);  // linspace(40, 0, 9, endpoint=False), ascending
  EXPECT_NEAR(a.radii_px.front(), 40.0 / 9, 1e-9);
  EXPECT_NEAR(a.radii_px.back(), 40.0, 1e-9);
  EXPECT_EQ(a.contrasts, (std::vector<double>{0.3, 0.5, 0.7}));
  // 27 eccentricity x contrast cells, central and general, a 19 x 19 shift map (step 3).
  EXPECT_EQ(eval::attentionCells(a).size(), 27u + 2u + 19u * 19u);
  EXPECT_FALSE(
      parseExperimentSpec("[experiment]\nname = \"c\"\n[[model]]\nname = \"e\"\n", "c.toml")
          .attentionTask());
}

TEST(AttentionTask, ErrorsNameTheKeyAndLine) {
  const std::string base = "[experiment]\nname = \"x\"\n[[model]]\nname = \"w\"\nkind = \"what\"\n";
  EXPECT_NE(errorOf(base + "[attention]\nradii_px = [10, 90]\n").find("exp.toml:7"),
            std::string::npos)
      << errorOf(base + "[attention]\nradii_px = [10, 90]\n");
  EXPECT_NE(errorOf(base + "[attention]\nsize = 64\n").find("size 28 (What) or 128"),
            std::string::npos);
  EXPECT_NE(
      errorOf(base + "[attention]\ncontrast_range = [0.3]\n").find("attention.contrast_range"),
      std::string::npos);
  EXPECT_NE(errorOf(base + "[attention]\nimages = 100000000\n").find("attention.images"),
            std::string::npos);
  EXPECT_NE(errorOf(base + "[attention]\nwhat = 1\n").find("unknown key attention.what"),
            std::string::npos);
  // A crowding network cannot take the task's images; the message names the model.
  const auto crowding =
      errorOf("[experiment]\nname = \"x\"\n[attention]\n[[model]]\nname = \"ecc\"\n");
  EXPECT_NE(crowding.find("model 'ecc'"), std::string::npos) << crowding;
  // A model's train table is checked like [train], named as the model's, at its line.
  const auto bad_steps = errorOf(base + "[attention]\n[model.train]\nsteps = \"many\"\n");
  EXPECT_NE(bad_steps.find("exp.toml:8"), std::string::npos) << bad_steps;
  EXPECT_NE(bad_steps.find("model[0].train.steps"), std::string::npos) << bad_steps;
  EXPECT_NE(errorOf(base + "[attention]\n[model.train]\nstepz = 3\n").find("model[0].train.stepz"),
            std::string::npos);
  EXPECT_NE(errorOf(base + "[attention]\nradii_px = [10, 20, 10]\n").find("twice"),
            std::string::npos);
  const auto lone_schedule = errorOf(base +
                                     "[attention]\n[[model.train.curriculum]]\nfrom_step = 0\n"
                                     "schedule = \"constant\"\n");
  EXPECT_NE(lone_schedule.find("rate_scale"), std::string::npos) << lone_schedule;
  const auto bad_scale = errorOf(
      "[experiment]\nname = \"x\"\n[attention]\n[[model]]\nname = \"a\"\nkind = \"atn\"\n"
      "scale = 3\n");
  EXPECT_NE(bad_scale.find("model[0].scale"), std::string::npos) << bad_scale;
  // init_from names another model with one run; a prefix alone is an error.
  const auto unknown_source = errorOf(base + "init_from = \"nope\"\n[attention]\n");
  EXPECT_NE(unknown_source.find("init_from = 'nope'"), std::string::npos) << unknown_source;
  const auto itself = errorOf(base + "init_from = \"w\"\n[attention]\n");
  EXPECT_NE(itself.find("names no other model"), std::string::npos) << itself;
  // A source listed after the model that starts from it: runs train in the file's order.
  const auto later = errorOf(
      "[experiment]\nname = \"x\"\n[[model]]\nname = \"a\"\nkind = \"atn\"\n"
      "init_from = \"w\"\n[[model]]\nname = \"w\"\nkind = \"what\"\n[attention]\n");
  EXPECT_NE(later.find("listed after it"), std::string::npos) << later;
  const auto lone_prefix = errorOf(base + "init_prefix = \"classifier.\"\n[attention]\n");
  EXPECT_NE(lone_prefix.find("needs init_from"), std::string::npos) << lone_prefix;
  const auto two_runs =
      errorOf(base +
              "learning_rates = [0.1, 0.01]\n[[model]]\nname = \"a\"\nkind = \"atn\"\n"
              "init_from = \"w\"\n[attention]\n");
  EXPECT_NE(two_runs.find("one learning rate"), std::string::npos) << two_runs;
}

TEST(AttentionTask, ModelTrainTablesOverrideTrainForThatModelOnly) {
  const auto spec = parseExperimentSpec(kTask, "exp.toml");
  const auto& atn = spec.models[0];
  const auto& what = spec.models[1];
  EXPECT_EQ(atn.train.optimizer, "sgd");
  EXPECT_EQ(atn.train.steps, 100);
  EXPECT_EQ(what.train.optimizer, "adam");
  EXPECT_EQ(what.train.steps, 40);
  EXPECT_EQ(what.train.batch, 6);  // the rest is [train]'s
  // Learning rates set in a model's train table plan its runs.
  std::string text = kTask;
  text.replace(text.find("steps = 40\n"), 11, "steps = 40\nlearning_rates = [0.003]\n");
  const auto rated = parseExperimentSpec(text, "exp.toml");
  const auto runs = experiment::plannedRuns(rated);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].name, "what-lr0.003");
  ASSERT_EQ(what.train.curriculum.size(), 2u);
  // Its own stages and train_stimulus, on top of [attention].
  EXPECT_EQ(experiment::attentionStimulusFor(spec, what, 0).size, 28);
  EXPECT_EQ(experiment::attentionStimulusFor(spec, what, 0).offset_std, 0);
  EXPECT_EQ(experiment::attentionStimulusFor(spec, what, 25).offset_std, 15);
  EXPECT_EQ(experiment::attentionStimulusFor(spec, what, 25).offset_max, 25);
  EXPECT_EQ(experiment::attentionStimulusFor(spec, atn, 49).offset_std, 4);
  EXPECT_EQ(experiment::attentionStimulusFor(spec, atn, 50).offset_std, 20);
  EXPECT_EQ(experiment::attentionStimulusFor(spec, atn, 95).contrast_min, 0.3);
  // Without a model table the resolved train is [train]'s, so older runs keep their identity.
  EXPECT_EQ(experiment::toJson(atn.train), experiment::toJson(spec.train));
  EXPECT_NE(experiment::toJson(what.train), experiment::toJson(spec.train));
}

TEST(AttentionTask, AStageWithRateScaleRestartsTheSchedule) {
  const auto spec = parseExperimentSpec(kTask, "exp.toml");
  const auto& train = spec.models[0].train;
  const auto rate = [&](std::int64_t step) {
    return experiment::learningRateAt(train, 0.01, step, train.curriculum);
  };
  EXPECT_DOUBLE_EQ(rate(0), 0.01);
  EXPECT_DOUBLE_EQ(rate(25), 0.01 * 0.25);
  EXPECT_DOUBLE_EQ(rate(89), 0.01 * std::pow(0.5, 8));
  // A new optimiser phase at step 90: 0.1 x the base rate, its steps counted from 90.
  EXPECT_DOUBLE_EQ(rate(90), 0.001);
  EXPECT_DOUBLE_EQ(rate(99), 0.001);
  EXPECT_DOUBLE_EQ(rate(100), 0.0005);
  auto constant = train;
  constant.curriculum.back().schedule = "constant";
  EXPECT_DOUBLE_EQ(experiment::learningRateAt(constant, 0.01, 120, constant.curriculum), 0.001);
}

TEST(AttentionTask, BatchesAreTheModelsViewAndDependOnTheStepAlone) {
  const auto spec = parseExperimentSpec(kTask, "exp.toml");
  const auto atn = train::makeBatchSource(spec, spec.models[0], spec.seed);
  const auto what = train::makeBatchSource(spec, spec.models[1], spec.seed);
  const auto a1 = atn->batch(3, 1);
  const auto a2 = atn->batch(3, 2);
  EXPECT_EQ(a1.inputs, a2.inputs);
  EXPECT_EQ(a1.labels, a2.labels);
  EXPECT_NE(a1.inputs, atn->batch(4, 2).inputs);
  EXPECT_EQ(a1.inputs.size(), 6u * 128 * 128);
  const auto w = what->batch(3, 2);
  EXPECT_EQ(w.inputs.size(), 6u * 28 * 28);
  for (auto label : w.labels) EXPECT_TRUE(label >= 0 && label <= 9);
  // 128 px images: mid-grey outside the disk of radius 64.
  EXPECT_FLOAT_EQ(a1.inputs[0], 0.5f);
  // Shifts grow with the curriculum: mean eccentricity at std 20 beyond that at std 4.
  double early = 0, late = 0;
  for (int s = 0; s < 10; ++s) {
    for (double e : atn->batch(s, 2).target_ecc_px) early += e;
    for (double e : atn->batch(60 + s, 2).target_ecc_px) late += e;
  }
  EXPECT_GT(late, 3 * early);
}

TEST(AttentionTask, CellsRoundTripThroughTheStoreAndDropWithTheirCheckpoint) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("fovea-attention-store-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  experiment::ResultsStore store(dir / "results.sqlite");
  eval::AttentionResult r;
  r.cell = {eval::AttentionCell::Measure::RadiusContrast, 40.0 / 9, 0.7};
  r.images = 200;
  r.correct = 150;
  r.accuracy = 0.75;
  r.transform.present = true;
  r.transform.scale_x = 0.18;
  r.transform.landing_error_px = 3.5;
  r.saccades = {{0, 90, 20.0, 0.0}, {1, 150, 4.5, 0.96}};
  eval::AttentionResult shift;
  shift.cell = {eval::AttentionCell::Measure::ShiftStd, 15, 0};
  shift.valid = false;
  shift.reason = "the model takes 128 px images";
  store.putAttention("atn-lr0.01", {r, shift}, "crc-a");
  const auto back = store.attention("atn-lr0.01");
  ASSERT_EQ(back.size(), 2u);
  const auto& first = back[0].result.cell.measure == r.cell.measure ? back[0] : back[1];
  EXPECT_TRUE(first.result.cell == r.cell);
  EXPECT_DOUBLE_EQ(first.result.accuracy, 0.75);
  EXPECT_TRUE(first.result.transform.present);
  EXPECT_DOUBLE_EQ(first.result.transform.landing_error_px, 3.5);
  EXPECT_EQ(first.checkpoint_crc32, "crc-a");
  ASSERT_EQ(first.result.saccades.size(), 2u);
  EXPECT_EQ(first.result.saccades[1].saccades, 1);
  EXPECT_EQ(first.result.saccades[1].correct, 150);
  EXPECT_DOUBLE_EQ(first.result.saccades[1].landing_error_px, 4.5);
  EXPECT_DOUBLE_EQ(first.result.saccades[1].moved, 0.96);
  EXPECT_EQ(first.result.saccades[0].correct, 90);
  const auto& second = &first == &back[0] ? back[1] : back[0];
  EXPECT_FALSE(second.result.valid);
  EXPECT_FALSE(second.result.transform.present);
  EXPECT_EQ(store.keepOnlyCheckpoint("atn-lr0.01", "crc-b"), 2u);
  EXPECT_TRUE(store.attention().empty());
  // The saccade rows went with their cells, and a cell scored again keeps none of its old ones.
  store.putAttention("atn-lr0.01", {r}, "crc-b");
  EXPECT_EQ(store.attention().at(0).result.saccades.size(), 2u);
  eval::AttentionResult again = r;
  again.saccades.clear();
  store.putAttention("atn-lr0.01", {again}, "crc-b");
  EXPECT_TRUE(store.attention().at(0).result.saccades.empty());
  std::filesystem::remove_all(dir);
}

TEST(AttentionTask, FiguresDrawALinePerContrastAndPerRunWithGaps) {
  experiment::AttentionSpec spec;
  spec.radii_px = {10, 20, 30};
  spec.contrasts = {0.3, 0.7};
  std::vector<experiment::AttentionRecord> records;
  auto add = [&](const std::string& run, double radius, double contrast, double accuracy) {
    experiment::AttentionRecord a;
    a.run = run;
    a.result.cell = {eval::AttentionCell::Measure::RadiusContrast, radius, contrast};
    a.result.accuracy = accuracy;
    a.result.images = 100;
    records.push_back(a);
  };
  add("a", 10, 0.7, 0.9);
  add("a", 20, 0.7, 0.6);
  add("a", 10, 0.3, 0.4);
  add("b", 30, 0.7, 0.5);
  // A shift-map cell is keyed (row, column); the map's x is the column.
  spec.map_half_px = 3;
  spec.map_step_px = 3;
  experiment::AttentionRecord shifted;
  shifted.run = "a";
  shifted.result.cell = {eval::AttentionCell::Measure::ShiftMap, 3, -3};
  shifted.result.accuracy = 0.42;
  records.push_back(shifted);
  const auto figures = report::attentionFigures(spec, records, "a");
  const auto map = std::find_if(figures.begin(), figures.end(),
                                [](const report::FigureData& f) { return f.id == "shift-map"; });
  ASSERT_NE(map, figures.end());
  EXPECT_DOUBLE_EQ(map->heatmap.values[2 * 3 + 0], 0.42);  // row +3 (y index 2), column -3
  EXPECT_TRUE(std::isnan(map->heatmap.values[0 * 3 + 2]));
  ASSERT_GE(figures.size(), 2u);
  EXPECT_EQ(figures[0].id, "accuracy-eccentricity");
  ASSERT_EQ(figures[0].series.size(), 2u);
  EXPECT_EQ(figures[0].series[0].name, "c = 0.7");  // highest contrast first
  EXPECT_DOUBLE_EQ(figures[0].series[0].y[1], 0.6);
  EXPECT_TRUE(std::isnan(figures[0].series[0].y[2]));  // not scored: a gap
  EXPECT_DOUBLE_EQ(figures[0].reference_y, 0.1);
  const auto bench = report::attentionBenchmark(spec, records, {"a", "b"});
  ASSERT_EQ(bench.size(), 2u);
  EXPECT_EQ(bench[0].id, "benchmark-c0.7");
  ASSERT_EQ(bench[0].series.size(), 2u);
  EXPECT_DOUBLE_EQ(bench[0].series[1].y[2], 0.5);
  const auto headline = report::attentionHeadline(records, "a");
  ASSERT_EQ(headline.mean_by_contrast.size(), 2u);
  EXPECT_DOUBLE_EQ(headline.mean_by_contrast[1].second, 0.75);
  EXPECT_TRUE(std::isnan(headline.central));
}

TEST(AttentionTask, ASaccadeModelGetsALinePerSaccadeCountPerContrast) {
  experiment::AttentionSpec spec;
  spec.radii_px = {10, 30};
  spec.contrasts = {0.3, 0.7};
  std::vector<experiment::AttentionRecord> records;
  auto add = [&](double radius, double contrast, std::int64_t before, std::int64_t after) {
    experiment::AttentionRecord a;
    a.run = "ww";
    a.result.cell = {eval::AttentionCell::Measure::RadiusContrast, radius, contrast};
    a.result.images = 200;
    a.result.correct = after;
    a.result.accuracy = after / 200.0;
    a.result.saccades = {{0, before, radius, 0}, {1, after, 5, 1}};
    records.push_back(a);
  };
  add(10, 0.7, 150, 160);
  add(30, 0.7, 20, 120);
  add(10, 0.3, 60, 64);
  const auto figures = report::attentionFigures(spec, records, "ww");
  const report::FigureData* high = nullptr;
  const report::FigureData* low = nullptr;
  for (const auto& f : figures) {
    if (f.id == "saccades-c0.7") high = &f;
    if (f.id == "saccades-c0.3") low = &f;
  }
  ASSERT_TRUE(high && low);
  ASSERT_EQ(high->series.size(), 2u);
  EXPECT_EQ(high->series[0].name, "no saccade");
  EXPECT_EQ(high->series[1].name, "1 saccade");
  EXPECT_DOUBLE_EQ(high->series[0].y[1], 0.1);   // 20 of 200 at 30 px without a saccade
  EXPECT_DOUBLE_EQ(high->series[1].y[1], 0.6);   // 120 of 200 after one
  EXPECT_TRUE(std::isnan(low->series[1].y[1]));  // not scored
  // The benchmark figure shows the model before its saccade beside its answer.
  const auto bench = report::attentionBenchmark(spec, records, {"ww"});
  ASSERT_FALSE(bench.empty());
  ASSERT_EQ(bench[0].series.size(), 2u);
  EXPECT_EQ(bench[0].series[0].name, "ww, 0 saccades");
  EXPECT_DOUBLE_EQ(bench[0].series[0].y[1], 0.1);
  EXPECT_EQ(bench[0].series[1].name, "ww");
  EXPECT_DOUBLE_EQ(bench[0].series[1].y[1], 0.6);
  // A model without saccades gets no such figure.
  for (auto& r : records) r.result.saccades.clear();
  for (const auto& f : report::attentionFigures(spec, records, "ww")) {
    EXPECT_EQ(f.id.rfind("saccades", 0), std::string::npos) << f.id;
  }
}

TEST(AttentionTask, ARecurrentRunsStepsGoWithTheirCellAndDrawPerPresentation) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("fovea-attention-steps-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  experiment::ResultsStore store(dir / "results.sqlite");
  auto timed = [](double radius, double contrast, std::vector<std::int64_t> own,
                  std::vector<std::int64_t> neural) {
    eval::AttentionResult r;
    r.cell = {eval::AttentionCell::Measure::RadiusContrast, radius, contrast};
    r.images = 100;
    r.correct = own.back();
    r.accuracy = r.correct / 100.0;
    r.over_time = {{"default", std::move(own)}, {"neural", std::move(neural)}};
    return r;
  };
  store.putAttention(
      "gru-lr0.01",
      {timed(5, 0.3, {10, 30, 50}, {10, 20, 40, 45}), timed(5, 0.7, {10, 50, 90}, {10, 40, 80, 85}),
       timed(20, 0.7, {10, 20, 40}, {10, 15, 25, 30}),
       timed(40, 0.7, {10, 11, 20}, {10, 12, 14, 16})},
      "crc-a");
  auto back = store.attention("gru-lr0.01");
  ASSERT_EQ(back.size(), 4u);
  const auto near = std::find_if(back.begin(), back.end(), [](const auto& a) {
    return a.result.cell.x == 5 && a.result.cell.y == 0.7;
  });
  ASSERT_NE(near, back.end());
  ASSERT_EQ(near->result.over_time.size(), 2u);
  EXPECT_EQ(near->result.over_time[0].presentation, "default");
  EXPECT_EQ(near->result.over_time[0].correct, (std::vector<std::int64_t>{10, 50, 90}));
  EXPECT_EQ(near->result.over_time[1].correct, (std::vector<std::int64_t>{10, 40, 80, 85}));

  // One line per presentation for the nearest and the farthest digits, pooled over contrast;
  // the 20 px cell lies between and draws none.
  const auto figures = report::attentionFigures({}, back, "gru-lr0.01");
  const auto course = std::find_if(figures.begin(), figures.end(), [](const report::FigureData& f) {
    return f.id == "time-course";
  });
  ASSERT_NE(course, figures.end());
  ASSERT_EQ(course->series.size(), 4u);
  EXPECT_EQ(course->series[0].name, "default, digit at 5 px");
  EXPECT_EQ(course->series[1].name, "default, digit at 40 px");
  EXPECT_EQ(course->series[3].name, "neural, digit at 40 px");
  EXPECT_DOUBLE_EQ(course->series[0].y[2], (50 + 90) / 200.0);
  EXPECT_DOUBLE_EQ(course->series[2].y[3], (45 + 85) / 200.0);
  EXPECT_DOUBLE_EQ(course->x_max, 3);
  EXPECT_DOUBLE_EQ(course->reference_y, 0.1);

  // Scored again without steps (a feed-forward checkpoint), the cell keeps none of the old ones;
  // another checkpoint drops them with the cell.
  eval::AttentionResult plain = timed(5, 0.7, {1}, {1});
  plain.over_time.clear();
  store.putAttention("gru-lr0.01", {plain}, "crc-a");
  back = store.attention("gru-lr0.01");
  for (const auto& a : back) {
    EXPECT_EQ(a.result.over_time.empty(), a.result.cell.x == 5 && a.result.cell.y == 0.7);
  }
  auto stepRows = [&](const std::filesystem::path& path) {
    SqliteDb db(path);
    SqliteStatement count(db, "SELECT COUNT(*) FROM attention_time_course");
    count.step();
    return count.integer(0);
  };
  EXPECT_EQ(stepRows(dir / "results.sqlite"), 3 * 7);
  // A shard with a new checkpoint for one cell: the run's other cells' steps go with their
  // checkpoint; the run's own presentation (here neural) stays first.
  {
    experiment::ResultsStore shard(dir / "shard.sqlite");
    experiment::RunRecord record;
    record.run = "gru-lr0.01";
    record.checkpoint_crc32 = "crc-c";
    shard.putRun(record);
    auto own_neural = timed(5, 0.3, {1, 2, 3}, {1, 2, 3, 4});
    std::swap(own_neural.over_time[0], own_neural.over_time[1]);
    shard.putAttention("gru-lr0.01", {own_neural}, "crc-c");
  }
  store.merge(dir / "shard.sqlite");
  EXPECT_EQ(stepRows(dir / "results.sqlite"), 7);
  back = store.attention("gru-lr0.01");
  ASSERT_EQ(back.size(), 1u);
  ASSERT_EQ(back[0].result.over_time.size(), 2u);
  EXPECT_EQ(back[0].result.over_time[0].presentation, "neural");
  EXPECT_EQ(store.keepOnlyCheckpoint("gru-lr0.01", "crc-d"), 1u);  // cells, not their steps
  EXPECT_EQ(stepRows(dir / "results.sqlite"), 0);
  store.putAttention("gru-lr0.01", {timed(5, 0.7, {1}, {1})}, "crc-d");
  store.removeRun("gru-lr0.01");
  EXPECT_EQ(stepRows(dir / "results.sqlite"), 0);
  std::filesystem::remove_all(dir);
}
