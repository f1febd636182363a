#include "core/models/eccentricity_family.h"

#include "core/models/eccentricity_net.h"
#include "core/util/errors.h"

namespace fovea::models {
namespace {

class EccentricityFamily : public ModelFamily {
 public:
  explicit EccentricityFamily(bool dcnn) : dcnn_(dcnn) {}

  std::string name() const override { return dcnn_ ? "dcnn" : "eccentricity"; }
  std::string description() const override {
    return dcnn_ ? "DCNN baseline: one crop of the whole field, three 5x5 convolutions"
                 : "Eccentricity-dependent network: crops of growing size pooled over scales";
  }

  std::vector<KeyDoc> keys() const override {
    std::vector<KeyDoc> docs;
    if (dcnn_) {
      docs.push_back({"variant", "no-total-pooling", "",
                      "no-total-pooling, progressive (stride-2 pools) or at-end"});
    }
    docs.push_back({"scheme", dcnn_ ? "1-1-1-1" : "11-1-1-1-1", "scales",
                    "scales left after each layer; the first is the number of crops"});
    docs.push_back({"channels", "32", "channels", "feature maps per convolution"});
    docs.push_back({"kernel", "5", "px", "convolution kernel side"});
    docs.push_back({"pool_kernel", "3", "px", "spatial max-pool side"});
    docs.push_back(
        {"pool_stride", dcnn_ ? "1 (progressive: 2)" : "1", "px", "spatial pool stride"});
    docs.push_back({"total_pool", "true", "", "the last spatial pool covers the whole map"});
    return docs;
  }

  nlohmann::json parse(ModelKeys& keys, const ModelContext& context) const override {
    ModelSpec spec;
    if (dcnn_) {
      const std::string variant = keys.text("variant").value_or("no-total-pooling");
      try {
        spec = ModelSpec::dcnn(variant);
      } catch (const InputError& error) {
        keys.fail("variant", keys.name("variant") + ": " + error.what());
      }
    }
    if (auto v = keys.text("scheme")) spec.scheme = *v;
    if (auto v = keys.integer("channels")) spec.channels = *v;
    if (auto v = keys.integer("kernel")) spec.kernel = *v;
    if (auto v = keys.integer("pool_kernel")) spec.pool_kernel = *v;
    if (auto v = keys.integer("pool_stride")) spec.pool_stride = *v;
    if (auto v = keys.boolean("total_pool")) spec.total_pool = *v;
    spec.crop_px = context.crop_px;
    spec.classes = context.classes;
    try {
      spec.validate();
    } catch (const InputError& error) {
      keys.fail("scheme", keys.name("scheme") + " with " + std::to_string(spec.crop_px) +
                              " px crops: " + error.what());
    }
    if (dcnn_ && spec.scales().front() != 1) {
      keys.fail("scheme", keys.name("scheme") +
                              ": a DCNN sees one scale, so the scheme must "
                              "start with 1, got '" +
                              spec.scheme + "'");
    }
    return toJson(spec);
  }

  void validate(const nlohmann::json& spec) const override { modelSpecFromJson(spec); }

  InputSpec input(const nlohmann::json& json) const override {
    const auto spec = modelSpecFromJson(json);
    return {InputSpec::Kind::MultiscaleCrops, {spec.scales().front(), spec.crop_px, spec.crop_px}};
  }
  int classes(const nlohmann::json& json) const override { return modelSpecFromJson(json).classes; }
  double forwardFlops(const nlohmann::json& json) const override {
    return models::forwardFlops(modelSpecFromJson(json));
  }
  std::vector<LayerInfo> layers(const nlohmann::json& json) const override {
    return layerTable(modelSpecFromJson(json));
  }
  std::shared_ptr<NetworkImpl> build(const nlohmann::json& json) const override {
    return std::make_shared<EccentricityNetImpl>(modelSpecFromJson(json));
  }

 private:
  bool dcnn_;
};

}  // namespace

std::shared_ptr<const ModelFamily> eccentricityFamily() {
  return std::make_shared<EccentricityFamily>(false);
}
std::shared_ptr<const ModelFamily> dcnnFamily() {
  return std::make_shared<EccentricityFamily>(true);
}

}  // namespace fovea::models
