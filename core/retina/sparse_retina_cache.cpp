// The sparse retina's disk cache: one matrix file and its JSON description beside the dense bank.
#include <spdlog/spdlog.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/retina/sparse_retina.h"
#include "core/util/atomic_file.h"
#include "core/util/cache_dir.h"

namespace fovea::retina {
namespace {

std::uint32_t crcOf(const std::string& bytes) {
  return static_cast<std::uint32_t>(
      ::crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

template <typename T>
void append(std::string& bytes, const std::vector<T>& values) {
  bytes.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

template <typename T>
std::vector<T> slice(const std::string& bytes, std::size_t& at, std::size_t count) {
  std::vector<T> out(count);
  std::memcpy(out.data(), bytes.data() + at, count * sizeof(T));
  at += count * sizeof(T);
  return out;
}

}  // namespace

void SparseRetina::writeCache(const std::string& path, const std::string& key) const {
  std::string bytes;
  append(bytes, row_start_);
  append(bytes, columns_);
  append(bytes, weights_);
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  writeFileAtomically(path, bytes);
  const nlohmann::json meta = {{"key", key},
                               {"rows", filters_},
                               {"weights", weights_.size()},
                               {"spatial_filters", stats_.spatial_filters},
                               {"spectral_filters", stats_.spectral_filters},
                               {"bytes", bytes.size()},
                               {"crc32", crcOf(bytes)}};
  writeFileAtomically(path + ".json", meta.dump());
}

bool SparseRetina::readCache(const std::string& path, const std::string& key) {
  std::ifstream meta_in(path + ".json");
  if (!meta_in) return false;
  const auto meta = nlohmann::json::parse(meta_in, nullptr, false);
  if (!meta.is_object() || meta.value("key", "") != key || meta.value("rows", -1) != filters_) {
    return false;
  }
  // Sizes come from a file: capped by what the bank can hold before anything is allocated.
  const auto weights = meta.value("weights", std::uint64_t{0});
  const auto bytes = meta.value("bytes", std::uint64_t{0});
  const std::uint64_t most = std::uint64_t(filters_) * std::uint64_t(feature_count_);
  const std::uint64_t expected = (std::uint64_t(filters_) + 1) * sizeof(std::int64_t) +
                                 weights * (sizeof(std::uint32_t) + sizeof(float));
  if (weights == 0 || weights > most || bytes != expected ||
      std::filesystem::file_size(path) != bytes) {
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  std::string data(bytes, '\0');
  if (!in.read(data.data(), static_cast<std::streamsize>(bytes)) ||
      meta.value("crc32", std::uint32_t{0}) != crcOf(data)) {
    return false;
  }
  std::size_t at = 0;
  row_start_ = slice<std::int64_t>(data, at, static_cast<std::size_t>(filters_) + 1);
  columns_ = slice<std::uint32_t>(data, at, weights);
  weights_ = slice<float>(data, at, weights);
  if (row_start_.front() != 0 || row_start_.back() != static_cast<std::int64_t>(weights)) {
    return false;
  }
  for (std::size_t row = 0; row + 1 < row_start_.size(); ++row) {
    if (row_start_[row] > row_start_[row + 1]) return false;
  }
  for (auto column : columns_) {
    if (column >= static_cast<std::uint32_t>(feature_count_)) return false;
  }
  stats_.weights = static_cast<std::int64_t>(weights);
  stats_.dense_weights = static_cast<std::int64_t>(filters_) * size_ * size_;
  stats_.spatial_filters = meta.value("spatial_filters", 0);
  stats_.spectral_filters = meta.value("spectral_filters", 0);
  return true;
}

std::shared_ptr<const SparseRetina> SparseRetina::loadOrBuild(const LogGaborRetina& dense,
                                                              double energy_tolerance) {
  std::ostringstream key;
  key << "sparse-retina-v2 " << dense.spec().key() << " tolerance " << energy_tolerance;
  const auto path =
      (cacheDir() / "filters" /
       ("sparse-retina-" + std::to_string(std::hash<std::string>{}(key.str())) + ".bin"))
          .string();
  auto cached = withWhitening(dense);
  if (std::filesystem::exists(path)) {
    bool read = false;
    try {
      read = cached->readCache(path, key.str());
    } catch (const std::exception&) {  // a malformed description or an unreadable file
      read = false;
    }
    if (read) {
      cached->from_cache_ = true;
      return cached;
    }
    spdlog::warn("sparse retina cache {} does not verify; rebuilding it", path);
  }
  const auto built = build(dense, energy_tolerance);
  try {
    built->writeCache(path, key.str());
  } catch (const std::exception& error) {  // a read-only or full cache costs a rebuild next time
    spdlog::warn("cannot cache the sparse retina at {}: {}", path, error.what());
  }
  return built;
}

}  // namespace fovea::retina
