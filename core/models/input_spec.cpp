#include "core/models/input_spec.h"

#include "core/util/errors.h"
#include "core/util/json_integer.h"

namespace fovea::models {
namespace {

// Sizes read from files are capped before anything is allocated from them.
constexpr std::int64_t kMaxValuesPerSample = std::int64_t{1} << 28;

}  // namespace

std::int64_t InputSpec::values() const {
  std::int64_t n = 1;
  for (auto d : shape) n *= d;
  return shape.empty() ? 0 : n;
}

std::string toString(InputSpec::Kind kind) {
  switch (kind) {
    case InputSpec::Kind::MultiscaleCrops: return "multiscale-crops";
    case InputSpec::Kind::Image: return "image";
    case InputSpec::Kind::CodeVector: return "code-vector";
    case InputSpec::Kind::Frames: return "frames";
  }
  return "?";
}

InputSpec::Kind parseInputKind(const std::string& text) {
  for (auto kind : {InputSpec::Kind::MultiscaleCrops, InputSpec::Kind::Image,
                    InputSpec::Kind::CodeVector, InputSpec::Kind::Frames}) {
    if (toString(kind) == text) return kind;
  }
  throw InputError("input kind must be multiscale-crops, image, code-vector or frames, got '" +
                   text + "'");
}

std::string InputSpec::describe() const {
  std::string dims;
  for (auto d : shape) dims += (dims.empty() ? "" : " x ") + std::to_string(d);
  switch (kind) {
    case Kind::MultiscaleCrops: return dims + " multiscale crops";
    case Kind::Image: return dims + " image";
    case Kind::CodeVector: return dims + " code";
    case Kind::Frames: return dims + " frames";
  }
  return dims;
}

nlohmann::json toJson(const InputSpec& input) {
  return {{"kind", toString(input.kind)}, {"shape", input.shape}};
}

InputSpec inputFromJson(const nlohmann::json& json) {
  InputSpec input;
  try {
    input.kind = parseInputKind(json.at("kind").get<std::string>());
    input.shape = jsonIntegers<std::int64_t>(json.at("shape"));
  } catch (const nlohmann::json::exception& error) {
    throw InputError(std::string("input description is damaged: ") + error.what());
  }
  const std::size_t rank = input.kind == InputSpec::Kind::CodeVector ? 1
                           : input.kind == InputSpec::Kind::Frames   ? 4
                                                                     : 3;
  if (input.shape.size() != rank) {
    throw InputError(toString(input.kind) + " input needs " + std::to_string(rank) +
                     " dimensions, got " + std::to_string(input.shape.size()));
  }
  std::int64_t n = 1;
  for (auto d : input.shape) {
    if (d < 1 || d > kMaxValuesPerSample) {
      throw InputError("input dimension " + std::to_string(d) + " is out of range");
    }
    n *= d;
    if (n > kMaxValuesPerSample) throw InputError("input of " + input.describe() + " is too large");
  }
  return input;
}

}  // namespace fovea::models
