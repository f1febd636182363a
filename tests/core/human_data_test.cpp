// People's trials read from a PsychoPy-shaped CSV and fitted as the models are: a simulated
// observer's Bouma slope is recovered, the bundled example reads, bad files are named.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "core/psychophysics/human_data.h"
#include "core/util/errors.h"

namespace fovea::psychophysics {
namespace {

namespace fs = std::filesystem;

class HumanData : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("fovea-human-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  HumanDataSpec write(const std::string& csv) {
    std::ofstream(dir_ / "trials.csv") << csv;
    std::ofstream(dir_ / "spec.toml")
        << "[human]\nfile = \"trials.csv\"\neccentricity = \"ecc\"\nspacing = \"spacing\"\n"
           "correct = \"corr\"\ngroup = \"arrangement\"\nguess = 0.1\nbootstrap = 100\n";
    return parseHumanDataSpec(dir_ / "spec.toml");
  }

  std::string error(const std::string& csv) {
    try {
      readHumanTrials(write(csv));
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }

  fs::path dir_;
};

TEST_F(HumanData, ASimulatedObserversBoumaSlopeIsRecovered) {
  // b = 0.45 radially, 0.225 tangentially, intercept 0.1 deg; logistic on log10 spacing (slope
  // 6), halfway between chance (0.1) and 1 - 0.02 at the critical spacing.
  std::mt19937_64 rng(4);
  std::uniform_real_distribution<double> u(0, 1);
  std::string csv = "participant,arrangement,ecc,spacing,corr\n";
  for (const auto& [arrangement, b] : {std::pair{"radial", 0.45}, std::pair{"tangential", 0.225}}) {
    for (double e : {2.0, 4.0, 6.0, 8.0, 10.0}) {
      const double critical = b * e + 0.1;
      for (double ratio : {0.5, 0.7, 1.0, 1.4, 2.0, 2.8}) {
        const double p = 0.1 + 0.88 / (1 + std::exp(-6 * std::log10(ratio)));
        for (int t = 0; t < 60; ++t) {
          csv += std::string("s1,") + arrangement + "," + std::to_string(e) + "," +
                 std::to_string(critical * ratio) + "," + (u(rng) < p ? "True" : "False") + "\n";
        }
      }
    }
  }
  const auto spec = write(csv);
  const auto series = fitHumanTrials(spec, readHumanTrials(spec));
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].group, "radial");
  ASSERT_EQ(series[0].points.size(), 5u);
  EXPECT_EQ(series[0].points[0].trials, 360);
  for (const auto& s : series) {
    const double b = s.group == "radial" ? 0.45 : 0.225;
    EXPECT_LE(s.bouma.slope.low, b) << s.group;
    EXPECT_GE(s.bouma.slope.high, b) << s.group;
    EXPECT_NEAR(s.bouma.slope.estimate, b, 0.1 * b) << s.group;
    for (const auto& p : s.points) {
      EXPECT_NEAR(p.critical_deg, b * p.ecc_deg + 0.1, 0.15 * (b * p.ecc_deg + 0.1)) << p.ecc_deg;
    }
  }
}

