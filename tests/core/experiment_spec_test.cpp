#include "core/experiment/experiment_spec.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/util/errors.h"
#include "core/util/resources.h"

using namespace fovea::experiment;

namespace {

const char* kMinimal = R"(
[experiment]
name = "tiny"
[[model]]
name = "ecc"
)";

std::string errorOf(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    parseExperimentSpec(text, "exp.toml", overrides);
  } catch (const fovea::InputError& error) {
    return error.what();
  }
  return "";
}

TEST(ExperimentSpec, DefaultsAreTheStudysRecipe) {
  const auto spec = parseExperimentSpec(kMinimal, "exp.toml");
  EXPECT_EQ(spec.train.optimizer, "adagrad");
  EXPECT_DOUBLE_EQ(spec.train.adagrad_initial_accumulator, 0.1);
  EXPECT_EQ(spec.train.batch, 128);
  EXPECT_EQ(spec.train.steps, 4180);
  EXPECT_EQ(spec.eval.target_ecc_px.size(), 14u);
  EXPECT_EQ(spec.eval.flanker_ecc_px.size(), 8u);
  EXPECT_DOUBLE_EQ(spec.eval.target_ecc_px.back(), 780);
  EXPECT_DOUBLE_EQ(spec.eval.flanker_ecc_px.back(), 840);
  EXPECT_EQ(spec.models.at(0).net.at("scheme"), "11-1-1-1-1");
  EXPECT_EQ(spec.models.at(0).input.shape, (std::vector<std::int64_t>{11, 60, 60}));
  const auto runs = plannedRuns(spec);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].name, "ecc-lr0.1");
  EXPECT_EQ(runs[2].name, "ecc-lr0.001");
}

TEST(ExperimentSpec, ShippedSpecsLoad) {
  const auto paper = loadExperimentSpec(resolveExperimentPath("crowding-paper"));
  EXPECT_EQ(plannedRuns(paper).size(), 6u);
  EXPECT_EQ(paper.models[0].contrast_norm, fovea::retina::ContrastNorm::AreaFactor);
  const auto quick = loadExperimentSpec(resolveExperimentPath("crowding-quick"));
  ASSERT_EQ(quick.models.size(), 3u);
  EXPECT_EQ(quick.models[1].contrast_norm, fovea::retina::ContrastNorm::AreaFactor);
  EXPECT_EQ(quick.models[2].kind, "dcnn");
  EXPECT_EQ(stimulusFor(quick, quick.models[2]).retina.scales, 1);
  EXPECT_EQ(quick.models[0].net.at("crop_px"), quick.stimulus.retina.crop_px);
}

TEST(ExperimentSpec, ErrorsNameTheKeyAndLine) {
  EXPECT_NE(errorOf(std::string(kMinimal) + "[train]\nbatchsize = 3\n").find("exp.toml:7"),
            std::string::npos);
  EXPECT_NE(errorOf(std::string(kMinimal) + "[train]\nbatchsize = 3\n").find("train.batchsize"),
            std::string::npos);
  EXPECT_NE(errorOf(std::string(kMinimal) + "[train]\noptimizer = \"rmsprop\"\n").find("rmsprop"),
            std::string::npos);
  EXPECT_NE(errorOf(kMinimal, {"train.learning_rates=[-1]"}).find("learning_rates"),
            std::string::npos);
  EXPECT_NE(errorOf(kMinimal, {"train.batch=0"}).find("train.batch"), std::string::npos);
  EXPECT_NE(errorOf("[experiment]\nname = \"x\"\n").find("[[model]]"), std::string::npos);
  EXPECT_NE(errorOf("[experiment]\nname=\"x\"\n[[model]]\nname=\"m\"\nscheme=\"11-3-5-1\"\n")
                .find("11-3-5-1"),
            std::string::npos);
  EXPECT_NE(errorOf("[experiment]\nname=\"x\"\n[[model]]\nname=\"m\"\n[[model]]\nname=\"m\"\n")
                .find("two models"),
            std::string::npos);
  EXPECT_NE(errorOf(kMinimal, {"eval.lr_rule=best"}).find("lr_rule"), std::string::npos);
  EXPECT_NE(errorOf(std::string(kMinimal) + "[nonsense]\n").find("nonsense"), std::string::npos);
  // Impossible stimulus geometry in the base spec is caught at load time too.
  EXPECT_NE(errorOf(kMinimal, {"stimulus.target_px=5000"}).find("target_px"), std::string::npos);
}

