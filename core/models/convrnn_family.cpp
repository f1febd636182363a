#include "core/models/convrnn_family.h"

#include "core/models/convrnn_net.h"
#include "core/models/convrnn_weights.h"
#include "core/util/errors.h"
#include "core/util/npy.h"

namespace fovea::models {
namespace {

using convrnn::ConvRnnNetImpl;

ConvRnnSpec specOf(const nlohmann::json& json) {
  return convRnnSpecFromJson(json);
}

class ConvRnnFamily : public ModelFamily {
 public:
  std::string name() const override { return "convrnn"; }
  std::string description() const override {
    return "ConvRNN (Nayebi et al.): recurrent cells on a shallow or intermediate backbone, "
           "every connection one time step";
  }
  std::vector<KeyDoc> keys() const override {
    return {
        {"cell", "gru", "", "timedecay, simplernn, gru, lstm, intersectionrnn, ugrnn or rgc"},
        {"depth", "shallow", "", "shallow (5 convolutions) or intermediate (10)"},
        {"width", "1.0", "", "every layer's channels times this"},
        {"image_px", "224", "px", "side of the square input image"},
        {"in_channels", "3", "channels", "1 (grey) or 3 (RGB)"},
        {"imagenet_norm", "true", "", "(x - ImageNet mean) / std before the frames"},
        {"presentation", "default", "",
         "default (image then blank 0.5), neural (26 steps, off at 10), constant, image_off"},
        {"times", "(from presentation)", "steps", "steps for constant and image_off"},
        {"image_off", "(from presentation)", "steps", "first blank step for image_off"},
        {"readout", "last", "", "last, max_conf or threshold"},
        {"beta", "1.0", "", "max_conf softmax inverse temperature"},
        {"threshold", "0.9", "", "threshold readout's probability"},
        {"ln_eps", "1e-12", "", "layer norm's epsilon (TF's 1e-12; larger to train from scratch)"},
        {"weights", "", "",
         "tensor archive in TF names and layouts (docs/formats.md), relative to the spec"}};
  }

  nlohmann::json parse(ModelKeys& keys, const ModelContext& context) const override {
    ConvRnnSpec spec;
    spec.classes = context.classes;
    spec.pixel_offset = context.pixel_offset;
    auto enumKey = [&](const char* key, auto parser, auto& field) {
      if (auto v = keys.text(key)) {
        try {
          field = parser(*v);
        } catch (const InputError& error) {
          keys.fail(key, keys.name(key) + ": " + error.what());
        }
      }
    };
    enumKey("cell", parseConvRnnCell, spec.cell);
    enumKey("depth", parseConvRnnDepth, spec.depth);
    enumKey("presentation", parseConvRnnPresentation, spec.presentation);
    enumKey("readout", parseConvRnnReadout, spec.readout);
    if (auto v = keys.number("width")) spec.width = *v;
    if (auto v = keys.integer("image_px")) spec.image_px = *v;
    if (auto v = keys.integer("in_channels")) spec.in_channels = *v;
    if (auto v = keys.boolean("imagenet_norm")) spec.imagenet_norm = *v;
    const auto beta = keys.number("beta");
    const auto threshold = keys.number("threshold");
    if (beta) spec.beta = *beta;
    if (threshold) spec.threshold = *threshold;
    if (auto v = keys.number("ln_eps")) spec.ln_eps = *v;
    const int times = keys.integer("times").value_or(0);
    const int image_off = keys.integer("image_off").value_or(0);
    try {
      resolvePresentation(spec, times, image_off);
    } catch (const InputError& error) {
      keys.fail("presentation", keys.name("presentation") + ": " + error.what());
    }
    try {
      spec.validate();
    } catch (const InputError& error) {
      keys.fail("cell", keys.name("cell") + ": " + error.what());
    }
    auto json = toJson(spec);
    if (auto weights = keys.text("weights")) {
      std::filesystem::path path = *weights;
      if (path.is_relative()) path = context.spec_dir / path;
      if (!std::filesystem::is_regular_file(path)) {
        keys.fail("weights", keys.name("weights") + ": no such file " + path.string());
      }
      path = std::filesystem::canonical(path);
      json["weights"] = path.string();
      json["weights_crc32"] = fileCrc32Hex(path);  // other weights, another run
      try {
        const auto archive = readTensorArchive(path);
        // Constants the checkpoint stores replace the defaults, not the keys the user gave.
        const auto stored = convrnn::storedReadout(archive, path.string());
        if (stored.beta && !beta) json["beta"] = *stored.beta;
        if (stored.threshold && !threshold) json["threshold"] = *stored.threshold;
        ConvRnnNetImpl net(specOf(json));
        convrnn::loadWeights(net, archive, path.string());  // a mismatch is this key's error
      } catch (const InputError& error) {
        keys.fail("weights", keys.name("weights") + ": " + error.what());
      }
    }
    return json;
  }
  void validate(const nlohmann::json& spec) const override { specOf(spec); }
  InputSpec input(const nlohmann::json& json) const override {
    const auto spec = specOf(json);
    return {InputSpec::Kind::Image, {spec.in_channels, spec.image_px, spec.image_px}};
  }
  int classes(const nlohmann::json& json) const override { return specOf(json).classes; }
  double forwardFlops(const nlohmann::json& json) const override {
    return 2 * convRnnMacs(specOf(json));
  }
  std::vector<LayerInfo> layers(const nlohmann::json& json) const override {
    const auto spec = specOf(json);
    std::vector<LayerInfo> layers;
    bool fixed_field = true;  // until the first recurrent layer
    for (const auto& node : convRnnNodes(spec)) {
      const bool readout = node.name == "imnetds";
      LayerInfo layer = makeLayer(
          readout ? "logits" : node.name,
          readout     ? "fc"
          : node.cell ? "recurrent conv"
                      : "conv",
          readout ? std::vector<std::int64_t>{spec.classes}
                  : std::vector<std::int64_t>{node.out_channels, node.out_side, node.out_side},
          node.parameters);
      fixed_field = fixed_field && !node.cell && !readout && node.feedback.empty();
      if (fixed_field) {
        layer.grid = "input";
        const auto pad = convrnn_padding(node);
        layer.ops.push_back({SpatialOp::Kind::Conv, node.pre_kernel, node.pre_stride, pad, 1});
        if (node.pool) layer.ops.push_back({SpatialOp::Kind::MaxPool, 2, 2, 0, 1});
      } else if (!readout) {
        layer.note = "recurrent: its field on the image grows with every step";
      }
      layer.note += (layer.note.empty() ? "" : "; ") +
                    std::string("first sees the image at step ") + std::to_string(node.index);
      layers.push_back(std::move(layer));
    }
    return layers;
  }
  std::shared_ptr<NetworkImpl> build(const nlohmann::json& json) const override {
    auto net = std::make_shared<ConvRnnNetImpl>(specOf(json));
    if (json.contains("weights")) {
      const std::string path = json["weights"].get<std::string>();
      convrnn::loadWeights(*net, readTensorArchive(path), path);
    }
    return net;
  }

 private:
  // The leading padding of a node's first convolution as TF SAME gives it at its input side.
  static int convrnn_padding(const ConvRnnNode& node) {
    const int out = (node.in_side + node.pre_stride - 1) / node.pre_stride;
    const int total = std::max((out - 1) * node.pre_stride + node.pre_kernel - node.in_side, 0);
    return total / 2;
  }
};

}  // namespace

std::shared_ptr<const ModelFamily> convRnnFamily() {
  return std::make_shared<ConvRnnFamily>();
}

}  // namespace fovea::models
