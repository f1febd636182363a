#pragma once
// Convolution kernels for the filter playground: the textbook ones (bars, edges, centre-surround,
// Gabors) and a trained run's first-layer kernels seen by a grey image.
#include <cstdint>
#include <string>
#include <vector>

namespace fovea::inspect {

// A square kernel applied by cross-correlation (as PyTorch's conv2d): weights row-major,
// size x size.
struct Kernel {
  std::string name;
  int size = 3;
  std::vector<float> weights;
};

// Kernel sides the playground accepts.
constexpr int kMinKernelSize = 1;
constexpr int kMaxKernelSize = 15;

// A named set of kernels the playground offers together.
struct KernelBank {
  std::string name;
  std::vector<Kernel> kernels;
};

// The presets: "Bars" (vertical and horizontal lines), "Edges" (Sobel, both directions and
// both polarities), "Centre-surround" (on and off), "Gabors" (four orientations, 7 x 7), "Blur"
// (box and Gaussian).
std::vector<KernelBank> presetBanks();

// A zero kernel of `size` (to draw on); InputError outside [kMinKernelSize, kMaxKernelSize].
Kernel blankKernel(int size, const std::string& name = "drawn");

// A run's first convolution (weights [out, in, k, k], row-major) as kernels for a grey image: an
// input repeated over `in` channels is filtered by the sum of the kernel over them, so each kernel
// is that sum. InputError for a shape that is not [out, in, k, k] with square k in range, or for
// more than kMaxTrainedKernels kernels.
constexpr int kMaxTrainedKernels = 256;
KernelBank trainedBank(const std::string& name, const std::vector<std::int64_t>& shape,
                       const std::vector<float>& weights);

}  // namespace fovea::inspect
