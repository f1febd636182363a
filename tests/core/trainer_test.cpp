#include "core/train/trainer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>

#include "core/eval/crowding_grid.h"
#include "core/eval/predictor.h"
#include "core/models/model_family.h"
#include "core/models/network.h"
#include "core/train/checkpoint.h"
#include "core/train/metrics_log.h"
#include "core/util/errors.h"

using namespace fovea;

namespace {

experiment::ExperimentSpec tinySpec(const std::vector<std::string>& overrides = {}) {
  return experiment::parseExperimentSpec(R"(
[experiment]
name = "tiny"
seed = 5
[stimulus]
canvas_px = 240
target_px = 30
flanker_px = 30
spacing_px = 30.0
[retina]
scales = 4
crop_px = 20
[train]
learning_rates = [0.01]
batch = 8
steps = 12
checkpoint_every = 5
log_every = 1
[[model]]
name = "m"
scheme = "4-1-1"
channels = 8
[eval]
target_ecc_px = [0, 30]
flanker_ecc_px = [0, 30, 60]
spacings_px = [30]
images = 8
)",
                                         "tiny.toml", overrides);
}

std::filesystem::path freshDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("fovea-trainer-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  return dir;
}

nlohmann::json runJson(const std::filesystem::path& dir) {
  return nlohmann::json::parse(std::ifstream(train::RunFiles(dir).run_json()));
}

void expectResumeMatches(const std::vector<std::string>& overrides, const std::string& name) {
  const auto spec = tinySpec(overrides);
  const auto run = experiment::plannedRuns(spec).front();

  train::TrainOptions straight;
  straight.run_dir = freshDir(name + "-straight");
  const auto whole = train::trainRun(spec, run, straight);
  ASSERT_EQ(whole.status, train::TrainStatus::Finished);

  std::atomic<bool> stop{false};
  train::TrainOptions interrupted;
  interrupted.run_dir = freshDir(name + "-interrupted");
  interrupted.stop = &stop;
  interrupted.on_progress = [&](const train::TrainProgress& p) {
    if (p.step == 7) stop = true;  // as SIGTERM would, between steps
  };
  const auto first = train::trainRun(spec, run, interrupted);
  ASSERT_EQ(first.status, train::TrainStatus::Stopped);
  EXPECT_EQ(first.step, 7);
  EXPECT_EQ(runJson(interrupted.run_dir)["status"], "stopped");

  stop = false;
  interrupted.on_progress = {};
  interrupted.resume = true;
  const auto second = train::trainRun(spec, run, interrupted);
  ASSERT_EQ(second.status, train::TrainStatus::Finished);
  EXPECT_EQ(second.step, 12);
  EXPECT_EQ(runJson(interrupted.run_dir)["weights_crc32"],
            runJson(straight.run_dir)["weights_crc32"]);
  EXPECT_DOUBLE_EQ(second.final_loss, whole.final_loss);
  // metrics.csv reads as one run: every step once, the same losses.
  const auto a = train::readMetrics(train::RunFiles(straight.run_dir).metrics());
  const auto b = train::readMetrics(train::RunFiles(interrupted.run_dir).metrics());
  ASSERT_EQ(a.size(), 12u);
  ASSERT_EQ(b.size(), 12u);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(b[i].step, static_cast<std::int64_t>(i + 1));
    EXPECT_DOUBLE_EQ(a[i].loss, b[i].loss) << "step " << i + 1;
  }
  std::filesystem::remove_all(straight.run_dir);
  std::filesystem::remove_all(interrupted.run_dir);
}

TEST(Trainer, ResumingAStoppedAdagradRunGivesTheSameWeights) {
  expectResumeMatches({}, "adagrad");
}

TEST(Trainer, ResumingAStoppedAdamRunWithAStepScheduleGivesTheSameWeights) {
  expectResumeMatches({"train.optimizer=\"adam\"", "train.learning_rates=[0.001]",
                       "train.schedule=\"step\"", "train.step_size=4"},
                      "adam");
}

TEST(Trainer, ResumingAFixedSetWithMomentumGivesTheSameWeights) {
  expectResumeMatches({"train.optimizer=\"sgd\"", "train.momentum=0.9", "train.nesterov=true",
                       "train.train_images=20"},
                      "sgd");
}

TEST(Trainer, ANonFiniteLossStopsTheRunAndKeepsTheLastGoodCheckpoint) {
  const auto spec = tinySpec({"train.optimizer=\"sgd\"", "train.learning_rates=[1e30]",
                              "train.checkpoint_every=1", "train.steps=30"});
  train::TrainOptions options;
  options.run_dir = freshDir("diverge");
  const auto result = train::trainRun(spec, experiment::plannedRuns(spec).front(), options);
  ASSERT_EQ(result.status, train::TrainStatus::Diverged);
  EXPECT_NE(result.message.find("the last good checkpoint (step "), std::string::npos);
  EXPECT_LT(result.step, 30);
  EXPECT_EQ(runJson(options.run_dir)["status"], "diverged");
  // The kept checkpoint is the last step before the bad one, it loads, and its answers are
  // finite numbers (a step can turn the weights to NaN before any loss shows it).
  const eval::Predictor predictor(train::RunFiles(options.run_dir).checkpoint());
  EXPECT_LE(predictor.step(), result.step);
  std::vector<float> input(static_cast<std::size_t>(predictor.input().values()), 0.25f);
  for (float p : predictor.probabilities(input, 1).front()) EXPECT_TRUE(std::isfinite(p)) << p;
  std::filesystem::remove_all(options.run_dir);
}

