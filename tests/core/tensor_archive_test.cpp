// The tensor archive (safetensors layout): what Fovea writes, Python reads back the same way,
// and every malformed archive is refused with the tensor or key named.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "core/util/errors.h"
#include "core/util/tensor_archive.h"

using namespace fovea;

namespace {

std::vector<std::uint8_t> archiveBytes(const std::string& header, std::size_t data_bytes) {
  std::vector<std::uint8_t> bytes(8);
  for (int i = 0; i < 8; ++i)
    bytes[i] = static_cast<std::uint8_t>((header.size() >> (8 * i)) & 0xff);
  bytes.insert(bytes.end(), header.begin(), header.end());
  bytes.resize(bytes.size() + data_bytes, 0);
  return bytes;
}

std::string errorOf(const std::vector<std::uint8_t>& bytes) {
  try {
    parseTensorArchive(bytes, "w.safetensors");
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST(TensorArchive, WritesAndReadsBackEveryTensor) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("fovea-archive-" + std::to_string(::getpid()) + ".safetensors");
  TensorArchive archive;
  archive["b/bias"] = {{3}, {1.0f, -2.0f, 3.5f}};
  archive["a/weights"] = {{2, 1, 2}, {0.25f, 0.5f, 0.75f, 1.0f}};
  archive["scalar"] = {{}, {7.0f}};
  writeTensorArchive(path, archive, {{"format", "fovea"}});
  const auto back = readTensorArchive(path);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back.at("a/weights").shape, (std::vector<std::int64_t>{2, 1, 2}));
  EXPECT_EQ(back.at("b/bias").values, (std::vector<float>{1.0f, -2.0f, 3.5f}));
  EXPECT_EQ(back.at("scalar").values, std::vector<float>{7.0f});
  // The data starts 8-byte aligned, as the safetensors package writes it.
  const auto size = std::filesystem::file_size(path);
  EXPECT_EQ((size - 4 * 8) % 8, 0u);
  std::filesystem::remove(path);
}

TEST(TensorArchive, ReadsF64AndF16) {
  const std::string header = R"({"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},)"
                             R"("h":{"dtype":"F16","shape":[2],"data_offsets":[8,12]}})";
  auto bytes = archiveBytes(header, 12);
  const double d = -1.5;
  std::memcpy(bytes.data() + 8 + header.size(), &d, 8);
  const std::uint8_t halves[] = {0x00, 0x3c, 0x00, 0xc0};  // 1.0 and -2.0
  std::memcpy(bytes.data() + 8 + header.size() + 8, halves, 4);
  const auto archive = parseTensorArchive(bytes, "w");
  EXPECT_EQ(archive.at("d").values, std::vector<float>{-1.5f});
  EXPECT_EQ(archive.at("h").values, (std::vector<float>{1.0f, -2.0f}));
}

TEST(TensorArchive, MalformedArchivesNameWhatIsWrong) {
  EXPECT_EQ(errorOf({1, 2, 3}), "w.safetensors: too short for a tensor archive");
  auto huge = archiveBytes("{}", 0);
  huge[5] = 1;  // a header length of 2^40
  EXPECT_NE(errorOf(huge).find("runs past the file"), std::string::npos);
  EXPECT_NE(errorOf(archiveBytes("{oops", 0)).find("the header is not JSON"), std::string::npos);
  EXPECT_EQ(errorOf(archiveBytes(R"({"w":{"dtype":"I8","shape":[1],"data_offsets":[0,1]}})", 1)),
            "w.safetensors: tensor 'w': dtype I8 is not F32, F64 or F16");
  EXPECT_EQ(errorOf(archiveBytes(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8)),
            "w.safetensors: tensor 'w': shape [3] of F32 needs 12 bytes, its range holds 8");
  EXPECT_EQ(errorOf(archiveBytes(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 4)),
            "w.safetensors: tensor 'w': data_offsets [4, 8] lie outside the 4 data bytes");
  EXPECT_NE(errorOf(archiveBytes(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", 4))
                .find("negative or beyond"),
            std::string::npos);
  EXPECT_NE(errorOf(archiveBytes(
                        R"({"w":{"dtype":"F32","shape":[65536,65536],"data_offsets":[0,4]}})", 4))
                .find("beyond 2^29 values"),
            std::string::npos);
  EXPECT_NE(errorOf(archiveBytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                 R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                                 8))
                .find("two tensors share bytes"),
            std::string::npos);
}
