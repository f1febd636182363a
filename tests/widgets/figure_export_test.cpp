#include "figures/figure_export.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>
#include <cmath>
#include <limits>
#include <stdexcept>

using fovea::report::FigureData;
using fovea::report::Provenance;
using fovea::ui::FigureStyle;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

FigureData crowdingFigure() {
  FigureData figure;
  figure.id = "spacing-120";
  figure.title = "Constant spacing 120 px";
  figure.x_title = "target eccentricity (deg)";
  figure.y_title = "accuracy";
  figure.x_min = 0;
  figure.x_max = 10;
  figure.y_min = 0;
  figure.y_max = 1;
  const char* names[] = {"a", "xa", "xax"};
  for (int s = 0; s < 3; ++s) {
    fovea::report::Series series;
    series.name = names[s];
    for (int i = 0; i < 5; ++i) {
      series.x.push_back(2.0 * i + 1);
      series.y.push_back(0.9 - 0.15 * s - 0.1 * i);
    }
    figure.series.push_back(series);
  }
  figure.series[2].y[2] = kNaN;  // a missing condition: a gap, and still a CSV row
  figure.has_reference = true;
  figure.reference_y = 0.2;
  figure.reference_label = "chance";
  figure.constants = {{"run", "r1"}, {"model", "ecc-11-1-1-1-1"}};
  return figure;
}

FigureData accuracyMap() {
  FigureData figure;
  figure.id = "accuracy-map";
  figure.title = "Accuracy";
  figure.x_title = "target eccentricity (deg)";
  figure.y_title = "flanker eccentricity (deg)";
  figure.has_heatmap = true;
  figure.heatmap.x_values = {0, 4, 8, 12};
  figure.heatmap.y_values = {2, 6, 10};
  figure.heatmap.values = {1.0, 0.8,  0.6, 0.4,  //
                           0.9, kNaN, 0.5, 0.3,  //
                           0.7, 0.5,  0.3, 0.0};
  figure.heatmap.value_title = "accuracy";
  return figure;
}

Provenance provenance() {
  Provenance p;
  p.experiment = "crowding";
  p.run = "r1";
  p.checkpoint = "runs/r1/checkpoint-1200.pt";
  p.checkpoint_crc32 = "1a2b3c4d";
  p.seed = 7;
  p.fovea_version = "0.1.0";
  return p;
}

QByteArray readAll(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Width and height attributes of the SVG's root element, in millimetres.
QSizeF svgSizeMm(const QByteArray& svg) {
  QXmlStreamReader xml(svg);
  while (xml.readNextStartElement()) {
    if (xml.name() == QLatin1String("svg")) {
      const auto width = xml.attributes().value("width").toString();
      const auto height = xml.attributes().value("height").toString();
      if (!width.endsWith("mm") || !height.endsWith("mm")) return {};
      return {width.chopped(2).toDouble(), height.chopped(2).toDouble()};
    }
  }
  return {};
}

int pixelsOf(const QImage& image, QRgb colour) {
  int count = 0;
  for (int y = 0; y < image.height(); ++y) {
    const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
    for (int x = 0; x < image.width(); ++x) count += (line[x] & 0xffffff) == (colour & 0xffffff);
  }
  return count;
}

QStringList lines(const QByteArray& text) {
  return QString::fromUtf8(text).split('\n', Qt::SkipEmptyParts);
}

}  // namespace

class FigureExportTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void writesEveryFormatAtTheRequestedSize() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const FigureStyle style;  // 89 x 70 mm at 300 dpi
    const auto written =
        fovea::ui::exportFigure(crowdingFigure(), provenance(), dir.filePath("fig").toStdString(),
                                style, {"svg", "pdf", "png"});
    QCOMPARE(written.size(), std::size_t{5});
    // Atomic writes leave no temporary files behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 5);

    const QByteArray svg = readAll(dir.filePath("fig.svg"));
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    const QSizeF mm = svgSizeMm(svg);
    QVERIFY2(std::abs(mm.width() - 89) < 0.01 && std::abs(mm.height() - 70) < 0.01,
             qPrintable(QString("%1 x %2 mm").arg(mm.width()).arg(mm.height())));
    QVERIFY(svg.contains("chance"));  // the reference line's label is text in the SVG

    const QByteArray pdf = readAll(dir.filePath("fig.pdf"));
    QVERIFY(pdf.startsWith("%PDF"));
    QVERIFY2(pdf.size() > 2000, qPrintable(QString::number(pdf.size())));
    // The page is the figure: 89 x 70 mm = 252.3 x 198.4 pt.
    const auto box = QRegularExpression(R"(/MediaBox \[0 0 ([\d.]+) ([\d.]+)\])").match(pdf);
    QVERIFY(box.hasMatch());
    QVERIFY(std::abs(box.captured(1).toDouble() - 89 / 25.4 * 72) < 0.5);
    QVERIFY(std::abs(box.captured(2).toDouble() - 70 / 25.4 * 72) < 0.5);

    const QImage png(dir.filePath("fig.png"));
    QCOMPARE(png.width(), static_cast<int>(std::lround(89 / 25.4 * 300)));
    QCOMPARE(png.height(), static_cast<int>(std::lround(70 / 25.4 * 300)));
    QVERIFY(std::abs(png.dotsPerMeterX() - 300 / 0.0254) < 2);
    const QImage rgb = png.convertToFormat(QImage::Format_RGB32);
    for (std::size_t s = 0; s < 3; ++s) {
      QVERIFY2(pixelsOf(rgb, fovea::ui::seriesColour(s).rgb()) > 100,
               qPrintable(QString("series %1 is not drawn in its colour").arg(s)));
    }
    QVERIFY(pixelsOf(rgb, qRgb(255, 255, 255)) > rgb.width() * rgb.height() / 2);

    const QStringList csv = lines(readAll(dir.filePath("fig.csv")));
    QCOMPARE(csv.size(), 1 + 3 * 5);
    QCOMPARE(csv.first(), QString("run,model,series,target eccentricity (deg),accuracy"));
    QCOMPARE(csv[1], QString("r1,ecc-11-1-1-1-1,a,1,0.9"));
    QCOMPARE(csv[13], QString("r1,ecc-11-1-1-1-1,xax,5,"));  // the NaN: an empty value

    QJsonParseError error;
    const auto json = QJsonDocument::fromJson(readAll(dir.filePath("fig.json")), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject object = json.object();
    QCOMPARE(object["checkpoint"].toString(), QString("runs/r1/checkpoint-1200.pt"));
    QCOMPARE(object["figure"].toString(), QString("spacing-120"));
    QCOMPARE(object["seed"].toInt(), 7);
    QVERIFY(!object["created_utc"].toString().isEmpty());  // stamped at export
  }

  void aPngFollowsItsDpiAndFontsScaleWithIt() {
    QTemporaryDir dir;
    FigureStyle style;
    style.width_mm = 50;
    style.height_mm = 40;
    style.dpi = 96;
    fovea::ui::exportFigure(crowdingFigure(), provenance(), dir.filePath("small").toStdString(),
                            style, {"png"});
    const QImage png(dir.filePath("small.png"));
    QCOMPARE(png.size(), QSize(189, 151));
    QVERIFY(QFile::exists(dir.filePath("small.csv")));
    QVERIFY(!QFile::exists(dir.filePath("small.svg")));
  }

  void aFileNameWithAFigureExtensionPicksTheFormat() {
    QTemporaryDir dir;
    const auto written = fovea::ui::exportFigure(crowdingFigure(), provenance(),
                                                 dir.filePath("curves.pdf").toStdString());
    QCOMPARE(written.size(), std::size_t{3});
    QVERIFY(readAll(dir.filePath("curves.pdf")).startsWith("%PDF"));
    QVERIFY(QFile::exists(dir.filePath("curves.csv")));
    QVERIFY(QFile::exists(dir.filePath("curves.json")));
    // A dot inside a stem is not an extension.
    fovea::ui::exportFigure(crowdingFigure(), provenance(),
                            dir.filePath("spacing-1.5").toStdString(), {}, {"svg"});
    QVERIFY(QFile::exists(dir.filePath("spacing-1.5.svg")));
  }

  void aHeatmapHasOneCsvRowPerCellAndItsColours() {
    QTemporaryDir dir;
    FigureStyle style;
    style.dpi = 150;
    fovea::ui::exportFigure(accuracyMap(), provenance(), dir.filePath("map").toStdString(), style,
                            {"png", "svg"});
    const QStringList csv = lines(readAll(dir.filePath("map.csv")));
    QCOMPARE(csv.size(), 1 + 4 * 3);
    QCOMPARE(csv.first(), QString("target eccentricity (deg),flanker eccentricity (deg),accuracy"));
    QCOMPARE(csv[6], QString("4,6,"));  // the NaN cell
    QVERIFY(QSvgRenderer(dir.filePath("map.svg")).isValid());

    const QImage png = QImage(dir.filePath("map.png")).convertToFormat(QImage::Format_RGB32);
    // The top of the ramp (value 1), its bottom (value 0) and the grey of the NaN cell.
    QVERIFY(pixelsOf(png, fovea::ui::viridis(1).rgb()) > 500);
    QVERIFY(pixelsOf(png, fovea::ui::viridis(0).rgb()) > 500);
    QVERIFY(pixelsOf(png, qRgb(0xd9, 0xd9, 0xd9)) > 500);
  }

  // The claims table is a figure: every cell's text is in the SVG, the verdicts are coloured
  // (green holds, red does not), and a long table shrinks its font to fit the page.
  void aTableFigureShowsEveryCellAndColoursTheVerdicts() {
    fovea::report::FigureData table;
    table.id = "claims";
    table.title = "Claims";
    table.has_table = true;
    table.table.columns = {"claim", "measured", "verdict"};
    table.table.status_column = 2;
    for (int i = 0; i < 30; ++i) {
      table.table.rows.push_back(
          {"C" + std::to_string(i),
           "a long measured text that has to wrap inside its column " + std::to_string(i),
           i % 2 ? "holds" : "does not hold"});
    }
    QTemporaryDir dir;
    FigureStyle style;
    style.dpi = 150;
    fovea::ui::exportFigure(table, provenance(), dir.filePath("claims").toStdString(), style,
                            {"svg", "png"});
    const QByteArray svg = readAll(dir.filePath("claims.svg"));
    QVERIFY(QSvgRenderer(dir.filePath("claims.svg")).isValid());
    for (const char* text : {"C0", "C29", "does not hold", "wrap"}) {
      QVERIFY2(svg.contains(text), text);
    }
    const QImage png = QImage(dir.filePath("claims.png")).convertToFormat(QImage::Format_RGB32);
    // Text is antialiased: count pixels of the hue, not of the exact colour.
    int green = 0, red = 0;
    for (int y = 0; y < png.height(); ++y) {
      for (int x = 0; x < png.width(); ++x) {
        const QColor c = png.pixelColor(x, y);
        green += c.green() > c.red() + 40 && c.green() > c.blue() + 20;
        red += c.red() > c.green() + 60 && c.red() > c.blue() + 60;
      }
    }
    QVERIFY2(green > 50, qPrintable(QString::number(green)));
    QVERIFY2(red > 50, qPrintable(QString::number(red)));
    const QStringList csv = lines(readAll(dir.filePath("claims.csv")));
    QCOMPARE(csv.size(), 1 + 30);
    QCOMPARE(csv.first(), QString("claim,measured,verdict"));
  }

  // Feature maps as tiles: each map pixel a CSV row, NaN an empty value and a grey pixel, one
  // colour scale across the maps.
  void aMapsFigureDrawsEveryTileOnOneScale() {
    fovea::report::FigureData maps;
    maps.id = "conv1";
    maps.title = "conv1";
    maps.has_maps = true;
    maps.maps.value_title = "activation";
    maps.maps.panels.push_back({"channel 0", 4, 4, std::vector<float>(16, 0.0f)});
    maps.maps.panels[0].values[0] = std::nanf("");
    maps.maps.panels.push_back({"channel 1", 4, 4, std::vector<float>(16, 2.0f)});
    QTemporaryDir dir;
    FigureStyle style;
    style.dpi = 150;
    fovea::ui::exportFigure(maps, provenance(), dir.filePath("maps").toStdString(), style,
                            {"png", "svg"});
    const QStringList csv = lines(readAll(dir.filePath("maps.csv")));
    QCOMPARE(csv.size(), 1 + 2 * 16);
    QCOMPARE(csv.first(), QString("map,row,column,activation"));
    QCOMPARE(csv[1], QString("channel 0,0,0,"));
    QCOMPARE(csv.last(), QString("channel 1,3,3,2"));
    QVERIFY(QSvgRenderer(dir.filePath("maps.svg")).isValid());
    const QImage png = QImage(dir.filePath("maps.png")).convertToFormat(QImage::Format_RGB32);
    // Channel 0 at the bottom of the shared ramp (15 of its 16 pixels), channel 1 at the top,
    // the NaN pixel grey: tiles of equal size.
    const int low = pixelsOf(png, fovea::ui::viridis(0).rgb());
    const int high = pixelsOf(png, fovea::ui::viridis(1).rgb());
    const int grey = pixelsOf(png, qRgb(0xd9, 0xd9, 0xd9));
    QVERIFY2(grey > 100 && std::abs(low + grey - high) < high / 10,
             qPrintable(QString("%1 %2 %3").arg(low).arg(grey).arg(high)));
  }

  void anUnwritablePlaceThrowsNamingThePath() {
    try {
      fovea::ui::exportFigure(crowdingFigure(), provenance(), "/proc/forbidden/x", {}, {"svg"});
      QFAIL("no exception");
    } catch (const std::runtime_error& error) {
      QVERIFY2(QString(error.what()).contains("/proc/forbidden/x"), error.what());
    }
  }

  void anUnknownFormatThrowsAndWritesNothing() {
    QTemporaryDir dir;
    const std::string stem = dir.filePath("fig").toStdString();
    try {
      fovea::ui::exportFigure(crowdingFigure(), provenance(), stem, {}, {"svg", "tiff"});
      QFAIL("no exception");
    } catch (const std::runtime_error& error) {
      QVERIFY2(QString(error.what()).contains("tiff"), error.what());
      QVERIFY2(QString(error.what()).contains(QString::fromStdString(stem)), error.what());
    }
    QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
  }

  void anImpossibleStyleThrows() {
    QTemporaryDir dir;
    FigureStyle style;
    style.width_mm = -5;
    QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                             fovea::ui::exportFigure(crowdingFigure(), provenance(),
                                                     dir.filePath("fig").toStdString(), style));
    style = {};
    style.dpi = 0;
    QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                             fovea::ui::exportFigure(crowdingFigure(), provenance(),
                                                     dir.filePath("fig").toStdString(), style));
    QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
  }

  void emptyAndAllNanFiguresStillExport() {
    QTemporaryDir dir;
    FigureData empty;
    empty.id = "empty";
    FigureData nan_map = accuracyMap();
    std::fill(nan_map.heatmap.values.begin(), nan_map.heatmap.values.end(), kNaN);
    nan_map.heatmap.lo = nan_map.heatmap.hi = kNaN;
    FigureData nan_curves = crowdingFigure();
    for (auto& series : nan_curves.series) std::fill(series.y.begin(), series.y.end(), kNaN);
    nan_curves.x_min = nan_curves.x_max = 0;  // from the data, of which there is none
    nan_curves.y_min = nan_curves.y_max = 0;
    int n = 0;
    for (const FigureData& figure : {empty, nan_map, nan_curves}) {
      const auto stem = dir.filePath(QString("f%1").arg(n++)).toStdString();
      QCOMPARE(fovea::ui::exportFigure(figure, provenance(), stem).size(), std::size_t{5});
    }
  }

  void niceTicksAreRound() {
    const auto scale = fovea::ui::niceScale(0, 1, 5);
    QCOMPARE(scale.ticks.size(), std::size_t{6});
    QCOMPARE(fovea::ui::tickLabel(scale.ticks[3], scale.decimals), QString("0.6"));
    const auto wide = fovea::ui::niceScale(-3.7, 41, 5);
    QCOMPARE(wide.ticks.front(), 0.0);
    QCOMPARE(wide.ticks.back(), 40.0);
    QCOMPARE(fovea::ui::tickLabel(-2.5, 1), QString("\u22122.5"));
    // Steps of 2.5 times a power of ten: decimals only below 10 (a trial axis reads 25, 50).
    const auto trials = fovea::ui::niceScale(0, 125, 5);
    QCOMPARE(trials.ticks[1], 25.0);
    QCOMPARE(fovea::ui::tickLabel(trials.ticks[1], trials.decimals), QString("25"));
    const auto quarter = fovea::ui::niceScale(0, 1.25, 5);
    QCOMPARE(fovea::ui::tickLabel(quarter.ticks[1], quarter.decimals), QString("0.25"));
    const auto halves = fovea::ui::niceScale(0, 12.5, 5);
    QCOMPARE(fovea::ui::tickLabel(halves.ticks[1], halves.decimals), QString("2.5"));
  }
};

QTEST_MAIN(FigureExportTest)
#include "figure_export_test.moc"
