#include "core/train/checkpoint.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace fovea::train {
namespace {

// 2: any registered family (1 held the eccentricity network only).
constexpr std::int64_t kFormatVersion = 2;

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
  std::string meta;
  try {
    torch::Tensor version;
    archive.read("fovea_checkpoint_version", version);
    if (version.item<std::int64_t>() != kFormatVersion) {
      throw InputError(path.string() + ": checkpoint format " +
                       std::to_string(version.item<std::int64_t>()) + ", expected " +
                       std::to_string(kFormatVersion) + " (train the run again)");
    }
    meta = readText(archive, "meta");
  } catch (const c10::Error& error) {
    throw InputError(path.string() + ": not a Fovea checkpoint (" +
                     std::string(error.what_without_backtrace()) + ")");
  }
  return parseCheckpointMeta(meta, path);
}

}  // namespace

void saveCheckpoint(const std::filesystem::path& path, const CheckpointHeader& header,
                    torch::nn::Module& net, torch::optim::Optimizer* optimizer) {
  torch::serialize::OutputArchive archive;
  archive.write("fovea_checkpoint_version", torch::tensor(kFormatVersion));
  archive.write("meta", c10::IValue(checkpointMeta(header).dump()));
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
