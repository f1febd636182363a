#pragma once
// Core-internal: toml++ is a private dependency of fovea_core, so include this only from .cpp
// files of core.
#include <toml++/toml.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/util/errors.h"

namespace fovea {

// Parses TOML text; a syntax error is an InputError naming the source and the line.
toml::table parseToml(const std::string& text, const std::string& source_name);

// Applies "section.key=value" (value in TOML syntax; a bare word is a string) to `root`.
void applyOverride(toml::table& root, const std::string& assignment);

// Reads the keys of one [section], remembering which it used, so that anything left over can be
// reported as unknown with its line. Type errors name the key and the line too.
class SectionReader {
 public:
  SectionReader(const toml::table& root, std::string section, std::string source);
  // A table that is not a top-level section (an element of an array of tables).
  SectionReader(const toml::table* table, std::string name, std::string source);

  bool present() const { return table_ != nullptr; }
  std::optional<double> number(const std::string& key);  // "inf" is accepted as infinity
  std::optional<int> integer(const std::string& key);
  std::optional<std::int64_t> integer64(const std::string& key);
  std::optional<std::string> text(const std::string& key);
  std::optional<bool> boolean(const std::string& key);
  std::optional<std::vector<double>> numbers(const std::string& key);
  std::optional<std::vector<std::string>> texts(const std::string& key);
  // A sub-table ([section.key] or key = { ... }); nullptr when absent.
  const toml::table* table(const std::string& key);
  // An array of tables ([[section.key]]), each to be read with its own SectionReader.
  std::vector<const toml::table*> tables(const std::string& key);

  void finish() const;  // InputError on the first key no one asked for
  std::string name(const std::string& key) const { return section_ + "." + key; }
  [[noreturn]] void fail(const toml::node& node, const std::string& message) const;
  [[noreturn]] void fail(const std::string& message) const;
  // Fails at the line of `key` when the table holds it, else at the table's line.
  [[noreturn]] void failAt(const std::string& key, const std::string& message) const;
  // Runs `parse`, a value parser or validator that does not know the file: its InputError
  // becomes one naming the file, the line and the key.
  template <typename Parse>
  auto keyed(const std::string& key, Parse parse) const {
    try {
      return parse();
    } catch (const InputError& error) {
      failAt(key, name(key) + ": " + error.what());
    }
  }

 private:
  const toml::node* take(const std::string& key);

  const toml::table* table_ = nullptr;
  std::string section_;
  std::string source_;
  std::set<std::string> used_;
};

// Sets `target` when the reader found the key: assign(spec.steps, reader.integer64("steps")).
template <typename T>
void assign(T& target, const std::optional<T>& value) {
  if (value) target = *value;
}

// InputError for the first top-level key of `root` that is not in `known`.
void rejectUnknownSections(const toml::table& root, const std::set<std::string>& known,
                           const std::string& source_name);

}  // namespace fovea
