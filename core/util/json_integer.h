#pragma once
// Torch-free: integers read from JSON that came from a file.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace fovea {

// nlohmann's get<int>() converts a floating-point value such as 1e300 with a plain cast, which
// is undefined behaviour (found by fuzz_checkpoint_header). This accepts integers only, within
// the type's range, and otherwise throws the json exceptions the readers already turn into
// messages naming the key.
template <typename Int>
Int jsonInteger(const nlohmann::json& value) {
  if (!value.is_number_integer()) {
    throw nlohmann::json::type_error::create(
        302, "type must be an integer, but is " + std::string(value.type_name()), &value);
  }
  const bool fits = value.is_number_unsigned()
                        ? value.get<std::uint64_t>() <=
                              static_cast<std::uint64_t>(std::numeric_limits<Int>::max())
                        : value.get<std::int64_t>() >=
                                  static_cast<std::int64_t>(std::numeric_limits<Int>::min()) &&
                              value.get<std::int64_t>() <=
                                  static_cast<std::int64_t>(std::numeric_limits<Int>::max());
  if (!fits) {
    throw nlohmann::json::out_of_range::create(406, "integer " + value.dump() + " is out of range",
                                               &value);
  }
  return value.is_number_unsigned() ? static_cast<Int>(value.get<std::uint64_t>())
                                    : static_cast<Int>(value.get<std::int64_t>());
}

template <typename Int>
std::vector<Int> jsonIntegers(const nlohmann::json& value) {
  if (!value.is_array()) {
    throw nlohmann::json::type_error::create(
        302, "type must be an array, but is " + std::string(value.type_name()), &value);
  }
  std::vector<Int> out;
  for (const auto& element : value) out.push_back(jsonInteger<Int>(element));
  return out;
}

}  // namespace fovea
