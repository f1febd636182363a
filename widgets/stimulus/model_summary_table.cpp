#include "widgets/stimulus/model_summary_table.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/inspect/inspect_figures.h"
#include "core/inspect/model_summary.h"
#include "widgets/common/figure_exporter.h"

namespace fovea::ui {
namespace {

QString shapeText(const std::vector<std::int64_t>& shape) {
  QStringList parts;
  for (auto d : shape) parts << QString::number(d);
  return parts.join(QString::fromUtf8(" \u00d7 "));
}

QString fieldText(const inspect::LayerSummary& s) {
  if (!s.field) return QString::fromStdString(s.layer.note.empty() ? "-" : s.layer.note);
  QString text = s.field->global
                     ? QObject::tr("whole %1").arg(QString::fromStdString(s.layer.grid))
                     : QObject::tr("%1 px, step %2").arg(s.field->size).arg(s.field->jump);
  if (s.canvas_px_widest > 0) {
    text += QObject::tr("\ncanvas %1 px (%2\u00b0) to %3 px (%4\u00b0)")
                .arg(s.canvas_px_finest, 0, 'f', 0)
                .arg(s.deg_finest, 0, 'f', 2)
                .arg(s.canvas_px_widest, 0, 'f', 0)
                .arg(s.deg_widest, 0, 'f', 2);
  }
  return text;
}

}  // namespace

ModelSummaryTable::ModelSummaryTable(QWidget* parent)
    : QWidget(parent),
      caption_(new QLabel),
      table_(new QTableWidget),
      exporter_(new FigureExporter(
          this, [this] { return figure(); },
          [this] {
            report::Provenance p;
            if (predictor_) p.run = predictor_->run();
            return p;
          })) {
  caption_->setWordWrap(true);
  table_->setObjectName("modelSummaryTable");
  table_->setColumnCount(4);
  // Short headers: the column is narrow on small screens.
  table_->setHorizontalHeaderLabels({tr("Layer"), tr("Output"), tr("Params"), tr("Field")});
  table_->horizontalHeaderItem(2)->setToolTip(tr("Trainable parameters of the layer"));
  table_->horizontalHeaderItem(3)->setToolTip(
      tr("Receptive field of a central unit: on the network's input, then on the canvas through "
         "the finest and the widest crop it pools"));
  table_->verticalHeader()->setVisible(false);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setWordWrap(true);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  table_->setTextElideMode(Qt::ElideNone);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* top = new QHBoxLayout;
  top->addWidget(caption_, 1);
  auto* export_button = new QToolButton;
  export_button->setDefaultAction(exporter_->action());
  top->addWidget(export_button, 0, Qt::AlignTop);
  layout->addLayout(top);
  layout->addWidget(table_, 1);
  setPredictor(nullptr);
}

ModelSummaryTable::~ModelSummaryTable() = default;

report::FigureData ModelSummaryTable::figure() const {
  return summary_ ? inspect::summaryFigure(*summary_) : report::FigureData{};
}

QString ModelSummaryTable::caption() const {
  return caption_->text();
}

void ModelSummaryTable::setPredictor(std::shared_ptr<const eval::Predictor> predictor) {
  table_->setRowCount(0);
  predictor_ = predictor;
  summary_.reset();
  exporter_->action()->setEnabled(predictor != nullptr);
  if (!predictor) {
    caption_->setText(tr("Choose a trained run under Model answer to see its layers."));
    return;
  }
  summary_ = std::make_unique<inspect::ModelSummary>(inspect::summarize(*predictor));
  const auto& summary = *summary_;
  const QLocale locale;
  caption_->setText(
      tr("%1 (%2): %3, %4 parameters")
          .arg(QString::fromStdString(summary.run), QString::fromStdString(summary.family),
               QString::fromStdString(summary.input), locale.toString(summary.network_parameters)));
  if (summary.layers.empty()) {
    caption_->setText(caption_->text() + tr(". The %1 family does not describe its layers.")
                                             .arg(QString::fromStdString(summary.family)));
  }
  table_->setRowCount(static_cast<int>(summary.layers.size()));
  for (int row = 0; row < table_->rowCount(); ++row) {
    const auto& s = summary.layers[static_cast<std::size_t>(row)];
    const QStringList cells = {QString::fromStdString(s.layer.name), shapeText(s.layer.shape),
                               locale.toString(s.layer.parameters), fieldText(s)};
    for (int column = 0; column < cells.size(); ++column) {
      auto* item = new QTableWidgetItem(cells[column]);
      if (column == 2) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      table_->setItem(row, column, item);
    }
  }
  // The field column takes the rest of the width and wraps; the others fit their contents.
  for (int column = 0; column < 3; ++column) table_->resizeColumnToContents(column);
  table_->resizeRowsToContents();
}

}  // namespace fovea::ui
