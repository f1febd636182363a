#include "core/util/atomic_file.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("fovea-atomic-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(AtomicFileTest, WritesAndReplacesWithoutLeavingTemporaries) {
  const auto path = dir_ / "results.json";
  fovea::writeFileAtomically(path, "first");
  fovea::writeFileAtomically(path, std::string(100000, 'x'));
  EXPECT_EQ(readAll(path), std::string(100000, 'x'));
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1) << "a temporary file was left behind";
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0644u);
}

TEST_F(AtomicFileTest, CreatesAMissingFolder) {
  fovea::writeFileAtomically(dir_ / "new" / "folder" / "file.txt", "x");
  EXPECT_EQ(readAll(dir_ / "new" / "folder" / "file.txt"), "x");
}

TEST_F(AtomicFileTest, AFolderThatCannotExistIsNamed) {
  const auto missing_dir = fs::path("/proc/fovea-no-such-dir") / "file.txt";
  try {
    fovea::writeFileAtomically(missing_dir, "x");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(missing_dir.string()), std::string::npos)
        << error.what();
  }
}

// A full disk, made with RLIMIT_FSIZE in a child process (SIGXFSZ ignored, so write() fails
// with EFBIG): the error names the path, the old file is intact, no temporary file is left.
TEST_F(AtomicFileTest, ADiskThatFillsUpKeepsTheOldFileAndLeavesNoTemporary) {
  const auto path = dir_ / "keep.txt";
  fovea::writeFileAtomically(path, "precious");
  const auto report = dir_ / "error.txt";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    int code = 1;
    try {
      fovea::writeFileAtomically(path, std::string(100000, 'x'));
    } catch (const std::runtime_error& error) {
      std::ofstream(report) << error.what();
      code = 0;
    }
    ::_exit(code);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the write did not fail";
  const auto message = readAll(report);
  EXPECT_NE(message.find("cannot write " + path.string()), std::string::npos) << message;
  EXPECT_EQ(readAll(path), "precious");
  fs::remove(report);
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1) << "a temporary file was left behind";
}

}  // namespace

// A writer killed between creating its temporary and renaming it leaves ".<file>.tmp.<host>.
// <pid>.XXXXXX". The next write of that file removes it, but not a live writer's temporary, one
// from another host or another file's.
TEST_F(AtomicFileTest, TheNextWriteRemovesAKilledWritersTemporary) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(0);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);  // its pid now names no process
  char host[256] = {};
  ASSERT_EQ(::gethostname(host, sizeof(host) - 1), 0);
  std::string host_name(host);
  for (char& c : host_name) {
    if (c == '.' || c == '/') c = '_';
  }
  const std::string prefix = ".checkpoint.pt.tmp." + host_name + ".";
  const auto dead = dir_ / (prefix + std::to_string(child) + ".a1b2c3");
  const auto live = dir_ / (prefix + std::to_string(::getppid()) + ".d4e5f6");
  const auto other_host = dir_ / (".checkpoint.pt.tmp.elsewhere." + std::to_string(child) + ".x");
  const auto other_file =
      dir_ / (".run.json.tmp." + host_name + "." + std::to_string(child) + ".y");
  for (const auto& leftover : {dead, live, other_host, other_file}) {
    std::ofstream(leftover) << "half a checkpoint";
  }
  fovea::writeFileAtomically(dir_ / "checkpoint.pt", "weights");
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::exists(other_host));
  EXPECT_TRUE(fs::exists(other_file));
  EXPECT_EQ(readAll(dir_ / "checkpoint.pt"), "weights");
}
