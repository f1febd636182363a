#pragma once
// LibTorch: the What/Where saccade model (science-attention.md 2.1-2.6). Include only from
// translation units that already pay for <torch/torch.h>.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/models/two_conv_net.h"

namespace fovea::retina {
class SparseRetina;
}

namespace fovea::models {

// The sparse retina's codes (batch x filters) of a batch of 128 px images (batch x 1 x 128 x
// 128 in [0, 1]).
torch::Tensor retinaCodes(const retina::SparseRetina& retina, const torch::Tensor& images);

struct WhatWhereConfig {
  int saccades = 1;              // 0: the What net reads the centre; N: N saccades, then it reads
  bool confidence_stop = false;  // stop early once What is surer than Where's best guess
  std::int64_t what_steps = 0;   // training steps that train What; the later ones train Where
  int classes = 10;
};

// What (LeNet on a 28 x 28 foveal crop) and Where (an MLP from the 2880-value log-polar retina
// code of the whitened 128 x 128 image to the 240-cell collicular map of What's accuracy).
// A saccade moves the fixation to the peak of the most promising cell; What then reads the
// masked, unwhitened image around it. Training: What first (its crop is the image's centre,
// the curriculum shifts the digit), then Where by BCE against the collicular projection of
// What's accuracy map, measured from the first Where batch and kept in the checkpoint.
class WhatWhereImpl : public NetworkImpl {
 public:
  static constexpr int kImage = 128;
  static constexpr int kCrop = 28;
  static constexpr int kMapHalf = 27;  // the accuracy map covers shifts of +-27 px (55 x 55)
  static constexpr int kMaxJump = 50;  // a fixation stays within +-(64 - 14) px of the centre
  // Where's sizes: the retina's code (10 eccentricities x 24 azimuths x 6 orientations x 2
  // phases), its hidden layers, and the collicular map (24 x 10 cells).
  static constexpr int kRetinaCode = 2880;
  static constexpr int kWhereHidden = 1000;
  static constexpr int kCollicularCells = 240;

  explicit WhatWhereImpl(const WhatWhereConfig& config);
  torch::Tensor forward(torch::Tensor x) override;
  // Besides What's own outputs: "where_map" (batch x saccades x 240, sigmoid, (azimuth,
  // eccentricity) order), "fixations" (batch x (saccades + 1) x 2, (row, column) px from the
  // centre, the start first), "saccade_logits" (batch x (saccades + 1) x classes), "glimpse"
  // (batch x 28 x 28, the last crop), What's layers on that crop ("what_conv1", "what_conv2",
  // "what_fc1"), then "logits".
  std::vector<std::pair<std::string, torch::Tensor>> features(torch::Tensor x) override;
  StepLoss trainingLoss(const torch::Tensor& inputs, const TrainingStep& step) override;

  torch::Tensor whereLogits(const torch::Tensor& images);  // batch x 240
  torch::Tensor whereFromCode(const torch::Tensor& code) { return where_->forward(code); }
  // 28 x 28 crops centred on (row, column) px from the centre, mid-grey outside the image.
  torch::Tensor crops(const torch::Tensor& images, const torch::Tensor& fixations) const;
  // Where's training target for digits at these offsets: C . vec(accuracy map around them).
  torch::Tensor whereTarget(const torch::Tensor& offsets) const;
  const torch::Tensor& accuracyMap() const { return accuracy_map_; }
  void setAccuracyMap(const torch::Tensor& map);  // 55 x 55; Where then trains against it
  bool accuracyMapMeasured() const { return map_ready_.item<float>() > 0; }
  // What's accuracy on these images at every shift of the map (3 px apart, interpolated).
  void measureAccuracyMap(const torch::Tensor& images, const torch::Tensor& labels,
                          const torch::Tensor& offsets);

 private:
  struct Scan {
    torch::Tensor fixations, where_maps, logits, glimpse;
  };
  Scan scan(const torch::Tensor& x);
  torch::Tensor retinaCode(const torch::Tensor& images) const;

  WhatWhereConfig config_;
  std::shared_ptr<TwoConvNetImpl> what_;
  torch::nn::Sequential where_{nullptr};
  torch::Tensor accuracy_map_;  // buffer: 55 x 55, What's accuracy for a digit shifted (i, j)
  torch::Tensor map_ready_;     // buffer: 1 once the map is measured
  torch::Tensor collicular_;    // 240 x 16384 (not saved: rebuilt from the retina)
  torch::Tensor cell_peaks_;    // 240 x 2: each cell's peak (row, column) px from the centre
  std::shared_ptr<const retina::SparseRetina> retina_;
};

}  // namespace fovea::models
