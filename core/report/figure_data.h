#pragma once
#include <map>
#include <string>
#include <vector>

namespace fovea::report {

// One plotted line: points in data units; NaN y values leave a gap.
struct Series {
  std::string name;  // legend entry, e.g. "xax"
  std::vector<double> x;
  std::vector<double> y;
  bool markers = true;
  bool lines = true;  // false: markers only (data points a fitted curve goes through)
  int colour = -1;    // palette index (and marker shape); -1: the series's own position
};

// The palette index a series is drawn with.
inline std::size_t colourIndex(const Series& series, std::size_t position) {
  return series.colour >= 0 ? static_cast<std::size_t>(series.colour) : position;
}

// A value per cell of a regular grid (row-major, rows along y); NaN = no data.
struct Heatmap {
  std::vector<double> x_values;  // column centres
  std::vector<double> y_values;  // row centres
  std::vector<double> values;    // y_values.size() * x_values.size()
  double lo = 0, hi = 1;         // colour scale
  std::string value_title;       // colour bar title, e.g. "accuracy"
};

// Rows of text under a header, e.g. the claims table; cells are shown as given.
struct TextTable {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;     // each columns.size() long
  std::size_t status_column = std::string::npos;  // coloured by value (holds / does not hold)
};

// Maps drawn side by side as tiles (feature maps, filtered images): one grid of values each,
// row-major, NaN = no data; one colour scale for all or one per map.
struct MapPanel {
  std::string title;  // e.g. "channel 3"
  int height = 0;
  int width = 0;
  std::vector<float> values;
};
struct MapPanels {
  std::vector<MapPanel> panels;
  bool shared_scale = true;
  std::string value_title;  // colour bar title, e.g. "activation"
};

// What an axis measures, so that a view can show it in degrees of visual angle as well as in
// canvas pixels (figure_units.h).
enum class AxisQuantity {
  Other,
  EccentricityPx,        // distance of a glyph from fixation
  SpacingTowardFoveaPx,  // from the target at spacing_anchor_px toward fixation
};

// Everything needed to draw one figure, and to write its data as tidy CSV, without any
// plotting library: the GUI's charts, the exporter and `fovea-cli report` all read this.
struct FigureData {
  std::string id;     // file stem, e.g. "spacing-120"
  std::string title;  // e.g. "Constant spacing 120 px"
  std::string x_title;
  std::string y_title;
  double x_min = 0, x_max = 1;  // axis ranges (x_min == x_max: from the data)
  double y_min = 0, y_max = 1;
  AxisQuantity x_quantity = AxisQuantity::Other;
  AxisQuantity y_quantity = AxisQuantity::Other;
  double spacing_anchor_px = 0;  // the target's eccentricity, for SpacingTowardFoveaPx
  std::vector<Series> series;
  bool has_heatmap = false;
  Heatmap heatmap;
  bool has_table = false;  // a table figure: no axes, series or heatmap
  TextTable table;
  bool has_maps = false;  // a figure of map tiles: no axes, series or heatmap
  MapPanels maps;
  // A horizontal reference line, e.g. chance accuracy 0.2.
  bool has_reference = false;
  double reference_y = 0;
  std::string reference_label;  // e.g. "chance"
  // Columns repeated on every CSV row (run, model, spacing, ...), in this order.
  std::vector<std::pair<std::string, std::string>> constants;
};

// Provenance of an exported figure: where its numbers came from.
struct Provenance {
  std::string experiment;
  std::string spec_path;
  std::string run;
  std::string checkpoint;
  std::string checkpoint_crc32;
  unsigned long long seed = 0;
  std::string fovea_version;
  std::string created_utc;
  std::map<std::string, std::string> extra;
};

// A number as CSV writes it: up to 10 significant digits, empty for NaN (a missing value).
std::string csvNumber(double value);
// A text field as CSV writes it: quoted (RFC 4180) only where needed.
std::string csvField(const std::string& text);

// Tidy CSV: a header, then one row per plotted point (series, x, y), heatmap cell (x, y,
// value), table row or map pixel (map, row, column, value), with the constants as leading
// columns.
std::string toTidyCsv(const FigureData& figure);
// JSON object text for the provenance, with the figure's id and title.
std::string toProvenanceJson(const FigureData& figure, const Provenance& provenance);

}  // namespace fovea::report
