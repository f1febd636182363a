#include "core/engine/runtime.h"

#include "core/engine/device.h"
#include "core/util/errors.h"

#include <dlfcn.h>
#include <link.h>
#include <torch/torch.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace fovea::engine {
namespace {

std::string loadedLibraryPath(const char* soname) {
  void* handle = ::dlopen(soname, RTLD_LAZY | RTLD_NOLOAD);
  if (!handle) return "not loaded";
  link_map* map = nullptr;
  std::string path = "unknown";
  if (::dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map && map->l_name) path = map->l_name;
  ::dlclose(handle);
  // libblas.so.3 is an update-alternatives link: name the implementation behind it.
  std::error_code error;
  const auto resolved = std::filesystem::canonical(path, error);
  return error ? path : resolved.string();
}

void setBlasThreads(int threads) {
  // Present only when OpenBLAS is the libblas alternative; the reference BLAS has no threads.
  using SetThreads = void (*)(int);
  if (auto set = reinterpret_cast<SetThreads>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
    set(threads);
  }
}

}  // namespace

void configureThreads(int threads) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  torch::set_num_threads(threads > 0 ? threads : cores);
  setBlasThreads(1);
}

RuntimeInfo runtimeInfo() {
  RuntimeInfo info;
  info.intra_op_threads = torch::get_num_threads();
  info.inter_op_threads = torch::get_num_interop_threads();
  info.cuda_available = torch::cuda::is_available();
  info.blas_library = loadedLibraryPath("libblas.so.3");
  info.parallel_info = at::get_parallel_info();
  return info;
}

double measureMatmulGflops(int n, int repeats) {
  torch::NoGradGuard no_grad;
  auto a = torch::randn({n, n});
  auto b = torch::randn({n, n});
  auto c = torch::mm(a, b);  // warm-up: thread pools, page faults
  double best = 1e30;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    c = torch::mm(a, b);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    best = std::min(best, elapsed.count());
  }
  return 2.0 * n * n * static_cast<double>(n) / best / 1e9;
}

}  // namespace fovea::engine

namespace fovea::engine {

torch::Device parseDevice(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name == "cuda") {
    if (!torch::cuda::is_available()) {
      throw InputError("--device cuda: this LibTorch build has no usable CUDA device");
    }
    return torch::kCUDA;
  }
  throw InputError("--device must be cpu or cuda, got '" + name + "'");
}

}  // namespace fovea::engine
