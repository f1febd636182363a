#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/report/figure_data.h"
#include "figures/figure_painter.h"

namespace fovea::ui {

// The figure formats exportFigure draws: "svg", "pdf", "png".
const std::vector<std::string>& figureFormats();

// Writes a figure for a paper: each requested format of `formats` ("svg", "pdf", "png"; "csv" and
// "json" are accepted and always written) at the style's size in millimetres (PNG at its dpi), plus
// <stem>.csv (tidy data) and <stem>.json (provenance; an empty created_utc is set to now).
// `stem_or_file` is a stem ("out/spacing-120") or a file with one of those extensions, which is
// dropped (so "fig.pdf" with no formats writes fig.pdf, fig.csv and fig.json). No formats and no
// such extension means all three figure formats. Every file is written atomically (temporary file
// in the same folder, then renamed). Needs a QGuiApplication (the offscreen platform will do).
// Returns the files written. Throws std::runtime_error naming the path for an unknown format, an
// impossible style or a file that cannot be written; nothing is written for the first two.
std::vector<std::filesystem::path> exportFigure(const report::FigureData& figure,
                                                const report::Provenance& provenance,
                                                const std::filesystem::path& stem_or_file,
                                                const FigureStyle& style = {},
                                                std::vector<std::string> formats = {});

// The figure in one format as file contents (what exportFigure writes), for previews and tests.
std::string renderFigure(const report::FigureData& figure, const FigureStyle& style,
                         const std::string& format);

// Pixel size of a PNG export: round(mm / 25.4 * dpi).
int figurePixels(double mm, int dpi);

}  // namespace fovea::ui
