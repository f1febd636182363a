#include "core/util/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace fovea {

int hardwareThreads() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void parallelFor(std::int64_t count, int threads, const std::function<void(std::int64_t)>& body) {
  if (count <= 0) return;
  const int workers =
      static_cast<int>(std::min<std::int64_t>(threads > 0 ? threads : hardwareThreads(), count));
  if (workers == 1) {
    for (std::int64_t i = 0; i < count; ++i) body(i);
    return;
  }
  const std::int64_t chunk = std::max<std::int64_t>(1, count / (workers * 16));
  std::atomic<std::int64_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&] {
    while (!failed) {
      const std::int64_t begin = next.fetch_add(chunk);
      if (begin >= count) return;
      const std::int64_t end = std::min(begin + chunk, count);
      try {
        for (std::int64_t i = begin; i < end; ++i) body(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < workers; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace fovea
