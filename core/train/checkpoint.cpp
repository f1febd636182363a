#include "core/train/checkpoint.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "core/models/model_family.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace fovea::train {
namespace {

// 2: any registered family (1 held the eccentricity network only).
constexpr std::int64_t kFormatVersion = 2;
constexpr std::size_t kMaxClasses = 100000;

std::string readText(torch::serialize::InputArchive& archive, const std::string& key) {
  c10::IValue value;
  archive.read(key, value);
  return value.toStringRef();
}

torch::serialize::InputArchive openArchive(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open checkpoint");
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(in);
  } catch (const c10::Error& error) {
    throw InputError(path.string() + ": not a readable checkpoint (" +
                     std::string(error.what_without_backtrace()) + ")");
  }
  return archive;
}

CheckpointHeader readHeader(torch::serialize::InputArchive& archive,
                            const std::filesystem::path& path) {
  CheckpointHeader header;
  try {
    torch::Tensor version;
    archive.read("fovea_checkpoint_version", version);
    if (version.item<std::int64_t>() != kFormatVersion) {
      throw InputError(path.string() + ": checkpoint format " +
                       std::to_string(version.item<std::int64_t>()) + ", expected " +
                       std::to_string(kFormatVersion) + " (train the run again)");
    }
    const auto meta = nlohmann::json::parse(readText(archive, "meta"));
    header.run = meta.at("run").get<std::string>();
    header.spec_hash = meta.value("spec_hash", "");
    header.state.step = meta.at("step").get<std::int64_t>();
    header.state.images = meta.at("images").get<std::int64_t>();
    header.state.wall_s = meta.at("wall_s").get<double>();
    header.state.last_loss = meta.at("last_loss").get<double>();
    header.state.tail_loss_sum = meta.at("tail_loss_sum").get<double>();
    header.state.tail_count = meta.at("tail_count").get<std::int64_t>();
    header.family = meta.at("family").get<std::string>();
    header.net = meta.at("net");
    header.input = models::inputFromJson(meta.at("input"));
    const auto& names = meta.at("class_names");
    if (!names.is_array() || names.size() > kMaxClasses) {
      throw InputError(path.string() + ": class_names is not a list of at most " +
                       std::to_string(kMaxClasses) + " names");
    }
    header.class_names = names.get<std::vector<std::string>>();
    header.stimulus =
        stimulus::parseStimulusSpec(meta.at("stimulus").get<std::string>(), path.string());
  } catch (const c10::Error& error) {
    throw InputError(path.string() + ": not a Fovea checkpoint (" +
                     std::string(error.what_without_backtrace()) + ")");
  } catch (const nlohmann::json::exception& error) {
    throw InputError(path.string() + ": checkpoint header is damaged (" + error.what() + ")");
  }
  try {
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
  } catch (const InputError& error) {
    throw InputError(path.string() + ": " + error.what());
  }
  return header;
}

}  // namespace

void saveCheckpoint(const std::filesystem::path& path, const CheckpointHeader& header,
                    torch::nn::Module& net, torch::optim::Optimizer* optimizer) {
  torch::serialize::OutputArchive archive;
  archive.write("fovea_checkpoint_version", torch::tensor(kFormatVersion));
  const nlohmann::json meta = {{"run", header.run},
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
  archive.write("meta", c10::IValue(meta.dump()));
  torch::serialize::OutputArchive model_archive;
  net.save(model_archive);
  archive.write("model", model_archive);
  if (optimizer) {
    torch::serialize::OutputArchive optimizer_archive;
    optimizer->save(optimizer_archive);
    archive.write("optimizer", optimizer_archive);
  }
  std::ostringstream bytes;
  archive.save_to(bytes);
  writeFileAtomically(path, bytes.str());
}

CheckpointHeader readCheckpointHeader(const std::filesystem::path& path) {
  auto archive = openArchive(path);
  return readHeader(archive, path);
}

CheckpointHeader loadCheckpoint(const std::filesystem::path& path, torch::nn::Module& net,
                                torch::optim::Optimizer* optimizer) {
  auto archive = openArchive(path);
  CheckpointHeader header = readHeader(archive, path);
  try {
    torch::serialize::InputArchive model_archive;
    archive.read("model", model_archive);
    net.load(model_archive);
    if (optimizer) {
      torch::serialize::InputArchive optimizer_archive;
      archive.read("optimizer", optimizer_archive);
      optimizer->load(optimizer_archive);
    }
  } catch (const c10::Error& error) {
    throw InputError(path.string() +
                     ": checkpoint weights are damaged or belong to another "
                     "network (" +
                     std::string(error.what_without_backtrace()) + ")");
  }
  return header;
}

}  // namespace fovea::train
