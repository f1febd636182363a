#pragma once
#include <QRectF>

#include "core/report/figure_data.h"
#include "figures/figure_painter.h"

class QPainter;

namespace fovea::ui {

// Paints a figure of map tiles (report::FigureData::maps): the title, the maps in a grid laid out
// to make them as large as the rect allows (each pixel a sharp square, NaN grey), their titles
// under them when there is room, and a colour bar for a shared scale (per-map scales are stated
// instead: each map runs from its own minimum to its maximum).
void paintMapPanels(QPainter& painter, const QRectF& rect, const report::FigureData& figure,
                    const FigureStyle& style);

}  // namespace fovea::ui
