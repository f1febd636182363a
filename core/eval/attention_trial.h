#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/eval/predictor.h"
#include "core/experiment/attention_spec.h"
#include "core/train/train_progress.h"

namespace fovea::eval {

// What one model did with one image of the attention task, for views to draw: the image as the
// model saw it, its answer, and for a transformer theta, the glimpse and where it sampled.
struct AttentionTrial {
  cv::Mat image;  // side x side CV_32F in [0, 1]: the model's input
  cv::Mat scene;  // the whole stimulus when the model sees only its centre (a 28 px fovea)
  int label = -1;
  int answer = -1;
  std::vector<float> probabilities;  // per class; empty when unknown
  int row_offset = 0;                // the digit's shift from the centre (px), when known
  int col_offset = 0;
  double contrast = 0;
  bool offsets_known = false;
  bool has_transform = false;
  std::array<float, 6> theta{};   // row-major 2 x 3, normalised coordinates
  cv::Mat glimpse;                // glimpse x glimpse CV_32F
  std::vector<cv::Point2f> grid;  // sampling points in the image's pixels (x: column), row-major
  int grid_side = 0;

  // A saccade model: where the eye was (image pixel coordinates, x: column, pixel centres at
  // integers, so the image's centre is (side - 1) / 2; the start first), the foveal
  // crop and What's answer at each fixation, and the first Where map with each cell's peak in
  // the image (cells in (azimuth, eccentricity) order).
  std::vector<cv::Point2f> fixations;
  std::vector<cv::Mat> foveal_crops;  // 28 x 28 CV_32F each
  std::vector<int> fixation_answers;
  std::vector<float> where_map;
  std::vector<cv::Point2f> where_cells;
  int where_azimuths = 0;
  int where_rings = 0;

  // The maps of one layer for this image (a trained run's trials): the layers that have maps,
  // the one computed, its shape ([channels, h, w]) and values.
  std::vector<std::string> map_layers;
  std::string maps_layer;
  std::vector<std::int64_t> maps_shape;
  std::vector<float> maps;
};

// The points theta samples in a side x side image: glimpse pixel (i, j) sits at normalised
// (u, v) = theta . ((2j + 1) / g - 1, (2i + 1) / g - 1, 1), and u maps to the pixel coordinate
// ((u + 1) side - 1) / 2 (align_corners = false).
std::vector<cv::Point2f> samplingPoints(const std::array<float, 6>& theta, int image_px,
                                        int glimpse_px);

// Test trial `index` with the digit at radius_px from the centre (its direction drawn) and a fixed
// contrast, on the 128 px set; a 28 px model sees the centre. The same (seed, radius, contrast,
// index) gives the same image for every model. The maps of `map_layer` come with it (of the
// run's first layer with maps when it has no such layer).
AttentionTrial attentionTrial(const Predictor& predictor, const experiment::AttentionSpec& spec,
                              std::uint64_t seed, double radius_px, double contrast,
                              std::uint64_t index, const std::string& map_layer = {});

// A training step's sample: the image it carried and the features the trainer attached.
AttentionTrial trialFromProgress(const train::TrainProgress& progress);

}  // namespace fovea::eval
