#include "core/stimulus/noisy_dataset.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <map>

#include "core/data/digit_sheet.h"
#include "core/stimulus/attention_samples.h"
#include "core/stimulus/dataset_folder.h"
#include "core/util/errors.h"
#include "core/util/parallel.h"
#include "core/util/random.h"

namespace fovea::stimulus {
namespace {

constexpr const char* kFormat = "fovea-noisy-dataset/1";
constexpr std::int64_t kChunk = 256;

nlohmann::json recipeJson(const NoisyDatasetRecipe& r) {
  return {{"spec", toJson(r.spec)}, {"split", r.split}, {"seed", r.seed}, {"count", r.count}};
}

}  // namespace

DatasetSummary buildNoisyDataset(const NoisyDatasetRecipe& recipe, const std::filesystem::path& dir,
                                 int threads, const DatasetProgress& progress) {
  recipe.spec.validate();
  if (recipe.count < 1) throw InputError("dataset count must be at least 1");
  if (recipe.split != "train" && recipe.split != "test") {
    throw InputError("split must be train or test, got '" + recipe.split + "'");
  }
  const auto start = std::chrono::steady_clock::now();
  const auto& digits = data::defaultDigits();
  const auto order = interleavedDigits(digits, recipe.split);
  const int size = recipe.spec.size;
  const std::size_t pixels = static_cast<std::size_t>(size) * size;

  DatasetFolder folder(dir, kFormat);
  NpyStreamWriter images(dir / "images.npy", NpyType::Float32, {recipe.count, size, size});
  NpyStreamWriter labels(dir / "labels.npy", NpyType::Int64, {recipe.count});
  NpyStreamWriter offsets(dir / "offsets.npy", NpyType::Int64, {recipe.count, 2});
  NpyStreamWriter contrasts(dir / "contrast.npy", NpyType::Float32, {recipe.count});
  std::vector<float> chunk_images;
  std::vector<std::int64_t> chunk_labels, chunk_offsets;
  std::vector<float> chunk_contrasts;
  for (std::int64_t begin = 0; begin < recipe.count; begin += kChunk) {
    const std::int64_t n = std::min(kChunk, recipe.count - begin);
    chunk_images.assign(static_cast<std::size_t>(n) * pixels, 0.0f);
    chunk_labels.assign(static_cast<std::size_t>(n), 0);
    chunk_offsets.assign(static_cast<std::size_t>(n) * 2, 0);
    chunk_contrasts.assign(static_cast<std::size_t>(n), 0.0f);
    parallelFor(n, threads, [&](std::int64_t i) {
      const auto k = static_cast<std::uint64_t>(begin + i);
      const std::size_t digit = order[k % order.size()];
      const auto sample =
          makeNoisyDigit(digits.glyph(digit), recipe.spec, sampleSeed(recipe.seed, k));
      float* dst = chunk_images.data() + static_cast<std::size_t>(i) * pixels;
      for (int r = 0; r < size; ++r)
        for (int c = 0; c < size; ++c) *dst++ = static_cast<float>(sample.image.at<double>(r, c));
      const auto j = static_cast<std::size_t>(i);
      chunk_labels[j] = digits.labels[digit];
      chunk_offsets[2 * j] = sample.row_offset;
      chunk_offsets[2 * j + 1] = sample.col_offset;
      chunk_contrasts[j] = static_cast<float>(sample.contrast);
    });
    images.append(chunk_images.data(), chunk_images.size() * sizeof(float));
    labels.append(chunk_labels.data(), chunk_labels.size() * sizeof(std::int64_t));
    offsets.append(chunk_offsets.data(), chunk_offsets.size() * sizeof(std::int64_t));
    contrasts.append(chunk_contrasts.data(), chunk_contrasts.size() * sizeof(float));
    if (progress) progress(begin + n, recipe.count);
  }
  images.commit();
  labels.commit();
  offsets.commit();
  contrasts.commit();
  folder.finish(recipeJson(recipe),
                {{"shape", {recipe.count, size, size}},
                 {"label_meaning", "MNIST digit (0..9)"},
                 {"digits", "opencv-doc digits.png, split " + recipe.split}},
                {{"images.npy", &images},
                 {"labels.npy", &labels},
                 {"offsets.npy", &offsets},
                 {"contrast.npy", &contrasts}});
  DatasetSummary summary;
  summary.dir = dir;
  summary.count = recipe.count;
  summary.scales = 1;
  summary.crop_px = size;
  summary.rebuilt = true;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

std::string verifyNoisyDataset(const std::filesystem::path& dir, const NoisyDatasetRecipe* recipe) {
  if (!recipe) return DatasetFolder::verify(dir, kFormat, nullptr);
  const nlohmann::json expected = recipeJson(*recipe);
  return DatasetFolder::verify(dir, kFormat, &expected);
}

DatasetSummary ensureNoisyDataset(const NoisyDatasetRecipe& recipe,
                                  const std::filesystem::path& dir, int threads,
                                  const DatasetProgress& progress) {
  const std::string problem = verifyNoisyDataset(dir, &recipe);
  if (problem.empty()) {
    DatasetSummary summary;
    summary.dir = dir;
    summary.count = recipe.count;
    summary.scales = 1;
    summary.crop_px = recipe.spec.size;
    return summary;
  }
  spdlog::info("rebuilding dataset: {}", problem);
  return buildNoisyDataset(recipe, dir, threads, progress);
}

}  // namespace fovea::stimulus
