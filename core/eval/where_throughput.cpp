#include "core/eval/where_throughput.h"

#include <torch/torch.h>

#include <chrono>

#include "core/data/digit_sheet.h"
#include "core/models/model_family.h"
#include "core/models/what_where_net.h"
#include "core/retina/sparse_retina.h"
#include "core/stimulus/noisy_digits.h"

namespace fovea::eval {
namespace {

using Clock = std::chrono::steady_clock;

torch::Tensor noisyDigits(int count) {
  const auto& digits = data::defaultDigits();
  stimulus::NoisyDigitSpec spec;
  spec.noise = 1.0;
  auto images = torch::empty({count, 1, 128, 128});
  for (int i = 0; i < count; ++i) {
    const auto d = stimulus::makeNoisyDigit(digits.glyph(static_cast<std::size_t>(i) * 37 % 5000),
                                            spec, static_cast<std::uint64_t>(i) + 1);
    cv::Mat f;
    d.image.convertTo(f, CV_32F);
    std::copy_n(f.ptr<float>(), 128 * 128, images[i].data_ptr<float>());
  }
  return images;
}

// Samples per second of `pass` over `batches` timed runs after one warm-up.
template <typename Pass>
double rate(int batch, int batches, Pass pass) {
  pass();
  const auto start = Clock::now();
  for (int b = 0; b < batches; ++b) pass();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return seconds > 0 ? batch * batches / seconds : 0;
}

}  // namespace

WhereThroughput measureWherePathway(int batch, int batches) {
  torch::NoGradGuard no_grad;
  const nlohmann::json spec = {{"image_px", 128},
                               {"classes", 10},
                               {"saccades", 1},
                               {"what_steps", 0},
                               {"confidence_stop", false}};
  auto built = models::ModelRegistry::instance().find("what-where").build(spec);
  auto net = std::dynamic_pointer_cast<models::WhatWhereImpl>(built);
  net->eval();
  const auto sparse = retina::SparseRetina::get();
  const auto dense = retina::LogGaborRetina::get();
  const int filters = sparse->filters();
  const int pixels = sparse->size() * sparse->size();
  // R^T as one tensor over the cached bank (rows are contiguous in it).
  const auto bank = torch::from_blob(const_cast<float*>(dense->filter(0)), {filters, pixels});
  const auto images = noisyDigits(batch);
  auto whitened = torch::empty({batch, pixels});
  auto codes = torch::empty({batch, filters});

  WhereThroughput out;
  out.sparse_weights = sparse->stats().weights;
  out.dense_weights = sparse->stats().dense_weights;
  auto sparse_code = [&] { codes = models::retinaCodes(*sparse, images); };
  auto dense_code = [&] {
    sparse->whiten(images.data_ptr<float>(), batch, whitened.data_ptr<float>());
    torch::mm_out(codes, whitened, bank.t());
  };
  out.code_samples_per_s = rate(batch, batches, sparse_code);
  out.dense_code_samples_per_s = rate(batch, batches, dense_code);
  out.samples_per_s = rate(batch, batches, [&] {
    sparse_code();
    net->whereFromCode(codes);
  });
  out.dense_samples_per_s = rate(batch, batches, [&] {
    dense_code();
    net->whereFromCode(codes);
  });
  return out;
}

}  // namespace fovea::eval
