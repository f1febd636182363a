#include "core/demo/digit_demo.h"

#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <random>

#include "core/data/digit_sheet.h"
#include "core/models/model_family.h"
#include "core/models/network.h"
#include "core/util/errors.h"

namespace fovea::demo {
namespace {

// Stacks the chosen glyphs into an N x 1 x 28 x 28 float tensor in [0, 1] plus labels.
std::pair<torch::Tensor, torch::Tensor> toTensors(const data::GlyphSet& set,
                                                  const std::vector<std::size_t>& indices) {
  const int64_t n = static_cast<int64_t>(indices.size());
  auto images = torch::empty({n, 1, set.rows, set.cols}, torch::kUInt8);
  auto labels = torch::empty({n}, torch::kInt64);
  const std::size_t glyph_bytes = static_cast<std::size_t>(set.rows * set.cols);
  auto* image_data = images.data_ptr<std::uint8_t>();
  auto* label_data = labels.data_ptr<int64_t>();
  for (int64_t i = 0; i < n; ++i) {
    const std::size_t k = indices[static_cast<std::size_t>(i)];
    std::copy_n(set.pixels.data() + k * glyph_bytes, glyph_bytes,
                image_data + static_cast<std::size_t>(i) * glyph_bytes);
    label_data[i] = set.labels[k];
  }
  return {images.to(torch::kFloat32).div_(255.0), labels};
}

}  // namespace

DigitDemoResult runDigitDemo(const DigitDemoOptions& options,
                             const std::function<void(const DigitDemoProgress&)>& on_progress,
                             const std::atomic<bool>* cancel) {
  if (options.epochs < 1)
    throw InputError("epochs must be at least 1, got " + std::to_string(options.epochs));
  if (options.batch_size < 1)
    throw InputError("batch size must be at least 1, got " + std::to_string(options.batch_size));
  if (!(options.learning_rate > 0)) throw InputError("learning rate must be positive");

  const auto sheet = options.sheet.empty() ? data::defaultDigitSheetPath() : options.sheet;
  const auto digits = data::loadDigitSheet(sheet);
  const auto split = data::splitDigitSheet(digits);
  auto [train_x, train_y] = toTensors(digits, split.train);
  auto [test_x, test_y] = toTensors(digits, split.test);
  spdlog::info("digit demo: {} training and {} test digits from {}", split.train.size(),
               split.test.size(), sheet.string());

  torch::manual_seed(options.seed);
  std::mt19937_64 rng(options.seed);
  // The registered small CNN, answering the ten digits.
  const auto& family = models::ModelRegistry::instance().find("digit-cnn");
  nlohmann::json net_spec = {{"image_px", digits.rows},
                             {"channels1", 16},
                             {"channels2", 32},
                             {"hidden", 64},
                             {"classes", 10}};
  const auto net = family.build(net_spec);
  torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(options.learning_rate));

  const int64_t n_train = train_x.size(0);
  const int steps_per_epoch =
      static_cast<int>((n_train + options.batch_size - 1) / options.batch_size);
  DigitDemoResult result;
  result.train_images = static_cast<int>(n_train);
  result.test_images = static_cast<int>(test_x.size(0));
  std::vector<int64_t> order(static_cast<std::size_t>(n_train));
  const auto start = std::chrono::steady_clock::now();
  auto seconds_since_start = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };

  net->train();
  int64_t images_seen = 0;
  for (int epoch = 0; epoch < options.epochs && !result.cancelled; ++epoch) {
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    const auto permutation = torch::from_blob(order.data(), {n_train}, torch::kInt64);
    for (int b = 0; b < steps_per_epoch; ++b) {
      if (cancel && cancel->load()) {
        result.cancelled = true;
        break;
      }
      const int64_t begin = int64_t{b} * options.batch_size;
      const auto batch = permutation.slice(0, begin, std::min(begin + options.batch_size, n_train));
      const auto x = train_x.index_select(0, batch);
      const auto y = train_y.index_select(0, batch);

      optimizer.zero_grad();
      const auto logits = net->forward(x);
      const auto loss = torch::cross_entropy_loss(logits, y);
      loss.backward();
      optimizer.step();

      images_seen += x.size(0);
      ++result.steps;
      result.final_loss = loss.item<double>();
      if (on_progress) {
        DigitDemoProgress progress;
        progress.step = result.steps;
        progress.total_steps = steps_per_epoch * options.epochs;
        progress.epoch = epoch;
        progress.loss = result.final_loss;
        progress.batch_accuracy = logits.argmax(1).eq(y).to(torch::kFloat64).mean().item<double>();
        progress.images_per_s = static_cast<double>(images_seen) / seconds_since_start();
        on_progress(progress);
      }
    }
  }
  result.seconds = seconds_since_start();
  result.images_per_s = static_cast<double>(images_seen) / std::max(result.seconds, 1e-9);

  torch::NoGradGuard no_grad;
  net->eval();
  result.test_accuracy =
      net->forward(test_x).argmax(1).eq(test_y).to(torch::kFloat64).mean().item<double>();
  spdlog::info("digit demo: {} steps in {:.1f} s ({:.0f} images/s), test accuracy {:.3f}{}",
               result.steps, result.seconds, result.images_per_s, result.test_accuracy,
               result.cancelled ? " (cancelled)" : "");
  return result;
}

}  // namespace fovea::demo
