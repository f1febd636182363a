#include "core/models/model_keys.h"

#include "core/util/toml_reader.h"

namespace fovea::models {

std::optional<double> ModelKeys::number(const std::string& key) {
  return reader_.number(key);
}
std::optional<int> ModelKeys::integer(const std::string& key) {
  return reader_.integer(key);
}
std::optional<std::string> ModelKeys::text(const std::string& key) {
  return reader_.text(key);
}
std::optional<bool> ModelKeys::boolean(const std::string& key) {
  return reader_.boolean(key);
}
std::optional<std::vector<double>> ModelKeys::numbers(const std::string& key) {
  return reader_.numbers(key);
}
std::optional<std::vector<std::string>> ModelKeys::texts(const std::string& key) {
  return reader_.texts(key);
}
std::string ModelKeys::name(const std::string& key) const {
  return reader_.name(key);
}
void ModelKeys::fail(const std::string& key, const std::string& message) const {
  reader_.failAt(key, message);
}

}  // namespace fovea::models
