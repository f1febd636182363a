// fovea-cli bench convrnn: inference images per second of a ConvRNN (gru_shallow by default) at
// full width on 224 x 224 RGB, default presentation (T = 16), batch 8, with Fovea's unrolling
// and with the direct one in the same process. tools/bench/convrnn_vs_pytorch.py --bench gives
// the same model unrolled step by step in PyTorch.
#include "cli_context.h"
#include "core/engine/runtime.h"
#include "core/models/convrnn_throughput.h"

namespace fovea::cli {
namespace {

struct ConvRnnBenchOptions {
  std::string cell = "gru";
  double width = 1.0;
  int image_px = 224;
  int batch = 8;
  int repeats = 3;
};

nlohmann::json benchConvRnn(const ConvRnnBenchOptions& options) {
  const auto measured = models::measureConvRnnForward(options.cell, options.width, options.image_px,
                                                      options.batch, options.repeats);
  return {{"benchmark", "convrnn"},
          {"model", options.cell + "_shallow"},
          {"width", options.width},
          {"image_px", options.image_px},
          {"batch", options.batch},
          {"times", measured.times},
          {"threads", engine::runtimeInfo().intra_op_threads},
          {"convrnn_forward_images_per_s", measured.images_per_s},
          {"direct_unroll_images_per_s", measured.direct_images_per_s},
          {"speedup_over_direct", measured.images_per_s / measured.direct_images_per_s},
          {"gflop_per_image_direct", measured.gflop_per_image},
          {"node_steps_batch", measured.node_steps},
          {"node_steps_shared", measured.shared_node_steps},
          {"node_steps_direct", measured.direct_node_steps}};
}

}  // namespace

void addConvRnnBenchCommand(CLI::App& bench, CliContext& context) {
  auto options = std::make_shared<ConvRnnBenchOptions>();
  auto* command = bench.add_subcommand(
      "convrnn",
      "Inference images/s of a shallow ConvRNN (default gru, full width, 224 px RGB, T = 16, "
      "batch 8), Fovea's unrolling against the direct one");
  command->add_option("--cell", options->cell, "Cell type")->capture_default_str();
  command->add_option("--width", options->width, "Channel multiplier")
      ->check(CLI::Range(0.01, 4.0))
      ->capture_default_str();
  command->add_option("--image", options->image_px, "Image side, px")
      ->check(CLI::Range(65, 1024))
      ->capture_default_str();
  command->add_option("--batch", options->batch, "Images per forward pass")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  command->add_option("--repeats", options->repeats, "Timed forward passes (median)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  command->callback([&context, options] { context.print(benchConvRnn(*options)); });
}

}  // namespace fovea::cli
