#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/data/digit_sheet.h"

namespace fovea::data {

// Renders characters with FreeType the way MNIST draws digits: each glyph tightly cropped,
// scaled to fit a 20 x 20 box (keeping its aspect ratio) and centred in 28 x 28, white on black.
// Every character is drawn in every font that has it; the label is the character's position in
// `characters`. Deterministic for a font list; `source` names the fonts used.
GlyphSet renderFontGlyphs(const std::u32string& characters,
                          const std::vector<std::filesystem::path>& fonts);

// notMNIST-like: the letters A-J in the typefaces of fonts-dejavu-core.
GlyphSet letterGlyphs();

// Omniglot-like: characters of scripts most readers do not know (Tifinagh, Cherokee, Ethiopic,
// Runic, Ogham, Glagolitic), from fonts-noto-core; one class per script.
GlyphSet unfamiliarGlyphs();

}  // namespace fovea::data
