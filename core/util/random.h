#pragma once
#include <cstdint>

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

}  // namespace fovea
