#pragma once
// The psychophysics of a run as figures: the staircase tracks, the psychometric functions with
// their data, and the Bouma plot with people's lines beside the model's.
#include <vector>

#include "core/psychophysics/human_data.h"
#include "core/psychophysics/staircase_study.h"
#include "core/report/figure_data.h"

namespace fovea::report {

// Spacing (px) against trial number, a line per eccentricity ("staircase-tracks").
FigureData staircaseTracksFigure(const psychophysics::StudyResult& study);

// Proportion right against log10 level: the data binned by level (markers), the fitted function
// (a line) and the threshold's 95 % interval at the criterion (a bar) per eccentricity, chance as
// the reference ("psychometric").
FigureData psychometricFigure(const psychophysics::StudyResult& study);

// Thresholds against eccentricity (deg): critical spacing (deg) with the run's Bouma line and
// each human series's, size thresholds (deg) with acuity's line, or contrast thresholds; each
// point with its 95 % interval as a bar ("bouma").
FigureData boumaFigure(const psychophysics::StudyResult& study,
                       const std::vector<psychophysics::HumanSeries>& people);

}  // namespace fovea::report
