#include "core/stimulus/crowding_dataset.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/stimulus/crowding_sampler.h"
#include "core/stimulus/dataset_folder.h"
#include "core/util/errors.h"
#include "core/util/npy.h"
#include "core/util/parallel.h"

namespace fovea::stimulus {
namespace {

constexpr const char* kFormat = "fovea-crowding-dataset/1";
constexpr std::int64_t kChunk = 512;  // samples generated between writes

nlohmann::json recipeJson(const DatasetRecipe& recipe) {
  return {{"spec_toml", toToml(recipe.spec)},
          {"seed", recipe.seed},
          {"count", recipe.count},
          {"random_shifts", recipe.random_shifts}};
}

}  // namespace

DatasetSummary buildDataset(const DatasetRecipe& recipe, const std::filesystem::path& dir,
                            int threads, const DatasetProgress& progress,
                            const std::atomic<bool>* cancel) {
  if (recipe.count < 1) throw InputError("dataset count must be at least 1");
  const auto start = std::chrono::steady_clock::now();
  const CrowdingSampler sampler(recipe.spec, recipe.seed, recipe.random_shifts);
  const int scales = recipe.spec.retina.scales;
  const int crop = recipe.spec.retina.crop_px;
  const std::size_t sample_bytes = static_cast<std::size_t>(scales) * crop * crop;

  DatasetFolder folder(dir, kFormat);
  NpyStreamWriter crops(dir / "crops.npy", NpyType::UInt8, {recipe.count, scales, crop, crop});
  NpyStreamWriter labels(dir / "labels.npy", NpyType::Int64, {recipe.count});
  NpyStreamWriter eccs(dir / "target_ecc_px.npy", NpyType::Float32, {recipe.count});

  std::vector<std::uint8_t> chunk_crops;
  std::vector<std::int64_t> chunk_labels;
  std::vector<float> chunk_eccs;
  for (std::int64_t begin = 0; begin < recipe.count; begin += kChunk) {
    if (cancel && cancel->load()) throw std::runtime_error("dataset build cancelled");
    const std::int64_t n = std::min(kChunk, recipe.count - begin);
    chunk_crops.assign(static_cast<std::size_t>(n) * sample_bytes, 0);
    chunk_labels.assign(static_cast<std::size_t>(n), 0);
    chunk_eccs.assign(static_cast<std::size_t>(n), 0);
    parallelFor(n, threads, [&](std::int64_t i) {
      const auto sample = sampler.sample(static_cast<std::uint64_t>(begin + i));
      std::uint8_t* dst = chunk_crops.data() + static_cast<std::size_t>(i) * sample_bytes;
      for (const auto& c : sample.crops) {
        for (int y = 0; y < c.rows; ++y, dst += c.cols)
          std::memcpy(dst, c.ptr(y), static_cast<std::size_t>(c.cols));
      }
      chunk_labels[static_cast<std::size_t>(i)] = sample.label;
      chunk_eccs[static_cast<std::size_t>(i)] = static_cast<float>(sample.target_ecc_px);
    });
    crops.append(chunk_crops.data(), chunk_crops.size());
    labels.append(chunk_labels.data(), chunk_labels.size() * sizeof(std::int64_t));
    eccs.append(chunk_eccs.data(), chunk_eccs.size() * sizeof(float));
    if (progress) progress(begin + n, recipe.count);
  }
  crops.commit();
  labels.commit();
  eccs.commit();

  folder.finish(recipeJson(recipe),
                {{"shape", {recipe.count, scales, crop, crop}},
                 {"label_meaning", "even MNIST digit / 2 (0..4)"},
                 {"digits", "opencv-doc digits.png, split " + recipe.spec.glyphs.split +
                                " (450/50 per class, last 50 test)"}},
                {{"crops.npy", &crops}, {"labels.npy", &labels}, {"target_ecc_px.npy", &eccs}});

  DatasetSummary summary;
  summary.dir = dir;
  summary.count = recipe.count;
  summary.scales = scales;
  summary.crop_px = crop;
  summary.rebuilt = true;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

std::string verifyDataset(const std::filesystem::path& dir, const DatasetRecipe* recipe) {
  if (!recipe) return DatasetFolder::verify(dir, kFormat, nullptr);
  const nlohmann::json expected = recipeJson(*recipe);
  return DatasetFolder::verify(dir, kFormat, &expected);
}

DatasetSummary ensureDataset(const DatasetRecipe& recipe, const std::filesystem::path& dir,
                             int threads, const DatasetProgress& progress) {
  const std::string problem = verifyDataset(dir, &recipe);
  if (problem.empty()) {
    DatasetSummary summary;
    summary.dir = dir;
    summary.count = recipe.count;
    summary.scales = recipe.spec.retina.scales;
    summary.crop_px = recipe.spec.retina.crop_px;
    return summary;
  }
  spdlog::info("rebuilding dataset: {}", problem);
  return buildDataset(recipe, dir, threads, progress);
}

}  // namespace fovea::stimulus
