// Stimulus micro-benchmarks at paper scale (1920 px canvas, 11 crops of 60 px).
#include <benchmark/benchmark.h>

#include "core/data/digit_sheet.h"
#include "core/stimulus/crowding_sampler.h"
#include "core/stimulus/noisy_digits.h"
#include "core/stimulus/stimulus_renderer.h"

namespace {

using namespace fovea::stimulus;

StimulusSpec flankedSpec() {
  StimulusSpec spec;
  spec.geometry.configuration = Configuration::XAX;
  spec.geometry.target_ecc_px = 300;
  spec.geometry.spacing_px = 150;
  return spec;
}

// What the Stimulus Designer does after every drag: lay out, paste, crop; the budget is 16 ms.
void BM_DesignerRerender(benchmark::State& state) {
  const StimulusRenderer renderer(flankedSpec());
  CrowdingGeometry geometry = renderer.spec().geometry;
  for (auto _ : state) {
    geometry.spacing_px = geometry.spacing_px == 150 ? 151 : 150;
    benchmark::DoNotOptimize(renderer.render(geometry, false));
  }
}
BENCHMARK(BM_DesignerRerender)->Unit(benchmark::kMillisecond);

void BM_CropsFromWindow(benchmark::State& state) {
  const CrowdingSampler sampler(flankedSpec(), 1, false);
  const auto boxes = layoutGlyphs(sampler.spec().geometry);
  const cv::Mat glyph(28, 28, CV_8UC1, cv::Scalar(200));
  const auto glyphs = prepareGlyphs(sampler.spec().geometry, glyph, glyph);
  const auto window = renderWindow(boxes, glyphs, 1920);
  for (auto _ : state) benchmark::DoNotOptimize(sampler.plan().cropsFromWindow(window));
}
BENCHMARK(BM_CropsFromWindow)->Unit(benchmark::kMicrosecond);

// The reference: paint the full canvas, crop and resize each scale.
void BM_CropsFromFullCanvas(benchmark::State& state) {
  const CrowdingSampler sampler(flankedSpec(), 1, false);
  const auto sample = sampler.sample(0);
  for (auto _ : state) benchmark::DoNotOptimize(sampler.referenceCrops(sample));
}
BENCHMARK(BM_CropsFromFullCanvas)->Unit(benchmark::kMillisecond);

void BM_PaperSample(benchmark::State& state) {
  const CrowdingSampler sampler(StimulusSpec{}, 2017, true);
  std::uint64_t index = 0;
  for (auto _ : state) benchmark::DoNotOptimize(sampler.sample(index++));
}
BENCHMARK(BM_PaperSample)->Unit(benchmark::kMicrosecond);

void BM_MotionCloud128(benchmark::State& state) {
  const MotionCloudSpec spec;
  std::uint64_t seed = 0;
  for (auto _ : state) benchmark::DoNotOptimize(motionCloud(spec, seed++));
}
BENCHMARK(BM_MotionCloud128)->Unit(benchmark::kMicrosecond);

void BM_RetinaSample128(benchmark::State& state) {
  const auto& digits = fovea::data::defaultDigits();
  const NoisyDigitSpec spec;
  std::uint64_t seed = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(makeNoisyDigit(digits.glyph(seed % 5000), spec, seed));
    ++seed;
  }
}
BENCHMARK(BM_RetinaSample128)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
