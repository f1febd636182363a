#include "core/engine/runtime.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

TEST(Runtime, ThreadCountIsWhatWasAskedFor) {
  fovea::engine::configureThreads(1);
  EXPECT_EQ(fovea::engine::runtimeInfo().intra_op_threads, 1);
  fovea::engine::configureThreads(0);
  EXPECT_GE(fovea::engine::runtimeInfo().intra_op_threads, 1);
}

TEST(Runtime, UsesAnOptimisedBlasNotTheReferenceOne) {
  // The reference BLAS is 20-30x slower (toolchain.md); setup-debian.sh installs OpenBLAS.
  const auto info = fovea::engine::runtimeInfo();
  EXPECT_NE(info.blas_library.find("openblas"), std::string::npos) << info.blas_library;
}

TEST(Runtime, MatmulThroughputIsPositiveAndFinite) {
  const double gflops = fovea::engine::measureMatmulGflops(128, 2);
  EXPECT_GT(gflops, 0.0);
  EXPECT_TRUE(std::isfinite(gflops));
}

}  // namespace
