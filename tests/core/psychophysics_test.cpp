// Psychophysics against simulated observers whose thresholds are known: fits and their
// intervals, staircase convergence, the QUEST posterior, and Bouma's line.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "core/psychophysics/bouma.h"
#include "core/psychophysics/nelder_mead.h"
#include "core/psychophysics/psychometric.h"
#include "core/psychophysics/quest.h"
#include "core/psychophysics/staircase.h"

namespace fovea::psychophysics {
namespace {

// An observer of 5 classes (guess 0.2) on log10 spacing: threshold location 0.3, slope 8.
Psychometric knownObserver() {
  Psychometric f;
  f.alpha = 0.3;
  f.beta = 8;
  f.guess = 0.2;
  f.lapse = 0.02;
  return f;
}

std::vector<Block> simulate(const Psychometric& f, const std::vector<double>& levels, int n,
                            std::mt19937_64& rng) {
  std::vector<Block> data;
  for (double x : levels) {
    std::binomial_distribution<int> draw(n, f.probability(x));
    data.push_back({x, n, draw(rng)});
  }
  return data;
}

TEST(NelderMead, FindsTheMinimumOfRosenbrock) {
  const auto m = nelderMead(
      [](const std::vector<double>& v) {
        return 100 * std::pow(v[1] - v[0] * v[0], 2) + std::pow(1 - v[0], 2);
      },
      {-1.2, 1.0}, {0.5, 0.5}, 1e-14, 10000);
  EXPECT_NEAR(m.x[0], 1.0, 1e-3);
  EXPECT_NEAR(m.x[1], 1.0, 2e-3);
}

TEST(Psychometric, ThresholdInvertsTheFunction) {
  for (Shape shape : {Shape::Logistic, Shape::Weibull}) {
    Psychometric f = knownObserver();
    f.shape = shape;
    f.alpha = shape == Shape::Weibull ? 2.0 : 0.3;
    f.beta = shape == Shape::Weibull ? 3.0 : 8.0;
    for (double p : {0.3, 0.5, 0.794, 0.95}) EXPECT_NEAR(f.probability(f.threshold(p)), p, 1e-12);
    EXPECT_TRUE(std::isnan(f.threshold(0.99)));  // above 1 - lapse
    EXPECT_TRUE(std::isnan(f.threshold(0.1)));   // below the guess rate
  }
  EXPECT_DOUBLE_EQ(knownObserver().probability(0.3), 0.2 + 0.78 * 0.5);
}

TEST(Psychometric, TheFitRecoversAKnownObserverFromManyTrials) {
  std::mt19937_64 rng(1);
  const auto truth = knownObserver();
  const auto data = simulate(truth, {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, 2000, rng);
  FitOptions options;
  options.guess = 0.2;
  const Fit fit = fitPsychometric(data, options);
  ASSERT_EQ(fit.refusal, "");
  EXPECT_NEAR(fit.function.alpha, 0.3, 0.01);
  EXPECT_NEAR(fit.function.beta, 8, 0.8);
  EXPECT_NEAR(fit.function.lapse, 0.02, 0.015);
  EXPECT_NEAR(fit.function.threshold(0.75), truth.threshold(0.75), 0.01);
}

TEST(Psychometric, BootstrapIntervalsCoverTheTrueThresholdAtAbout95Percent) {
  const auto truth = knownObserver();
  const double level = 0.6;
  const double true_threshold = truth.threshold(level);
  FitOptions options;
  options.guess = 0.2;
  options.fit_lapse = false;
  options.fixed_lapse = 0.02;
  std::mt19937_64 rng(7);
  int covered = 0;
  const int runs = 100;
  for (int run = 0; run < runs; ++run) {
    const auto data = simulate(truth, {0.05, 0.15, 0.25, 0.35, 0.45, 0.55}, 30, rng);
    const Fit fit = fitPsychometric(data, options);
    const auto b = bootstrap(fit, data, options, level, 200, 1000 + run);
    covered += b.threshold.low <= true_threshold && true_threshold <= b.threshold.high;
  }
  std::printf("bootstrap 95%% intervals held the true threshold in %d of %d runs\n", covered, runs);
  // Binomial(100, 0.95) lies in [88, 100] with probability 0.999.
  EXPECT_GE(covered, 88) << covered << " of " << runs;
}

TEST(Psychometric, ImpossibleDataIsRefusedWithAReason) {
  FitOptions options;
  EXPECT_EQ(fitPsychometric({}, options).refusal, "no trials");
  EXPECT_EQ(fitPsychometric({{0.2, 10, 5}, {0.2, 10, 7}}, options).refusal,
            "all trials at one level");
  options.shape = Shape::Weibull;
  EXPECT_EQ(fitPsychometric({{0.0, 10, 5}, {0.2, 10, 7}}, options).refusal,
            "a Weibull needs levels above 0");
}

TEST(Staircase, ThreeDownOneUpConvergesOnThe79PercentPoint) {
  const auto truth = knownObserver();
  const double target = truth.threshold(upDownTarget(3));
  EXPECT_NEAR(upDownTarget(3), 0.7937, 1e-4);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  double sum = 0;
  const int runs = 200;
  for (int run = 0; run < runs; ++run) {
    UpDownOptions options;
    options.start = 1.0;  // far too easy: the staircase must come down
    options.step = 0.04;
    options.first_step = 0.12;
    options.reversals = 16;
    options.average_last = 10;
    UpDownStaircase staircase(options);
    while (!staircase.done()) {
      staircase.respond(u(rng) < truth.probability(staircase.level()));
    }
    sum += staircase.estimate();
  }
  std::printf("3-down-1-up: mean estimate %.4f for a 79.4%% point at %.4f (200 runs)\n", sum / runs,
              target);
  // The mean of 200 estimates (each with an sd of about 0.04) is close to the target level.
  EXPECT_NEAR(sum / runs, target, 0.02);
}

TEST(Staircase, LevelsMoveByTheRuleAndStayInRange) {
  UpDownOptions options;
  options.start = 0.5;
  options.step = 0.1;
  options.first_step = 0.1;
  options.down = 2;
  options.min_level = 0.3;
  UpDownStaircase s(options);
  s.respond(true);
  EXPECT_DOUBLE_EQ(s.level(), 0.5);  // one right of two: no move
  s.respond(true);
  EXPECT_DOUBLE_EQ(s.level(), 0.4);
  s.respond(true);
  s.respond(true);
  EXPECT_DOUBLE_EQ(s.level(), 0.3);
  s.respond(true);
  s.respond(true);
  EXPECT_DOUBLE_EQ(s.level(), 0.3);  // clamped
  s.respond(false);
  EXPECT_NEAR(s.level(), 0.4, 1e-12);
  ASSERT_EQ(s.reversals().size(), 1u);
  EXPECT_DOUBLE_EQ(s.reversals()[0], 0.3);
  EXPECT_DOUBLE_EQ(s.estimate(), 0.3);
}

TEST(Quest, ThePosteriorNarrowsAroundTheTrueLocation) {
  const auto truth = knownObserver();
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  int inside = 0;
  const int runs = 100;
  double sd_sum = 0;
  for (int run = 0; run < runs; ++run) {
    QuestOptions options;
    options.model = truth;
    options.prior_mean = 0.6;  // a wrong guess with a wide prior
    options.prior_sd = 0.4;
    options.grid_lo = -1;
    options.grid_hi = 2;
    options.trials = 80;
    Quest quest(options);
    const double sd0 = quest.posteriorSd();
    while (!quest.done()) {
      const double x = quest.level();
      quest.respond(x, u(rng) < truth.probability(x));
    }
    EXPECT_LT(quest.posteriorSd(), sd0 / 4);
    sd_sum += quest.posteriorSd();
    inside += std::abs(quest.posteriorMean() - truth.alpha) < 1.96 * quest.posteriorSd();
  }
  std::printf("QUEST: the posterior's 95%% band held the truth in %d of %d runs, mean sd %.4f\n",
              inside, runs, sd_sum / runs);
  // The posterior is calibrated: its 95 % band holds the truth about 95 times in 100.
  EXPECT_GE(inside, 85) << inside;
  EXPECT_LT(sd_sum / runs, 0.05);
}

TEST(Bouma, TheLineAndItsIntervalRecoverAKnownSlope) {
  // People-like spacings: b = 0.45, c = 0.1 deg, each measured with a 95 % interval of +-10 %.
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise;
  int covered = 0;
  for (int run = 0; run < 100; ++run) {
    std::vector<CriticalSpacing> points;
    for (double e : {2.0, 4.0, 6.0, 8.0, 10.0}) {
      const double truth = 0.45 * e + 0.1, sd = 0.1 * truth / 1.96;
      const double measured = truth + sd * noise(rng);
      points.push_back({e, measured, measured - 1.96 * sd, measured + 1.96 * sd});
    }
    const auto fit = fitBouma(points, 400, run);
    ASSERT_EQ(fit.refusal, "");
    covered += fit.slope.low <= 0.45 && 0.45 <= fit.slope.high;
  }
  std::printf("Bouma: the slope's 95%% interval held b = 0.45 in %d of 100 runs\n", covered);
  EXPECT_GE(covered, 85) << covered;
  EXPECT_NE(fitBouma({{4, 1, 1, 1}}, 10, 1).refusal, "");
  // Radial twice as steep as tangential.
  std::vector<CriticalSpacing> radial, tangential;
  for (double e : {2.0, 5.0, 8.0}) {
    radial.push_back({e, 0.5 * e, 0.5 * e * 0.95, 0.5 * e * 1.05});
    tangential.push_back({e, 0.25 * e, 0.25 * e * 0.95, 0.25 * e * 1.05});
  }
  const auto ratio = slopeRatio(radial, tangential, 400, 2);
  EXPECT_NEAR(ratio.estimate, 2.0, 1e-9);
  EXPECT_LT(ratio.low, 2.0);
  EXPECT_GT(ratio.high, 2.0);
  EXPECT_GT(ratio.low, 1.5);
}

}  // namespace
}  // namespace fovea::psychophysics
