#include "core/models/attention_nets.h"

#include <array>

#include "core/retina/polo.h"
#include "core/util/errors.h"

namespace fovea::models {
namespace {

namespace F = torch::nn::functional;
using torch::nn::Conv2d;
using torch::nn::Conv2dOptions;

// The localisation conv stacks of the internship's transformers: conv -> max-pool 2 -> ReLU.
// Their blocks as (in, out, kernel): 28 -> 22 -> 11 -> 7 -> 3 (90 features), or 128 -> 122 ->
// 61 -> 57 -> 28 -> 24 -> 12 -> 8 -> 4 (2048 features).
std::vector<std::array<int, 3>> localisationBlocks(int image_px) {
  if (image_px == 28) return {{1, 8, 7}, {8, 10, 5}};
  return {{1, 16, 7}, {16, 32, 5}, {32, 64, 5}, {64, 128, 5}};
}

torch::nn::Sequential localisationStack(int image_px) {
  torch::nn::Sequential stack;
  for (const auto& [in, out, kernel] : localisationBlocks(image_px)) {
    stack->push_back(Conv2d(Conv2dOptions(in, out, kernel)));
    stack->push_back(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)));
    stack->push_back(torch::nn::ReLU());
  }
  return stack;
}

int parameterCount(TransformKind kind) {
  switch (kind) {
    case TransformKind::Affine: return 6;
    case TransformKind::ScaleTranslation: return 3;
    case TransformKind::Translation: return 2;
  }
  return 0;
}

// The POLO code as one matrix: the three centre-cropped pyramid levels, flattened and
// concatenated, times this gives the code in the transformer's (theta, row, azimuth) layout.
torch::Tensor poloMatrix(const retina::PoloCode& code) {
  const auto& s = code.spec();
  const int pixels = s.width * s.width;
  const int rows = s.levels * s.sublevels;
  auto matrix = torch::zeros({s.levels * pixels, s.size()}, torch::kFloat32);
  auto m = matrix.accessor<float, 2>();
  for (int level = 0; level < s.levels; ++level) {
    for (int k = 0; k < s.sublevels; ++k) {
      for (int az = 0; az < s.n_azimuth; ++az) {
        for (int t = 0; t < s.n_theta; ++t) {
          const cv::Mat& filter = code.filter(k, az, t);
          const int column = (t * rows + level * s.sublevels + k) * s.n_azimuth + az;
          for (int p = 0; p < pixels; ++p) {
            m[level * pixels + p][column] =
                static_cast<float>(filter.at<double>(p / s.width, p % s.width));
          }
        }
      }
    }
  }
  return matrix;
}

torch::Tensor centreCrop(const torch::Tensor& x, int width) {
  const auto offset = (x.size(-1) - width) / 2;
  return x.narrow(-2, offset, width).narrow(-1, offset, width);
}

}  // namespace

TwoConvShape leNetShape(int classes) {
  return {28, 20, 50, 500, classes};
}

TwoConvShape classifier128Shape(int classes) {
  return {128, 20, 100, 128, classes};
}

std::vector<LayerInfo> transformerLayers(const TransformerConfig& config) {
  // POLO-ATN locates from the POLO code: no conv stack.
  const auto blocks = config.transform == TransformKind::Translation
                          ? std::vector<std::array<int, 3>>{}
                          : localisationBlocks(config.image_px);
  long long located = 0;
  std::int64_t side = config.image_px;
  for (const auto& [in, out, kernel] : blocks) {
    located += static_cast<long long>(in) * out * kernel * kernel + out;
    side = (side - kernel + 1) / 2;
  }
  const long long features =
      blocks.empty() ? retina::PoloSpec().size() : blocks.back()[1] * side * side;
  const long long parameters = parameterCount(config.transform);
  auto theta = makeLayer("theta", "transform", {6},
                         located + features * 32 + 32 + 32 * parameters + parameters);
  theta.note = blocks.empty() ? "located from the 768-value POLO code" : "";
  auto glimpse = makeLayer("glimpse", "glimpse", {1, config.glimpse_px, config.glimpse_px}, 0);
  glimpse.note = "the input sampled on theta's grid: its place depends on the input";
  auto shape =
      config.glimpse_px == 28 ? leNetShape(config.classes) : classifier128Shape(config.classes);
  shape.foveated = config.foveated;
  std::vector<LayerInfo> layers = {theta, glimpse};
  for (auto& layer : shape.layers("glimpse")) layers.push_back(std::move(layer));
  return layers;
}

