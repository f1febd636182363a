#include "widgets/common/figure_exporter.h"

#include <QAction>
#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <algorithm>

#include "figures/figure_export.h"

namespace fovea::ui {

FigureExporter::FigureExporter(QWidget* view, std::function<report::FigureData()> figure,
                               std::function<report::Provenance()> provenance)
    : QObject(view),
      view_(view),
      figure_(std::move(figure)),
      provenance_(std::move(provenance)),
      action_(new QAction(tr("Export…"), this)) {
  action_->setObjectName("exportFigureAction");
  action_->setToolTip(
      tr("Export the figure as SVG, PDF or PNG with its data (CSV) and provenance (JSON)"));
  connect(action_, &QAction::triggered, this, &FigureExporter::ask);
}

QString FigureExporter::exportTo(const QString& stem, const FigureStyle& style,
                                 const std::vector<std::string>& formats) {
  const report::FigureData figure = figure_();
  if (figure.series.empty() && !figure.has_heatmap && !figure.has_table && !figure.has_maps) {
    return tr("There is nothing to export yet.");
  }
  try {
    const auto files = exportFigure(figure, provenance_(), stem.toStdString(), style, formats);
    QStringList names;
    for (const auto& file : files) names << QString::fromStdString(file.string());
    Q_EMIT exported(names);
    return {};
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
}

void FigureExporter::ask() {
  QDialog dialog(view_);
  dialog.setObjectName("exportFigureDialog");
  dialog.setWindowTitle(tr("Export figure"));
  auto* form = new QFormLayout(&dialog);

  auto* formats_row = new QHBoxLayout;
  std::vector<std::pair<std::string, QCheckBox*>> format_boxes;
  for (const std::string& format : figureFormats()) {
    auto* box = new QCheckBox(QString::fromStdString(format).toUpper());
    box->setObjectName(QString::fromStdString("export_" + format));
    box->setChecked(std::find(formats_.begin(), formats_.end(), format) !=
                    formats_.end());
    formats_row->addWidget(box);
    format_boxes.emplace_back(format, box);
  }
  form->addRow(tr("Formats"), formats_row);

  auto spin = [](double lo, double hi, double value, const QString& suffix, int decimals) {
    auto* box = new QDoubleSpinBox;
    box->setRange(lo, hi);
    box->setDecimals(decimals);
    box->setValue(value);
    box->setSuffix(suffix);
    return box;
  };
  auto* width = spin(10, 500, style_.width_mm, tr(" mm"), 1);
  auto* height = spin(10, 500, style_.height_mm, tr(" mm"), 1);
  auto* font = spin(4, 24, style_.font_pt, tr(" pt"), 1);
  auto* dpi = new QSpinBox;
  dpi->setRange(50, 2400);
  dpi->setValue(style_.dpi);
  dpi->setSuffix(tr(" dpi"));
  width->setObjectName("exportWidth");
  height->setObjectName("exportHeight");
  dpi->setObjectName("exportDpi");
  font->setObjectName("exportFont");
  form->addRow(tr("Width"), width);
  form->addRow(tr("Height"), height);
  form->addRow(tr("Resolution (PNG)"), dpi);
  form->addRow(tr("Font size"), font);

  if (stem_.isEmpty()) {
    const QString id = QString::fromStdString(figure_().id);
    stem_ = QDir::home().filePath(id.isEmpty() ? QStringLiteral("figure") : id);
  }
  auto* path = new QLineEdit(stem_);
  path->setObjectName("exportPath");
  auto* browse = new QPushButton(tr("Browse…"));
  connect(browse, &QPushButton::clicked, &dialog, [&dialog, path] {
    const QString chosen =
        QFileDialog::getSaveFileName(&dialog, tr("Export figure as"), path->text());
    if (!chosen.isEmpty()) path->setText(chosen);
  });
  auto* path_row = new QHBoxLayout;
  path_row->addWidget(path, 1);
  path_row->addWidget(browse);
  form->addRow(tr("File"), path_row);
  auto* note =
      new QLabel(tr("The data and its provenance are written beside it as .csv and .json."));
  note->setWordWrap(true);
  form->addRow(note);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  if (dialog.exec() != QDialog::Accepted) return;

  std::vector<std::string> formats;
  for (const auto& [format, box] : format_boxes) {
    if (box->isChecked()) formats.push_back(format);
  }
  style_.width_mm = width->value();
  style_.height_mm = height->value();
  style_.dpi = dpi->value();
  style_.font_pt = font->value();
  stem_ = path->text().trimmed();
  if (formats.empty()) {
    QMessageBox::warning(view_, tr("Export figure"), tr("Choose at least one format."));
    return;
  }
  formats_ = formats;
  if (const QString error = exportTo(stem_, style_, formats); !error.isEmpty()) {
    QMessageBox::warning(view_, tr("Export figure"), error);
  }
}

}  // namespace fovea::ui
