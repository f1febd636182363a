#pragma once
#include <QPoint>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <string>
#include <vector>

#include "core/report/figure_data.h"
#include "figures/figure_painter.h"

class QAction;
class QChart;
class QChartView;
class QToolButton;
class QValueAxis;

namespace fovea::ui {

class FigureCanvas;
class FigureExporter;

// A report::FigureData shown live: line figures as a Qt Charts chart (lines, markers, gaps at
// NaN, the dashed reference line), heatmaps painted by FigurePainter (a click on a cell emits
// cellClicked with the cell's condition). "Export…" (context menu and the corner button) asks for
// formats, size, dpi, font size and a file, and writes the figure with exportFigure.
class FigureView : public QWidget {
  Q_OBJECT

 public:
  explicit FigureView(QWidget* parent = nullptr);
  ~FigureView() override;

  // Replaces what is shown; results arrive incrementally, so this may be called at any time.
  void setFigure(const report::FigureData& figure);
  const report::FigureData& figure() const { return figure_; }
  bool showsHeatmap() const { return figure_.has_heatmap; }

  // Written next to every export as <stem>.json.
  void setProvenance(const report::Provenance& provenance) { provenance_ = provenance; }
  const report::Provenance& provenance() const { return provenance_; }

  // The export without the dialog: returns the reason it failed, or an empty string. On success
  // the files are announced by `exported`.
  QString exportTo(const QString& stem, const FigureStyle& style,
                   const std::vector<std::string>& formats = {});
  // What the export dialog starts with (it keeps the user's last choices).
  const FigureStyle& exportStyle() const;
  void setExportStyle(const FigureStyle& style);

  QAction* exportAction() const { return export_action_; }
  QChartView* chartView() const { return chart_view_; }
  // Centre of heatmap cell (column ix, row iy) in this widget's coordinates; (-1, -1) when there
  // is no such cell.
  QPoint cellCentre(int ix, int iy) const;

 Q_SIGNALS:
  // A heatmap cell was clicked: its x and y values (the condition it shows).
  void cellClicked(double x, double y);
  void exported(const QStringList& files);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void rebuildChart();
  void placeExportButton();

  report::FigureData figure_;
  report::Provenance provenance_;

  QChartView* chart_view_;
  QChart* chart_;
  QValueAxis* x_axis_;
  QValueAxis* y_axis_;
  FigureCanvas* canvas_;
  FigureExporter* exporter_;
  QAction* export_action_;
  QToolButton* export_button_;
};

}  // namespace fovea::ui
