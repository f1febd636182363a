#pragma once
#include <QWidget>
#include <memory>

#include "core/eval/predictor.h"

class QLabel;
class QTableWidget;

namespace fovea::ui {

// The chosen run's layers as a table: output shape, parameters and the receptive field of a
// central unit (on the crops, and on the canvas in pixels and degrees through the finest and
// the widest crop it pools), from core's model summary.
class ModelSummaryTable : public QWidget {
  Q_OBJECT

 public:
  explicit ModelSummaryTable(QWidget* parent = nullptr);

  void setPredictor(std::shared_ptr<const eval::Predictor> predictor);  // null: none
  QTableWidget* table() const { return table_; }
  QString caption() const;

 private:
  QLabel* caption_;
  QTableWidget* table_;
};

}  // namespace fovea::ui
