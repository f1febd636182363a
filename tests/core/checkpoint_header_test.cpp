// A checkpoint's header as Fovea stores it (JSON beside the weights), read back and checked.
#include "core/train/checkpoint_header.h"

#include <gtest/gtest.h>

#include "core/experiment/experiment_spec.h"
#include "core/util/errors.h"

using namespace fovea;

namespace {

train::CheckpointHeader validHeader() {
  const auto spec = experiment::parseExperimentSpec(R"(
[experiment]
name = "x"
[retina]
scales = 4
crop_px = 20
[[model]]
name = "ecc"
scheme = "4-1-1-1-1"
)",
                                                    "exp.toml");
  train::CheckpointHeader header;
  header.family = spec.models.front().kind;
  header.net = spec.models.front().net;
  header.input = spec.models.front().input;
  header.class_names = spec.class_names;
  header.stimulus = spec.stimulus;
  header.run = "x/ecc";
  header.state.step = 12;
  header.state.images = 96;
  return header;
}

std::string errorOf(const nlohmann::json& meta) {
  try {
    train::parseCheckpointMeta(meta.dump(), "runs/ecc/checkpoint.pt");
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(CheckpointHeader, ReadsBackWhatItStores) {
  const auto header = validHeader();
  const auto back = train::parseCheckpointMeta(train::checkpointMeta(header).dump(), "c.pt");
  EXPECT_EQ(back.family, "eccentricity");
  EXPECT_EQ(back.net, header.net);
  EXPECT_EQ(back.input, header.input);
  EXPECT_EQ(back.class_names, header.class_names);
  EXPECT_EQ(back.state.step, 12);
  EXPECT_EQ(back.state.images, 96);
  EXPECT_EQ(back.stimulus.retina.crop_px, 20);
}

TEST(CheckpointHeader, DamagedHeadersNameTheFileAndWhatIsWrong) {
  const auto meta = train::checkpointMeta(validHeader());
  const std::string file = "runs/ecc/checkpoint.pt";

  const auto not_json = [&] {
    try {
      train::parseCheckpointMeta("{\"run\": ", file);
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string();
  }();
  EXPECT_EQ(not_json.rfind(file + ": checkpoint header is damaged", 0), 0u) << not_json;

  auto missing = meta;
  missing.erase("step");
  EXPECT_NE(errorOf(missing).find("step"), std::string::npos) << errorOf(missing);

  auto negative = meta;
  negative["images"] = -1;
  EXPECT_NE(errorOf(negative).find("negative"), std::string::npos) << errorOf(negative);

  auto too_few_names = meta;
  too_few_names["class_names"] = {"0", "2", "4"};
  EXPECT_NE(errorOf(too_few_names).find("names 3 classes for a network of 5"), std::string::npos)
      << errorOf(too_few_names);

  auto too_many_names = meta;
  too_many_names["class_names"] = std::vector<std::string>(100001, "a");
  EXPECT_NE(errorOf(too_many_names).find("at most 100000"), std::string::npos);

  auto wrong_input = meta;
  wrong_input["net"]["crop_px"] = 30;
  EXPECT_NE(errorOf(wrong_input).find("is not the family's"), std::string::npos)
      << errorOf(wrong_input);

  auto wrong_type = meta;
  wrong_type["net"]["channels"] = "many";
  EXPECT_EQ(errorOf(wrong_type).rfind(file + ":", 0), 0u) << errorOf(wrong_type);

  // A float where an integer belongs (a cast of 5.6e122 to an integer is undefined behaviour).
  auto float_sizes = meta;
  float_sizes["input"]["shape"][0] = 5.55556e+122;
  EXPECT_NE(errorOf(float_sizes).find("must be an integer"), std::string::npos)
      << errorOf(float_sizes);
  auto float_kernel = meta;
  float_kernel["net"]["kernel"] = 1e300;
  EXPECT_NE(errorOf(float_kernel).find("kernel"), std::string::npos) << errorOf(float_kernel);
  auto huge_step = meta;
  huge_step["step"] = 1e19;
  EXPECT_NE(errorOf(huge_step).find("damaged"), std::string::npos) << errorOf(huge_step);

  auto unknown_family = meta;
  unknown_family["family"] = "resnet";
  EXPECT_NE(errorOf(unknown_family).find("resnet"), std::string::npos);

  for (const auto& bad : {missing, negative, too_few_names, wrong_input, unknown_family,
                          float_sizes, float_kernel, huge_step}) {
    EXPECT_EQ(errorOf(bad).rfind(file + ":", 0), 0u) << errorOf(bad);
  }
}

}  // namespace
