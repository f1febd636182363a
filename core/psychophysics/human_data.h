#pragma once
// People's crowding data beside the models': trials in a CSV as PsychoPy writes them (one row per
// trial with the eccentricity, the flanker spacing and whether the answer was right), columns
// named in a small TOML spec, fitted by the same psychometric and Bouma code as the models.
//
//   [human]
//   file = "simulated-observers.csv"   # relative to the spec
//   eccentricity = "ecc_deg"           # column names
//   spacing = "spacing_deg"
//   correct = "correct"                # 1/0, true/false
//   group = "observer"                 # optional: one series per value
//   guess = 0.1                        # chance: 1 / the number of possible answers
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/psychophysics/bouma.h"
#include "core/psychophysics/psychometric.h"

namespace fovea::psychophysics {

struct HumanDataSpec {
  std::filesystem::path file;
  std::string eccentricity = "eccentricity";
  std::string spacing = "spacing";
  std::string correct = "correct";
  std::string group;  // empty: all rows are one series
  double guess = 0.1;
  // People's lapse rate when it is known (from unflanked or catch trials), fixed as a model's is
  // fixed at 1 - its unflanked accuracy; NaN: fitted, up to 6 %.
  double lapse = std::numeric_limits<double>::quiet_NaN();
  int bootstrap = 200;
  std::uint64_t seed = 1;
};

// Limits checked before reading or allocating.
constexpr std::uintmax_t kMaxHumanFileBytes = 64ull << 20;
constexpr std::size_t kMaxHumanRows = 2'000'000;

// InputError naming the spec and the key for a missing or mistyped key or an unknown one.
HumanDataSpec parseHumanDataSpec(const std::filesystem::path& spec);

// group -> eccentricity (deg) -> trials (spacing deg, correct).
using HumanTrials = std::map<std::string, std::map<double, std::vector<std::pair<double, bool>>>>;
// InputError naming the file, the line and the column for a missing column, a value that is not
// a number (or not 0/1/true/false for `correct`), a spacing or eccentricity not above 0, or a
// file or row count past the limits.
HumanTrials readHumanTrials(const HumanDataSpec& spec);

struct HumanPoint {
  double ecc_deg = 0;
  int trials = 0;
  Fit fit;  // on log10 spacing (deg)
  Bootstrap interval;
  double critical_deg = 0, low_deg = 0, high_deg = 0;  // halfway between guess and 1 - lapse
  std::string refusal;
};
struct HumanSeries {
  std::string group;
  std::vector<HumanPoint> points;
  BoumaFit bouma;
};

std::vector<HumanSeries> fitHumanTrials(const HumanDataSpec& spec, const HumanTrials& trials);
nlohmann::json toJson(const std::vector<HumanSeries>& series);

}  // namespace fovea::psychophysics
