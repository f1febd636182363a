#include "core/stimulus/stimulus_renderer.h"
#include "core/stimulus/background_pool.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>

#include "core/util/errors.h"

namespace fs = std::filesystem;
using namespace fovea::stimulus;

namespace {

fs::path tempFile(const std::string& name) {
  return fs::temp_directory_path() / ("fovea-render-" + std::to_string(::getpid()) + "-" + name);
}

TEST(StimulusRenderer, TargetsAreEvenDigitsLabelledByHalfTheirValue) {
  StimulusSpec spec;
  std::set<int> labels;
  for (int i = 0; i < 50; i += 7) {
    spec.glyphs.target_index = i * 5;
    labels.insert(StimulusRenderer(spec).render(false).target_label);
  }
  for (int label : labels) {
    EXPECT_GE(label, 0);
    EXPECT_LE(label, 4);
  }
  EXPECT_GT(labels.size(), 1u);
}

TEST(StimulusRenderer, TheInputHasTheSpecifiedShapeAndRange) {
  StimulusSpec spec;
  spec.geometry.configuration = Configuration::XAX;
  spec.geometry.target_ecc_px = 300;
  const auto rendered = StimulusRenderer(spec).render(true);
  EXPECT_EQ(rendered.boxes.size(), 3u);
  EXPECT_EQ(rendered.input.size(), 11u * 60 * 60);
  EXPECT_EQ(rendered.canvas.rows, 1920);
  EXPECT_EQ(rendered.crops.size(), 11u);
  for (float v : rendered.input) {
    ASSERT_GE(v, -0.5f);
    ASSERT_LE(v, 0.5f);
  }
  // Three glyphs of ink on the canvas, nothing elsewhere.
  EXPECT_EQ(cv::countNonZero(rendered.canvas(cv::Rect(0, 0, 1920, 900))), 0);
  EXPECT_GT(cv::countNonZero(rendered.canvas), 3 * 500);
}

TEST(StimulusRenderer, UserGlyphImagesAreUsedInvertedWhenDarkOnLight) {
  const auto path = tempFile("letter.png");
  cv::Mat letter(64, 48, CV_8UC1, cv::Scalar(255));
  cv::putText(letter, "A", {6, 54}, cv::FONT_HERSHEY_SIMPLEX, 2.0, cv::Scalar(0), 5);
  ASSERT_TRUE(cv::imwrite(path.string(), letter));
  const cv::Mat glyph = loadGlyphImage(path);
  EXPECT_EQ(glyph.at<std::uint8_t>(0, 0), 0);  // background is black after inversion
  StimulusSpec spec;
  spec.glyphs.target_image = path;
  const auto rendered = StimulusRenderer(spec).render(true);
  EXPECT_EQ(rendered.target_label, -1);
  EXPECT_GT(cv::countNonZero(rendered.canvas), 500);
  fs::remove(path);
}

TEST(StimulusRenderer, CorruptOrEmptyGlyphFilesAreNamedErrors) {
  const auto path = tempFile("broken.png");
  std::ofstream(path) << "\x89PNG broken";
  try {
    loadGlyphImage(path);
    FAIL();
  } catch (const fovea::InputError& error) {
    EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos);
  }
  cv::imwrite(path.string(), cv::Mat(28, 28, CV_8UC1, cv::Scalar(255)));  // blank after inversion
  EXPECT_THROW(loadGlyphImage(path), fovea::InputError);
  fs::remove(path);
}

TEST(StimulusRenderer, PhotoBackgroundsFillTheCanvasAndKeepThePhotoAroundTheTarget) {
  StimulusSpec spec;
  spec.background.kind = "photo";
  spec.background.image = "fruits.jpg";
  const auto rendered = StimulusRenderer(spec).render(false);
  ASSERT_FALSE(rendered.canvas.empty());  // the full canvas is needed with a photo
  EXPECT_GT(cv::mean(rendered.canvas)[0], 40);
  // The target is pasted by maximum: its box is not a black square.
  EXPECT_GT(cv::mean(rendered.canvas(cv::Rect(900, 900, 120, 120)))[0], 30);
  spec.background.image = "no-such-photo.jpg";
  EXPECT_THROW(StimulusRenderer{spec}, fovea::InputError);
}

TEST(StimulusRenderer, FlankerSetsReplaceTheOddDigits) {
  StimulusSpec spec;
  spec.geometry.configuration = Configuration::AX;
  spec.geometry.flanker_px = 85;
  spec.geometry.spacing_px = 110;
  const auto digits = StimulusRenderer(spec).render(false).crops;
  spec.glyphs.flanker_set = "letters";
  const auto letters = StimulusRenderer(spec).render(false).crops;
  EXPECT_GT(cv::norm(digits[4], letters[4], cv::NORM_L1), 0.0);
  spec.glyphs.flanker_index = 100000;
  EXPECT_THROW(StimulusRenderer{spec}, fovea::InputError);
}

TEST(StimulusRenderer, NoiseBackgroundsAreOneOverFAboutMidGreyAndSeeded) {
  BackgroundChoice choice;
  choice.kind = "noise";
  const cv::Mat a = noiseBackground(choice, 480);
  EXPECT_NEAR(cv::mean(a)[0], 127.5, 2.0);
  double lo = 0, hi = 0;
  cv::minMaxLoc(a, &lo, &hi);
  EXPECT_NEAR(std::max(127.5 - lo, hi - 127.5), 0.75 * 127.5, 2.0);  // peak-to-peak 0.75
  EXPECT_EQ(cv::norm(a, noiseBackground(choice, 480), cv::NORM_INF), 0.0);
  choice.seed = 1;
  EXPECT_GT(cv::norm(a, noiseBackground(choice, 480), cv::NORM_L1), 0.0);
  StimulusSpec spec;
  spec.background.kind = "noise";
  EXPECT_FALSE(StimulusRenderer(spec).render(false).canvas.empty());
}

TEST(StimulusRenderer, PhotoFoldersPickTheIndexedPhotographByName) {
  const auto first = loadBackground("opencv-doc", 0, 64);
  const auto second = loadBackground("opencv-doc", 1, 64);
  EXPECT_GT(cv::norm(first, second, cv::NORM_L1), 0.0);
  const auto empty = fs::temp_directory_path() / ("fovea-empty-" + std::to_string(::getpid()));
  fs::create_directories(empty);
  EXPECT_THROW(loadBackground(empty.string(), 0, 64), fovea::InputError);
  fs::remove_all(empty);
}

TEST(StimulusRenderer, IndicesPastTheSplitAreErrors) {
  StimulusSpec spec;
  spec.glyphs.target_index = 250;  // the test split has 5 x 50 even digits
  EXPECT_THROW(StimulusRenderer{spec}, fovea::InputError);
  spec.glyphs.target_index = 249;
  EXPECT_NO_THROW(StimulusRenderer{spec});
}

}  // namespace
