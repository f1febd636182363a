#include "core/stimulus/dataset_folder.h"

#include <fstream>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/versions.h"

namespace fovea::stimulus {

DatasetFolder::DatasetFolder(std::filesystem::path dir, std::string format)
    : dir_(std::move(dir)), format_(std::move(format)) {
  std::filesystem::create_directories(dir_);
  lock_ = std::make_unique<FileLock>(dir_ / ".build.lock",
                                     "another process is building a dataset here");
  const auto meta_path = dir_ / "meta.json";
  if (std::filesystem::exists(meta_path)) {
    std::ifstream in(meta_path);
    const auto meta = nlohmann::json::parse(in, nullptr, false);
    const bool ours = meta.is_object() && meta.contains("format") && meta["format"].is_string() &&
                      meta["format"].get<std::string>() == format_;
    if (!ours) {
      throw InputError(meta_path.string() + " is not a " + format_ +
                       " dataset's; choose an empty folder or one Fovea made");
    }
    std::filesystem::remove(meta_path);
  }
  // With the lock held, any .partial file is a killed builder's.
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    if (entry.path().extension() == ".partial") std::filesystem::remove(entry.path());
  }
}

void DatasetFolder::finish(
    const nlohmann::json& recipe, const nlohmann::json& extra,
    const std::vector<std::pair<std::string, const NpyStreamWriter*>>& files) {
  nlohmann::json meta = extra;
  meta["format"] = format_;
  meta["fovea_version"] = foveaVersion();
  meta["recipe"] = recipe;
  for (const auto& [name, writer] : files) {
    meta["files"][name] = {{"bytes", writer->fileSize()}, {"crc32", writer->crc32()}};
  }
  writeFileAtomically(dir_ / "meta.json", meta.dump(2) + "\n");
}

std::string DatasetFolder::verify(const std::filesystem::path& dir, const std::string& format,
                                  const nlohmann::json* recipe) {
  const auto meta_path = dir / "meta.json";
  std::ifstream in(meta_path);
  if (!in) return meta_path.string() + " is missing (no complete dataset here)";
  nlohmann::json meta;
  try {
    meta = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& error) {
    return meta_path.string() + " is corrupt: " + error.what();
  }
  if (!meta.is_object() || meta.value("format", "") != format) {
    return meta_path.string() + " is not a " + format + " dataset";
  }
  if (recipe && meta["recipe"] != *recipe) {
    return dir.string() + " was made from a different recipe";
  }
  try {
    for (const auto& [name, expected] : meta.at("files").items()) {
      const auto path = dir / name;
      std::error_code error;
      const auto size = std::filesystem::file_size(path, error);
      if (error) return path.string() + " is missing";
      const auto bytes = expected.at("bytes").get<std::uint64_t>();
      if (size != bytes) {
        return path.string() + " is truncated or altered (" + std::to_string(size) + " bytes, " +
               std::to_string(bytes) + " expected)";
      }
      if (fileCrc32(path) != expected.at("crc32").get<std::uint32_t>()) {
        return path.string() + " is corrupt (CRC-32 mismatch)";
      }
    }
  } catch (const nlohmann::json::exception& error) {
    return meta_path.string() + " is incomplete: " + error.what();
  }
  return {};
}

}  // namespace fovea::stimulus
