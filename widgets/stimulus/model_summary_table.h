#pragma once
#include <QWidget>
#include <memory>

#include "core/eval/predictor.h"
#include "core/report/figure_data.h"

namespace fovea::inspect {
struct ModelSummary;
}

class QLabel;
class QTableWidget;

namespace fovea::ui {

class FigureExporter;

// The chosen run's layers as a table: output shape, parameters and the receptive field of a
// central unit (on the crops, and on the canvas in pixels and degrees through the finest and
// the widest crop it pools), from core's model summary.
class ModelSummaryTable : public QWidget {
  Q_OBJECT

 public:
  explicit ModelSummaryTable(QWidget* parent = nullptr);
  ~ModelSummaryTable() override;

  void setPredictor(std::shared_ptr<const eval::Predictor> predictor);  // null: none
  QTableWidget* table() const { return table_; }
  QString caption() const;
  // The table as a figure for export (an empty figure without a run).
  report::FigureData figure() const;
  FigureExporter* exporter() const { return exporter_; }

 private:
  QLabel* caption_;
  QTableWidget* table_;
  FigureExporter* exporter_;
  std::shared_ptr<const eval::Predictor> predictor_;
  std::unique_ptr<inspect::ModelSummary> summary_;
};

}  // namespace fovea::ui
