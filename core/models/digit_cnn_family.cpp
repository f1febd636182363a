#include "core/models/digit_cnn_family.h"

#include "core/models/network.h"
#include "core/util/errors.h"

namespace fovea::models {
namespace {

struct DigitCnnSpec {
  int image_px = 28;
  int channels1 = 16;
  int channels2 = 32;
  int hidden = 64;
  int classes = 10;

  int pooledSide() const { return ((image_px - 4) / 2 - 4) / 2; }  // 28 -> 24 -> 12 -> 8 -> 4

  nlohmann::json toJson() const {
    return {{"image_px", image_px},
            {"channels1", channels1},
            {"channels2", channels2},
            {"hidden", hidden},
            {"classes", classes}};
  }
  static DigitCnnSpec fromJson(const nlohmann::json& json) {
    DigitCnnSpec spec;
    for (auto [key, field] : {std::pair{"image_px", &spec.image_px},
                              {"channels1", &spec.channels1},
                              {"channels2", &spec.channels2},
                              {"hidden", &spec.hidden},
                              {"classes", &spec.classes}}) {
      const auto found = json.find(key);
      if (found == json.end() || !found->is_number_integer()) {
        throw InputError(std::string("digit-cnn spec: missing or malformed key '") + key + "'");
      }
      *field = found->get<int>();
      if (*field < 1 || *field > 4096) {
        throw InputError(std::string("digit-cnn spec: ") + key + " = " + std::to_string(*field) +
                         " is out of range [1, 4096]");
      }
    }
    if (spec.classes < 2) throw InputError("digit-cnn spec: classes must be at least 2");
    if (spec.image_px < 16) {
      throw InputError(
          "digit-cnn spec: image_px must be at least 16 (two 5x5 convolutions and "
          "two 2x2 pools), got " +
          std::to_string(spec.image_px));
    }
    return spec;
  }
};

class DigitCnnImpl : public NetworkImpl {
 public:
  explicit DigitCnnImpl(const DigitCnnSpec& spec) {
    const int side = spec.pooledSide();
    conv1_ =
        register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, spec.channels1, 5)));
    conv2_ = register_module(
        "conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(spec.channels1, spec.channels2, 5)));
    fc1_ = register_module("fc1", torch::nn::Linear(spec.channels2 * side * side, spec.hidden));
    fc2_ = register_module("fc2", torch::nn::Linear(spec.hidden, spec.classes));
  }

  torch::Tensor forward(torch::Tensor x) override { return features(std::move(x)).back().second; }

  std::vector<std::pair<std::string, torch::Tensor>> features(torch::Tensor x) override {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    x = torch::max_pool2d(torch::relu(conv1_(x)), 2);
    out.emplace_back("conv1", x);
    x = torch::max_pool2d(torch::relu(conv2_(x)), 2);
    out.emplace_back("conv2", x);
    x = torch::relu(fc1_(x.flatten(1)));
    out.emplace_back("fc1", x);
    out.emplace_back("logits", fc2_(x));
    return out;
  }

 private:
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
  torch::nn::Linear fc1_{nullptr}, fc2_{nullptr};
};

class DigitCnnFamily : public ModelFamily {
 public:
  std::string name() const override { return "digit-cnn"; }
  std::string description() const override {
    return "Small MNIST CNN: two 5x5 convolutions with 2x2 pools, a hidden layer";
  }
  std::vector<KeyDoc> keys() const override {
    return {{"image_px", "28", "px", "side of the one-channel input image"},
            {"channels1", "16", "channels", "maps of the first convolution"},
            {"channels2", "32", "channels", "maps of the second convolution"},
            {"hidden", "64", "units", "hidden fully connected units"}};
  }
  nlohmann::json parse(ModelKeys& keys, const ModelContext& context) const override {
    DigitCnnSpec spec;
    spec.classes = context.classes;
    if (auto v = keys.integer("image_px")) spec.image_px = *v;
    if (auto v = keys.integer("channels1")) spec.channels1 = *v;
    if (auto v = keys.integer("channels2")) spec.channels2 = *v;
    if (auto v = keys.integer("hidden")) spec.hidden = *v;
    try {
      return DigitCnnSpec::fromJson(spec.toJson()).toJson();
    } catch (const InputError& error) {
      keys.fail("image_px", keys.name("image_px") + ": " + error.what());
    }
  }
  void validate(const nlohmann::json& spec) const override { DigitCnnSpec::fromJson(spec); }
  InputSpec input(const nlohmann::json& json) const override {
    const auto spec = DigitCnnSpec::fromJson(json);
    return {InputSpec::Kind::Image, {1, spec.image_px, spec.image_px}};
  }
  int classes(const nlohmann::json& json) const override {
    return DigitCnnSpec::fromJson(json).classes;
  }
  double forwardFlops(const nlohmann::json& json) const override {
    const auto s = DigitCnnSpec::fromJson(json);
    const double c1 = s.image_px - 4, p1 = c1 / 2, c2 = p1 - 4, p2 = s.pooledSide();
    return 2.0 * (c1 * c1 * s.channels1 * 25 + c2 * c2 * s.channels2 * s.channels1 * 25 +
                  p2 * p2 * s.channels2 * s.hidden + s.hidden * double(s.classes));
  }
  std::shared_ptr<NetworkImpl> build(const nlohmann::json& json) const override {
    return std::make_shared<DigitCnnImpl>(DigitCnnSpec::fromJson(json));
  }
};

}  // namespace

std::shared_ptr<const ModelFamily> digitCnnFamily() {
  return std::make_shared<DigitCnnFamily>();
}

}  // namespace fovea::models
