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

// Proportion right against log10 spacing: the data binned by level (markers) and the fitted
// function (a line) per eccentricity, chance as the reference ("psychometric").
FigureData psychometricFigure(const psychophysics::StudyResult& study);

// Critical spacing (deg) against eccentricity (deg): the run's points and Bouma line, and each
// human series's, named with their slopes ("bouma").
FigureData boumaFigure(const psychophysics::StudyResult& study,
                       const std::vector<psychophysics::HumanSeries>& people);

}  // namespace fovea::report
