// Every glyph source yields centred, non-empty, correctly sized glyphs; bad files are named.
#include <gtest/gtest.h>
#include <zlib.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <opencv2/imgproc.hpp>
#include <set>

#include "core/data/font_glyphs.h"
#include "core/data/glyph_sets.h"
#include "core/data/idx_file.h"
#include "core/util/errors.h"

namespace fs = std::filesystem;
using namespace fovea::data;

namespace {

void expectMnistLike(const GlyphSet& set, const std::string& what) {
  ASSERT_GT(set.size(), 0u) << what;
  EXPECT_EQ(set.rows, 28) << what;
  EXPECT_EQ(set.cols, 28) << what;
  ASSERT_EQ(set.pixels.size(), set.size() * 28 * 28) << what;
  for (std::size_t i = 0; i < set.size(); i += std::max<std::size_t>(1, set.size() / 40)) {
    const cv::Mat glyph = set.glyph(i);
    EXPECT_GT(cv::countNonZero(glyph > 64), 8) << what << " glyph " << i << " is empty";
    const cv::Moments m = cv::moments(glyph);
    EXPECT_NEAR(m.m10 / m.m00, 13.5, 5.0) << what << " glyph " << i;
    EXPECT_NEAR(m.m01 / m.m00, 13.5, 5.0) << what << " glyph " << i;
  }
}

fs::path tempFile(const std::string& name) {
  return fs::temp_directory_path() / ("fovea-glyphs-" + std::to_string(::getpid()) + "-" + name);
}

void writeBytes(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
}

std::string errorOf(const fs::path& path) {
  try {
    readIdx(path);
  } catch (const fovea::InputError& error) {
    return error.what();
  }
  return "";
}

TEST(GlyphSources, FashionMnistFromDebianIsReadFromGzippedIdx) {
  const GlyphSet fashion = loadFashionMnistTest();
  EXPECT_EQ(fashion.size(), 10000u);
  std::array<int, 10> per_class{};
  for (int label : fashion.labels) ++per_class[static_cast<std::size_t>(label)];
  for (int count : per_class) EXPECT_EQ(count, 1000);
  expectMnistLike(fashion, "fashion");
}

TEST(GlyphSources, IdxErrorsNameTheFileAndTheProblem) {
  const auto path = tempFile("images.idx");
  std::vector<std::uint8_t> good = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3};
  good.resize(good.size() + 12, 7);
  writeBytes(path, good);
  EXPECT_EQ(readIdx(path).dims, (std::vector<int>{2, 2, 3}));

  auto truncated = good;
  truncated.resize(truncated.size() - 5);
  writeBytes(path, truncated);
  EXPECT_NE(errorOf(path).find("truncated IDX data"), std::string::npos) << errorOf(path);
  EXPECT_NE(errorOf(path).find(path.string()), std::string::npos);

  auto bad_magic = good;
  bad_magic[0] = 0x1a;
  writeBytes(path, bad_magic);
  EXPECT_NE(errorOf(path).find("bad magic"), std::string::npos);

  auto floats = good;
  floats[2] = 0x0d;
  writeBytes(path, floats);
  EXPECT_NE(errorOf(path).find("not unsigned byte"), std::string::npos);

  auto extra = good;
  extra.push_back(1);
  writeBytes(path, extra);
  EXPECT_NE(errorOf(path).find("unexpected bytes"), std::string::npos);

  // 16 bytes whose dimensions multiply to 2^64: wrapped to 0, they once passed the size check.
  writeBytes(path, {0, 0, 8, 3, 0, 0, 1, 0, 0x10, 0, 0, 0, 0x10, 0, 0, 0});
  EXPECT_NE(errorOf(path).find(path.string() + ": IDX dimensions hold more than"),
            std::string::npos)
      << errorOf(path);
  fs::remove(path);
}

TEST(GlyphSources, LabelCountMustMatchTheImages) {
  const auto images = tempFile("img.idx");
  const auto labels = tempFile("lab.idx");
  std::vector<std::uint8_t> img = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 5, 6};
  std::vector<std::uint8_t> lab = {0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3};
  writeBytes(images, img);
  writeBytes(labels, lab);
  try {
    loadIdxGlyphs(images, labels);
    FAIL();
  } catch (const fovea::InputError& error) {
    EXPECT_NE(std::string(error.what()).find("3 labels for 2 images"), std::string::npos);
  }
  fs::remove(images);
  fs::remove(labels);
}

TEST(GlyphSources, LettersAtoJInEveryCoreDejaVuFace) {
  const GlyphSet letters = letterGlyphs();
  expectMnistLike(letters, "letters");
  EXPECT_EQ(letters.size() % 10, 0u);
  EXPECT_GE(letters.size(), 60u);  // 6 faces of fonts-dejavu-core
  EXPECT_NE(letters.source.find("DejaVuSans.ttf"), std::string::npos) << letters.source;
  // MNIST's proportions: the ink fits a 20 x 20 box, touching it on its longer side.
  for (std::size_t i = 0; i < letters.size(); i += 7) {
    const cv::Rect ink = cv::boundingRect(letters.glyph(i) > 0);
    EXPECT_LE(std::max(ink.width, ink.height), 21) << i;
    EXPECT_GE(std::max(ink.width, ink.height), 19) << i;
  }
}

TEST(GlyphSources, UnfamiliarScriptsOneClassPerScript) {
  const GlyphSet glyphs = unfamiliarGlyphs();
  expectMnistLike(glyphs, "unfamiliar");
  EXPECT_EQ(std::set<int>(glyphs.labels.begin(), glyphs.labels.end()).size(), 6u);
  EXPECT_NE(glyphs.source.find("Tifinagh"), std::string::npos) << glyphs.source;
}

TEST(GlyphSources, RenderingIsDeterministicAndBadFontsAreNamed) {
  const auto a = renderFontGlyphs(U"AB", {"/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"});
  const auto b = renderFontGlyphs(U"AB", {"/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"});
  EXPECT_EQ(a.pixels, b.pixels);
  const auto not_a_font = tempFile("font.ttf");
  std::ofstream(not_a_font) << "not a font";
  try {
    renderFontGlyphs(U"A", {not_a_font});
    FAIL();
  } catch (const fovea::InputError& error) {
    EXPECT_NE(std::string(error.what()).find(not_a_font.string()), std::string::npos);
  }
  fs::remove(not_a_font);
}

TEST(GlyphSources, NamedSetsAreSharedAndUnknownNamesRefused) {
  EXPECT_EQ(&namedGlyphSet("letters"), &namedGlyphSet("letters"));
  EXPECT_THROW(namedGlyphSet("klingon"), fovea::InputError);
}

}  // namespace