// The inputs a new user gets a little wrong: each is one line naming the key and the value, before
// anything is allocated or written.
TEST(ExperimentSpec, AbsurdValuesAreRefusedNamingTheKey) {
  auto expectError = [](const std::string& error, const std::string& part) {
    EXPECT_NE(error.find(part), std::string::npos) << "'" << error << "' lacks '" << part << "'";
  };
  expectError(errorOf(kMinimal, {"train.batch=2000000000"}),
              "train.batch must be 1 to 8192, got 2000000000");
  expectError(errorOf(kMinimal, {"eval.batch=100000"}), "eval.batch must be 1 to 8192");
  expectError(errorOf(kMinimal, {"train.steps=100000000000"}), "train.steps must be 1 to");
  expectError(errorOf(kMinimal, {"train.adam_beta1=1"}), "train.adam_beta1 must be in [0, 1)");
  expectError(errorOf(kMinimal, {"train.adam_beta2=-0.5"}), "train.adam_beta2");
  expectError(errorOf(kMinimal, {"eval.target_ecc_px=[0, inf]"}),
              "eval.target_ecc_px must be finite");
  expectError(errorOf(kMinimal, {"eval.flanker_ecc_px=[nan]"}), "eval.flanker_ecc_px");
  expectError(errorOf(kMinimal, {"eval.periphery_target_px=inf"}), "eval.periphery_target_px");
  expectError(errorOf(kMinimal, {"experiment.name=\"../escape\""}), "experiment.name '../escape'");
  expectError(errorOf(kMinimal, {"experiment.name=\"a/b\""}), "experiment.name");
  expectError(errorOf(kMinimal, {"experiment.name=\".hidden\""}), "experiment.name");
  expectError(errorOf(kMinimal, {"train.learning_rates=[0.001, 0.0010000001]"}),
              "two learning rates both name the run 'ecc-lr0.001'");
  expectError(errorOf(kMinimal, {"train.weight_decay=-0.1"}),
              "train.weight_decay must be in [0, 1)");
  expectError(errorOf(kMinimal, {"train.clip_value=-1"}), "train.clip_value must be >= 0");
  expectError(errorOf(kMinimal, {"train.clip_value=inf"}), "train.clip_value");
  // NaN is refused where it is read, naming the key, for every number.
  expectError(errorOf(kMinimal, {"train.momentum=nan"}),
              "train.momentum must be a number, got nan");
  expectError(errorOf(kMinimal, {"train.momentum=1"}), "train.momentum must be in [0, 1), got 1");
  expectError(errorOf(kMinimal, {"train.adagrad_initial_accumulator=inf"}),
              "train.adagrad_initial_accumulator must be finite and >= 0");
  expectError(errorOf(kMinimal, {"train.max_shift_px=-1"}), "train.max_shift_px must be >= 0");
  expectError(errorOf(kMinimal, {"train.train_images=1000000000000"}),
              "train.train_images must be 0 (fresh images) to 100000000, got 1000000000000");
  expectError(errorOf(kMinimal, {"eval.images=1000000000000"}), "eval.images must be 0");
  expectError(errorOf(kMinimal, {"eval.headline_max_ecc_px=nan"}), "eval.headline_max_ecc_px");
  const auto scheme =
      errorOf("[experiment]\nname=\"x\"\n[[model]]\nname=\"m\"\nscheme=\"99999999999-1\"\n");
  expectError(scheme, "99999999999");
  expectError(scheme, "scheme");
}

