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

namespace {

struct SizeBoxes {
  QDoubleSpinBox* width;
  QDoubleSpinBox* height;
  QSpinBox* dpi;
  QDoubleSpinBox* font;
};

// The print size rows of the dialog, starting from `style`.
SizeBoxes addSizeRows(QFormLayout& form, const FigureStyle& style) {
  auto spin = [](double lo, double hi, double value, const QString& suffix, const char* name) {
    auto* box = new QDoubleSpinBox;
    box->setRange(lo, hi);
    box->setDecimals(1);
    box->setValue(value);
    box->setSuffix(suffix);
    box->setObjectName(name);
    return box;
  };
  SizeBoxes boxes{spin(10, 500, style.width_mm, FigureExporter::tr(" mm"), "exportWidth"),
                  spin(10, 500, style.height_mm, FigureExporter::tr(" mm"), "exportHeight"),
                  new QSpinBox,
                  spin(4, 24, style.font_pt, FigureExporter::tr(" pt"), "exportFont")};
  boxes.dpi->setRange(50, 2400);
  boxes.dpi->setValue(style.dpi);
  boxes.dpi->setSuffix(FigureExporter::tr(" dpi"));
  boxes.dpi->setObjectName("exportDpi");
  form.addRow(FigureExporter::tr("Width"), boxes.width);
  form.addRow(FigureExporter::tr("Height"), boxes.height);
  form.addRow(FigureExporter::tr("Resolution (PNG)"), boxes.dpi);
  form.addRow(FigureExporter::tr("Font size"), boxes.font);
  return boxes;
}

// The file's line edit with a "Browse…" button beside it.
QHBoxLayout* pathRow(QDialog& dialog, QLineEdit* path) {
  auto* browse = new QPushButton(FigureExporter::tr("Browse…"));
  QObject::connect(browse, &QPushButton::clicked, &dialog, [&dialog, path] {
    const QString chosen =
        QFileDialog::getSaveFileName(&dialog, FigureExporter::tr("Export figure as"), path->text());
    if (!chosen.isEmpty()) path->setText(chosen);
  });
  auto* row = new QHBoxLayout;
  row->addWidget(path, 1);
  row->addWidget(browse);
  return row;
}

}  // namespace

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
    box->setChecked(std::find(formats_.begin(), formats_.end(), format) != formats_.end());
    formats_row->addWidget(box);
    format_boxes.emplace_back(format, box);
  }
  form->addRow(tr("Formats"), formats_row);

  const SizeBoxes sizes = addSizeRows(*form, style_);

  if (stem_.isEmpty()) {
    const QString id = QString::fromStdString(figure_().id);
    stem_ = QDir::home().filePath(id.isEmpty() ? QStringLiteral("figure") : id);
  }
  auto* path = new QLineEdit(stem_);
  path->setObjectName("exportPath");
  form->addRow(tr("File"), pathRow(dialog, path));
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
  style_.width_mm = sizes.width->value();
  style_.height_mm = sizes.height->value();
  style_.dpi = sizes.dpi->value();
  style_.font_pt = sizes.font->value();
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
