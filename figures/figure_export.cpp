#include "figures/figure_export.h"

#include <QBuffer>
#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QGuiApplication>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "core/util/atomic_file.h"

namespace fovea::ui {
namespace {

// SVG user units per inch: 0.01 mm per unit, so the size written in millimetres is exact to
// 0.01 mm whatever the dpi (an SVG has no pixels; the dpi matters for PNG only).
constexpr int kSvgResolution = 2540;
constexpr int kMaxSidePixels = 30000;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool isFigureFormat(const std::string& format) {
  const auto& known = figureFormats();
  return std::find(known.begin(), known.end(), format) != known.end();
}

// Why a style cannot be drawn, or empty.
std::string styleProblem(const FigureStyle& style) {
  auto in = [](double value, double lo, double hi) {
    return std::isfinite(value) && value > lo && value <= hi;
  };
  if (!in(style.width_mm, 0, 2000) || !in(style.height_mm, 0, 2000)) {
    return "figure size must be between 0 and 2000 mm, not " + std::to_string(style.width_mm) +
           " x " + std::to_string(style.height_mm) + " mm";
  }
  if (style.dpi < 10 || style.dpi > 4800) {
    return "dpi must be between 10 and 4800, not " + std::to_string(style.dpi);
  }
  if (figurePixels(style.width_mm, style.dpi) > kMaxSidePixels ||
      figurePixels(style.height_mm, style.dpi) > kMaxSidePixels) {
    return "figure would be wider or taller than " + std::to_string(kMaxSidePixels) + " pixels";
  }
  if (!in(style.font_pt, 0, 100) || !in(style.line_pt, 0, 100) ||
      !(std::isfinite(style.marker_pt) && style.marker_pt >= 0 && style.marker_pt <= 100)) {
    return "font and line sizes must be above 0 and markers at least 0, all at most 100 pt";
  }
  return {};
}

void requireGuiApplication() {
  // Fonts and painting need the platform integration; without it Qt aborts instead of throwing.
  if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance())) {
    throw std::runtime_error(
        "figure export needs a QGuiApplication (headless: QT_QPA_PLATFORM=offscreen)");
  }
}

QByteArray renderSvg(const FigurePainter& painter_data, const FigureStyle& style) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  const QSize size(static_cast<int>(std::lround(style.width_mm / 25.4 * kSvgResolution)),
                   static_cast<int>(std::lround(style.height_mm / 25.4 * kSvgResolution)));
  QSvgGenerator generator;
  generator.setOutputDevice(&buffer);
  generator.setResolution(kSvgResolution);
  generator.setSize(size);
  generator.setViewBox(QRect(QPoint(0, 0), size));
  generator.setTitle(QString::fromStdString(painter_data.figure().title));
  generator.setDescription(
      QStringLiteral("Fovea figure %1").arg(QString::fromStdString(painter_data.figure().id)));
  QPainter painter;
  if (!painter.begin(&generator)) throw std::runtime_error("cannot start the SVG document");
  painter_data.paint(painter, QRectF(QPointF(0, 0), QSizeF(size)));
  painter.end();
  return bytes;
}

QByteArray renderPdf(const FigurePainter& painter_data, const FigureStyle& style) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  QPdfWriter writer(&buffer);
  // ExactMatch: the default would snap a size close to a standard one (A6, ...) to that size.
  writer.setPageLayout(
      QPageLayout(QPageSize(QSizeF(style.width_mm, style.height_mm), QPageSize::Millimeter,
                            QString(), QPageSize::ExactMatch),
                  QPageLayout::Portrait, QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter));
  writer.setResolution(style.dpi);
  writer.setTitle(QString::fromStdString(painter_data.figure().title));
  writer.setCreator(QStringLiteral("Fovea"));
  QPainter painter;
  if (!painter.begin(&writer)) throw std::runtime_error("cannot start the PDF document");
  painter_data.paint(painter, QRectF(0, 0, writer.width(), writer.height()));
  painter.end();
  return bytes;
}

