#include "core/data/font_glyphs.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "core/stimulus/pil_resample.h"
#include "core/util/errors.h"

namespace fovea::data {
namespace {

constexpr int kSide = 28;
constexpr int kBox = 20;
constexpr int kRenderPx = 96;  // render large, then scale down like MNIST's anti-aliasing

const std::filesystem::path kDejaVu = "/usr/share/fonts/truetype/dejavu";
const std::filesystem::path kNoto = "/usr/share/fonts/truetype/noto";

class FreeTypeLibrary {
 public:
  FreeTypeLibrary() {
    if (FT_Init_FreeType(&library_) != 0) throw std::runtime_error("cannot initialise FreeType");
  }
  ~FreeTypeLibrary() { FT_Done_FreeType(library_); }
  FT_Library get() const { return library_; }

 private:
  FT_Library library_ = nullptr;
};

// The glyph's ink, tightly cropped; empty when the font lacks the character.
cv::Mat renderInk(FT_Face face, char32_t character) {
  const FT_UInt index = FT_Get_Char_Index(face, character);
  if (index == 0 || FT_Load_Glyph(face, index, FT_LOAD_RENDER) != 0) return {};
  const FT_Bitmap& bitmap = face->glyph->bitmap;
  if (bitmap.pixel_mode != FT_PIXEL_MODE_GRAY || bitmap.rows == 0 || bitmap.width == 0) return {};
  cv::Mat ink(static_cast<int>(bitmap.rows), static_cast<int>(bitmap.width), CV_8UC1);
  for (int y = 0; y < ink.rows; ++y) {
    std::memcpy(ink.ptr(y), bitmap.buffer + static_cast<std::ptrdiff_t>(y) * bitmap.pitch,
                static_cast<std::size_t>(ink.cols));
  }
  const cv::Rect tight = cv::boundingRect(ink);
  return tight.empty() ? cv::Mat() : ink(tight).clone();
}

cv::Mat toMnistFormat(const cv::Mat& ink) {
  const double scale = static_cast<double>(kBox) / std::max(ink.rows, ink.cols);
  const cv::Size fitted(std::max(1, static_cast<int>(std::lround(ink.cols * scale))),
                        std::max(1, static_cast<int>(std::lround(ink.rows * scale))));
  cv::Mat glyph = cv::Mat::zeros(kSide, kSide, CV_8UC1);
  stimulus::resizeLikePil(ink, fitted)
      .copyTo(glyph(cv::Rect((kSide - fitted.width) / 2, (kSide - fitted.height) / 2, fitted.width,
                             fitted.height)));
  return glyph;
}

std::vector<std::filesystem::path> existing(const std::filesystem::path& folder,
                                            const std::vector<std::string>& names) {
  std::vector<std::filesystem::path> found;
  for (const auto& name : names) {
    if (std::filesystem::exists(folder / name)) found.push_back(folder / name);
  }
  return found;
}

}  // namespace

GlyphSet renderFontGlyphs(const std::u32string& characters,
                          const std::vector<std::filesystem::path>& fonts) {
  if (fonts.empty()) throw InputError("no font to render glyphs with");
  const FreeTypeLibrary library;
  GlyphSet set;
  set.rows = set.cols = kSide;
  for (const auto& font : fonts) {
    FT_Face face = nullptr;
    if (FT_New_Face(library.get(), font.c_str(), 0, &face) != 0) {
      throw InputError(font.string() + ": not a font FreeType can read");
    }
    FT_Set_Pixel_Sizes(face, 0, kRenderPx);
    int drawn = 0;
    for (std::size_t label = 0; label < characters.size(); ++label) {
      const cv::Mat ink = renderInk(face, characters[label]);
      if (ink.empty()) continue;
      const cv::Mat glyph = toMnistFormat(ink);
      set.pixels.insert(set.pixels.end(), glyph.datastart, glyph.dataend);
      set.labels.push_back(static_cast<int>(label));
      ++drawn;
    }
    FT_Done_Face(face);
    if (drawn > 0) set.source += (set.source.empty() ? "" : ", ") + font.filename().string();
  }
  if (set.labels.empty()) throw InputError("none of the fonts has any of the characters");
  set.source = "fonts: " + set.source;
  return set;
}

GlyphSet letterGlyphs() {
  const auto fonts =
      existing(kDejaVu, {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf",
                         "DejaVuSerif-Bold.ttf", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"});
  if (fonts.empty()) {
    throw InputError("no DejaVu fonts in " + kDejaVu.string() + " (install fonts-dejavu-core)");
  }
  return renderFontGlyphs(U"ABCDEFGHIJ", fonts);
}

GlyphSet unfamiliarGlyphs() {
  struct Script {
    const char* font;
    char32_t first;
    int count;
  };
  // Letters of each script (contiguous blocks of base letters), one class per script.
  const std::vector<Script> scripts = {
      {"NotoSansTifinagh-Regular.ttf", 0x2D30, 40}, {"NotoSansCherokee-Regular.ttf", 0x13A0, 40},
      {"NotoSansEthiopic-Regular.ttf", 0x1200, 40}, {"NotoSansRunic-Regular.ttf", 0x16A0, 40},
      {"NotoSansOgham-Regular.ttf", 0x1681, 20},    {"NotoSansGlagolitic-Regular.ttf", 0x2C00, 40}};
  GlyphSet set;
  set.rows = set.cols = kSide;
  std::string used;
  for (std::size_t s = 0; s < scripts.size(); ++s) {
    const auto font = kNoto / scripts[s].font;
    if (!std::filesystem::exists(font)) continue;
    std::u32string characters;
    for (int i = 0; i < scripts[s].count; ++i)
      characters += static_cast<char32_t>(scripts[s].first + i);
    const GlyphSet part = renderFontGlyphs(characters, {font});
    set.pixels.insert(set.pixels.end(), part.pixels.begin(), part.pixels.end());
    set.labels.insert(set.labels.end(), part.labels.size(), static_cast<int>(s));
    used += (used.empty() ? "" : ", ") + std::string(scripts[s].font);
  }
  if (set.labels.empty()) {
    throw InputError("no Noto script fonts in " + kNoto.string() + " (install fonts-noto-core)");
  }
  set.source = "fonts: " + used;
  return set;
}

}  // namespace fovea::data
