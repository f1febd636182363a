#include "core/stimulus/background_pool.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>

#include "core/stimulus/motion_cloud.h"
#include "core/stimulus/pil_resample.h"
#include "core/util/errors.h"
#include "core/util/image_io.h"
#include "core/util/random.h"

namespace fovea::stimulus {
namespace {

const std::filesystem::path kExamples = "/usr/share/doc/opencv-doc/examples/data";
constexpr std::int64_t kMaxNoisePoolBytes = std::int64_t{256} << 20;

// Natural scenes among opencv-doc's examples; the rest are charts, logos, masks and digit
// sheets, which no one would call a background.
const char* const kOpencvDocPhotos[] = {
    "aero1.jpg",       "aero3.jpg",  "aloeL.jpg",        "apple.jpg",        "baboon.jpg",
    "basketball1.png", "board.jpg",  "box_in_scene.png", "building.jpg",     "butterfly.jpg",
    "fruits.jpg",      "graf1.png",  "HappyFish.jpg",    "home.jpg",         "leuvenA.jpg",
    "messi5.jpg",      "orange.jpg", "smarties.png",     "squirrel_cls.jpg", "starry_night.jpg"};

cv::Mat noiseField(const BackgroundChoice& choice, int canvas_px, std::uint64_t seed) {
  // The attention studies' band, sf_0 = B_sf, scaled to the canvas by the spec.
  MotionCloudSpec cloud;
  cloud.size = canvas_px;
  cloud.sf_0 = choice.noise_sf_0;
  cloud.B_sf = choice.noise_sf_0;
  cloud.noise = choice.noise_contrast;
  cv::Mat grey;
  motionCloud(cloud, seed).convertTo(grey, CV_8U, 255.0);
  return grey;
}

}  // namespace

cv::Mat loadBackground(const std::string& image, int index, int canvas_px) {
  const auto photos = backgroundPhotos(image);
  const auto& path = photos[static_cast<std::size_t>(index) % photos.size()];
  return resizeLikePil(readGreyImage(path), {canvas_px, canvas_px});
}

cv::Mat noiseBackground(const BackgroundChoice& choice, int canvas_px) {
  return noiseField(choice, canvas_px, choice.seed);
}

std::vector<std::filesystem::path> backgroundPhotos(const std::string& image) {
  std::vector<std::filesystem::path> photos;
  if (image == "opencv-doc") {
    for (const char* name : kOpencvDocPhotos) {
      if (std::filesystem::exists(kExamples / name)) photos.push_back(kExamples / name);
    }
    std::sort(photos.begin(), photos.end());
    if (photos.empty())
      throw InputError("background.image opencv-doc: " + kExamples.string() +
                       " holds none of its photographs (install opencv-doc)");
    return photos;
  }
  std::filesystem::path path(image);
  if (!std::filesystem::exists(path) && path.parent_path().empty()) path = kExamples / image;
  if (!std::filesystem::exists(path))
    throw InputError("background.image '" + image + "' not found");
  if (!std::filesystem::is_directory(path)) return {path};
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    auto extension = entry.path().extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(), ::tolower);
    if (extension == ".jpg" || extension == ".jpeg" || extension == ".png") {
      photos.push_back(entry.path());
    }
  }
  std::sort(photos.begin(), photos.end());
  if (photos.empty())
    throw InputError("background.image " + path.string() + " holds no photographs");
  return photos;
}

std::vector<std::filesystem::path> photosOfSplit(const std::vector<std::filesystem::path>& photos,
                                                 const std::string& split) {
  if (photos.size() < 2) return photos;
  std::vector<std::filesystem::path> part;
  for (std::size_t i = 0; i < photos.size(); ++i) {
    if ((i % 4 == 3) == (split == "test")) part.push_back(photos[i]);
  }
  return part;
}

BackgroundPool::BackgroundPool(const BackgroundChoice& choice, int canvas_px,
                               const std::string& split) {
  if (choice.kind == "black") {
    description_ = "black";
    return;
  }
  if (choice.kind == "photo") {
    description_ = "photographs (" + split + "):";
    const auto photos = photosOfSplit(backgroundPhotos(choice.image), split);
    if (photos.empty()) {
      // Scoring on black after training on photographs would go unnoticed.
      throw InputError("background.image " + choice.image + " leaves no " + split +
                       " photographs (every fourth is kept for testing: give at least 4, or 1)");
    }
    for (const auto& path : photos) {
      canvases_.push_back(resizeLikePil(readGreyImage(path), {canvas_px, canvas_px}));
      description_ += " " + path.filename().string();
    }
    return;
  }
  if (choice.kind != "noise") throw InputError("background.kind '" + choice.kind + "' is unknown");
  // Each field is a canvas: cap the pool's bytes before allocating.
  const double bytes = double(choice.noise_pool) * canvas_px * canvas_px;
  if (bytes > kMaxNoisePoolBytes) {
    throw InputError("background.noise_pool " + std::to_string(choice.noise_pool) + " fields of " +
                     std::to_string(canvas_px) + " px exceed " +
                     std::to_string(kMaxNoisePoolBytes >> 20) + " MB");
  }
  // Train and test fields come from disjoint seed streams.
  const std::uint64_t stream = splitmix64(choice.seed ^ (split == "test" ? 0x7e57ULL : 0x7a1aULL));
  for (int k = 0; k < choice.noise_pool; ++k) {
    canvases_.push_back(
        noiseField(choice, canvas_px, sampleSeed(stream, static_cast<std::uint64_t>(k))));
  }
  description_ = "1/f noise (" + split + "): " + std::to_string(choice.noise_pool) + " fields";
}

const BackgroundPool& sharedBackgroundPool(const BackgroundChoice& choice, int canvas_px,
                                           const std::string& split) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<BackgroundPool>> pools;
  char numbers[96];  // exact: two pools differ if any value does
  std::snprintf(numbers, sizeof numbers, "%.17g|%.17g|%llu|%d", choice.noise_sf_0,
                choice.noise_contrast, static_cast<unsigned long long>(choice.seed),
                choice.noise_pool);
  const std::string key = choice.kind + "|" + choice.image + "|" + std::to_string(canvas_px) + "|" +
                          split + "|" + numbers;
  std::lock_guard<std::mutex> lock(mutex);
  auto& pool = pools[key];
  if (!pool) pool = std::make_unique<BackgroundPool>(choice, canvas_px, split);
  return *pool;
}

}  // namespace fovea::stimulus
