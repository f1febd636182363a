#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fovea::models {

// What one sample of a model's input is, so that data sources and views can serve any family
// without knowing its classes.
struct InputSpec {
  enum class Kind {
    MultiscaleCrops,  // {scales, side, side}: crops of one canvas, finest first
    Image,            // {channels, height, width}
    CodeVector,       // {length}: a retina code
    Frames,           // {frames, channels, height, width}
  };
  Kind kind = Kind::MultiscaleCrops;
  std::vector<std::int64_t> shape;

  std::int64_t values() const;   // floats per sample
  std::string describe() const;  // "11 x 60 x 60 multiscale crops"
  bool operator==(const InputSpec& other) const {
    return kind == other.kind && shape == other.shape;
  }
  bool operator!=(const InputSpec& other) const { return !(*this == other); }
};

std::string toString(InputSpec::Kind kind);
InputSpec::Kind parseInputKind(const std::string& text);  // InputError naming the text
nlohmann::json toJson(const InputSpec& input);
InputSpec inputFromJson(const nlohmann::json& json);  // InputError when malformed

}  // namespace fovea::models
