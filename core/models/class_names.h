#pragma once
#include <string>
#include <vector>

namespace fovea::models {

// The name of class `k` among a model's class names ("?" outside them).
inline std::string className(const std::vector<std::string>& names, int k) {
  return k >= 0 && static_cast<std::size_t>(k) < names.size() ? names[static_cast<std::size_t>(k)]
                                                              : "?";
}

}  // namespace fovea::models
