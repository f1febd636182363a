#include "core/demo/digit_demo.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/engine/runtime.h"
#include "core/util/errors.h"

namespace {

using fovea::demo::DigitDemoOptions;
using fovea::demo::runDigitDemo;

TEST(DigitDemo, LearnsRealDigitsWellAboveChance) {
  fovea::engine::configureThreads(0);
  int reports = 0;
  double first_loss = 0;
  const auto result = runDigitDemo({}, [&](const fovea::demo::DigitDemoProgress& progress) {
    if (reports++ == 0) first_loss = progress.loss;
    EXPECT_EQ(progress.step, reports);
  });
  EXPECT_FALSE(result.cancelled);
  EXPECT_EQ(result.train_images, 4500);
  EXPECT_EQ(result.test_images, 500);
  EXPECT_EQ(reports, result.steps);
  EXPECT_NEAR(first_loss, std::log(10.0), 0.3) << "an untrained 10-way classifier";
  EXPECT_LT(result.final_loss, 0.5);
  EXPECT_GE(result.test_accuracy, 0.9) << "chance is 0.1";
}

TEST(DigitDemo, SameSeedGivesTheSameRun) {
  DigitDemoOptions options;
  options.epochs = 1;
  const auto a = runDigitDemo(options);
  const auto b = runDigitDemo(options);
  EXPECT_EQ(a.final_loss, b.final_loss);
  EXPECT_EQ(a.test_accuracy, b.test_accuracy);
  options.seed = 2;
  EXPECT_NE(runDigitDemo(options).final_loss, a.final_loss);
}

TEST(DigitDemo, StopsBetweenStepsWhenCancelled) {
  std::atomic<bool> cancel{false};
  const auto result = runDigitDemo(
      {},
      [&](const fovea::demo::DigitDemoProgress& progress) {
        if (progress.step == 5) cancel = true;
      },
      &cancel);
  EXPECT_TRUE(result.cancelled);
  EXPECT_EQ(result.steps, 5);
}

TEST(DigitDemo, RejectsImpossibleOptions) {
  DigitDemoOptions options;
  options.epochs = 0;
  EXPECT_THROW(runDigitDemo(options), fovea::InputError);
  options = {};
  options.learning_rate = std::nan("");
  EXPECT_THROW(runDigitDemo(options), fovea::InputError);
}

}  // namespace
