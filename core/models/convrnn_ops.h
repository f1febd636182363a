#pragma once
// LibTorch: include only from translation units that already pay for <torch/torch.h>.
// TensorFlow's conventions that the ConvRNN port reproduces (science-convrnn.md sections 1, 2
// and 8), and how its weights are named and laid out in a checkpoint.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace fovea::models::convrnn {

// The padding TF's SAME gives one axis: (before, after), the odd pixel after.
std::pair<std::int64_t, std::int64_t> samePadding(std::int64_t size, std::int64_t kernel,
                                                  std::int64_t stride);
// x padded with zeros as TF SAME pads it for a k x k kernel at `stride`.
torch::Tensor padSame(const torch::Tensor& x, std::int64_t kernel, std::int64_t stride);
// 2x2, stride 2, SAME max-pool (ceil mode: an odd side keeps its last row and column).
torch::Tensor maxPoolSame(const torch::Tensor& x);
// The harbor's resize: bilinear with align_corners, as tf.image.resize_images(align_corners).
torch::Tensor resizeAligned(const torch::Tensor& x, std::int64_t side);
// Channel concatenation of tensors whose batch is 1 (shared by every image) or B.
torch::Tensor catChannels(const std::vector<torch::Tensor>& parts);
// tf.contrib.layers.layer_norm over (C, H, W) per image, per-channel affine, eps 1e-12.
torch::Tensor layerNorm(const torch::Tensor& x, const torch::Tensor& gamma,
                        const torch::Tensor& beta, double eps = 1e-12);

// How a TF variable's array maps onto the LibTorch tensor.
enum class Layout {
  Plain,      // same shape and order (biases, scalars, LN gamma / beta)
  ConvHwio,   // [kh, kw, in, out] -> [out, in, kh, kw]
  Depthwise,  // [kh, kw, C, 1] -> [C, 1, kh, kw]
  Dense,      // [in, out] -> [out, in]
  Peephole,   // [H, W, C] -> [1, C, H, W]
};

// One tensor of the network under its TF checkpoint name.
struct WeightSlot {
  std::string name;  // e.g. tnn_model/conv3/ConvGRUCell/gates/weights
  torch::Tensor tensor;
  Layout layout = Layout::Plain;
  bool optional = false;  // a checkpoint may leave it out (the readout's beta and threshold)
};

// The TF shape a slot's tensor has in a checkpoint.
std::vector<std::int64_t> tfShape(const WeightSlot& slot);
// A TF array (row-major, float) converted into the slot's layout.
torch::Tensor fromTf(const torch::Tensor& tf_array, Layout layout);
torch::Tensor toTf(const torch::Tensor& tensor, Layout layout);

// A square convolution with TF SAME padding and TF's initialisation (variance scaling on the
// fan-in, truncated normal); `groups` = in for a depthwise convolution.
class TfConvImpl : public torch::nn::Module {
 public:
  TfConvImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride = 1,
             bool bias = true, std::int64_t groups = 1, double init_scale = 1.0);
  torch::Tensor forward(const torch::Tensor& x);
  // Adds weight (and bias) under prefix + weight_name / bias_name.
  void addSlots(std::vector<WeightSlot>& slots, const std::string& weight_name,
                const std::string& bias_name) const;

  torch::Tensor weight, bias;
  std::int64_t kernel, stride, groups;
};
TORCH_MODULE(TfConv);

// TF's variance_scaling(scale, fan_in, truncated normal) for a tensor with this fan-in.
void varianceScaling(torch::Tensor& weight, std::int64_t fan_in, double scale);

}  // namespace fovea::models::convrnn
