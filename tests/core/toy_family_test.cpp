// A family registered from test code goes through the ordinary path: the experiment spec, the
// executor's training with a stop and a resume, the checkpoint, the predictor and the scored grid.
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <unistd.h>

#include <fstream>

#include "core/eval/predictor.h"
#include "core/experiment/executor.h"
#include "core/models/model_family.h"
#include "core/models/network.h"
#include "core/util/errors.h"

using namespace fovea;

namespace {

// One linear layer on the finest crop.
class ToyNetImpl : public models::NetworkImpl {
 public:
  ToyNetImpl(int side, int classes)
      : fc_(register_module("fc", torch::nn::Linear(side * side, classes))) {}
  torch::Tensor forward(torch::Tensor input) override { return features(input).back().second; }
  std::vector<std::pair<std::string, torch::Tensor>> features(torch::Tensor input) override {
    auto flat = input.flatten(1);
    return {{"flat", flat}, {"logits", fc_(flat)}};
  }

 private:
  torch::nn::Linear fc_;
};

class ToyFamily : public models::ModelFamily {
 public:
  std::string name() const override { return "toy-linear"; }
  std::string description() const override { return "a linear layer on one crop"; }
  std::vector<models::KeyDoc> keys() const override {
    return {{"side_px", "crop", "px", "the crop side"}};
  }
  nlohmann::json parse(models::ModelKeys& keys,
                       const models::ModelContext& context) const override {
    const int side = keys.integer("side_px").value_or(context.crop_px);
    if (side < 4) keys.fail("side_px", keys.name("side_px") + " must be at least 4");
    return {{"side_px", side}, {"classes", context.classes}};
  }
  void validate(const nlohmann::json& spec) const override {
    if (!spec.contains("side_px") || !spec.contains("classes")) {
      throw InputError("toy spec needs side_px and classes");
    }
  }
  models::InputSpec input(const nlohmann::json& spec) const override {
    const std::int64_t side = spec.at("side_px");
    return {models::InputSpec::Kind::MultiscaleCrops, {1, side, side}};
  }
  int classes(const nlohmann::json& spec) const override { return spec.at("classes"); }
  std::shared_ptr<models::NetworkImpl> build(const nlohmann::json& spec) const override {
    return std::make_shared<ToyNetImpl>(spec.at("side_px"), spec.at("classes"));
  }
};

const char* kToyExperiment = R"(
[experiment]
name = "toy"
seed = 3
[stimulus]
canvas_px = 240
target_px = 30
flanker_px = 30
spacing_px = 30.0
[train]
optimizer = "adam"
learning_rates = [0.01]
batch = 8
steps = 10
checkpoint_every = 3
log_every = 1
[[model]]
name = "toy"
kind = "toy-linear"
side_px = 16
[eval]
target_ecc_px = [0, 30]
flanker_ecc_px = [0, 60]
spacings_px = [60]
images = 8
)";

// Sets the stop flag once a run reaches `step`.
class StopAt : public experiment::ExperimentListener {
 public:
  StopAt(std::atomic<bool>& flag, std::int64_t step) : flag_(flag), step_(step) {}
  void trainingProgress(const experiment::RunPlan&, const train::TrainProgress& p) override {
    if (p.step >= step_) flag_ = true;
  }

 private:
  std::atomic<bool>& flag_;
  std::int64_t step_;
};

std::filesystem::path freshDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("fovea-toy-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  return dir;
}

std::string weightsCrc(const std::filesystem::path& dir) {
  std::ifstream in(dir / "runs" / "toy-lr0.01" / "run.json");
  return nlohmann::json::parse(in).at("weights_crc32");
}

TEST(ToyFamily, TrainsStopsResumesAndIsScoredThroughTheExecutor) {
  models::ModelRegistry::instance().add(std::make_shared<ToyFamily>());
  const auto spec = experiment::parseExperimentSpec(kToyExperiment, "toy.toml");
  ASSERT_EQ(spec.models[0].input.shape, (std::vector<std::int64_t>{1, 16, 16}));
  EXPECT_EQ(experiment::stimulusFor(spec, spec.models[0]).retina.crop_px, 16);

  experiment::ExecutorOptions straight_options;
  straight_options.dir = freshDir("straight");
  {
    experiment::ExperimentExecutor straight(spec, straight_options);
    const auto outcome = straight.runAll();
    ASSERT_FALSE(outcome.stopped);
    ASSERT_EQ(outcome.runs.size(), 1u);
    EXPECT_EQ(outcome.runs[0].train->status, train::TrainStatus::Finished);
    EXPECT_EQ(outcome.runs[0].score->cells, 3u * 2 * 2);
    EXPECT_TRUE(outcome.runs[0].score->complete());
    EXPECT_EQ(outcome.selected, std::vector<std::string>{"toy-lr0.01"});
  }

  std::atomic<bool> stop{false};
  StopAt stop_at(stop, 4);
  experiment::ExecutorOptions options;
  options.dir = freshDir("resumed");
  options.stop = &stop;
  {
    experiment::ExperimentExecutor first(spec, options, &stop_at);
    const auto outcome = first.runAll();
    ASSERT_TRUE(outcome.stopped);
    EXPECT_EQ(outcome.runs[0].train->status, train::TrainStatus::Stopped);
    EXPECT_EQ(outcome.runs[0].train->step, 4);
  }
  stop = false;
  options.stop = nullptr;
  {
    experiment::ExperimentExecutor second(spec, options);
    const auto outcome = second.runAll();
    ASSERT_FALSE(outcome.stopped);
    EXPECT_EQ(outcome.runs[0].train->step, 10);
    EXPECT_EQ(outcome.runs[0].score->scored, 12u);
  }
  EXPECT_EQ(weightsCrc(options.dir), weightsCrc(straight_options.dir));

  const eval::Predictor predictor(options.dir / "runs" / "toy-lr0.01" / "checkpoint.pt");
  EXPECT_EQ(predictor.family(), "toy-linear");
  EXPECT_EQ(predictor.classNames().size(), 5u);
  const std::vector<float> input(2 * 16 * 16, 0.1f);
  const auto features = predictor.features(input, 2);
  ASSERT_EQ(features.size(), 2u);
  EXPECT_EQ(features[0].name, "flat");
  EXPECT_EQ(features[0].shape, (std::vector<std::int64_t>{2, 256}));
  EXPECT_EQ(features[1].shape, (std::vector<std::int64_t>{2, 5}));

  experiment::ResultsStore store(options.dir / "results.sqlite");
  EXPECT_EQ(store.accuracy("toy-lr0.01").size(), 12u);
  std::filesystem::remove_all(options.dir);
  std::filesystem::remove_all(straight_options.dir);
}

}  // namespace
