// The registry and the [[model]] table as families read it (no LibTorch needed here).
#include <gtest/gtest.h>

#include "core/experiment/experiment_spec.h"
#include "core/experiment/run_identity.h"
#include "core/models/model_family.h"
#include "core/util/errors.h"

using namespace fovea;

namespace {

std::string errorOf(const std::string& model_table) {
  try {
    experiment::parseExperimentSpec("[experiment]\nname = \"x\"\n[[model]]\n" + model_table,
                                    "exp.toml");
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(ModelFamilies, TheBuiltInFamiliesAreRegistered) {
  const auto names = models::ModelRegistry::instance().names();
  for (const char* name : {"eccentricity", "dcnn", "digit-cnn"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
    EXPECT_FALSE(models::ModelRegistry::instance().find(name).keys().empty()) << name;
  }
}

TEST(ModelFamilies, UnknownFamiliesKeysAndBadValuesNameTheKeyAndTheLine) {
  const auto unknown_family = errorOf("name = \"m\"\nkind = \"resnet\"\n");
  EXPECT_NE(unknown_family.find("exp.toml:5"), std::string::npos) << unknown_family;
  EXPECT_NE(unknown_family.find("model[0].kind"), std::string::npos) << unknown_family;
  EXPECT_NE(unknown_family.find("digit-cnn"), std::string::npos) << unknown_family;

  const auto unknown_key = errorOf("name = \"m\"\nkind = \"digit-cnn\"\nscheme = \"11-1\"\n");
  EXPECT_NE(unknown_key.find("exp.toml:6"), std::string::npos) << unknown_key;
  EXPECT_NE(unknown_key.find("model[0].scheme"), std::string::npos) << unknown_key;

  const auto bad_value = errorOf("name = \"m\"\nkind = \"digit-cnn\"\nimage_px = 8\n");
  EXPECT_NE(bad_value.find("exp.toml:6"), std::string::npos) << bad_value;
  EXPECT_NE(bad_value.find("image_px"), std::string::npos) << bad_value;

  const auto dcnn_scales = errorOf("name = \"m\"\nkind = \"dcnn\"\nscheme = \"3-1-1-1\"\n");
  EXPECT_NE(dcnn_scales.find("exp.toml:6"), std::string::npos) << dcnn_scales;
}

TEST(ModelFamilies, EachFamilyDeclaresItsInputAndTheRetinaServesIt) {
  const auto spec = experiment::parseExperimentSpec(R"(
[experiment]
name = "x"
[[model]]
name = "ecc"
scheme = "7-1-1-1-1"
[[model]]
name = "cnn"
kind = "digit-cnn"
)",
                                                    "exp.toml");
  EXPECT_EQ(spec.models[0].input.kind, models::InputSpec::Kind::MultiscaleCrops);
  EXPECT_EQ(spec.models[0].input.shape, (std::vector<std::int64_t>{7, 60, 60}));
  EXPECT_EQ(spec.models[1].input.kind, models::InputSpec::Kind::Image);
  EXPECT_EQ(spec.models[1].input.shape, (std::vector<std::int64_t>{1, 28, 28}));
  EXPECT_EQ(spec.models[1].classes, 5);
  EXPECT_EQ(spec.class_names, (std::vector<std::string>{"0", "2", "4", "6", "8"}));
  const auto ecc = experiment::stimulusFor(spec, spec.models[0]);
  EXPECT_EQ(ecc.retina.scales, 7);
  EXPECT_EQ(ecc.retina.crop_px, 60);
  const auto cnn = experiment::stimulusFor(spec, spec.models[1]);
  EXPECT_EQ(cnn.retina.scales, 1);
  EXPECT_EQ(cnn.retina.crop_px, 28);
}

TEST(RunIdentity, TheFirstDifferingKeyIsNamedWithBothValues) {
  const char* text = "[experiment]\nname = \"x\"\n[[model]]\nname = \"m\"\n";
  const auto a = experiment::parseExperimentSpec(text, "a.toml");
  const auto b = experiment::parseExperimentSpec(text, "b.toml", {"train.steps=77"});
  const auto c = experiment::parseExperimentSpec(text, "c.toml", {"stimulus.spacing_px=90"});
  const auto run = experiment::plannedRuns(a).front();
  const auto ra = experiment::resolvedRunSpec(a, run);
  EXPECT_EQ(experiment::firstDifference(ra, ra), "");
  EXPECT_EQ(experiment::specHash(ra), experiment::specHash(experiment::resolvedRunSpec(a, run)));
  const auto rb = experiment::resolvedRunSpec(b, run);
  EXPECT_NE(experiment::specHash(ra), experiment::specHash(rb));
  EXPECT_EQ(experiment::firstDifference(ra, rb), "train.steps: 4180 before, 77 now");
  const auto diff = experiment::firstDifference(ra, experiment::resolvedRunSpec(c, run));
  EXPECT_EQ(diff.rfind("stimulus.", 0), 0u) << diff;
  EXPECT_NE(diff.find("spacing_px"), std::string::npos) << diff;
}

}  // namespace
