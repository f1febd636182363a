#include "core/util/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
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

std::string hostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0) return "host";
  std::string host(name);
  for (char& c : host) {
    if (c == '.' || c == '/') c = '_';
  }
  return host;
}

// ".<file>.tmp.<host>.<pid>.": whose temporary a leftover is, so that only a dead writer's is
// removed (a live one on this host, or any on another host sharing the folder, is left alone).
std::string tempPrefix(const std::filesystem::path& path) {
  return "." + path.filename().string() + ".tmp." + hostName() + ".";
}

void removeKilledWritersTemporaries(const std::filesystem::path& directory,
                                    const std::string& prefix) {
  std::error_code error;
  for (std::filesystem::directory_iterator it(directory, error), end; !error && it != end;
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const auto pid_end = name.find('.', prefix.size());
    if (pid_end == std::string::npos) continue;
    const std::string pid_text = name.substr(prefix.size(), pid_end - prefix.size());
    if (pid_text.empty() || pid_text.size() > 9 ||
        pid_text.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    const auto pid = static_cast<pid_t>(std::stol(pid_text));
    if (pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH) {
      std::error_code ignored;
      std::filesystem::remove(it->path(), ignored);
    }
  }
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& path, std::string_view contents) {
  const auto directory = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::error_code ignored;  // a missing folder is created; if that fails, mkstemp says why
  std::filesystem::create_directories(directory, ignored);
  const std::string prefix = tempPrefix(path);
  removeKilledWritersTemporaries(directory, prefix);
  std::string temp = (directory / (prefix + std::to_string(::getpid()) + ".XXXXXX")).string();
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
