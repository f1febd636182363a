#include "core/stimulus/noisy_dataset.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/util/npy.h"

namespace fs = std::filesystem;
using namespace fovea::stimulus;

namespace {

TEST(NoisyDataset, SameBytesWhateverTheThreadCountAndCorruptionIsCaught) {
  const auto root = fs::temp_directory_path() / ("fovea-noisy-" + std::to_string(::getpid()));
  fs::remove_all(root);
  NoisyDatasetRecipe recipe;
  recipe.count = 300;  // more than one chunk
  buildNoisyDataset(recipe, root / "one", 1);
  buildNoisyDataset(recipe, root / "two", 2);
  for (const char* file : {"images.npy", "labels.npy", "offsets.npy", "contrast.npy"}) {
    EXPECT_EQ(fovea::fileCrc32(root / "one" / file), fovea::fileCrc32(root / "two" / file)) << file;
  }
  EXPECT_EQ(verifyNoisyDataset(root / "one", &recipe), "");
  EXPECT_FALSE(ensureNoisyDataset(recipe, root / "one", 2).rebuilt);

  NoisyDatasetRecipe other = recipe;
  other.spec.size = 28;
  EXPECT_NE(verifyNoisyDataset(root / "one", &other).find("different recipe"), std::string::npos);

  {
    std::fstream file(root / "one" / "images.npy", std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(50000);
    file.put('\x01');
  }
  EXPECT_NE(verifyNoisyDataset(root / "one").find("images.npy"), std::string::npos);
  EXPECT_TRUE(ensureNoisyDataset(recipe, root / "one", 2).rebuilt);
  fs::remove_all(root);
}

}  // namespace
