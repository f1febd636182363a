#pragma once
#include "core/report/figure_data.h"
#include "core/stimulus/display_model.h"

namespace fovea::report {

// The figure with its eccentricity and spacing axes in degrees of visual angle through the
// display model (flat-screen geometry: equal pixel steps shrink with eccentricity), as
// psychophysicists report them. Axes that measure something else are left alone; the CSV gets a
// "units" column.
FigureData inDegrees(const FigureData& figure, const stimulus::DisplayModel& display);

}  // namespace fovea::report
