#include "core/train/checkpoint.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace fovea::train {
namespace {

constexpr std::int64_t kFormatVersion = 1;

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
                       std::to_string(kFormatVersion));
    }
    const auto meta = nlohmann::json::parse(readText(archive, "meta"));
    header.run = meta.at("run").get<std::string>();
    header.state.step = meta.at("step").get<std::int64_t>();
    header.state.images = meta.at("images").get<std::int64_t>();
    header.state.wall_s = meta.at("wall_s").get<double>();
    header.state.last_loss = meta.at("last_loss").get<double>();
    header.state.tail_loss_sum = meta.at("tail_loss_sum").get<double>();
    header.state.tail_count = meta.at("tail_count").get<std::int64_t>();
    header.net = modelSpecFromJson(meta.at("net").dump());
    header.stimulus =
        stimulus::parseStimulusSpec(meta.at("stimulus").get<std::string>(), path.string());
  } catch (const c10::Error& error) {
    throw InputError(path.string() + ": not a Fovea checkpoint (" +
                     std::string(error.what_without_backtrace()) + ")");
  } catch (const nlohmann::json::exception& error) {
    throw InputError(path.string() + ": checkpoint header is damaged (" + error.what() + ")");
  }
  return header;
}

}  // namespace

std::string modelSpecJson(const models::ModelSpec& spec) {
  return nlohmann::json{{"scheme", spec.scheme},           {"crop_px", spec.crop_px},
                        {"channels", spec.channels},       {"kernel", spec.kernel},
                        {"pool_kernel", spec.pool_kernel}, {"pool_stride", spec.pool_stride},
                        {"total_pool", spec.total_pool},   {"classes", spec.classes}}
      .dump();
}

models::ModelSpec modelSpecFromJson(const std::string& text) {
  const auto json = nlohmann::json::parse(text);
  models::ModelSpec spec;
  spec.scheme = json.at("scheme").get<std::string>();
  spec.crop_px = json.at("crop_px").get<int>();
  spec.channels = json.at("channels").get<int>();
  spec.kernel = json.at("kernel").get<int>();
  spec.pool_kernel = json.at("pool_kernel").get<int>();
  spec.pool_stride = json.at("pool_stride").get<int>();
  spec.total_pool = json.at("total_pool").get<bool>();
  spec.classes = json.at("classes").get<int>();
  spec.validate();
  return spec;
}

void saveCheckpoint(const std::filesystem::path& path, const CheckpointHeader& header,
                    models::EccentricityNet& net, torch::optim::Optimizer* optimizer) {
  torch::serialize::OutputArchive archive;
  archive.write("fovea_checkpoint_version", torch::tensor(kFormatVersion));
  const nlohmann::json meta = {{"run", header.run},
                               {"step", header.state.step},
                               {"images", header.state.images},
                               {"wall_s", header.state.wall_s},
                               {"last_loss", header.state.last_loss},
                               {"tail_loss_sum", header.state.tail_loss_sum},
                               {"tail_count", header.state.tail_count},
                               {"net", nlohmann::json::parse(modelSpecJson(header.net))},
                               {"stimulus", stimulus::toToml(header.stimulus)}};
  archive.write("meta", c10::IValue(meta.dump()));
  torch::serialize::OutputArchive model_archive;
  net->save(model_archive);
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

CheckpointHeader loadCheckpoint(const std::filesystem::path& path, models::EccentricityNet& net,
                                torch::optim::Optimizer* optimizer) {
  auto archive = openArchive(path);
  CheckpointHeader header = readHeader(archive, path);
  if (modelSpecJson(header.net) != modelSpecJson(net->spec())) {
    throw InputError(path.string() + ": checkpoint holds network " + modelSpecJson(header.net) +
                     ", not " + modelSpecJson(net->spec()));
  }
  try {
    torch::serialize::InputArchive model_archive;
    archive.read("model", model_archive);
    net->load(model_archive);
    if (optimizer) {
      torch::serialize::InputArchive optimizer_archive;
      archive.read("optimizer", optimizer_archive);
      optimizer->load(optimizer_archive);
    }
  } catch (const c10::Error& error) {
    throw InputError(path.string() + ": checkpoint weights are damaged (" +
                     std::string(error.what_without_backtrace()) + ")");
  }
  return header;
}

}  // namespace fovea::train
