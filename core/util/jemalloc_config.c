/* Read by jemalloc at start-up when it is the process's malloc (fovea_use_jemalloc in CMake):
 * never give freed pages back, so LibTorch's large per-step buffers are reused instead of being
 * faulted in and cleared by the kernel on every step. Memory stays at the peak of the run. */
const char* malloc_conf = "dirty_decay_ms:-1,muzzy_decay_ms:-1";
