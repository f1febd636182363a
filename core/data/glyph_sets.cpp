#include "core/data/glyph_sets.h"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "core/data/font_glyphs.h"
#include "core/data/idx_file.h"
#include "core/util/errors.h"

namespace fovea::data {
namespace {

GlyphSet loadNamed(const std::string& name) {
  if (name == "digits") return defaultDigits();
  if (name == "letters") return letterGlyphs();
  if (name == "unfamiliar") return unfamiliarGlyphs();
  if (name == "fashion") return loadFashionMnistTest();
  if (!std::filesystem::exists(name)) {
    throw InputError("glyph set '" + name +
                     "' is neither digits, letters, unfamiliar, fashion nor an IDX file");
  }
  const IdxArray images = readIdx(name);
  if (images.dims.size() != 3) {
    throw InputError(name + ": expected IDX images (N x rows x cols)");
  }
  GlyphSet set;
  set.rows = images.dims[1];
  set.cols = images.dims[2];
  set.pixels = images.data;
  set.labels.assign(static_cast<std::size_t>(images.dims[0]), 0);
  set.source = name;
  return set;
}

}  // namespace

const GlyphSet& namedGlyphSet(const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<GlyphSet>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = cache[name];
  if (!slot) {
    try {
      slot = std::make_unique<GlyphSet>(loadNamed(name));
    } catch (...) {
      cache.erase(name);
      throw;
    }
  }
  return *slot;
}

}  // namespace fovea::data
