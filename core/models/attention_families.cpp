#include "core/models/attention_families.h"

#include <cmath>

#include "core/models/attention_nets.h"
#include "core/models/what_where_net.h"
#include "core/util/errors.h"
#include "core/util/json_integer.h"

namespace fovea::models {
namespace {

int readInt(const nlohmann::json& json, const char* family, const char* key) {
  const auto found = json.find(key);
  if (found == json.end() || !found->is_number_integer()) {
    throw InputError(std::string(family) + " spec: missing or malformed key '" + key + "'");
  }
  return jsonInteger<int>(*found);
}

int readClasses(const nlohmann::json& json, const char* family) {
  const int classes = readInt(json, family, "classes");
  if (classes < 2 || classes > 4096) {
    throw InputError(std::string(family) + " spec: classes = " + std::to_string(classes) +
                     " is out of range [2, 4096]");
  }
  return classes;
}

int readSide(const nlohmann::json& json, const char* family, const char* key) {
  const int side = readInt(json, family, key);
  if (side != 28 && side != 128) {
    throw InputError(std::string(family) + " spec: " + key + " must be 28 or 128, got " +
                     std::to_string(side));
  }
  return side;
}

// The classifier's foveated first layer: absent in specs written before the key existed.
bool readFoveated(const nlohmann::json& json, const char* family) {
  const auto found = json.find("foveated");
  if (found == json.end()) return false;
  if (!found->is_boolean()) {
    throw InputError(std::string(family) + " spec: foveated must be true or false, got " +
                     found->dump());
  }
  return found->get<bool>();
}

const KeyDoc kFoveatedDoc = {"foveated", "false", "",
                             "the classifier's first convolution as a foveated one (x1, x2, x4, "
                             "x8 towards the centre; science-attention.md section 5)"};

InputSpec imageInput(int side) {
  return {InputSpec::Kind::Image, {1, side, side}};
}

class WhatFamily : public ModelFamily {
 public:
  std::string name() const override { return "what"; }
  std::string description() const override {
    return "What network (LeNet): two 5x5 convolutions (20, 50 maps), FC 500, on 28 x 28";
  }
  std::vector<KeyDoc> keys() const override { return {kFoveatedDoc}; }
  nlohmann::json parse(ModelKeys& keys, const ModelContext& context) const override {
    return {{"image_px", 28},
            {"classes", context.classes},
            {"foveated", keys.boolean("foveated").value_or(false)}};
  }
  void validate(const nlohmann::json& spec) const override {
    readClasses(spec, "what");
    readFoveated(spec, "what");
    if (readInt(spec, "what", "image_px") != 28) throw InputError("what spec: image_px must be 28");
  }
  InputSpec input(const nlohmann::json& /*spec*/) const override { return imageInput(28); }
  int classes(const nlohmann::json& spec) const override { return readClasses(spec, "what"); }
  double forwardFlops(const nlohmann::json& spec) const override {
    return leNetShape(classes(spec)).forwardFlops();
  }
  std::vector<LayerInfo> layers(const nlohmann::json& spec) const override {
    auto shape = leNetShape(classes(spec));
    shape.foveated = readFoveated(spec, "what");
    return shape.layers();
  }
  std::shared_ptr<NetworkImpl> build(const nlohmann::json& spec) const override {
    auto shape = leNetShape(classes(spec));
    shape.foveated = readFoveated(spec, "what");
    return std::make_shared<TwoConvNetImpl>(shape);
  }
};

// The three transformers share their keys and differ in the transform and its defaults.
class TransformerFamily : public ModelFamily {
 public:
  TransformerFamily(std::string name, std::string description, TransformKind transform,
                    int image_px, int glimpse_px)
      : name_(std::move(name)),
        description_(std::move(description)),
        transform_(transform),
        image_px_(image_px),
        glimpse_px_(glimpse_px) {}

