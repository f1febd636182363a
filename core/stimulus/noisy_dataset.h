#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/stimulus/crowding_dataset.h"
#include "core/stimulus/noisy_digits.h"

namespace fovea::stimulus {

// A cached set of noisy-digit stimuli (the What 28 px set or the 128 px retina set): the digits
// of one split of opencv-doc's sheet, classes interleaved, each mixed into its own noise.
// Sample k depends only on (seed, k). Folder format `fovea-noisy-dataset/1` (docs/formats.md):
// images.npy (float32, N x size x size), labels.npy (int64, 0..9), offsets.npy (int64, N x 2,
// row and column shift in px), contrast.npy (float32, N) and meta.json.
struct NoisyDatasetRecipe {
  NoisyDigitSpec spec;
  std::string split = "train";
  std::uint64_t seed = 2019;
  std::int64_t count = 1000;
};

DatasetSummary buildNoisyDataset(const NoisyDatasetRecipe& recipe, const std::filesystem::path& dir,
                                 int threads, const DatasetProgress& progress = {});
std::string verifyNoisyDataset(const std::filesystem::path& dir,
                               const NoisyDatasetRecipe* recipe = nullptr);
DatasetSummary ensureNoisyDataset(const NoisyDatasetRecipe& recipe,
                                  const std::filesystem::path& dir, int threads,
                                  const DatasetProgress& progress = {});

}  // namespace fovea::stimulus
