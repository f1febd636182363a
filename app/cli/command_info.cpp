// fovea-cli info: what this build is and what it runs on (versions, threads, BLAS, CUDA).
#include "cli_context.h"
#include "core/engine/runtime.h"
#include "core/util/versions.h"

namespace fovea::cli {

void addInfoCommand(CLI::App& app, CliContext& context) {
  auto* command = app.add_subcommand("info", "Show versions and the compute runtime");
  auto peak = std::make_shared<bool>(false);
  command->add_flag("--matmul-peak", *peak, "Also measure the fp32 matrix-multiply GFLOP/s");
  command->callback([&context, peak] {
    nlohmann::json versions;
    for (const auto& component : coreVersions()) versions[component.name] = component.version;
    const auto runtime = engine::runtimeInfo();
    nlohmann::json result{
        {"versions", versions},
        {"runtime",
         {{"intra_op_threads", runtime.intra_op_threads},
          {"inter_op_threads", runtime.inter_op_threads},
          {"blas_library", runtime.blas_library},
          {"cuda_available", runtime.cuda_available}}},
    };
    if (*peak) result["runtime"]["matmul_gflops"] = engine::measureMatmulGflops(1024, 5);
    context.print(result);
  });
}

}  // namespace fovea::cli
