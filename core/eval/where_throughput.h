#pragma once
#include <cstdint>

namespace fovea::eval {

// The What/Where model's Where pathway (whitening, the 2880-value retina code, the Where net)
// on batches of real 128 px noisy digits, through the sparse retina and through the dense
// 2880 x 16384 product, timed in the same process on the same threads.
struct WhereThroughput {
  double samples_per_s = 0;        // sparse retina + Where net
  double dense_samples_per_s = 0;  // dense product + Where net
  double code_samples_per_s = 0;   // the sparse retina code alone (whitening included)
  double dense_code_samples_per_s = 0;
  std::int64_t sparse_weights = 0;
  std::int64_t dense_weights = 0;
};

WhereThroughput measureWherePathway(int batch, int batches);

}  // namespace fovea::eval
