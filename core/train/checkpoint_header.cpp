#include "core/train/checkpoint_header.h"

#include "core/models/model_family.h"
#include "core/util/errors.h"
#include "core/util/json_integer.h"

namespace fovea::train {
namespace {

constexpr std::size_t kMaxClasses = 100000;

void requireFamilyAgrees(const CheckpointHeader& header) {
  const auto& family = models::ModelRegistry::instance().find(header.family);
  family.validate(header.net);
  if (family.input(header.net) != header.input) {
    throw InputError("its input " + header.input.describe() + " is not the family's " +
                     family.input(header.net).describe());
  }
  if (static_cast<std::size_t>(family.classes(header.net)) != header.class_names.size()) {
    throw InputError("it names " + std::to_string(header.class_names.size()) +
                     " classes for a network of " + std::to_string(family.classes(header.net)));
  }
}

}  // namespace

nlohmann::json checkpointMeta(const CheckpointHeader& header) {
  return {{"run", header.run},
          {"spec_hash", header.spec_hash},
          {"step", header.state.step},
          {"images", header.state.images},
          {"wall_s", header.state.wall_s},
          {"last_loss", header.state.last_loss},
          {"tail_loss_sum", header.state.tail_loss_sum},
          {"tail_count", header.state.tail_count},
          {"family", header.family},
          {"net", header.net},
          {"input", models::toJson(header.input)},
          {"class_names", header.class_names},
          {"stimulus", stimulus::toToml(header.stimulus)}};
}

CheckpointHeader parseCheckpointMeta(const std::string& meta_text,
                                     const std::filesystem::path& path) {
  CheckpointHeader header;
  try {
    const auto meta = nlohmann::json::parse(meta_text);
    header.run = meta.at("run").get<std::string>();
    header.spec_hash = meta.value("spec_hash", "");
    header.state.step = jsonInteger<std::int64_t>(meta.at("step"));
    header.state.images = jsonInteger<std::int64_t>(meta.at("images"));
    header.state.wall_s = meta.at("wall_s").get<double>();
    header.state.last_loss = meta.at("last_loss").get<double>();
    header.state.tail_loss_sum = meta.at("tail_loss_sum").get<double>();
    header.state.tail_count = jsonInteger<std::int64_t>(meta.at("tail_count"));
    if (header.state.step < 0 || header.state.images < 0 || header.state.tail_count < 0) {
      throw InputError(path.string() + ": checkpoint header has a negative step or count");
    }
    header.family = meta.at("family").get<std::string>();
    header.net = meta.at("net");
    try {
      header.input = models::inputFromJson(meta.at("input"));
    } catch (const InputError& error) {
      throw InputError(path.string() + ": " + error.what());
    }
    const auto& names = meta.at("class_names");
    if (!names.is_array() || names.size() > kMaxClasses) {
      throw InputError(path.string() + ": class_names is not a list of at most " +
                       std::to_string(kMaxClasses) + " names");
    }
    header.class_names = names.get<std::vector<std::string>>();
    header.stimulus =
        stimulus::parseStimulusSpec(meta.at("stimulus").get<std::string>(), path.string());
  } catch (const nlohmann::json::exception& error) {
    throw InputError(path.string() + ": checkpoint header is damaged (" + error.what() + ")");
  }
  try {
    requireFamilyAgrees(header);
  } catch (const InputError& error) {
    throw InputError(path.string() + ": " + error.what());
  } catch (const nlohmann::json::exception& error) {
    throw InputError(path.string() + ": checkpoint network spec is damaged (" + error.what() + ")");
  }
  return header;
}

}  // namespace fovea::train
