#include "core/stimulus/attention_samples.h"

#include <map>

#include "core/util/errors.h"
#include "core/util/random.h"

namespace fovea::stimulus {

std::vector<std::size_t> interleavedDigits(const data::GlyphSet& digits, const std::string& split) {
  const auto parts = data::splitDigitSheet(digits);
  const auto& part = split == "train" ? parts.train : parts.test;
  std::map<int, std::vector<std::size_t>> by_class;
  for (std::size_t index : part) by_class[digits.labels[index]].push_back(index);
  std::vector<std::size_t> order;
  for (std::size_t rank = 0; order.size() < part.size(); ++rank) {
    for (auto& [label, indices] : by_class) {
      if (rank < indices.size()) order.push_back(indices[rank]);
    }
  }
  return order;
}

AttentionSamples::AttentionSamples(const std::string& split, Draw draw)
    : glyphs_(data::defaultDigits()), order_(interleavedDigits(glyphs_, split)), draw_(draw) {
  if (split != "train" && split != "test") {
    throw InputError("split must be train or test, got '" + split + "'");
  }
  if (order_.empty()) throw InputError("the digit sheet's " + split + " split is empty");
}

AttentionSample AttentionSamples::sample(const NoisyDigitSpec& spec, std::uint64_t seed,
                                         std::uint64_t k) const {
  // The digit and the stimulus draw from separate streams of the same (seed, k).
  const std::uint64_t pick = draw_ == Draw::Random ? sampleSeed(seed ^ 0xd161d161ULL, k) : k;
  const std::size_t digit = order_[pick % order_.size()];
  AttentionSample out;
  out.digit = makeNoisyDigit(glyphs_.glyph(digit), spec, sampleSeed(seed, k));
  out.label = glyphs_.labels[digit];
  return out;
}

void copyCentre(const cv::Mat& image, int side, float* out) {
  CV_Assert(image.type() == CV_64F && image.rows == image.cols && side <= image.rows);
  const int offset = (image.rows - side) / 2;
  for (int r = 0; r < side; ++r) {
    const double* row = image.ptr<double>(offset + r) + offset;
    for (int c = 0; c < side; ++c) *out++ = static_cast<float>(row[c]);
  }
}

}  // namespace fovea::stimulus
