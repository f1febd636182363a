#pragma once
// Torch-free: what a model family is and where families are found. Its LibTorch side
// (NetworkImpl) is in core/models/network.h.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/models/input_spec.h"
#include "core/models/layer_info.h"
#include "core/models/model_keys.h"

namespace fovea::models {

class NetworkImpl;  // core/models/network.h

// One key of a family's [[model]] table, for `fovea-cli models` and the docs.
struct KeyDoc {
  std::string key;
  std::string default_value;
  std::string unit;  // "px", "channels", "" for a name or flag
  std::string help;
};

// What the experiment tells a family when it reads a [[model]] table: the data it will get.
struct ModelContext {
  int crop_px = 60;  // the retina's crop side
  int scales = 11;   // the retina's crops
  int classes = 5;   // what the task asks (the crowding task: the five even digits)
  // The task's pixel values are v / 255 - pixel_offset: the crowding task centres them (0.5),
  // the attention task does not (0). Families that want [0, 1] add it back.
  double pixel_offset = 0.5;
  std::filesystem::path spec_dir;  // where relative file names in the keys start
};

// A family of networks: it reads its [[model]] keys into a resolved spec (JSON with every key),
// says what input it takes and how many classes it answers, and builds its network. Families
// are stateless; register one with ModelRegistry::add.
class ModelFamily {
 public:
  virtual ~ModelFamily() = default;
  virtual std::string name() const = 0;  // the [[model]] kind, e.g. "eccentricity"
  virtual std::string description() const = 0;
  virtual std::vector<KeyDoc> keys() const = 0;

  // Reads the family's keys (any it does not read are errors) into its resolved spec.
  virtual nlohmann::json parse(ModelKeys& keys, const ModelContext& context) const = 0;
  // Checks a resolved spec read back from a checkpoint; InputError naming the key.
  virtual void validate(const nlohmann::json& spec) const = 0;
  virtual InputSpec input(const nlohmann::json& spec) const = 0;
  virtual int classes(const nlohmann::json& spec) const = 0;
  // Forward floating-point operations per sample (a multiply-add counts 2); 0 when unknown.
  virtual double forwardFlops(const nlohmann::json& /*spec*/) const { return 0; }
  // The layers features() names, in order, with their shapes, parameters and spatial
  // operations; empty when the family does not describe them.
  virtual std::vector<LayerInfo> layers(const nlohmann::json& /*spec*/) const { return {}; }
  virtual std::shared_ptr<NetworkImpl> build(const nlohmann::json& spec) const = 0;
};

class ModelRegistry {
 public:
  // The process's registry, with the built-in families (core/models/builtin_families.cpp).
  static ModelRegistry& instance();

  void add(std::shared_ptr<const ModelFamily> family);  // replaces one of the same name
  // InputError listing the known families when there is none of that name.
  const ModelFamily& find(const std::string& name) const;
  bool contains(const std::string& name) const;
  std::vector<std::string> names() const;

 private:
  ModelRegistry() = default;
  std::vector<std::shared_ptr<const ModelFamily>> families_;
};

// The built-in families, one line each.
void registerBuiltinFamilies(ModelRegistry& registry);

}  // namespace fovea::models