  std::string name() const override { return name_; }
  std::string description() const override { return description_; }
  std::vector<KeyDoc> keys() const override {
    std::vector<KeyDoc> docs = {
        {"image_px", std::to_string(image_px_), "px", "side of the input image (28 or 128)"},
        {"glimpse_px", std::to_string(glimpse_px_), "px",
         "side of the sampling grid (28: the What LeNet classifies it)"},
        kFoveatedDoc,
        {"localisation_rate", "1", "",
         "fraction of the gradient that reaches the localisation (with SGD: its share of the "
         "learning rate)"}};
    if (transform_ != TransformKind::Affine) {
      docs.push_back({"scale", "0.2", "",
                      transform_ == TransformKind::Translation
                          ? "fixed window scale (0.2 x 128 px ~ 26 px)"
                          : "starting window scale"});
    }
    return docs;
  }
  nlohmann::json parse(ModelKeys& keys, const ModelContext& context) const override {
    nlohmann::json spec = {{"image_px", image_px_},
                           {"glimpse_px", glimpse_px_},
                           {"classes", context.classes},
                           {"foveated", keys.boolean("foveated").value_or(false)},
                           {"localisation_rate", 1.0}};
    if (auto v = keys.number("localisation_rate")) {
      if (!(*v > 0 && *v <= 1)) {
        keys.fail("localisation_rate", keys.name("localisation_rate") + " must be in (0, 1]");
      }
      spec["localisation_rate"] = *v;
    }
    for (const char* key : {"image_px", "glimpse_px"}) {
      if (auto v = keys.integer(key)) {
        if (*v != 28 && *v != 128) keys.fail(key, keys.name(key) + " must be 28 or 128");
        spec[key] = *v;
      }
    }
    if (transform_ != TransformKind::Affine) {
      spec["scale"] = 0.2;
      if (auto v = keys.number("scale")) {
        if (!(*v > 0 && *v <= 1)) keys.fail("scale", keys.name("scale") + " must be in (0, 1]");
        spec["scale"] = *v;
      }
    }
    try {
      validate(spec);  // what is left: how the keys go together
    } catch (const InputError& error) {
      keys.fail("glimpse_px", keys.name("kind") + " = \"" + name_ + "\": " + error.what());
    }
    return spec;
  }
  void validate(const nlohmann::json& spec) const override { config(spec); }
  InputSpec input(const nlohmann::json& spec) const override {
    return imageInput(config(spec).image_px);
  }
  int classes(const nlohmann::json& spec) const override { return config(spec).classes; }
  std::vector<LayerInfo> layers(const nlohmann::json& spec) const override {
    return transformerLayers(config(spec));
  }
  std::shared_ptr<NetworkImpl> build(const nlohmann::json& spec) const override {
    return std::make_shared<SpatialTransformerImpl>(config(spec));
  }

 private:
  TransformerConfig config(const nlohmann::json& spec) const {
    const char* family = name_.c_str();
    TransformerConfig c;
    c.transform = transform_;
    c.image_px = readSide(spec, family, "image_px");
    c.glimpse_px = readSide(spec, family, "glimpse_px");
    c.classes = readClasses(spec, family);
    c.foveated = readFoveated(spec, family);
    if (const auto rate = spec.find("localisation_rate"); rate != spec.end()) {
      if (!rate->is_number() || !(rate->get<double>() > 0 && rate->get<double>() <= 1)) {
        throw InputError(name_ + " spec: localisation_rate must be in (0, 1], got " + rate->dump());
      }
      c.localisation_rate = rate->get<double>();
    }
    if (c.glimpse_px > c.image_px) {
      throw InputError(name_ + " spec: glimpse_px " + std::to_string(c.glimpse_px) +
                       " is larger than image_px " + std::to_string(c.image_px));
    }
    if (transform_ != TransformKind::Affine) {
      const auto found = spec.find("scale");
      if (found == spec.end() || !found->is_number()) {
        throw InputError(name_ + " spec: missing or malformed key 'scale'");
      }
      c.scale = found->get<double>();
      if (!(c.scale > 0 && c.scale <= 1)) {
        throw InputError(name_ + " spec: scale must be in (0, 1], got " + found->dump());
      }
    }
    if (transform_ == TransformKind::Translation && c.image_px != 128) {
      throw InputError(name_ + " spec: the POLO code needs image_px = 128");
    }
    return c;
  }

