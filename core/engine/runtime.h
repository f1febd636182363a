#pragma once
#include <string>

namespace fovea::engine {

struct RuntimeInfo {
  int intra_op_threads = 0;
  int inter_op_threads = 0;
  bool cuda_available = false;
  std::string blas_library;   // the libblas.so.3 that the dynamic linker resolved
  std::string parallel_info;  // LibTorch's own account of its thread pools
};

// Sets LibTorch's CPU threads (0 = all cores). BLAS is pinned to one thread, because LibTorch
// already parallelises around its BLAS calls and OpenBLAS threads on top of OpenMP threads
// oversubscribe the cores (toolchain.md, BLAS).
void configureThreads(int threads);

RuntimeInfo runtimeInfo();

// Measured single-precision matrix-multiply throughput (n x n), the machine's practical peak
// against which model throughput is judged.
double measureMatmulGflops(int n, int repeats);

}  // namespace fovea::engine
