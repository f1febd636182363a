#pragma once
// An advisory lock on a file (flock), held for the object's life and released by the kernel
// however the process ends.
#include <filesystem>

namespace fovea {

class FileLock {
 public:
  // Creates the file if needed; InputError naming it when another process holds it (`busy`
  // says what that process is doing) or it cannot be opened.
  FileLock(const std::filesystem::path& path, const std::string& busy);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace fovea
