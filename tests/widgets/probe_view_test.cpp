#include "widgets/results/probe_view.h"

#include <QAction>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <cmath>
#include <limits>

#include "widgets/common/figure_view.h"

using fovea::report::FigureData;
using fovea::ui::FigureView;
using fovea::ui::ProbeView;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

FigureData curves(const std::string& id, int points) {
  FigureData figure;
  figure.id = id;
  figure.title = "Constant " + id;
  figure.x_title = "target eccentricity (deg)";
  figure.y_title = "accuracy";
  for (const char* name : {"a", "xax"}) {
    fovea::report::Series series;
    series.name = name;
    for (int i = 0; i < points; ++i) {
      series.x.push_back(i);
      series.y.push_back(1.0 / (1 + i));
    }
    figure.series.push_back(series);
  }
  figure.has_reference = true;
  figure.reference_y = 0.2;
  figure.reference_label = "chance";
  return figure;
}

FigureData accuracyMap() {
  FigureData figure;
  figure.id = "map";
  figure.title = "Accuracy by target and flanker eccentricity";
  figure.x_title = "target eccentricity (deg)";
  figure.y_title = "flanker eccentricity (deg)";
  figure.has_heatmap = true;
  figure.heatmap.x_values = {2, 4, 6, 8};
  figure.heatmap.y_values = {1, 3, 5};
  figure.heatmap.values = {0.9, 0.8,  0.7, 0.6,  //
                           0.5, kNaN, 0.4, 0.3,  //
                           0.3, 0.2,  0.2, 0.1};
  figure.heatmap.value_title = "accuracy";
  return figure;
}

// A click where the user sees the cell: at its centre, delivered to the widget under it.
void clickAt(QWidget* view, QPoint position) {
  QWidget* target = view->childAt(position);
  QVERIFY(target);
  QTest::mouseClick(target, Qt::LeftButton, {}, target->mapFrom(view, position));
}

}  // namespace

class ProbeViewTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // A far outlier among small values (a bootstrap interval reaching -8317 log units beside
  // levels of 1.8 to 2.65) is drawn, and drawing it does not hang Qt Charts' axis.
  void aFarOutlierIsDrawnPromptly() {
    fovea::report::FigureData figure;
    figure.id = "outlier";
    figure.x_min = figure.x_max = 0;  // from the data
    figure.y_min = 0;
    figure.y_max = 1;
    figure.series.push_back({"data", {1.8, 2.2, 2.65}, {0.2, 0.5, 0.9}, true, false, 0});
    figure.series.push_back(
        {"", {-8317.2153374529844, 1.7764476044974598}, {0.5, 0.5}, false, true, 0});
    fovea::ui::FigureView view;
    view.resize(600, 400);
    view.show();
    view.setFigure(figure);
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.figure().series.size(), std::size_t{2});
  }

  void keepsTheChosenFigureAcrossUpdates() {
    ProbeView view;
    view.setFigures({curves("spacing-120", 3), curves("spacing-240", 3), accuracyMap()});
    QCOMPARE(view.figureChooser()->count(), 2);  // the heatmap is not a curve figure
    QCOMPARE(view.currentFigureId(), QString("spacing-120"));
    view.figureChooser()->setCurrentIndex(1);  // the user picks the second
    QCOMPARE(view.curveView()->figure().id, std::string("spacing-240"));

    view.setFigures({curves("spacing-120", 5), curves("spacing-240", 5), accuracyMap()});
    QCOMPARE(view.currentFigureId(), QString("spacing-240"));
    QCOMPARE(view.curveView()->figure().id, std::string("spacing-240"));
    QCOMPARE(view.curveView()->figure().series[0].x.size(), std::size_t{5});

    // When the chosen figure is gone, the first one is shown.
    view.setFigures({curves("spacing-60", 2), curves("spacing-120", 2)});
    QCOMPARE(view.currentFigureId(), QString("spacing-60"));
    QCOMPARE(view.curveView()->figure().id, std::string("spacing-60"));
    QVERIFY(view.selectFigure("spacing-120"));
    QVERIFY(!view.selectFigure("spacing-999"));
    QCOMPARE(view.curveView()->figure().id, std::string("spacing-120"));
  }

  void keepsTheChosenMapAcrossUpdates() {
    FigureData two = accuracyMap();
    two.id = "map-two";
    two.title = "Two flankers";
    two.heatmap.values[0] = 0.0;
    ProbeView view;
    view.setFigures({curves("spacing-120", 3), accuracyMap(), two});
    QCOMPARE(view.mapChooser()->count(), 2);
    QCOMPARE(view.currentMapId(), QString("map"));
    QCOMPARE(view.mapView()->figure().id, std::string("map"));
    QVERIFY(view.selectFigure("map-two"));
    QCOMPARE(view.mapView()->figure().id, std::string("map-two"));
    two.heatmap.values[1] = 0.25;  // more results arrived
    view.setFigures({curves("spacing-120", 4), accuracyMap(), two});
    QCOMPARE(view.currentMapId(), QString("map-two"));
    QCOMPARE(view.mapView()->figure().heatmap.values[1], 0.25);
    QCOMPARE(view.currentFigureId(), QString("spacing-120"));
  }

  void aClickOnAHeatmapCellNamesItsCondition() {
    ProbeView view;
    view.resize(900, 700);
    view.setFigures({curves("spacing-120", 4), accuracyMap()});
    view.tabs()->setCurrentIndex(1);  // the accuracy map
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.mapView()->showsHeatmap());

    QSignalSpy spy(&view, &ProbeView::conditionClicked);
    const auto& map = accuracyMap().heatmap;
    for (int iy = 0; iy < 3; ++iy) {
      for (int ix = 0; ix < 4; ++ix) {
        const QPoint centre = view.mapView()->cellCentre(ix, iy);
        QVERIFY(view.mapView()->rect().contains(centre));
        clickAt(view.mapView(), centre);
        QCOMPARE(spy.count(), 1);
        const auto arguments = spy.takeFirst();
        QCOMPARE(arguments[0].toDouble(), map.x_values[static_cast<std::size_t>(ix)]);
        QCOMPARE(arguments[1].toDouble(), map.y_values[static_cast<std::size_t>(iy)]);
      }
    }
    // Higher rows are further up the screen: flanker eccentricity grows upwards.
    QVERIFY(view.mapView()->cellCentre(0, 2).y() < view.mapView()->cellCentre(0, 0).y());
    // Outside the grid (the title band) nothing is emitted.
    clickAt(view.mapView(), QPoint(view.mapView()->width() / 2, 3));
    QCOMPARE(spy.count(), 0);
    QCOMPARE(view.mapView()->cellCentre(4, 0), QPoint(-1, -1));
  }

  // With degrees ticked the axes show visual angle; a click on a map cell still names the
  // condition in the grid's pixels, which is what the trials need.
  void degreesChangeTheAxesButNotTheConditionAClickNames() {
    FigureData map = accuracyMap();
    map.x_title = "target eccentricity (px)";
    map.y_title = "flanker eccentricity (px)";
    map.heatmap.x_values = {0, 240, 480, 960};
    map.heatmap.y_values = {0, 480, 960};
    map.x_quantity = map.y_quantity = fovea::report::AxisQuantity::EccentricityPx;
    ProbeView view;
    view.resize(900, 700);
    view.setDisplay(fovea::stimulus::DisplayModel{});  // 57 cm, 53 cm, 1920 px
    view.setFigures({map});
    view.tabs()->setCurrentIndex(1);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.mapView()->figure().x_title, std::string("target eccentricity (px)"));
    view.degreesBox()->click();
    QVERIFY(view.degrees());
    QCOMPARE(view.mapView()->figure().x_title, std::string("target eccentricity (deg)"));
    QVERIFY(std::fabs(view.mapView()->figure().heatmap.x_values.back() - 24.94) < 0.01);

    QSignalSpy spy(&view, &ProbeView::conditionClicked);
    clickAt(view.mapView(), view.mapView()->cellCentre(3, 1));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first()[0].toDouble(), 960.0);
    QCOMPARE(spy.first()[1].toDouble(), 480.0);
    view.setDegrees(false);
    QCOMPARE(view.mapView()->figure().heatmap.x_values.back(), 960.0);
  }

  void aLineFigureIsAChartWithGapsMarkersAndTheChanceLine() {
    FigureView view;
    FigureData figure = curves("spacing-120", 5);
    figure.series[0].y[2] = kNaN;  // splits series "a" into two segments
    figure.series[1].markers = false;
    view.setFigure(figure);
    view.show();  // legend markers are laid out, and visible or not, once shown
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(!view.showsHeatmap());
    const auto series = view.chartView()->chart()->series();
    // "a": 2 segments + markers; "xax": 1 segment; the chance line.
    QCOMPARE(series.size(), 5);
    int in_legend = 0;
    for (QLegendMarker* marker : view.chartView()->chart()->legend()->markers()) {
      in_legend += marker->isVisible();
    }
    QCOMPARE(in_legend, 3);  // a, xax, chance: once each
  }

  void exportsWhatItShows() {
    FigureView view;
    view.setFigure(accuracyMap());
    fovea::report::Provenance provenance;
    provenance.checkpoint = "runs/r1/last.pt";
    view.setProvenance(provenance);
    QTemporaryDir dir;
    QSignalSpy spy(&view, &FigureView::exported);
    fovea::ui::FigureStyle style;
    style.dpi = 100;
    QCOMPARE(view.exportTo(dir.filePath("map"), style, {"png"}), QString());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().first().toStringList().size(), 3);  // png, csv, json
    QVERIFY(QFile::exists(dir.filePath("map.png")));
    QVERIFY(view.exportTo("/proc/forbidden/map", style, {"png"}).contains("/proc/forbidden/map"));
    QVERIFY(view.exportAction());
    QVERIFY(view.chartView()->actions().contains(view.exportAction()));
  }

  void theExportDialogWritesWhatWasChosen() {
    FigureView view;
    view.setFigure(curves("spacing-120", 4));
    QTemporaryDir dir;
    QSignalSpy spy(&view, &FigureView::exported);
    QTimer::singleShot(0, [&dir] {
      auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
      QVERIFY(dialog);
      dialog->findChild<QCheckBox*>("export_svg")->setChecked(false);
      dialog->findChild<QCheckBox*>("export_pdf")->setChecked(false);
      dialog->findChild<QCheckBox*>("export_png")->setChecked(true);
      dialog->findChild<QDoubleSpinBox*>("exportWidth")->setValue(60);
      dialog->findChild<QDoubleSpinBox*>("exportHeight")->setValue(45);
      dialog->findChild<QSpinBox*>("exportDpi")->setValue(200);
      dialog->findChild<QLineEdit*>("exportPath")->setText(dir.filePath("chosen"));
      dialog->accept();
    });
    view.exportAction()->trigger();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(QImage(dir.filePath("chosen.png")).size(), QSize(472, 354));
    QVERIFY(!QFile::exists(dir.filePath("chosen.svg")));
    QVERIFY(QFile::exists(dir.filePath("chosen.csv")));
    // The dialog remembers the choices for next time.
    QCOMPARE(view.exportStyle().width_mm, 60.0);
    QCOMPARE(view.exportStyle().dpi, 200);
  }

  void emptyAndNanFiguresDoNotCrash() {
    ProbeView view;
    view.resize(800, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setFigures({});
    QCOMPARE(view.figureChooser()->count(), 0);
    QCOMPARE(view.currentFigureId(), QString());
    QVERIFY(view.curveView()->figure().series.empty());

    FigureData nan_curves = curves("nan", 4);
    for (auto& series : nan_curves.series) std::fill(series.y.begin(), series.y.end(), kNaN);
    FigureData nan_map = accuracyMap();
    std::fill(nan_map.heatmap.values.begin(), nan_map.heatmap.values.end(), kNaN);
    FigureData ragged = accuracyMap();
    ragged.id = "ragged";
    ragged.heatmap.values.resize(5);  // fewer values than cells
    view.setFigures({nan_curves, nan_map});
    for (int tab = 0; tab < view.tabs()->count(); ++tab) {
      view.tabs()->setCurrentIndex(tab);
      QVERIFY(!view.grab().isNull());
    }
    view.setFigures({ragged});
    view.tabs()->setCurrentIndex(1);  // the accuracy map
    QVERIFY(!view.grab().isNull());
    view.tabs()->setCurrentIndex(2);  // the 3D tab: a note, not a crash
    QVERIFY(!view.grab().isNull());
  }

  void theSurfaceTabShowsTheMapIn3DWhereOpenGLWorks() {
    ProbeView view;
    view.resize(800, 600);
    view.setFigures({accuracyMap()});
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.surfaceView() == nullptr);  // made only when its tab is first shown
    view.tabs()->setCurrentIndex(2);
    if (!fovea::ui::VtkView::openGLAvailable()) {
      QVERIFY2(!qEnvironmentVariableIsSet("FOVEA_REQUIRE_OPENGL"),
               "no OpenGL on the test suite's X server (FOVEA_REQUIRE_OPENGL is set)");
      QVERIFY(view.surfaceView() == nullptr);
      auto* note = view.findChild<QLabel*>("probeSurfaceNote");
      QVERIFY(note && note->isVisible());
      QVERIFY(note->text().contains("OpenGL"));
      return;
    }
    fovea::ui::SurfaceView* surface = view.surfaceView();
    QVERIFY(surface);
    QVERIFY(surface->isVisible());
    QSignalSpy frames(surface, &QOpenGLWidget::frameSwapped);
    surface->update();
    QVERIFY(frames.wait(10000));
    // The surface is drawn in colour over the grey-blue background (sampled every other pixel).
    const QImage image = surface->grabFramebuffer();
    int coloured = 0;
    for (int y = 0; y < image.height(); y += 2) {
      for (int x = 0; x < image.width(); x += 2) {
        const QColor colour = image.pixelColor(x, y);
        coloured += colour.hsvSaturation() > 120 && colour.value() > 60;
      }
    }
    QVERIFY2(coloured > image.width() * image.height() / 4 / 200,
             qPrintable(QString::number(coloured)));
    // A map without a usable grid replaces the surface with a note, and a good one brings it back.
    FigureData thin = accuracyMap();
    thin.heatmap.values.resize(3);
    view.setFigures({thin});
    QVERIFY(!surface->isVisible());
    view.setFigures({accuracyMap()});
    QVERIFY(surface->isVisible());
  }

  void theSurfaceGridReplacesNanByTheLowestValue() {
    const auto grid = fovea::ui::surfaceGridFromHeatmap(accuracyMap());
    QVERIFY(grid.has_value());
    QCOMPARE(grid->nx, 4);
    QCOMPARE(grid->ny, 3);
    QCOMPARE(grid->x0, 2.0);
    QCOMPARE(grid->x1, 8.0);
    QCOMPARE(grid->y1, 5.0);
    QCOMPARE(grid->values[5], 0.1);  // the NaN cell, at the map's minimum
    QCOMPARE(grid->values[0], 0.9);
    QCOMPARE(grid->z_title, std::string("accuracy"));

    FigureData all_nan = accuracyMap();
    std::fill(all_nan.heatmap.values.begin(), all_nan.heatmap.values.end(), kNaN);
    QCOMPARE(fovea::ui::surfaceGridFromHeatmap(all_nan)->values[0], 0.0);
    FigureData thin = accuracyMap();
    thin.heatmap.y_values = {1};
    thin.heatmap.values.resize(4);
    QVERIFY(!fovea::ui::surfaceGridFromHeatmap(thin).has_value());
    QVERIFY(!fovea::ui::surfaceGridFromHeatmap(curves("c", 3)).has_value());
  }
};

int main(int argc, char** argv) {
  fovea::ui::VtkView::setDefaultSurfaceFormat();  // before the application, as in the real program
  QApplication app(argc, argv);
  ProbeViewTest test;
  return QTest::qExec(&test, argc, argv);
}
#include "probe_view_test.moc"