  std::string name_;
  std::string description_;
  TransformKind transform_;
  int image_px_;
  int glimpse_px_;
};

class WhatWhereFamily : public ModelFamily {
 public:
  std::string name() const override { return "what-where"; }
  std::string description() const override {
    return "What/Where saccade model: Where reads the log-polar retina code and picks where to "
           "look, What (LeNet) reads the 28 x 28 foveal crop there";
  }
  std::vector<KeyDoc> keys() const override {
    return {{"saccades", "1", "", "saccades before What answers (0: it reads the centre)"},
            {"confidence_stop", "false", "",
             "stop early once What is surer than Where's best guess elsewhere"},
            {"what_steps", "0", "steps",
             "training steps that train What on the central crop; the rest train Where"}};
  }
  nlohmann::json parse(ModelKeys& keys, const ModelContext& context) const override {
    nlohmann::json spec = {{"image_px", 128},
                           {"classes", context.classes},
                           {"saccades", 1},
                           {"confidence_stop", false},
                           {"what_steps", 0}};
    if (auto v = keys.integer("saccades")) {
      if (*v < 0 || *v > 8) keys.fail("saccades", keys.name("saccades") + " must be in [0, 8]");
      spec["saccades"] = *v;
    }
    if (auto v = keys.boolean("confidence_stop")) spec["confidence_stop"] = *v;
    if (auto v = keys.integer("what_steps")) {
      if (*v < 0) keys.fail("what_steps", keys.name("what_steps") + " must be >= 0");
      spec["what_steps"] = *v;
    }
    return spec;
  }
  void validate(const nlohmann::json& spec) const override { config(spec); }
  InputSpec input(const nlohmann::json& /*spec*/) const override { return imageInput(128); }
  int classes(const nlohmann::json& spec) const override { return config(spec).classes; }
  double forwardFlops(const nlohmann::json& spec) const override {
    const auto c = config(spec);
    constexpr double code = WhatWhereImpl::kRetinaCode, hidden = WhatWhereImpl::kWhereHidden,
                     cells = WhatWhereImpl::kCollicularCells;
    const double where = 2.0 * (code * hidden + hidden * hidden + hidden * cells);
    return leNetShape(c.classes).forwardFlops() * (c.saccades + 1) + where * c.saccades;
  }
  std::vector<LayerInfo> layers(const nlohmann::json& spec) const override {
    const auto c = config(spec);
    constexpr long long code = WhatWhereImpl::kRetinaCode, hidden = WhatWhereImpl::kWhereHidden,
                        cells = WhatWhereImpl::kCollicularCells;
    // Two linear layers with batch norms (scale and shift), then the map's.
    const long long where = code * hidden + hidden + 2 * hidden + hidden * hidden + hidden +
                            2 * hidden + hidden * cells + cells;
    auto map = makeLayer("where_map", "map", {c.saccades, cells}, where);
    map.note = "collicular cells of the log-polar retina: no square field on the image";
    const std::int64_t fixations = c.saccades + 1;
    auto answers = makeLayer("saccade_logits", "fc", {fixations, c.classes}, 0);
    answers.note = "What's answer at each fixation (What's parameters are below)";
    std::vector<LayerInfo> out = {
        map, makeLayer("fixations", "fixation", {fixations, 2}, 0), answers,
        makeLayer("glimpse", "glimpse", {WhatWhereImpl::kCrop, WhatWhereImpl::kCrop}, 0)};
    // What's layers read the foveal crop: their fields lie on it.
    for (auto layer : leNetShape(c.classes).layers("glimpse")) {
      if (layer.name != "logits") layer.name = "what_" + layer.name;
      out.push_back(std::move(layer));
    }
    return out;
  }
  std::shared_ptr<NetworkImpl> build(const nlohmann::json& spec) const override {
    return std::make_shared<WhatWhereImpl>(config(spec));
  }

 private:
  static WhatWhereConfig config(const nlohmann::json& spec) {
    WhatWhereConfig c;
    c.classes = readClasses(spec, "what-where");
    if (readInt(spec, "what-where", "image_px") != 128) {
      throw InputError("what-where spec: image_px must be 128");
    }
    c.saccades = readInt(spec, "what-where", "saccades");
    if (c.saccades < 0 || c.saccades > 8) {
      throw InputError("what-where spec: saccades = " + std::to_string(c.saccades) +
                       " is out of range [0, 8]");
    }
    const auto stop = spec.find("confidence_stop");
    if (stop == spec.end() || !stop->is_boolean()) {
      throw InputError("what-where spec: confidence_stop must be true or false, got " +
                       (stop == spec.end() ? std::string("nothing") : stop->dump()));
    }
    c.confidence_stop = stop->get<bool>();
    const auto steps = spec.find("what_steps");
    if (steps == spec.end() || !steps->is_number_integer() ||
        jsonInteger<std::int64_t>(*steps) < 0) {
      throw InputError("what-where spec: what_steps must be a whole number >= 0, got " +
                       (steps == spec.end() ? std::string("nothing") : steps->dump()));
    }
    c.what_steps = jsonInteger<std::int64_t>(*steps);
    return c;
  }
};

}  // namespace

std::shared_ptr<const ModelFamily> whatWhereFamily() {
  return std::make_shared<WhatWhereFamily>();
}

std::shared_ptr<const ModelFamily> whatFamily() {
  return std::make_shared<WhatFamily>();
}

std::shared_ptr<const ModelFamily> stnFamily() {
  return std::make_shared<TransformerFamily>(
      "stn", "Spatial transformer: affine window (identity at start), then a classifier",
      TransformKind::Affine, 28, 28);
}

std::shared_ptr<const ModelFamily> atnFamily() {
  return std::make_shared<TransformerFamily>(
      "atn", "Attention transformer: scale and translation, 28 x 28 glimpse for the What LeNet",
      TransformKind::ScaleTranslation, 128, 28);
}

std::shared_ptr<const ModelFamily> poloAtnFamily() {
  return std::make_shared<TransformerFamily>(
      "polo-atn",
      "Foveated transformer: translation located from the 768-value POLO code, fixed scale",
      TransformKind::Translation, 128, 28);
}

}  // namespace fovea::models
