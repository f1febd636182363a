#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/digit_sheet.h"
#include "core/stimulus/noisy_digits.h"

namespace fovea::stimulus {

// The digits of one split of a glyph set with classes interleaved (0, 1, ..., 9, 0, 1, ...), so
// that the first 10 k samples hold every class k times.
std::vector<std::size_t> interleavedDigits(const data::GlyphSet& digits, const std::string& split);

struct AttentionSample {
  NoisyDigit digit;
  int label = 0;
};

// The samples of the attention task: opencv-doc's digits of one split in noise. Sample k is a
// function of (seed, k) alone. Training draws its digit at random; scoring walks the split in
// order, so N samples cover every test digit N / split-size times.
class AttentionSamples {
 public:
  enum class Draw { Random, InOrder };
  AttentionSamples(const std::string& split, Draw draw);

  AttentionSample sample(const NoisyDigitSpec& spec, std::uint64_t seed, std::uint64_t k) const;
  std::size_t digits() const { return order_.size(); }

 private:
  const data::GlyphSet& glyphs_;
  std::vector<std::size_t> order_;
  Draw draw_;
};

// What a model with a side x side input sees of a square image: all of it, or its centre (the
// 28 px fovea of a 128 px image, fixation at the centre). Writes side * side floats.
void copyCentre(const cv::Mat& image, int side, float* out);

}  // namespace fovea::stimulus
