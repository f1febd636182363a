#pragma once
// LibTorch: the networks of the attention studies (science-attention.md sections 2.1 and 3).
// Include only from translation units that already pay for <torch/torch.h>.
#include <string>
#include <utility>
#include <vector>

#include "core/models/two_conv_net.h"

namespace fovea::models {

// The What network (LeNet, science-attention.md 2.1): the two-convolution net with 20 and 50
// maps and 500 hidden units on a 28 x 28 image in [0, 1].
TwoConvShape leNetShape(int classes);
// STN 128's classifier (3.2): 20 and 100 maps, 128 hidden units, on the 128 x 128 glimpse.
TwoConvShape classifier128Shape(int classes);

// How a spatial transformer picks its window.
enum class TransformKind {
  Affine,            // STN: six parameters, identity at start
  ScaleTranslation,  // ATN: s, t_x, t_y; theta = [[s, 0, t_x], [0, s, t_y]]
  Translation,       // POLO-ATN: t_x, t_y at a fixed scale, located from the POLO code
};

struct TransformerConfig {
  TransformKind transform = TransformKind::Affine;
  int image_px = 28;    // 28 or 128
  int glimpse_px = 28;  // side of the sampling grid; 28 feeds the What LeNet
  double scale = 0.2;   // ATN's starting scale; POLO-ATN's fixed scale
  int classes = 10;
  bool foveated = false;  // the classifier's first convolution is a foveated one
  // Scales the gradient that reaches the localisation (forward values unchanged): with SGD, the
  // localisation learns at this fraction of the run's rate, the classifier at the full rate.
  double localisation_rate = 1.0;
};

// theta, glimpse and the classifier's layers, as SpatialTransformerImpl::features names them.
std::vector<LayerInfo> transformerLayers(const TransformerConfig& config);

// A spatial transformer: localisation (a conv stack on the image, or FCs on its POLO code),
// theta, affine_grid + grid_sample with align_corners = false, then a classifier on the
// glimpse. features() names "theta" (batch x 6, the full affine matrix row-major) and
// "glimpse" besides the classifier's own outputs.
class SpatialTransformerImpl : public NetworkImpl {
 public:
  explicit SpatialTransformerImpl(const TransformerConfig& config);
  torch::Tensor forward(torch::Tensor x) override;
  std::vector<std::pair<std::string, torch::Tensor>> features(torch::Tensor x) override;

  torch::Tensor theta(const torch::Tensor& x);  // batch x 2 x 3
  // The sampling grid in the input's normalised coordinates (batch x glimpse x glimpse x 2).
  torch::Tensor grid(const torch::Tensor& theta) const;
  // The POLO code of a batch of 128 px images (POLO-ATN only), as its localisation reads it.
  torch::Tensor poloCodeOf(const torch::Tensor& x) const { return poloCode(x); }
  // Bilinear samples of x on that grid, zero outside (align_corners = false).
  torch::Tensor sample(const torch::Tensor& x, const torch::Tensor& theta) const;

 private:
  torch::Tensor locate(const torch::Tensor& x);
  torch::Tensor poloCode(const torch::Tensor& x) const;

  TransformerConfig config_;
  torch::nn::Sequential localisation_{nullptr};
  torch::nn::Linear head1_{nullptr}, head2_{nullptr};
  std::shared_ptr<NetworkImpl> classifier_;
  torch::Tensor polo_filters_;  // (levels * width^2) x 768 buffer: POLO code = crops . filters
};

}  // namespace fovea::models
