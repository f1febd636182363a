#include "core/stimulus/stimulus_spec.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/util/errors.h"
#include "core/util/resources.h"

using namespace fovea::stimulus;

namespace {

std::string errorOf(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    parseStimulusSpec(text, "spec.toml", overrides);
  } catch (const fovea::InputError& error) {
    return error.what();
  }
  return "";
}

TEST(StimulusSpec, AnEmptySpecIsThePaperStimulus) {
  const auto spec = parseStimulusSpec("", "empty.toml");
  EXPECT_EQ(spec.geometry.canvas_px, 1920);
  EXPECT_EQ(spec.geometry.target_px, 120);
  EXPECT_EQ(spec.geometry.configuration, Configuration::A);
  EXPECT_EQ(spec.retina.scales, 11);
  EXPECT_EQ(spec.retina.crop_px, 60);
  EXPECT_TRUE(std::isinf(spec.retina.chevron));
  EXPECT_EQ(spec.background.kind, "black");
}

TEST(StimulusSpec, ThePaperPresetSpellsOutTheDefaults) {
  const auto preset = loadStimulusSpec(fovea::experimentsDir() / "stimuli" / "paper.toml");
  EXPECT_EQ(toToml(preset), toToml(parseStimulusSpec("", "empty.toml")));
}

TEST(StimulusSpec, DegreesBecomePixelsThroughTheDisplay) {
  const auto spec = parseStimulusSpec(
      "[stimulus]\ntarget_ecc_deg = 8.0\nspacing_deg = 4.0\ntarget_size_deg = 2.0\n"
      "configuration = 'ax'\n",
      "deg.toml");
  const DisplayModel display;
  EXPECT_NEAR(spec.geometry.target_ecc_px, display.eccentricityPx(8.0), 1e-9);
  EXPECT_NEAR(spec.geometry.spacing_px, display.eccentricityPx(12.0) - display.eccentricityPx(8.0),
              1e-9);
  EXPECT_NEAR(spec.geometry.target_px, display.sizePx(8.0, 2.0), 0.5);
  EXPECT_EQ(spec.geometry.configuration, Configuration::AX);
}

TEST(StimulusSpec, OverridesTakeTomlValuesOrBareWords) {
  const auto spec = parseStimulusSpec("[stimulus]\nspacing_px = 120.0\n", "s.toml",
                                      {"stimulus.spacing_px=240", "stimulus.configuration=xax",
                                       "retina.chevron=2", "retina.contrast_norm=\"areafactor\""});
  EXPECT_DOUBLE_EQ(spec.geometry.spacing_px, 240);
  EXPECT_EQ(spec.geometry.configuration, Configuration::XAX);
  EXPECT_DOUBLE_EQ(spec.retina.chevron, 2);
  EXPECT_EQ(spec.retina.contrast_norm, fovea::retina::ContrastNorm::AreaFactor);
}

TEST(StimulusSpec, ErrorsNameTheKeyAndLine) {
  EXPECT_EQ(errorOf("[stimulus]\ncanvas_px = 1920\nspacng_px = 3\n"),
            "spec.toml:3: unknown key stimulus.spacng_px");
  EXPECT_EQ(errorOf("[stimuli]\n"), "spec.toml:1: unknown section [stimuli]");
  EXPECT_EQ(errorOf("[retina]\n\nscales = 'many'\n"),
            "spec.toml:3: retina.scales must be an integer");
  EXPECT_NE(errorOf("[stimulus]\nspacing_px = 100\nspacing_deg = 3\n").find("not both"),
            std::string::npos);
  EXPECT_NE(errorOf("[stimulus]\ntarget_contrast = 2.0\n").find("target_contrast"),
            std::string::npos);
  EXPECT_NE(errorOf("[stimulus\n").find("spec.toml:1"), std::string::npos);
  EXPECT_EQ(errorOf("", {"stimulus.nope=1"}), "--set: unknown key stimulus.nope");
  EXPECT_NE(errorOf("", {"spacing=1"}).find("section.key=value"), std::string::npos);
  EXPECT_NE(errorOf("[stimulus]\ntarget_ecc_deg = nan\n").find("target_ecc"), std::string::npos);
  // Names the value parsers refuse carry the file, line and key too (found by
  // fuzz_checkpoint_header).
  EXPECT_EQ(errorOf("[retina]\nfovea = 'spiral'\n").rfind("spec.toml:2: retina.fovea: ", 0), 0u)
      << errorOf("[retina]\nfovea = 'spiral'\n");
  EXPECT_EQ(
      errorOf("[stimulus]\narrangement = 'ring'\n").rfind("spec.toml:2: stimulus.arrangement", 0),
      0u);
  EXPECT_EQ(errorOf("[stimulus]\ntarget_contrast = 2.0\n").rfind("spec.toml: ", 0), 0u);
  EXPECT_EQ(errorOf("[display]\nviewing_distance_cm = -1\n").rfind("spec.toml: ", 0), 0u)
      << errorOf("[display]\nviewing_distance_cm = -1\n");
}

TEST(StimulusSpec, TomlRoundTripKeepsEveryField) {
  const auto spec = parseStimulusSpec(
      "[stimulus]\ntarget_ecc_px = 333.5\nspacing_px = 150\nconfiguration = 'xa'\n"
      "arrangement = 'tangential'\nflankers_per_side = 2\nmeridian_deg = 30\n"
      "flanker_contrast = 0.4\nflanker_px = 85\n[retina]\nchevron = 2\nscales = 6\n"
      "[glyphs]\nsplit = 'train'\ntarget_index = 7\n",
      "s.toml");
  const auto again = parseStimulusSpec(toToml(spec), "again.toml");
  EXPECT_EQ(toToml(again), toToml(spec));
  EXPECT_DOUBLE_EQ(again.geometry.target_ecc_px, 333.5);
  EXPECT_EQ(again.geometry.arrangement, Arrangement::Tangential);
  EXPECT_EQ(again.glyphs.target_index, 7);
  EXPECT_DOUBLE_EQ(again.retina.chevron, 2);
}

}  // namespace
