#include "core/util/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace fovea {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  throw std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& path, std::string_view contents) {
  const auto directory = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::error_code ignored;  // a missing folder is created; if that fails, mkstemp says why
  std::filesystem::create_directories(directory, ignored);
  std::string temp = (directory / ("." + path.filename().string() + ".tmpXXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) fail("cannot create a temporary file for", path);

  const char* data = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      errno = saved;
      fail("cannot write", path);
    }
    data += written;
    left -= static_cast<size_t>(written);
  }
  // mkstemp creates 0600; results and checkpoints are ordinary user files.
  ::fchmod(fd, 0644);
  // The descriptor is closed whether or not fsync worked; the first error is the one reported.
  const bool synced = ::fsync(fd) == 0;
  const int sync_error = errno;
  const bool closed = ::close(fd) == 0;
  if (!synced || !closed) {
    const int saved = synced ? errno : sync_error;
    ::unlink(temp.c_str());
    errno = saved;
    fail("cannot flush", path);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temp.c_str());
    errno = saved;
    fail("cannot replace", path);
  }
  syncPath(directory);
}

void syncPath(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("cannot open to flush", path);
  const bool synced = ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  errno = saved;
  // Some file systems refuse fsync on a folder (EINVAL); there is nothing more to flush there.
  if (!synced && errno != EINVAL) fail("cannot flush", path);
}

void renameDurably(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) fail("cannot rename " + from.string() + " to", to);
  syncPath(to.has_parent_path() ? to.parent_path() : std::filesystem::path("."));
}

}  // namespace fovea
