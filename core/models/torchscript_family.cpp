#include "core/models/torchscript_family.h"

#include <cmath>

#include "core/models/torchscript_net.h"
#include "core/util/errors.h"
#include "core/util/json_integer.h"
#include "core/util/npy.h"

namespace fovea::models {
namespace {

TorchScriptConfig configFrom(const nlohmann::json& spec) {
  TorchScriptConfig c;
  std::string key;
  try {
    key = "module", c.module = spec.at(key).get<std::string>();
    key = "scales", c.scales = jsonInteger<int>(spec.at(key));
    key = "crop_px", c.crop_px = jsonInteger<int>(spec.at(key));
    key = "channels", c.channels = jsonInteger<int>(spec.at(key));
    key = "mean", c.mean = spec.at(key).get<std::vector<double>>();
    key = "std", c.std = spec.at(key).get<std::vector<double>>();
    key = "layers", c.layers = spec.at(key).get<std::vector<std::string>>();
    key = "classes", c.classes = jsonInteger<int>(spec.at(key));
    key = "pixel_offset", c.pixel_offset = spec.value(key, 0.5);
  } catch (const nlohmann::json::exception&) {
    throw InputError("torchscript spec: missing or malformed key '" + key + "'");
  }
  if (c.scales < 1 || c.scales > 64 || c.crop_px < 1 || c.crop_px > 4096 || c.classes < 2 ||
      c.classes > 100000) {
    throw InputError("torchscript spec: sizes out of range in " + spec.dump());
  }
  if (c.channels != c.scales && !(c.scales == 1 && (c.channels == 1 || c.channels == 3))) {
    throw InputError("torchscript spec: channels = " + std::to_string(c.channels) +
                     " takes neither the " + std::to_string(c.scales) +
                     " crops as channels nor one grey crop (1 or 3 channels)");
  }
  for (const auto* values : {&c.mean, &c.std}) {
    const auto n = static_cast<int>(values->size());
    if (n != 1 && n != c.channels) {
      throw InputError("torchscript spec: " + std::string(values == &c.mean ? "mean" : "std") +
                       " needs 1 or " + std::to_string(c.channels) + " values, got " +
                       std::to_string(n));
    }
  }
  for (double s : c.std) {
    if (!(s > 0))
      throw InputError("torchscript spec: std values must be > 0, got " + std::to_string(s));
  }
  return c;
}

class TorchScriptFamily : public ModelFamily {
 public:
  std::string name() const override { return "torchscript"; }
  std::string description() const override {
    return "Your own network: a TorchScript module saved from PyTorch, frozen, scored and "
           "inspected like a Fovea model";
  }
  std::vector<KeyDoc> keys() const override {
    return {{"module", "(required)", "", "the .pt file (relative to the experiment spec)"},
            {"channels", "1", "channels",
             "what the module's first layer takes: 1 or 3 (grey repeated), or the crops"},
            {"mean", "[0.0]", "", "per channel, subtracted from pixel values in [0, 1]"},
            {"std", "[1.0]", "", "per channel, divides after the mean"},
            {"layers", "[]", "", "submodules to expose as features, e.g. [\"features.3\"]"}};
  }
  nlohmann::json parse(ModelKeys& keys, const ModelContext& context) const override {
    const auto module = keys.text("module");
    if (!module) keys.fail("module", keys.name("module") + " is required (the .pt file)");
    std::filesystem::path path = *module;
    if (path.is_relative()) path = context.spec_dir / path;
    if (!std::filesystem::is_regular_file(path)) {
      keys.fail("module", keys.name("module") + ": no such file " + path.string());
    }
    path = std::filesystem::canonical(path);
    nlohmann::json spec = {{"module", path.string()},
                           // The file's CRC: a changed module is a changed run.
                           {"module_crc32", fileCrc32Hex(path)},
                           {"scales", context.scales},
                           {"crop_px", context.crop_px},
                           {"channels", keys.integer("channels").value_or(1)},
                           {"mean", keys.numbers("mean").value_or(std::vector<double>{0.0})},
                           {"std", keys.numbers("std").value_or(std::vector<double>{1.0})},
                           {"layers", keys.texts("layers").value_or(std::vector<std::string>{})},
                           {"classes", context.classes}};
    // Written only off the crowding task's 0.5, so that the runs made before it keep their
    // identity.
    if (context.pixel_offset != 0.5) spec["pixel_offset"] = context.pixel_offset;
    // Each key's own check first, so that an error points at its line.
    const int channels = spec["channels"];
    for (const char* key : {"mean", "std"}) {
      const auto values = spec[key].get<std::vector<double>>();
      if (values.size() != 1 && static_cast<int>(values.size()) != channels) {
        keys.fail(key, keys.name(key) + " needs 1 or " + std::to_string(channels) +
                           " values (one per channel), got " + std::to_string(values.size()));
      }
      for (double v : values) {
        if (!std::isfinite(v) || (std::string(key) == "std" && v <= 0)) {
          keys.fail(
              key, keys.name(key) + " = " + std::to_string(v) +
                       (std::string(key) == "std" ? " must be finite and > 0" : " must be finite"));
        }
      }
    }
    try {
      configFrom(spec);
    } catch (const InputError& error) {
      keys.fail("channels", keys.name("channels") + ": " + error.what());
    }
    return spec;
  }
  void validate(const nlohmann::json& spec) const override { configFrom(spec); }
  InputSpec input(const nlohmann::json& spec) const override {
    const auto c = configFrom(spec);
    return {InputSpec::Kind::MultiscaleCrops, {c.scales, c.crop_px, c.crop_px}};
  }
  int classes(const nlohmann::json& spec) const override { return configFrom(spec).classes; }
  // The exposed layers with the shapes one forward pass gives them; the module's parameters
  // are counted whole, under logits.
  std::vector<LayerInfo> layers(const nlohmann::json& spec) const override {
    const auto c = configFrom(spec);
    TorchScriptNetImpl net(c);
    torch::NoGradGuard no_grad;
    std::vector<LayerInfo> table;
    for (const auto& [name, tensor] :
         net.features(torch::zeros({1, c.scales, c.crop_px, c.crop_px}))) {
      auto shape = tensor.sizes().vec();
      shape.erase(shape.begin());
      table.push_back(makeLayer(name, name == "logits" ? "output" : "module", shape, 0));
    }
    long long parameters = 0;
    for (const auto& p : net.parameters()) parameters += p.numel();
    table.back().parameters = parameters;
    table.back().note = "parameters of the whole module";
    return table;
  }
  std::shared_ptr<NetworkImpl> build(const nlohmann::json& spec) const override {
    const auto config = configFrom(spec);
    // The run was made with a module of this CRC; another file under the same name is another
    // model, and its answers would be attributed to the run.
    const auto crc = spec.find("module_crc32");
    if (crc != spec.end() && std::filesystem::is_regular_file(config.module) &&
        fileCrc32Hex(config.module) != crc->get<std::string>()) {
      throw InputError(config.module.string() + ": the file changed since the run was made (CRC " +
                       fileCrc32Hex(config.module) + ", the run's " + crc->get<std::string>() +
                       ")");
    }
    return std::make_shared<TorchScriptNetImpl>(config);
  }
};

}  // namespace

std::shared_ptr<const ModelFamily> torchScriptFamily() {
  return std::make_shared<TorchScriptFamily>();
}

}  // namespace fovea::models
