#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/stimulus/stimulus_spec.h"

namespace fovea::stimulus {

// What a cached crowding dataset is made of; the cache is valid only for the same recipe.
struct DatasetRecipe {
  StimulusSpec spec;
  std::uint64_t seed = 2017;
  std::int64_t count = 1000;
  bool random_shifts = true;
};

// The on-disk format (docs/formats.md): a folder with crops.npy (uint8, N x scales x crop x
// crop), labels.npy (int64, N), target_ecc_px.npy (float32, N) and meta.json (the recipe, and
// the size and CRC-32 of every file). meta.json is written last, so a folder without it, or
// whose files do not match it, is never used.
struct DatasetSummary {
  std::filesystem::path dir;
  std::int64_t count = 0;
  int scales = 0;
  int crop_px = 0;
  bool rebuilt = false;
  double seconds = 0;
};

using DatasetProgress = std::function<void(std::int64_t done, std::int64_t total)>;

// Streams the samples to `dir` in fixed-size chunks (memory stays bounded), generated on
// `threads` threads (0: all); the bytes are the same for any thread count.
DatasetSummary buildDataset(const DatasetRecipe& recipe, const std::filesystem::path& dir,
                            int threads, const DatasetProgress& progress = {},
                            const std::atomic<bool>* cancel = nullptr);

// Empty when `dir` holds a complete, uncorrupted dataset (made from `recipe`, when given);
// otherwise the reason, naming the file at fault.
std::string verifyDataset(const std::filesystem::path& dir, const DatasetRecipe* recipe = nullptr);

// The cached dataset when it verifies, else a fresh build (the reason is logged).
DatasetSummary ensureDataset(const DatasetRecipe& recipe, const std::filesystem::path& dir,
                             int threads, const DatasetProgress& progress = {});

}  // namespace fovea::stimulus
