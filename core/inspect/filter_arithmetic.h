#pragma once
// What a convolution or pooling layer does to one axis of an image: its output size and the
// padding it adds, with the formula written out for people learning it.
#include <string>

namespace fovea::inspect {

enum class Padding { Valid, Same };

// One axis of a sliding window: n inputs, kernel k, stride s, padding before and after.
struct AxisArithmetic {
  int input = 0;
  int kernel = 1;
  int stride = 1;
  int pad_before = 0;
  int pad_after = 0;
  int output = 0;  // 0 when the window does not fit
};

// valid: no padding, output floor((n - k) / s) + 1 (0 when k > n).
// same: output ceil(n / s), padded by max((output - 1) s + k - n, 0) split evenly, the odd pixel
// after (as TensorFlow; PyTorch's padding="same" is this at stride 1).
AxisArithmetic slideAxis(int input, int kernel, int stride, Padding padding);

// The formula with this axis's numbers, e.g. "⌊(128 + 2 − 3) / 2⌋ + 1 = 64".
std::string formulaText(const AxisArithmetic& axis);

}  // namespace fovea::inspect