QByteArray renderPng(const FigurePainter& painter_data, const FigureStyle& style) {
  QImage image(figurePixels(style.width_mm, style.dpi), figurePixels(style.height_mm, style.dpi),
               QImage::Format_RGB32);
  if (image.isNull()) throw std::runtime_error("not enough memory for the PNG image");
  // The resolution goes into the PNG (pHYs) and makes point sizes come out right on the image.
  const int dots_per_metre = static_cast<int>(std::lround(style.dpi / 0.0254));
  image.setDotsPerMeterX(dots_per_metre);
  image.setDotsPerMeterY(dots_per_metre);
  image.fill(Qt::white);
  QPainter painter(&image);
  painter_data.paint(painter, QRectF(image.rect()));
  painter.end();
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (!image.save(&buffer, "PNG")) throw std::runtime_error("cannot encode the PNG image");
  return bytes;
}

}  // namespace

const std::vector<std::string>& figureFormats() {
  static const std::vector<std::string> kFormats = {"svg", "pdf", "png"};
  return kFormats;
}

int figurePixels(double mm, int dpi) {
  return static_cast<int>(std::lround(mm / 25.4 * dpi));
}

std::string renderFigure(const report::FigureData& figure, const FigureStyle& style,
                         const std::string& format) {
  requireGuiApplication();
  if (const std::string problem = styleProblem(style); !problem.empty()) {
    throw std::runtime_error(problem);
  }
  const FigurePainter painter(figure, style);
  const std::string name = lower(format);
  QByteArray bytes;
  if (name == "svg") {
    bytes = renderSvg(painter, style);
  } else if (name == "pdf") {
    bytes = renderPdf(painter, style);
  } else if (name == "png") {
    bytes = renderPng(painter, style);
  } else {
    throw std::runtime_error("unknown figure format '" + format + "' (use svg, pdf or png)");
  }
  return bytes.toStdString();
}

std::vector<std::filesystem::path> exportFigure(const report::FigureData& figure,
                                                const report::Provenance& provenance,
                                                const std::filesystem::path& stem_or_file,
                                                const FigureStyle& style,
                                                std::vector<std::string> formats) {
  std::filesystem::path stem = stem_or_file;
  if (stem.filename().empty()) {
    throw std::runtime_error("figure export needs a file name, not the folder " + stem.string());
  }
  const std::string extension = lower(stem.extension().string());
  const bool figure_extension = extension.size() > 1 && isFigureFormat(extension.substr(1));
  if (figure_extension || extension == ".csv" || extension == ".json") {
    stem.replace_extension();
    if (formats.empty() && figure_extension) formats.push_back(extension.substr(1));
    if (formats.empty()) formats.push_back("csv");  // data only
  }
  if (formats.empty()) formats = figureFormats();

  // Everything is checked before the first file is written: a bad request leaves no debris.
  std::vector<std::string> drawn;
  for (const std::string& requested : formats) {
    std::string name = lower(requested);
    if (!name.empty() && name[0] == '.') name.erase(0, 1);
    if (name == "csv" || name == "json") continue;
    if (!isFigureFormat(name)) {
      throw std::runtime_error("unknown figure format '" + requested + "' for " + stem.string() +
                               " (use svg, pdf or png)");
    }
    if (std::find(drawn.begin(), drawn.end(), name) == drawn.end()) drawn.push_back(name);
  }
  if (const std::string problem = styleProblem(style); !problem.empty()) {
    throw std::runtime_error(stem.string() + ": " + problem);
  }
  requireGuiApplication();

  auto file = [&](const std::string& suffix) {
    std::filesystem::path path = stem;
    path += "." + suffix;
    return path;
  };
  std::vector<std::filesystem::path> written;
  for (const std::string& format : drawn) {
    const std::filesystem::path path = file(format);
    std::string bytes;
    try {
      bytes = renderFigure(figure, style, format);
    } catch (const std::runtime_error& error) {
      throw std::runtime_error(path.string() + ": " + error.what());
    }
    writeFileAtomically(path, bytes);  // its errors name the path
    written.push_back(path);
  }
  writeFileAtomically(file("csv"), report::toTidyCsv(figure));
  written.push_back(file("csv"));
  report::Provenance stamped = provenance;
  if (stamped.created_utc.empty()) {
    stamped.created_utc = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
  }
  writeFileAtomically(file("json"), report::toProvenanceJson(figure, stamped));
  written.push_back(file("json"));
  return written;
}

}  // namespace fovea::ui
