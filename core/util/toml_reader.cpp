#include "core/util/toml_reader.h"

#include <cmath>
#include <limits>

#include "core/util/errors.h"

namespace fovea {

toml::table parseToml(const std::string& text, const std::string& source_name) {
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& error) {
    throw InputError(source_name + ":" + std::to_string(error.source().begin.line) + ": " +
                     std::string(error.description()));
  }
}

void applyOverride(toml::table& root, const std::string& assignment) {
  const auto equals = assignment.find('=');
  const std::string key = assignment.substr(0, equals);
  const auto dot = key.find('.');
  if (equals == std::string::npos || dot == std::string::npos || dot == 0 ||
      dot + 1 == key.size()) {
    throw InputError("--set '" + assignment + "': expected section.key=value");
  }
  const std::string section = key.substr(0, dot);
  const std::string field = key.substr(dot + 1);
  const std::string value = assignment.substr(equals + 1);
  toml::node_view<toml::node> slot = root[section];
  if (!slot) root.insert(section, toml::table{});
  toml::table* table = root[section].as_table();
  if (!table) throw InputError("--set " + key + ": " + section + " is not a table");
  try {
    auto parsed = toml::parse("v = " + value);
    table->insert_or_assign(field, std::move(*parsed.get("v")));
  } catch (const toml::parse_error&) {
    table->insert_or_assign(field, value);  // a bare word: a string
  }
}

SectionReader::SectionReader(const toml::table& root, std::string section, std::string source)
    : section_(std::move(section)), source_(std::move(source)) {
  if (const toml::node* node = root.get(section_)) {
    table_ = node->as_table();
    if (!table_) fail(*node, section_ + " must be a table ([" + section_ + "])");
  }
}

SectionReader::SectionReader(const toml::table* table, std::string name, std::string source)
    : table_(table), section_(std::move(name)), source_(std::move(source)) {}

std::optional<double> SectionReader::number(const std::string& key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  if (auto v = node->value<double>()) {
    if (std::isnan(*v)) fail(*node, name(key) + " must be a number, got nan");
    return *v;
  }
  if (const auto* s = node->as_string(); s && (s->get() == "inf" || s->get() == "infinity")) {
    return std::numeric_limits<double>::infinity();
  }
  fail(*node, name(key) + " must be a number");
}

std::optional<std::int64_t> SectionReader::integer64(const std::string& key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  if (auto v = node->value_exact<int64_t>()) return *v;
  fail(*node, name(key) + " must be an integer");
}

std::optional<int> SectionReader::integer(const std::string& key) {
  auto v = integer64(key);
  if (!v) return std::nullopt;
  if (*v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max()) {
    fail(*table_->get(key), name(key) + " is out of range");
  }
  return static_cast<int>(*v);
}

std::optional<std::string> SectionReader::text(const std::string& key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  if (auto v = node->value<std::string>()) return *v;
  fail(*node, name(key) + " must be a string");
}

std::optional<bool> SectionReader::boolean(const std::string& key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  if (auto v = node->value<bool>()) return *v;
  fail(*node, name(key) + " must be true or false");
}

std::optional<std::vector<double>> SectionReader::numbers(const std::string& key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  const auto* array = node->as_array();
  if (!array) fail(*node, name(key) + " must be an array of numbers");
  std::vector<double> out;
  for (const auto& element : *array) {
    auto v = element.value<double>();
    if (!v || std::isnan(*v)) fail(element, name(key) + " must hold numbers only");
    out.push_back(*v);
  }
  return out;
}

std::optional<std::vector<std::string>> SectionReader::texts(const std::string& key) {
  const toml::node* node = take(key);
  if (!node) return std::nullopt;
  const auto* array = node->as_array();
  if (!array) fail(*node, name(key) + " must be an array of strings");
  std::vector<std::string> out;
  for (const auto& element : *array) {
    auto v = element.value<std::string>();
    if (!v) fail(element, name(key) + " must hold strings only");
    out.push_back(*v);
  }
  return out;
}

const toml::table* SectionReader::table(const std::string& key) {
  const toml::node* node = take(key);
  if (!node) return nullptr;
  const auto* sub = node->as_table();
  if (!sub) fail(*node, name(key) + " must be a table ([" + name(key) + "])");
  return sub;
}

std::vector<const toml::table*> SectionReader::tables(const std::string& key) {
  const toml::node* node = take(key);
  if (!node) return {};
  const auto* array = node->as_array();
  if (!array) fail(*node, name(key) + " must be an array of tables ([[" + name(key) + "]])");
  std::vector<const toml::table*> out;
  for (const auto& element : *array) {
    const auto* table = element.as_table();
    if (!table) fail(element, name(key) + " must hold tables only");
    out.push_back(table);
  }
  return out;
}

void SectionReader::finish() const {
  if (!table_) return;
  for (const auto& [key, node] : *table_) {
    if (!used_.count(std::string(key.str()))) {
      fail(node, "unknown key " + name(std::string(key.str())));
    }
  }
}

void SectionReader::fail(const toml::node& node, const std::string& message) const {
  // Values from --set were parsed on their own and carry no file.
  if (!node.source().path) throw InputError("--set: " + message);
  throw InputError(source_ + ":" + std::to_string(node.source().begin.line) + ": " + message);
}

void SectionReader::fail(const std::string& message) const {
  if (table_ && table_->source().path) fail(*table_, message);
  throw InputError(source_ + ": " + message);
}

void SectionReader::failAt(const std::string& key, const std::string& message) const {
  if (table_) {
    if (const toml::node* node = table_->get(key)) fail(*node, message);
  }
  fail(message);
}

const toml::node* SectionReader::take(const std::string& key) {
  if (!table_) return nullptr;
  used_.insert(key);
  return table_->get(key);
}

void rejectUnknownSections(const toml::table& root, const std::set<std::string>& known,
                           const std::string& source_name) {
  for (const auto& [key, node] : root) {
    if (!known.count(std::string(key.str()))) {
      throw InputError(source_name + ":" + std::to_string(node.source().begin.line) +
                       ": unknown section [" + std::string(key.str()) + "]");
    }
  }
}

}  // namespace fovea
