#include "core/train/crowding_batches.h"

#include <gtest/gtest.h>

#include <set>

using namespace fovea;

namespace {

experiment::ExperimentSpec smallSpec(const std::vector<std::string>& overrides = {}) {
  return experiment::parseExperimentSpec(R"(
[experiment]
name = "small"
[stimulus]
canvas_px = 240
target_px = 30
flanker_px = 30
spacing_px = 30.0
[retina]
scales = 4
crop_px = 20
[train]
batch = 16
[[model]]
name = "m"
scheme = "4-1-1"
)",
                                         "small.toml", overrides);
}

TEST(CrowdingBatches, AStepsBatchIsTheSameForAnyThreadCountAndOrder) {
  const auto spec = smallSpec();
  const train::CrowdingBatches batches(spec, spec.models[0], spec.seed);
  const auto late = batches.batch(7, 2);
  const auto early = batches.batch(3, 1);
  const auto again = batches.batch(7, 1);
  EXPECT_EQ(late.inputs, again.inputs);
  EXPECT_EQ(late.labels, again.labels);
  EXPECT_NE(late.inputs, early.inputs);
  EXPECT_EQ(late.size, 16);
  EXPECT_EQ(late.scales, 4);
  EXPECT_EQ(late.side, 20);
  EXPECT_EQ(late.inputs.size(), 16u * 4 * 20 * 20);
  for (auto label : late.labels) {
    EXPECT_GE(label, 0);
    EXPECT_LT(label, 5);
  }
}

TEST(CrowdingBatches, RandomShiftsStayWithinTheLimit) {
  const auto spec = smallSpec({"train.max_shift_px=15"});
  const train::CrowdingBatches batches(spec, spec.models[0], spec.seed);
  const auto batch = batches.batch(0, 2);
  double widest = 0;
  for (double ecc : batch.target_ecc_px) widest = std::max(widest, std::fabs(ecc));
  EXPECT_LE(widest, 15.0);
  EXPECT_GT(widest, 0.0);
}

TEST(CrowdingBatches, AFixedSetShowsEveryImageOncePerEpoch) {
  const auto spec = smallSpec({"train.train_images=32", "train.random_shifts=false"});
  const train::CrowdingBatches batches(spec, spec.models[0], spec.seed);
  // Without shifts an image is its target digit; two batches of 16 make one epoch of 32.
  std::multiset<std::vector<float>> epoch1, epoch2;
  const std::size_t per = 4 * 20 * 20;
  for (int step : {0, 1}) {
    const auto b = batches.batch(step, 2);
    for (int j = 0; j < b.size; ++j) {
      epoch1.insert(
          std::vector<float>(b.inputs.begin() + j * per, b.inputs.begin() + (j + 1) * per));
    }
  }
  for (int step : {2, 3}) {
    const auto b = batches.batch(step, 2);
    for (int j = 0; j < b.size; ++j) {
      epoch2.insert(
          std::vector<float>(b.inputs.begin() + j * per, b.inputs.begin() + (j + 1) * per));
    }
  }
  EXPECT_EQ(epoch1, epoch2);                                          // the same images, reshuffled
  EXPECT_NE(batches.batch(0, 1).inputs, batches.batch(2, 1).inputs);  // in another order
}

}  // namespace
