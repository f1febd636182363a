#pragma once
#include <cstdint>
#include <mutex>
#include <vector>

#include "core/util/random.h"

namespace fovea::train {

// Which sample a training position uses: fresh samples (n = 0: position p is sample p), or a
// fixed set of n samples walked in an order reshuffled every epoch from (seed, epoch) alone.
class EpochOrder {
 public:
  EpochOrder(std::int64_t n, std::uint64_t seed) : n_(n), seed_(seed) {}

  std::uint64_t sample(std::int64_t position) const {
    if (n_ == 0) return static_cast<std::uint64_t>(position);
    const std::int64_t epoch = position / n_;
    std::lock_guard<std::mutex> lock(mutex_);
    if (epoch != epoch_) {
      permutation_ =
          seededPermutation(static_cast<std::size_t>(n_),
                            sampleSeed(seed_ ^ 0x5eed5eedULL, static_cast<std::uint64_t>(epoch)));
      epoch_ = epoch;
    }
    return permutation_[static_cast<std::size_t>(position % n_)];
  }

 private:
  std::int64_t n_;
  std::uint64_t seed_;
  mutable std::mutex mutex_;
  mutable std::int64_t epoch_ = -1;
  mutable std::vector<std::size_t> permutation_;
};

}  // namespace fovea::train