SpatialTransformerImpl::SpatialTransformerImpl(const TransformerConfig& config) : config_(config) {
  if (config_.image_px != 28 && config_.image_px != 128) {
    throw InputError("spatial transformer: image_px must be 28 or 128");
  }
  if (config_.glimpse_px != 28 && config_.glimpse_px != 128) {
    throw InputError("spatial transformer: glimpse_px must be 28 or 128");
  }
  const int parameters = parameterCount(config_.transform);
  std::int64_t located_from = 0;
  if (config_.transform == TransformKind::Translation) {
    const retina::PoloCode code;
    if (config_.image_px != (code.spec().width << (code.spec().levels - 1))) {
      throw InputError("POLO-ATN: the POLO code needs a 128 px image");
    }
    polo_filters_ = register_buffer("polo_filters", poloMatrix(code));
    located_from = code.spec().size();
  } else {
    localisation_ = register_module("localisation", localisationStack(config_.image_px));
    torch::NoGradGuard no_grad;
    located_from =
        localisation_->forward(torch::zeros({1, 1, config_.image_px, config_.image_px})).numel();
  }
  head1_ = register_module("head1", torch::nn::Linear(located_from, 32));
  head2_ = register_module("head2", torch::nn::Linear(32, parameters));
  // The transformer starts where the recipes start it: the identity (STN), a centred window of
  // the given scale (ATN), the centre at a fixed scale (POLO-ATN).
  torch::NoGradGuard no_grad;
  head2_->weight.zero_();
  switch (config_.transform) {
    case TransformKind::Affine:
      head2_->bias.copy_(torch::tensor({1.0f, 0.0f, 0.0f, 0.0f, 1.0f, 0.0f}));
      break;
    case TransformKind::ScaleTranslation:
      head2_->bias.copy_(torch::tensor({static_cast<float>(config_.scale), 0.0f, 0.0f}));
      break;
    case TransformKind::Translation: head2_->bias.zero_(); break;
  }
  auto shape =
      config_.glimpse_px == 28 ? leNetShape(config_.classes) : classifier128Shape(config_.classes);
  shape.foveated = config_.foveated;
  classifier_ = std::make_shared<TwoConvNetImpl>(shape);
  register_module("classifier", classifier_);
}

torch::Tensor SpatialTransformerImpl::poloCode(const torch::Tensor& x) const {
  // Laplacian pyramid, bilinear with align_corners = false: x0.5 is the 2 x 2 mean.
  const auto i64 = torch::avg_pool2d(x, 2);
  const auto i32 = torch::avg_pool2d(i64, 2);
  auto up = [](const torch::Tensor& t, std::int64_t side) {
    return F::interpolate(t, F::InterpolateFuncOptions()
                                 .size(std::vector<std::int64_t>{side, side})
                                 .mode(torch::kBilinear)
                                 .align_corners(false));
  };
  const auto level0 = centreCrop(x - up(i64, x.size(-1)), 32);
  const auto level1 = centreCrop(i64 - up(i32, i64.size(-1)), 32);
  const auto levels = torch::cat({level0.flatten(1), level1.flatten(1), i32.flatten(1)}, 1);
  return levels.matmul(polo_filters_);
}

torch::Tensor SpatialTransformerImpl::locate(const torch::Tensor& x) {
  torch::Tensor located = config_.transform == TransformKind::Translation
                              ? poloCode(x)
                              : localisation_->forward(x).flatten(1);
  return head2_(torch::relu(head1_(located)));
}

torch::Tensor SpatialTransformerImpl::theta(const torch::Tensor& x) {
  auto p = locate(x);
  if (config_.localisation_rate != 1.0)
    p = p.detach() + config_.localisation_rate * (p - p.detach());
  const auto batch = p.size(0);
  switch (config_.transform) {
    case TransformKind::Affine: return p.view({batch, 2, 3});
    case TransformKind::ScaleTranslation: {
      const auto s = p.select(1, 0);
      const auto zero = torch::zeros_like(s);
      return torch::stack({s, zero, p.select(1, 1), zero, s, p.select(1, 2)}, 1)
          .view({batch, 2, 3});
    }
    case TransformKind::Translation: {
      const auto s = torch::full_like(p.select(1, 0), config_.scale);
      const auto zero = torch::zeros_like(s);
      return torch::stack({s, zero, p.select(1, 0), zero, s, p.select(1, 1)}, 1)
          .view({batch, 2, 3});
    }
  }
  return {};
}

torch::Tensor SpatialTransformerImpl::grid(const torch::Tensor& theta) const {
  const std::int64_t side = config_.glimpse_px;
  return F::affine_grid(theta, {theta.size(0), 1, side, side}, /*align_corners=*/false);
}

torch::Tensor SpatialTransformerImpl::sample(const torch::Tensor& x,
                                             const torch::Tensor& theta) const {
  return F::grid_sample(x, grid(theta),
                        F::GridSampleFuncOptions()
                            .mode(torch::kBilinear)
                            .padding_mode(torch::kZeros)
                            .align_corners(false));
}

torch::Tensor SpatialTransformerImpl::forward(torch::Tensor x) {
  return classifier_->forward(sample(x, theta(x)));
}

std::vector<std::pair<std::string, torch::Tensor>> SpatialTransformerImpl::features(
    torch::Tensor x) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  const auto t = theta(x);
  out.emplace_back("theta", t.flatten(1));
  const auto glimpse = sample(x, t);
  out.emplace_back("glimpse", glimpse);
  for (auto& feature : classifier_->features(glimpse)) out.push_back(std::move(feature));
  return out;
}

}  // namespace fovea::models
