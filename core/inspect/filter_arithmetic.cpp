#include "core/inspect/filter_arithmetic.h"

#include <algorithm>

namespace fovea::inspect {

AxisArithmetic slideAxis(int input, int kernel, int stride, Padding padding) {
  AxisArithmetic axis;
  axis.input = input;
  axis.kernel = kernel;
  axis.stride = stride;
  if (input <= 0 || kernel <= 0 || stride <= 0) return axis;
  if (padding == Padding::Same) {
    axis.output = (input + stride - 1) / stride;
    const int total = std::max((axis.output - 1) * stride + kernel - input, 0);
    axis.pad_before = total / 2;
    axis.pad_after = total - axis.pad_before;
  } else {
    axis.output = kernel > input ? 0 : (input - kernel) / stride + 1;
  }
  return axis;
}

std::string formulaText(const AxisArithmetic& axis) {
  const int padding = axis.pad_before + axis.pad_after;
  std::string text = "⌊(" + std::to_string(axis.input);
  if (padding > 0) text += " + " + std::to_string(padding);
  text += " − " + std::to_string(axis.kernel) + ") / " + std::to_string(axis.stride) +
          "⌋ + 1 = " + std::to_string(axis.output);
  return text;
}

}  // namespace fovea::inspect
