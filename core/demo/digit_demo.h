#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>

namespace fovea::demo {

// The foundation's end-to-end job: a small CNN learns the 5000 real MNIST digits of opencv-doc
// (450/50 split per class) on the CPU. It exercises data loading, LibTorch training and
// evaluation, progress reporting and cancellation, and finishes in seconds.
struct DigitDemoOptions {
  std::filesystem::path sheet;  // empty: Debian's opencv-doc sheet
  int epochs = 3;
  int batch_size = 64;
  double learning_rate = 2e-3;
  std::uint64_t seed = 1;
};

struct DigitDemoProgress {
  int step = 0;
  int total_steps = 0;
  int epoch = 0;
  double loss = 0;            // of this batch
  double batch_accuracy = 0;  // of this batch
  double images_per_s = 0;
};

struct DigitDemoResult {
  int steps = 0;
  int train_images = 0;
  int test_images = 0;
  double final_loss = 0;
  double test_accuracy = 0;
  double seconds = 0;
  double images_per_s = 0;
  bool cancelled = false;
};

DigitDemoResult runDigitDemo(const DigitDemoOptions& options,
                             const std::function<void(const DigitDemoProgress&)>& on_progress = {},
                             const std::atomic<bool>* cancel = nullptr);

}  // namespace fovea::demo
