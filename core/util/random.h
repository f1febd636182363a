#pragma once
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

namespace fovea {

// SplitMix64: a fast, well-mixed 64-bit hash. Samples draw their randomness from
// splitmix64(seed ^ splitmix64(index)), so sample k is the same whatever thread or order makes it.
inline std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

inline std::uint64_t sampleSeed(std::uint64_t seed, std::uint64_t index) {
  return splitmix64(seed ^ splitmix64(index));
}

// 0..n-1 in an order that depends on `seed` only (Fisher-Yates on SplitMix64), the same on every
// platform, unlike std::shuffle.
inline std::vector<std::size_t> seededPermutation(std::size_t n, std::uint64_t seed) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::uint64_t state = seed;
  for (std::size_t i = n; i > 1; --i) {
    state = splitmix64(state);
    std::swap(order[i - 1], order[state % i]);
  }
  return order;
}

}  // namespace fovea
