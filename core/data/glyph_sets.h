#pragma once
#include <string>

#include "core/data/digit_sheet.h"

namespace fovea::data {

// Flanker sets by name, loaded once per process and shared:
//   digits      the MNIST digits of opencv-doc (the crowding protocol flanks with the odd ones)
//   letters     A-J rendered from Debian's DejaVu fonts (notMNIST-like)
//   unfamiliar  letters of unfamiliar scripts from Noto fonts (Omniglot-like)
//   fashion     Fashion-MNIST's test images (dataset-fashion-mnist)
//   any other   a path to an IDX images file (plain or gzipped), e.g. the real notMNIST
// InputError for an unknown name or a bad file.
const GlyphSet& namedGlyphSet(const std::string& name);

}  // namespace fovea::data
