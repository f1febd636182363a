#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fovea {
class SectionReader;
}

namespace fovea::models {

// The keys of one [[model]] table as a family reads them. Every read marks the key as known;
// keys nobody read are reported as unknown, with their line, once the family is done. Type
// errors and fail() name the key and its line.
class ModelKeys {
 public:
  explicit ModelKeys(SectionReader& reader) : reader_(reader) {}

  std::optional<double> number(const std::string& key);
  std::optional<int> integer(const std::string& key);
  std::optional<std::string> text(const std::string& key);
  std::optional<bool> boolean(const std::string& key);
  std::optional<std::vector<double>> numbers(const std::string& key);
  std::optional<std::vector<std::string>> texts(const std::string& key);

  // "model[0].scheme" for messages.
  std::string name(const std::string& key) const;
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;

 private:
  SectionReader& reader_;
};

}  // namespace fovea::models
