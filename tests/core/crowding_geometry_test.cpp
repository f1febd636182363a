#include "core/stimulus/crowding_geometry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/util/errors.h"

using namespace fovea::stimulus;

namespace {

std::string errorOf(const CrowdingGeometry& geometry) {
  try {
    layoutGlyphs(geometry);
  } catch (const fovea::InputError& error) {
    return error.what();
  }
  return "";
}

TEST(CrowdingGeometry, PaperTargetBoxesFollowTheOriginalFormula) {
  for (double ecc : {0.0, 60.0, 780.0, -900.0, 12.5}) {
    CrowdingGeometry geometry;
    geometry.target_ecc_px = ecc;
    const auto boxes = layoutGlyphs(geometry);
    ASSERT_EQ(boxes.size(), 1u);
    EXPECT_EQ(boxes[0].y, 900);
    EXPECT_EQ(boxes[0].x, static_cast<int>(900 + ecc)) << ecc;  // int(960 - 60 + ecc)
    EXPECT_EQ(boxes[0].side, 120);
  }
}

TEST(CrowdingGeometry, ConfigurationsPutFlankersOutsideInsideOrBoth) {
  CrowdingGeometry geometry;
  geometry.target_ecc_px = 240;
  geometry.spacing_px = 120;
  geometry.configuration = Configuration::AX;
  auto boxes = layoutGlyphs(geometry);
  ASSERT_EQ(boxes.size(), 2u);
  EXPECT_DOUBLE_EQ(boxes[1].centre_x, 960 + 360);
  geometry.configuration = Configuration::XA;
  boxes = layoutGlyphs(geometry);
  EXPECT_DOUBLE_EQ(boxes[1].centre_x, 960 + 120);
  geometry.configuration = Configuration::XAX;
  geometry.flankers_per_side = 2;
  boxes = layoutGlyphs(geometry);
  ASSERT_EQ(boxes.size(), 5u);
  std::vector<double> xs;
  for (const auto& box : boxes) xs.push_back(box.centre_x - 960);
  std::sort(xs.begin(), xs.end());
  EXPECT_EQ(xs, (std::vector<double>{0, 120, 240, 360, 480}));
}

TEST(CrowdingGeometry, OriginalParametersMapToConfigurations) {
  auto ax = CrowdingGeometry::fromOriginal(240, 360, 1);
  EXPECT_EQ(ax.configuration, Configuration::AX);
  EXPECT_DOUBLE_EQ(ax.spacing_px, 120);
  EXPECT_EQ(CrowdingGeometry::fromOriginal(240, 120, 1).configuration, Configuration::XA);
  EXPECT_EQ(CrowdingGeometry::fromOriginal(240, 480, 2).configuration, Configuration::XAX);
  EXPECT_EQ(CrowdingGeometry::fromOriginal(240, 480, 0).configuration, Configuration::A);
  auto mirrored = layoutGlyphs(CrowdingGeometry::fromOriginal(240, 480, 2));
  EXPECT_DOUBLE_EQ(mirrored[2].centre_x - 960, 2 * 240 - 480);  // opp_ecc = 2 te - fe
  EXPECT_THROW(CrowdingGeometry::fromOriginal(0, 0, 3), fovea::InputError);
}

TEST(CrowdingGeometry, OverlappingFlankersAreRefusedButTouchingOnesAllowed) {
  CrowdingGeometry geometry;
  geometry.configuration = Configuration::AX;
  geometry.spacing_px = 120;  // the boxes abut
  EXPECT_NO_THROW(layoutGlyphs(geometry));
  geometry.spacing_px = 119;
  const std::string message = errorOf(geometry);
  EXPECT_NE(message.find("overlaps"), std::string::npos) << message;
  EXPECT_NE(message.find("119"), std::string::npos) << message;
  geometry.flanker_px = 85;  // notMNIST flankers: (120 + 85) / 2 = 102.5
  geometry.spacing_px = 103;
  EXPECT_NO_THROW(layoutGlyphs(geometry));
}

TEST(CrowdingGeometry, GlyphsLeavingTheCanvasAreRefused) {
  CrowdingGeometry geometry;
  geometry.target_ecc_px = 900;  // box 1800..1920: still inside
  EXPECT_NO_THROW(layoutGlyphs(geometry));
  geometry.target_ecc_px = 901;
  EXPECT_NE(errorOf(geometry).find("leaves the 1920 px canvas"), std::string::npos);
  geometry.target_ecc_px = 780;
  geometry.configuration = Configuration::AX;
  geometry.spacing_px = 240;  // flanker at 1020 px
  EXPECT_NE(errorOf(geometry).find("flanker"), std::string::npos);
}

TEST(CrowdingGeometry, VerticalObliqueAndTangentialPlacements) {
  CrowdingGeometry geometry;
  geometry.meridian_deg = 90;  // upwards: smaller y on screen
  geometry.target_ecc_px = 300;
  auto boxes = layoutGlyphs(geometry);
  EXPECT_DOUBLE_EQ(boxes[0].centre_x, 960);
  EXPECT_DOUBLE_EQ(boxes[0].centre_y, 660);

  geometry.meridian_deg = 0;
  geometry.arrangement = Arrangement::Tangential;
  geometry.configuration = Configuration::XAX;
  geometry.spacing_px = 150;
  boxes = layoutGlyphs(geometry);
  ASSERT_EQ(boxes.size(), 3u);
  for (int i = 1; i < 3; ++i) {
    EXPECT_DOUBLE_EQ(boxes[static_cast<std::size_t>(i)].centre_x, 960 + 300);
    EXPECT_DOUBLE_EQ(std::fabs(boxes[static_cast<std::size_t>(i)].centre_y - 960), 150);
  }

  geometry.meridian_deg = 45;
  geometry.arrangement = Arrangement::Radial;
  geometry.configuration = Configuration::AX;
  geometry.spacing_px = 200;  // diagonal: 141 px apart on each axis, more than 120
  boxes = layoutGlyphs(geometry);
  EXPECT_NEAR(boxes[1].centre_x - boxes[0].centre_x, 200 / std::sqrt(2.0), 1e-9);
  EXPECT_NEAR(boxes[1].centre_y - boxes[0].centre_y, -200 / std::sqrt(2.0), 1e-9);
}

TEST(CrowdingGeometry, FieldErrorsNameTheKey) {
  CrowdingGeometry geometry;
  geometry.target_contrast = 1.5;
  EXPECT_NE(errorOf(geometry).find("target_contrast"), std::string::npos);
  geometry = {};
  geometry.spacing_px = std::nan("");
  EXPECT_NE(errorOf(geometry).find("spacing_px"), std::string::npos);
  geometry = {};
  geometry.target_px = 0;
  EXPECT_NE(errorOf(geometry).find("target_px"), std::string::npos);
  EXPECT_THROW(parseConfiguration("xx"), fovea::InputError);
}

}  // namespace
