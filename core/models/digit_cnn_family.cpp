#include "core/models/digit_cnn_family.h"

#include "core/models/two_conv_net.h"
#include "core/util/errors.h"
#include "core/util/json_integer.h"

namespace fovea::models {
namespace {

struct DigitCnnSpec {
  int image_px = 28;
  int channels1 = 16;
  int channels2 = 32;
  int hidden = 64;
  int classes = 10;

  int pooledSide() const { return shape().pooledSide(); }
  TwoConvShape shape() const { return {image_px, channels1, channels2, hidden, classes}; }

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
      *field = jsonInteger<int>(*found);
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
    return DigitCnnSpec::fromJson(json).shape().forwardFlops();
  }
  std::vector<LayerInfo> layers(const nlohmann::json& json) const override {
    return DigitCnnSpec::fromJson(json).shape().layers();
  }
  std::shared_ptr<NetworkImpl> build(const nlohmann::json& json) const override {
    return std::make_shared<TwoConvNetImpl>(DigitCnnSpec::fromJson(json).shape());
  }
};

}  // namespace

std::shared_ptr<const ModelFamily> digitCnnFamily() {
  return std::make_shared<DigitCnnFamily>();
}

}  // namespace fovea::models
