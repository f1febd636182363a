#include "core/inspect/kernel_presets.h"

#include <cmath>

#include "core/util/errors.h"

namespace fovea::inspect {

namespace {

constexpr double kPi = 3.14159265358979323846;

Kernel kernel3(const std::string& name, std::initializer_list<float> weights) {
  return {name, 3, std::vector<float>(weights)};
}

// A cosine Gabor: a grating of `wavelength` px at `angle` (0: vertical bars) under a Gaussian
// envelope of `sigma` px, elongated along the bars (aspect 0.5), zero mean so flat regions give 0.
Kernel gabor(const std::string& name, int size, double angle, double sigma, double wavelength) {
  Kernel k{name, size, std::vector<float>(static_cast<std::size_t>(size * size))};
  const double c = (size - 1) / 2.0;
  double sum = 0;
  for (int r = 0; r < size; ++r) {
    for (int col = 0; col < size; ++col) {
      const double x = col - c, y = r - c;
      const double across = x * std::cos(angle) + y * std::sin(angle);
      const double along = -x * std::sin(angle) + y * std::cos(angle);
      const double envelope =
          std::exp(-(across * across + 0.25 * along * along) / (2 * sigma * sigma));
      const double value = envelope * std::cos(2 * kPi * across / wavelength);
      k.weights[static_cast<std::size_t>(r * size + col)] = static_cast<float>(value);
      sum += value;
    }
  }
  const auto mean = static_cast<float>(sum / (size * size));
  for (float& w : k.weights) w -= mean;
  return k;
}

}  // namespace

std::vector<KernelBank> presetBanks() {
  std::vector<KernelBank> banks;
  banks.push_back({"Bars",
                   {kernel3("vertical bar", {-1, 2, -1, -1, 2, -1, -1, 2, -1}),
                    kernel3("horizontal bar", {-1, -1, -1, 2, 2, 2, -1, -1, -1})}});
  banks.push_back({"Edges",
                   {kernel3("dark to light →", {-1, 0, 1, -2, 0, 2, -1, 0, 1}),
                    kernel3("light to dark →", {1, 0, -1, 2, 0, -2, 1, 0, -1}),
                    kernel3("dark to light ↓", {-1, -2, -1, 0, 0, 0, 1, 2, 1}),
                    kernel3("light to dark ↓", {1, 2, 1, 0, 0, 0, -1, -2, -1})}});
  banks.push_back({"Centre-surround",
                   {kernel3("on centre", {-1, -1, -1, -1, 8, -1, -1, -1, -1}),
                    kernel3("off centre", {1, 1, 1, 1, -8, 1, 1, 1, 1})}});
  banks.push_back(
      {"Gabors",
       {gabor("Gabor 0°", 7, 0, 1.5, 4), gabor("Gabor 45°", 7, kPi / 4, 1.5, 4),
        gabor("Gabor 90°", 7, kPi / 2, 1.5, 4), gabor("Gabor 135°", 7, 3 * kPi / 4, 1.5, 4)}});
  Kernel gauss{"Gaussian 5×5", 5, {}};
  const float binomial[5] = {1, 4, 6, 4, 1};
  for (float a : binomial) {
    for (float b : binomial) gauss.weights.push_back(a * b / 256.0f);
  }
  banks.push_back({"Blur", {{"box 3×3", 3, std::vector<float>(9, 1.0f / 9)}, gauss}});
  return banks;
}

Kernel blankKernel(int size, const std::string& name) {
  if (size < kMinKernelSize || size > kMaxKernelSize) {
    throw InputError("kernel size " + std::to_string(size) + " is outside [" +
                     std::to_string(kMinKernelSize) + ", " + std::to_string(kMaxKernelSize) + "]");
  }
  return {name, size, std::vector<float>(static_cast<std::size_t>(size * size), 0.0f)};
}

KernelBank trainedBank(const std::string& name, const std::vector<std::int64_t>& shape,
                       const std::vector<float>& weights) {
  if (shape.size() != 4 || shape[2] != shape[3] || shape[0] < 1 || shape[1] < 1) {
    throw InputError("'" + name + "' is not a square convolution's weights [out, in, k, k]");
  }
  if (shape[2] < kMinKernelSize || shape[2] > kMaxKernelSize) {
    throw InputError("'" + name + "' has " + std::to_string(shape[2]) +
                     " px kernels; the playground takes " + std::to_string(kMinKernelSize) +
                     " to " + std::to_string(kMaxKernelSize));
  }
  if (shape[0] > kMaxTrainedKernels) {
    throw InputError("'" + name + "' has " + std::to_string(shape[0]) + " kernels; at most " +
                     std::to_string(kMaxTrainedKernels) + " are shown");
  }
  const auto out = shape[0], in = shape[1], size = shape[2];
  if (static_cast<std::int64_t>(weights.size()) != out * in * size * size) {
    throw InputError("'" + name + "' has " + std::to_string(weights.size()) +
                     " weights for the shape it declares");
  }
  KernelBank bank{name, {}};
  for (std::int64_t o = 0; o < out; ++o) {
    Kernel k = blankKernel(static_cast<int>(size), name + " #" + std::to_string(o));
    for (std::int64_t c = 0; c < in; ++c) {
      const float* source = weights.data() + (o * in + c) * size * size;
      for (std::int64_t i = 0; i < size * size; ++i)
        k.weights[static_cast<std::size_t>(i)] += source[i];
    }
    bank.kernels.push_back(std::move(k));
  }
  return bank;
}

}  // namespace fovea::inspect