// An observer who lapses on 15 % of trials: fitted freely the lapse stops at 6 %; given as
// human.lapse it is fixed, as a model's is fixed at 1 - its unflanked accuracy, and the critical
// spacing (halfway between chance and 1 - lapse) comes out where it was made.
TEST_F(HumanData, AKnownLapseIsFixedAsAModelsIs) {
  std::mt19937_64 rng(9);
  std::uniform_real_distribution<double> u(0, 1);
  const double critical = 1.0, lapse = 0.15;
  std::string csv = "arrangement,ecc,spacing,corr\n";
  for (double ratio : {0.4, 0.6, 0.8, 1.0, 1.25, 1.6, 2.5}) {
    const double p = 0.1 + (0.9 - lapse) / (1 + std::exp(-6 * std::log10(ratio)));
    for (int t = 0; t < 400; ++t) {
      csv += "radial,4," + std::to_string(critical * ratio) + "," + (u(rng) < p ? "1" : "0") + "\n";
    }
  }
  const auto free_spec = write(csv);
  const auto free_fit = fitHumanTrials(free_spec, readHumanTrials(free_spec));
  ASSERT_EQ(free_fit.at(0).points.size(), 1u);
  EXPECT_LE(free_fit[0].points[0].fit.function.lapse, 0.06 + 1e-9);

  std::ofstream(dir_ / "spec.toml", std::ios::app) << "lapse = 0.15\n";
  const auto fixed_spec = parseHumanDataSpec(dir_ / "spec.toml");
  EXPECT_DOUBLE_EQ(fixed_spec.lapse, 0.15);
  const auto fixed = fitHumanTrials(fixed_spec, readHumanTrials(fixed_spec)).at(0).points.at(0);
  EXPECT_DOUBLE_EQ(fixed.fit.function.lapse, 0.15);
  EXPECT_NEAR(fixed.critical_deg, critical, 0.05 * critical);
  EXPECT_LE(fixed.low_deg, critical);
  EXPECT_GE(fixed.high_deg, critical);
  std::cout << "critical spacing 1.0 with 15 % lapses: lapse fitted (at most 6 %) "
            << free_fit[0].points[0].critical_deg << ", lapse given " << fixed.critical_deg << "\n";

  std::ofstream(dir_ / "lapse.toml") << "[human]\nfile = \"trials.csv\"\nlapse = 0.95\n";
  try {
    parseHumanDataSpec(dir_ / "lapse.toml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("human.lapse"), std::string::npos) << e.what();
  }
}

TEST_F(HumanData, TheBundledSimulatedObserversRead) {
  const auto spec =
      parseHumanDataSpec(fs::path(FOVEA_SOURCE_DIR) / "experiments/human/simulated-radial.toml");
  const auto series = fitHumanTrials(spec, readHumanTrials(spec));
  ASSERT_EQ(series.size(), 2u);  // radial, tangential
  EXPECT_EQ(series[0].group, "radial");
  EXPECT_EQ(series[0].points.size(), 5u);
  // Radial crowding is about twice as wide as tangential, as it was made.
  const double ratio = series[0].bouma.slope.estimate / series[1].bouma.slope.estimate;
  EXPECT_GT(ratio, 1.6);
  EXPECT_LT(ratio, 2.4);
}

TEST_F(HumanData, BadFilesAreRefusedNamingTheLineAndColumn) {
  EXPECT_NE(error("ecc,spacing,arrangement\n").find("no column 'corr' (human.correct)"),
            std::string::npos);
  const std::string header = "arrangement,ecc,spacing,corr\n";
  EXPECT_NE(error(header + "radial,2,0.5,1\nradial,2,abc,1\n").find("trials.csv:3: spacing 'abc'"),
            std::string::npos);
  EXPECT_NE(error(header + "radial,2,0.5,maybe\n").find("corr 'maybe' is not 1, 0, true or false"),
            std::string::npos);
  EXPECT_NE(error(header + "radial,-2,0.5,1\n").find("ecc '-2' is not a number above 0"),
            std::string::npos);
  EXPECT_NE(error(header + "radial,2,0.5\n").find("3 fields for 4 columns"), std::string::npos);
  EXPECT_NE(error(header).find("no trials"), std::string::npos);
  // Quoted fields may hold commas.
  EXPECT_EQ(error("arrangement,ecc,spacing,corr\n\"radial, left\",2,0.5,1\n"), "no error");
  std::ofstream(dir_ / "bad.toml") << "[human]\nfile = \"t.csv\"\nguess = 1.5\n";
  try {
    parseHumanDataSpec(dir_ / "bad.toml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("human.guess"), std::string::npos) << e.what();
  }
  std::ofstream(dir_ / "typo.toml") << "[human]\nfile = \"t.csv\"\nspacin = \"s\"\n";
  try {
    parseHumanDataSpec(dir_ / "typo.toml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("spacin"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace fovea::psychophysics
