#include "core/stimulus/crowding_dataset.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/stimulus/crowding_sampler.h"
#include "core/stimulus/dataset_folder.h"
#include "core/util/errors.h"
#include "core/util/npy.h"

namespace fs = std::filesystem;
using namespace fovea::stimulus;

namespace {

class CrowdingDatasetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("fovea-dataset-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    recipe_.count = 700;  // more than one chunk
    recipe_.spec.retina.scales = 6;
    recipe_.spec.geometry.configuration = Configuration::XAX;
    recipe_.spec.geometry.spacing_px = 150;
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path root_;
  DatasetRecipe recipe_;
};

TEST_F(CrowdingDatasetTest, SameBytesWhateverTheThreadCount) {
  buildDataset(recipe_, root_ / "one", 1);
  buildDataset(recipe_, root_ / "two", 2);
  buildDataset(recipe_, root_ / "five", 5);
  for (const char* file : {"crops.npy", "labels.npy", "target_ecc_px.npy"}) {
    const auto crc = fovea::fileCrc32(root_ / "one" / file);
    EXPECT_EQ(fovea::fileCrc32(root_ / "two" / file), crc) << file;
    EXPECT_EQ(fovea::fileCrc32(root_ / "five" / file), crc) << file;
  }
  EXPECT_EQ(verifyDataset(root_ / "one", &recipe_), "");
  recipe_.seed = 99;
  buildDataset(recipe_, root_ / "other-seed", 2);
  EXPECT_NE(fovea::fileCrc32(root_ / "other-seed" / "crops.npy"),
            fovea::fileCrc32(root_ / "one" / "crops.npy"));
}

TEST_F(CrowdingDatasetTest, SamplesMatchTheSamplerAndBalanceClasses) {
  const CrowdingSampler sampler(recipe_.spec, recipe_.seed, recipe_.random_shifts);
  std::array<int, 5> per_class{};
  for (int k = 0; k < 50; ++k)
    ++per_class[static_cast<std::size_t>(sampler.sample(static_cast<std::uint64_t>(k)).label)];
  for (int count : per_class) EXPECT_EQ(count, 10);
  // With flankers and random shifts every sample is a possible layout on the canvas.
  for (int k = 0; k < 200; ++k) {
    const auto sample = sampler.sample(static_cast<std::uint64_t>(k));
    CrowdingGeometry geometry = recipe_.spec.geometry;
    geometry.target_ecc_px = sample.target_ecc_px;
    EXPECT_NO_THROW(layoutGlyphs(geometry));
    EXPECT_LT(std::fabs(sample.target_ecc_px), 900);
  }
}

TEST_F(CrowdingDatasetTest, CorruptTruncatedOrForeignCachesAreDetectedAndRebuilt) {
  const auto dir = root_ / "cache";
  EXPECT_TRUE(ensureDataset(recipe_, dir, 2).rebuilt);
  EXPECT_FALSE(ensureDataset(recipe_, dir, 2).rebuilt);  // valid: reused

  {  // flip one byte in the middle of the crops
    std::fstream file(dir / "crops.npy", std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(1000000);
    file.put('\x7f');
  }
  std::string problem = verifyDataset(dir, &recipe_);
  EXPECT_NE(problem.find("crops.npy"), std::string::npos) << problem;
  EXPECT_NE(problem.find("corrupt"), std::string::npos) << problem;
  EXPECT_TRUE(ensureDataset(recipe_, dir, 2).rebuilt);
  EXPECT_EQ(verifyDataset(dir, &recipe_), "");

  fs::resize_file(dir / "labels.npy", fs::file_size(dir / "labels.npy") - 8);
  problem = verifyDataset(dir, &recipe_);
  EXPECT_NE(problem.find("labels.npy"), std::string::npos) << problem;
  EXPECT_NE(problem.find("truncated"), std::string::npos) << problem;
  EXPECT_TRUE(ensureDataset(recipe_, dir, 2).rebuilt);

  DatasetRecipe other = recipe_;
  other.count = 100;
  EXPECT_NE(verifyDataset(dir, &other).find("different recipe"), std::string::npos);

  fs::remove(dir / "meta.json");  // as after a crash mid-build
  EXPECT_NE(verifyDataset(dir).find("missing"), std::string::npos);
  std::ofstream(dir / "meta.json") << "{ not json";
  EXPECT_NE(verifyDataset(dir).find("corrupt"), std::string::npos);
}

TEST_F(CrowdingDatasetTest, ACancelledBuildLeavesNoDataset) {
  std::atomic<bool> cancel{false};
  EXPECT_THROW(buildDataset(
                   recipe_, root_ / "cancelled", 2,
                   [&](std::int64_t, std::int64_t) { cancel = true; }, &cancel),
               std::runtime_error);
  EXPECT_NE(verifyDataset(root_ / "cancelled"), "");
  for (const auto& entry : fs::directory_iterator(root_ / "cancelled")) {
    // The builders' lock stays (removing a lock file others may hold races); nothing else may.
    if (entry.path().filename() == ".build.lock") continue;
    ADD_FAILURE() << "a file was left behind: " << entry.path();
  }
}

}  // namespace

namespace {

TEST(DatasetFolder, OneBuilderAtATimeAndNothingOfOthersDeleted) {
  const auto dir =
      fs::temp_directory_path() / ("fovea-dataset-folder-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  // A meta.json that is not a Fovea dataset's stays, and the build is refused naming it.
  std::ofstream(dir / "meta.json") << R"({"owner": "someone else's tool"})";
  try {
    DatasetFolder folder(dir, "fovea-crowding-dataset/1");
    FAIL() << "expected an InputError";
  } catch (const fovea::InputError& error) {
    EXPECT_NE(std::string(error.what()).find((dir / "meta.json").string()), std::string::npos)
        << error.what();
  }
  EXPECT_TRUE(fs::exists(dir / "meta.json"));
  fs::remove(dir / "meta.json");

  // A killed builder's partial file goes; a second builder is refused while one builds.
  std::ofstream(dir / "images.npy.partial") << "half an array";
  {
    DatasetFolder first(dir, "fovea-crowding-dataset/1");
    EXPECT_FALSE(fs::exists(dir / "images.npy.partial"));
    try {
      DatasetFolder second(dir, "fovea-crowding-dataset/1");
      FAIL() << "expected an InputError";
    } catch (const fovea::InputError& error) {
      EXPECT_NE(std::string(error.what()).find("another process is building"), std::string::npos)
          << error.what();
    }
  }
  EXPECT_NO_THROW(DatasetFolder(dir, "fovea-crowding-dataset/1"));  // released with the first
  fs::remove_all(dir);
}

}  // namespace
