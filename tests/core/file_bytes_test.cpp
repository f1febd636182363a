#include "core/util/file_bytes.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "core/util/errors.h"

namespace fs = std::filesystem;

namespace {

fs::path tempPath(const std::string& name) {
  return fs::temp_directory_path() / ("fovea-bytes-" + std::to_string(::getpid()) + "-" + name);
}

void writeBytes(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

std::vector<std::uint8_t> gzipBytes(const std::vector<std::uint8_t>& plain) {
  const auto path = tempPath("gz");
  gzFile file = gzopen(path.c_str(), "wb");
  gzwrite(file, plain.data(), static_cast<unsigned>(plain.size()));
  gzclose(file);
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> packed((std::istreambuf_iterator<char>(in)), {});
  fs::remove(path);
  return packed;
}

std::vector<std::uint8_t> sample() {
  std::vector<std::uint8_t> bytes(200000);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 7 % 251);
  return bytes;
}

TEST(FileBytes, ReadsPlainAndGzipFilesAlike) {
  const auto plain = sample();
  const auto plain_path = tempPath("plain");
  const auto gz_path = tempPath("packed.gz");
  writeBytes(plain_path, plain);
  writeBytes(gz_path, gzipBytes(plain));
  EXPECT_EQ(fovea::readFileBytes(plain_path), plain);
  EXPECT_EQ(fovea::readFileBytes(gz_path), plain);
  fs::remove(plain_path);
  fs::remove(gz_path);
}

TEST(FileBytes, TruncatedGzipIsAnInputErrorNamingTheFile) {
  auto packed = gzipBytes(sample());
  packed.resize(packed.size() / 2);
  const auto path = tempPath("truncated.gz");
  writeBytes(path, packed);
  try {
    fovea::readFileBytes(path);
    FAIL() << "expected an InputError";
  } catch (const fovea::InputError& error) {
    EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("truncated"), std::string::npos) << error.what();
  }
  fs::remove(path);
}

TEST(FileBytes, CorruptGzipIsAnInputError) {
  auto packed = gzipBytes(sample());
  for (std::size_t i = 20; i < 60; ++i) packed[i] ^= 0x5a;
  const auto path = tempPath("corrupt.gz");
  writeBytes(path, packed);
  EXPECT_THROW(fovea::readFileBytes(path), fovea::InputError);
  fs::remove(path);
}

std::string errorOf(const std::function<void()>& read) {
  try {
    read();
  } catch (const fovea::InputError& error) {
    return error.what();
  }
  return "";
}

TEST(FileBytes, AGzipBombIsCappedWhileInflating) {
  // 4 MiB of zeros pack into a few kB; with a 1 MiB cap they are refused mid-stream.
  const auto path = tempPath("bomb.gz");
  writeBytes(path, gzipBytes(std::vector<std::uint8_t>(4u << 20, 0)));
  ASSERT_LT(fs::file_size(path), 64u << 10);
  const auto error = errorOf([&] { fovea::readFileBytes(path, 1u << 20); });
  EXPECT_NE(error.find(path.string()), std::string::npos) << error;
  EXPECT_NE(error.find("inflates to more than 1 MiB"), std::string::npos) << error;
  EXPECT_EQ(fovea::readFileBytes(path, 8u << 20).size(), 4u << 20);  // under the cap: read
  fs::remove(path);
}

TEST(FileBytes, AFileLargerThanTheCapIsRefusedBeforeReading) {
  const auto path = tempPath("large");
  writeBytes(path, std::vector<std::uint8_t>(3u << 20, 1));
  const auto error = errorOf([&] { fovea::readFileBytes(path, 2u << 20); });
  EXPECT_NE(error.find("3 MiB, more than the 2 MiB"), std::string::npos) << error;
  fs::remove(path);
}

TEST(FileBytes, MissingFileIsAnInputError) {
  EXPECT_THROW(fovea::readFileBytes("/nonexistent/fovea/file.idx"), fovea::InputError);
}

}  // namespace
