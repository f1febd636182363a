#include "core/stimulus/display_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/util/errors.h"

using fovea::stimulus::DisplayModel;

namespace {

TEST(DisplayModel, PixelsPerDegreeFollowsDistanceAndPixelSize) {
  DisplayModel display;  // 57 cm, 53 cm wide, 1920 px
  // 1 deg at 57 cm is 0.9948 cm; a pixel is 53/1920 cm.
  EXPECT_NEAR(display.pixelsPerDegree(), 57.0 * 0.0174532925 / (53.0 / 1920), 1e-6);
  EXPECT_NEAR(display.eccentricityDeg(display.pixelsPerDegree()), 1.0, 1e-3);
}

TEST(DisplayModel, PixelsAndDegreesRoundTrip) {
  DisplayModel display;
  for (double px : {-960.0, -120.0, 0.0, 1.5, 60.0, 780.0, 960.0}) {
    EXPECT_NEAR(display.eccentricityPx(display.eccentricityDeg(px)), px, 1e-9) << px;
  }
  for (double deg : {-30.0, 0.0, 2.5, 10.0, 45.0}) {
    EXPECT_NEAR(display.eccentricityDeg(display.eccentricityPx(deg)), deg, 1e-9) << deg;
  }
  for (double centre : {0.0, 300.0, 900.0}) {
    for (double size : {1.0, 120.0, 400.0}) {
      const double deg = display.sizeDeg(centre, size);
      EXPECT_NEAR(display.sizePx(display.eccentricityDeg(centre), deg), size, 1e-6);
    }
  }
}

TEST(DisplayModel, AFlatScreenPixelSubtendsLessAwayFromTheCentre) {
  DisplayModel display;
  const double at_centre = display.sizeDeg(0, 120);
  const double eccentric = display.sizeDeg(900, 120);
  EXPECT_LT(eccentric, at_centre);
  // 900 px is 24.8 cm at 57 cm: cos^2(23.5 deg) = 0.84 of the central size.
  EXPECT_NEAR(eccentric / at_centre, 0.84, 0.01);
}

TEST(DisplayModel, RejectsImpossibleValuesNamingThem) {
  DisplayModel display;
  display.viewing_distance_cm = -3;
  try {
    display.validate();
    FAIL();
  } catch (const fovea::InputError& error) {
    EXPECT_NE(std::string(error.what()).find("viewing_distance_cm"), std::string::npos);
  }
  display = {};
  display.screen_width_cm = std::nan("");
  EXPECT_THROW(display.validate(), fovea::InputError);
  EXPECT_THROW(DisplayModel{}.eccentricityPx(90), fovea::InputError);
}

}  // namespace
