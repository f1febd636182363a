#pragma once
// LibTorch: include only from translation units that already pay for <torch/torch.h>.
#include <string>
#include <utility>
#include <vector>

#include "core/models/layer_info.h"
#include "core/models/network.h"

namespace fovea::models {

// The two-convolution classifier the digit studies share: Conv(1, c1, 5) -> ReLU -> MaxPool2 ->
// Conv(c1, c2, 5) -> ReLU -> MaxPool2 -> FC(hidden) -> ReLU -> FC(classes), on a one-channel
// square image. The What network (LeNet: 20, 50, 500 on 28 px), STN 128's classifier (20, 100,
// 128 on 128 px) and the small MNIST CNN are all this network.
struct TwoConvShape {
  int image_px = 28;
  int channels1 = 20;
  int channels2 = 50;
  int hidden = 500;
  int classes = 10;
  // The first convolution as a foveated one (Harris, Niranjan & Hare 2019; science-attention.md
  // section 5): channels1 / 4 maps from each of four branches, branch k reading the central
  // side / 2^k pixels enlarged back to the full side (bilinear), so the centre is seen at x1, x2,
  // x4 and x8. The layers after it are unchanged. channels1 must be a multiple of 4.
  bool foveated = false;
  static constexpr int kFoveaBranches = 4;
  int pooledSide() const { return ((image_px - 4) / 2 - 4) / 2; }  // 28 -> 24 -> 12 -> 8 -> 4
  double forwardFlops() const;                                     // a multiply-add counts 2
  // conv1, conv2, fc1 and logits as features() names them, on the image called `grid`.
  std::vector<LayerInfo> layers(const std::string& grid = "input") const;
};

class TwoConvNetImpl : public NetworkImpl {
 public:
  explicit TwoConvNetImpl(const TwoConvShape& shape);
  torch::Tensor forward(torch::Tensor x) override;
  std::vector<std::pair<std::string, torch::Tensor>> features(torch::Tensor x) override;
  std::vector<std::pair<std::string, torch::Tensor>> featuresUntil(
      torch::Tensor x, const std::string& last) override;
  // The first convolution's maps (before ReLU and pooling), foveated or not.
  torch::Tensor firstLayer(const torch::Tensor& x);

 private:
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
  std::vector<torch::nn::Conv2d> fovea_;  // the foveated branches, outermost first
  torch::nn::Linear fc1_{nullptr}, fc2_{nullptr};
};

}  // namespace fovea::models
