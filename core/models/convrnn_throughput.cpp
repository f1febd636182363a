#include "core/models/convrnn_throughput.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "core/models/convrnn_net.h"

namespace fovea::models {
namespace {

double medianSeconds(convrnn::ConvRnnNetImpl& net, const torch::Tensor& images, int repeats) {
  torch::NoGradGuard no_grad;
  net.forward(images);  // warm-up: allocations, thread pools
  std::vector<double> seconds;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    net.forward(images);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  return seconds[seconds.size() / 2];
}

}  // namespace

ConvRnnThroughput measureConvRnnForward(const std::string& cell, double width, int image_px,
                                        int batch, int repeats) {
  ConvRnnSpec spec;
  spec.cell = parseConvRnnCell(cell);
  spec.width = width;
  spec.image_px = image_px;
  resolvePresentation(spec, 0, 0);
  spec.validate();
  torch::manual_seed(0);
  convrnn::ConvRnnNetImpl net(spec);
  net.eval();
  const auto images = torch::rand({batch, 3, image_px, image_px});
  ConvRnnThroughput result;
  result.times = spec.times;
  result.images_per_s = batch / medianSeconds(net, images, repeats);
  std::tie(result.node_steps, result.shared_node_steps) = net.lastWork();
  net.setShortcuts(false);
  result.direct_images_per_s = batch / medianSeconds(net, images, repeats);
  result.direct_node_steps = net.lastWork().first;
  result.gflop_per_image = 2 * convRnnMacs(spec) / 1e9;
  return result;
}

}  // namespace fovea::models
