#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/stimulus/stimulus_spec.h"

namespace fovea::stimulus {

// The backgrounds a sampler draws from, one per sample (the study's Places experiments): none
// for black; one photograph; the photographs of a folder, split between train and test; or a
// pool of 1/f noise fields with their own seeds per split (at most 256 MB of them). Canvas-sized,
// 8-bit. background.index (which photograph the designer shows) does not apply: every sample
// draws its own.
class BackgroundPool {
 public:
  BackgroundPool(const BackgroundChoice& choice, int canvas_px, const std::string& split);

  bool black() const { return canvases_.empty(); }
  std::size_t size() const { return canvases_.size(); }
  const cv::Mat& at(int index) const { return canvases_.at(static_cast<std::size_t>(index)); }
  // What was used, for run metadata ("noise: 16 fields, seeds ..." or the photographs' names).
  const std::string& description() const { return description_; }

 private:
  std::vector<cv::Mat> canvases_;
  std::string description_;
};

// The pool for (choice, canvas, split), built once per process and shared (thread-safe):
// evaluation builds a sampler per grid cell, and photographs take a while to decode and resize.
const BackgroundPool& sharedBackgroundPool(const BackgroundChoice& choice, int canvas_px,
                                           const std::string& split);

// The photographs `image` names, sorted by name: a file, a folder of .jpg/.jpeg/.png, or
// "opencv-doc" (a fixed list of the natural photographs among opencv-doc's examples).
std::vector<std::filesystem::path> backgroundPhotos(const std::string& image);

// Of a folder's photographs, every fourth (the 4th, 8th, ...) is kept for testing, the rest
// train; a single photograph serves both.
std::vector<std::filesystem::path> photosOfSplit(const std::vector<std::filesystem::path>& photos,
                                                 const std::string& split);

// One photograph as a canvas-sized grey background (resized like the study's imresize): the
// index-th (modulo their number) of backgroundPhotos(image).
cv::Mat loadBackground(const std::string& image, int index, int canvas_px);

// MotionCloud-like 1/f noise filling the canvas, 8-bit, from the choice's seed.
cv::Mat noiseBackground(const BackgroundChoice& choice, int canvas_px);

}  // namespace fovea::stimulus
