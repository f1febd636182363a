#include "core/report/figure_data.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

namespace fovea::report {

std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csvNumber(double value) {
  if (std::isnan(value)) return "";
  std::ostringstream out;
  out.precision(10);
  out << value;
  return out.str();
}

std::string toTidyCsv(const FigureData& figure) {
  std::ostringstream out;
  std::string lead;
  for (const auto& [key, value] : figure.constants) {
    out << csvField(key) << ',';
    lead += csvField(value) + ',';
  }
  if (figure.has_table) {
    for (std::size_t c = 0; c < figure.table.columns.size(); ++c) {
      out << (c ? "," : "") << csvField(figure.table.columns[c]);
    }
    out << '\n';
    for (const auto& row : figure.table.rows) {
      out << lead;
      for (std::size_t c = 0; c < row.size(); ++c) out << (c ? "," : "") << csvField(row[c]);
      out << '\n';
    }
    return out.str();
  }
  if (figure.has_maps) {
    out << "map,row,column,"
        << csvField(figure.maps.value_title.empty() ? "value" : figure.maps.value_title) << '\n';
    for (const auto& panel : figure.maps.panels) {
      for (int r = 0; r < panel.height; ++r) {
        for (int c = 0; c < panel.width; ++c) {
          const auto i = static_cast<std::size_t>(r) * panel.width + c;
          out << lead << csvField(panel.title) << ',' << r << ',' << c << ','
              << csvNumber(i < panel.values.size() ? panel.values[i] : std::nan("")) << '\n';
        }
      }
    }
    return out.str();
  }
  if (figure.has_heatmap) {
    const auto& map = figure.heatmap;
    out << csvField(figure.x_title) << ',' << csvField(figure.y_title) << ','
        << csvField(map.value_title.empty() ? "value" : map.value_title) << '\n';
    for (std::size_t iy = 0; iy < map.y_values.size(); ++iy) {
      for (std::size_t ix = 0; ix < map.x_values.size(); ++ix) {
        out << lead << csvNumber(map.x_values[ix]) << ',' << csvNumber(map.y_values[iy]) << ','
            << csvNumber(map.values[iy * map.x_values.size() + ix]) << '\n';
      }
    }
    return out.str();
  }
  out << "series," << csvField(figure.x_title) << ',' << csvField(figure.y_title) << '\n';
  for (const auto& series : figure.series) {
    for (std::size_t i = 0; i < series.x.size() && i < series.y.size(); ++i) {
      out << lead << csvField(series.name) << ',' << csvNumber(series.x[i]) << ','
          << csvNumber(series.y[i]) << '\n';
    }
  }
  return out.str();
}

std::string toProvenanceJson(const FigureData& figure, const Provenance& provenance) {
  nlohmann::json json = {{"figure", figure.id},
                         {"title", figure.title},
                         {"experiment", provenance.experiment},
                         {"spec", provenance.spec_path},
                         {"run", provenance.run},
                         {"checkpoint", provenance.checkpoint},
                         {"checkpoint_crc32", provenance.checkpoint_crc32},
                         {"seed", provenance.seed},
                         {"fovea_version", provenance.fovea_version},
                         {"created_utc", provenance.created_utc}};
  for (const auto& [key, value] : provenance.extra) json[key] = value;
  return json.dump(2) + "\n";
}

}  // namespace fovea::report
