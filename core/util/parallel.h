#pragma once
#include <cstdint>
#include <functional>

namespace fovea {

// Calls body(i) for every i in [0, count) on `threads` threads (0: all cores). Work is handed out
// in small chunks from a shared counter, so uneven items balance; results must be stored by
// index, which keeps them independent of the thread count. The first exception is rethrown.
void parallelFor(std::int64_t count, int threads, const std::function<void(std::int64_t)>& body);

int hardwareThreads();

}  // namespace fovea