TEST(Trainer, ExistingAndDamagedCheckpointsAreClearErrors) {
  const auto spec = tinySpec({"train.steps=2"});
  const auto run = experiment::plannedRuns(spec).front();
  train::TrainOptions options;
  options.run_dir = freshDir("damaged");
  train::trainRun(spec, run, options);
  // Training again into the same directory without --resume would overwrite a run.
  EXPECT_THROW(train::trainRun(spec, run, options), InputError);
  const auto checkpoint = train::RunFiles(options.run_dir).checkpoint();
  {
    std::ofstream out(checkpoint, std::ios::binary | std::ios::trunc);
    out << "not a checkpoint";
  }
  options.resume = true;
  try {
    train::trainRun(spec, run, options);
    FAIL() << "a damaged checkpoint was accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(checkpoint.string()), std::string::npos);
  }
  std::filesystem::remove_all(options.run_dir);
}

TEST(Trainer, ACheckpointAnswersOnItsOwnAndScoresTheGrid) {
  const auto spec = tinySpec();
  train::TrainOptions options;
  options.run_dir = freshDir("predict");
  train::trainRun(spec, experiment::plannedRuns(spec).front(), options);
  const eval::Predictor predictor(train::RunFiles(options.run_dir).checkpoint());
  EXPECT_EQ(predictor.family(), "eccentricity");
  EXPECT_EQ(predictor.input().shape, (std::vector<std::int64_t>{4, 20, 20}));
  EXPECT_EQ(predictor.classNames(), (std::vector<std::string>{"0", "2", "4", "6", "8"}));
  EXPECT_EQ(predictor.stimulus().retina.crop_px, 20);
  std::vector<float> input(2 * 4 * 20 * 20, -0.5f);
  const auto p = predictor.probabilities(input, 2);
  ASSERT_EQ(p.size(), 2u);
  ASSERT_EQ(p[0].size(), 5u);
  EXPECT_NEAR(std::accumulate(p[0].begin(), p[0].end(), 0.0), 1.0, 1e-5);

  const auto grid = eval::crowdingGrid(spec.eval);
  EXPECT_EQ(grid.size(), 3u * 2 * 3);
  const auto results = eval::evaluateConditions(spec, predictor, grid);
  ASSERT_EQ(results.size(), grid.size());
  int invalid = 0;
  for (const auto& r : results) {
    if (!r.valid) {
      ++invalid;
      EXPECT_FALSE(r.reason.empty());
      continue;
    }
    EXPECT_EQ(r.images, 8);
    EXPECT_GE(r.accuracy, 0.0);
    EXPECT_LE(r.accuracy, 1.0);
  }
  // A flanker at the target's own eccentricity overlaps it: types 1 and 2 at fe == te (4 cells);
  // every other cell of this grid fits on the canvas.
  EXPECT_GE(invalid, 4);
  std::filesystem::remove_all(options.run_dir);
}

}  // namespace

// A transformer that starts from the What net's trained weights: its classifier holds them at
// step 0, its localisation does not come from anywhere.
TEST(Trainer, InitFromCopiesAnotherModelsWeightsUnderAPrefix) {
  const auto spec = experiment::parseExperimentSpec(R"([experiment]
name = "init"
seed = 2
[attention]
size = 128
noise = 0.75
offset_std = 5
radii_px = [5]
contrasts = [0.7]
shift_stds_px = []
map_half_px = 0
images = 4
batch = 4
[train]
optimizer = "sgd"
learning_rates = [0.05]
batch = 4
steps = 3
log_every = 1
[[model]]
name = "what"
kind = "what"
[[model]]
name = "atn"
kind = "atn"
init_from = "what"
init_prefix = "classifier."
)",
                                                    "init.toml");
  const auto dir = freshDir("init-from");
  const auto runs = experiment::plannedRuns(spec);
  ASSERT_EQ(runs.size(), 2u);
  train::TrainOptions options;
  options.run_dir = dir / "runs" / runs[1].name;
  // Before the What run exists, the transformer says what it needs.
  try {
    train::trainRun(spec, runs[1], options);
    FAIL() << "trained without its source";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("what-lr0.05 trained first"), std::string::npos)
        << error.what();
  }
  std::filesystem::remove_all(options.run_dir);
  options.run_dir = dir / "runs" / runs[0].name;
  train::trainRun(spec, runs[0], options);
  // Stopped before its first step: the checkpoint holds the weights it started from.
  const std::atomic<bool> stop{true};
  options.run_dir = dir / "runs" / runs[1].name;
  options.stop = &stop;
  train::trainRun(spec, runs[1], options);
  auto load = [&](std::size_t m, const std::filesystem::path& run_dir) {
    const auto& model = spec.models[m];
    auto net = models::ModelRegistry::instance().find(model.kind).build(model.net);
    train::loadCheckpoint(train::RunFiles(run_dir).checkpoint(), *net, nullptr);
    return net;
  };
  const auto what = load(0, dir / "runs" / runs[0].name);
  const auto atn = load(1, options.run_dir);
  for (const char* name : {"conv1.weight", "conv2.bias", "fc1.weight", "fc2.bias"}) {
    EXPECT_TRUE(torch::equal(what->named_parameters()[name],
                             atn->named_parameters()[std::string("classifier.") + name]))
        << name;
  }
  // The localisation is the transformer's own: a centred window at scale 0.2.
  EXPECT_TRUE(
      torch::equal(atn->named_parameters()["head2.bias"], torch::tensor({0.2f, 0.0f, 0.0f})));
  std::filesystem::remove_all(dir);
}
