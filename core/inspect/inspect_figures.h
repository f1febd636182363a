#pragma once
// What the inspection views show, as figures for papers (report::FigureData): a layer's maps as
// tiles, and a model summary as a table.
#include <cstdint>
#include <string>
#include <vector>

#include "core/inspect/model_summary.h"
#include "core/report/figure_data.h"

namespace fovea::inspect {

// Maps [channels, h, w] (or [scales, channels, h, w], of which `scale` is drawn) as tiles titled
// with `panel_prefix` and the channel number; InputError when the values do not fill the shape or
// `scale` is out of range. At most kMaxFigurePanels maps are drawn (the first ones).
constexpr int kMaxFigurePanels = 256;
report::FigureData mapsFigure(const std::string& id, const std::string& title,
                              const std::vector<std::int64_t>& shape,
                              const std::vector<float>& values, int scale, bool shared_scale,
                              const std::string& panel_prefix = "channel ");

// The layer table: layer, kind, output shape, parameters, receptive field size and step on the
// layer's grid, and the canvas field through the finest and the widest crop (px and degrees).
report::FigureData summaryFigure(const ModelSummary& summary);

}  // namespace fovea::inspect
