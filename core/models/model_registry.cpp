#include <mutex>

#include "core/models/model_family.h"
#include "core/util/errors.h"

namespace fovea::models {
namespace {
std::mutex registry_mutex;
}

ModelRegistry& ModelRegistry::instance() {
  static ModelRegistry* registry = [] {
    auto* r = new ModelRegistry();  // never destroyed: families may be used at exit
    registerBuiltinFamilies(*r);
    return r;
  }();
  return *registry;
}

void ModelRegistry::add(std::shared_ptr<const ModelFamily> family) {
  std::lock_guard<std::mutex> lock(registry_mutex);
  for (auto& known : families_) {
    if (known->name() == family->name()) {
      known = std::move(family);
      return;
    }
  }
  families_.push_back(std::move(family));
}

const ModelFamily& ModelRegistry::find(const std::string& name) const {
  std::lock_guard<std::mutex> lock(registry_mutex);
  for (const auto& family : families_) {
    if (family->name() == name) return *family;
  }
  std::string known;
  for (const auto& family : families_) known += (known.empty() ? "" : ", ") + family->name();
  throw InputError("no model family '" + name + "' (families: " + known + ")");
}

bool ModelRegistry::contains(const std::string& name) const {
  std::lock_guard<std::mutex> lock(registry_mutex);
  for (const auto& family : families_) {
    if (family->name() == name) return true;
  }
  return false;
}

std::vector<std::string> ModelRegistry::names() const {
  std::lock_guard<std::mutex> lock(registry_mutex);
  std::vector<std::string> out;
  for (const auto& family : families_) out.push_back(family->name());
  return out;
}

}  // namespace fovea::models