// [retina] and a model entry may not disagree: the retina serves the model, so a spec that sets a
// key in both places with different values is refused, naming both keys and their lines. A key
// set in one place only holds for the model.
TEST(ExperimentSpec, RetinaSettingsTheModelContradictsAreErrorsNamingBoth) {
  const std::string head = "[experiment]\nname = \"t\"\n[retina]\n";
  const auto areafactor = parseExperimentSpec(
      head + "contrast_norm = \"areafactor\"\n[[model]]\nname = \"ecc\"\n", "exp.toml");
  EXPECT_EQ(areafactor.models[0].contrast_norm, fovea::retina::ContrastNorm::AreaFactor);
  EXPECT_EQ(stimulusFor(areafactor, areafactor.models[0]).retina.contrast_norm,
            fovea::retina::ContrastNorm::AreaFactor);

  const std::string norm = errorOf(
      head +
      "contrast_norm = \"areafactor\"\n[[model]]\nname = \"ecc\"\ncontrast_norm = \"none\"\n");
  EXPECT_NE(norm.find("exp.toml:7"), std::string::npos) << norm;
  EXPECT_NE(norm.find("model[0].contrast_norm = \"none\""), std::string::npos) << norm;
  EXPECT_NE(norm.find("retina.contrast_norm = 'areafactor' (exp.toml:4)"), std::string::npos)
      << norm;

  const std::string scales =
      errorOf(head + "scales = 11\n[[model]]\nname = \"d\"\nkind = \"dcnn\"\n");
  EXPECT_NE(scales.find("model[0].kind = \"dcnn\" takes 1 x 60 x 60"), std::string::npos) << scales;
  EXPECT_NE(scales.find("retina.scales = 11 (exp.toml:4)"), std::string::npos) << scales;

  const std::string field = errorOf(head +
                                    "field_px = 960\n[[model]]\nname = \"d\"\nkind = "
                                    "\"dcnn\"\nfield_px = 480\n");
  EXPECT_NE(field.find("model[0].field_px = 480"), std::string::npos) << field;
  EXPECT_NE(field.find("retina.field_px = 960"), std::string::npos) << field;

  // An override counts as the spec saying it.
  const std::string overridden = errorOf(std::string(kMinimal) + "contrast_norm = \"none\"\n",
                                         {"retina.contrast_norm=areafactor"});
  EXPECT_NE(overridden.find("retina.contrast_norm = 'areafactor' (an override)"), std::string::npos)
      << overridden;
  // A number set with --set has no line in the file.
  const std::string scales_override =
      errorOf(head + "[[model]]\nname = \"d\"\nkind = \"dcnn\"\n", {"retina.scales=11"});
  EXPECT_NE(scales_override.find("retina.scales = 11 (an override)"), std::string::npos)
      << scales_override;
  // Agreeing twice is fine.
  EXPECT_EQ(errorOf(head + "scales = 11\ncontrast_norm = \"none\"\n[[model]]\nname = "
                           "\"ecc\"\ncontrast_norm = \"none\"\n"),
            "");
}

TEST(ExperimentSpec, CurriculumStagesChangeTheStimulusFromTheirStep) {
  const std::string text = std::string(kMinimal) + R"(
[[train.curriculum]]
from_step = 100
set = ["stimulus.configuration=\"xax\"", "stimulus.spacing_px=240"]
)";
  const auto spec = parseExperimentSpec(text, "exp.toml");
  ASSERT_EQ(spec.train.curriculum.size(), 1u);
  EXPECT_EQ(stimulusFor(spec, spec.models[0], 99).geometry.configuration,
            fovea::stimulus::Configuration::A);
  const auto late = stimulusFor(spec, spec.models[0], 100);
  EXPECT_EQ(late.geometry.configuration, fovea::stimulus::Configuration::XAX);
  EXPECT_DOUBLE_EQ(late.geometry.spacing_px, 240);
  // A stage with an impossible stimulus is refused at load time, naming the value.
  EXPECT_NE(errorOf(std::string(kMinimal) +
                    "[[train.curriculum]]\nfrom_step = 5\nset = [\"stimulus.spacing_px=-3\"]\n")
                .find("spacing_px"),
            std::string::npos);
}

TEST(ExperimentSpec, StepScheduleDecaysEveryStepSize) {
  auto spec = parseExperimentSpec(
      kMinimal, "exp.toml", {"train.schedule=\"step\"", "train.step_size=10", "train.gamma=0.5"});
  EXPECT_DOUBLE_EQ(learningRateAt(spec.train, 0.1, 9), 0.1);
  EXPECT_DOUBLE_EQ(learningRateAt(spec.train, 0.1, 10), 0.05);
  EXPECT_DOUBLE_EQ(learningRateAt(spec.train, 0.1, 25), 0.025);
  spec.train.schedule = "constant";
  EXPECT_DOUBLE_EQ(learningRateAt(spec.train, 0.1, 1000), 0.1);
}

TEST(ExperimentSpec, UnknownRunsAndExperimentsAreNamed) {
  const auto spec = parseExperimentSpec(kMinimal, "exp.toml");
  try {
    findRun(plannedRuns(spec), "ecc-lr7");
    FAIL();
  } catch (const fovea::InputError& error) {
    EXPECT_NE(std::string(error.what()).find("ecc-lr0.01"), std::string::npos);
  }
  EXPECT_THROW(resolveExperimentPath("no-such-experiment"), fovea::InputError);
}

}  // namespace
