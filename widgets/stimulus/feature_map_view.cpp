#include "widgets/stimulus/feature_map_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QSlider>
#include <QSpinBox>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "core/inspect/inspect_figures.h"
#include "core/stimulus/stimulus_spec.h"
#include "widgets/common/figure_exporter.h"
#include "widgets/common/map_grid.h"

namespace fovea::ui {
namespace {

// The gradient's magnitude as an orange veil, opaque where it is largest.
QImage heatImage(const inspect::FeatureProbe::Field& field) {
  QImage image(field.heat_px, field.heat_px, QImage::Format_ARGB32_Premultiplied);
  const double top = field.heat_max > 0 ? field.heat_max : 1.0;
  for (int y = 0; y < field.heat_px; ++y) {
    auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
    for (int x = 0; x < field.heat_px; ++x) {
      // A square root keeps the weak tails of the field visible beside its peak.
      const double t = std::sqrt(field.heat[static_cast<std::size_t>(y * field.heat_px + x)] / top);
      const int alpha = static_cast<int>(std::lround(220 * std::clamp(t, 0.0, 1.0)));
      line[x] = qPremultiply(qRgba(255, 140, 0, alpha));
    }
  }
  return image;
}

}  // namespace

FeatureMapView::FeatureMapView(QWidget* parent)
    : QWidget(parent),
      layers_(new QComboBox),
      scale_(new QSpinBox),
      step_row_(new QWidget),
      step_(new QSlider(Qt::Horizontal)),
      step_label_(new QLabel),
      shared_(new QCheckBox(tr("One colour scale"))),
      zoom_(new QComboBox),
      message_(new QLabel),
      field_label_(new QLabel),
      grid_(new MapGrid),
      exporter_(new FigureExporter(
          this, [this] { return figure(); }, [this] { return provenance(); })) {
  layers_->setObjectName("featureLayer");
  layers_->setToolTip(tr("The layer whose maps are shown"));
  scale_->setObjectName("featureScale");
  scale_->setToolTip(tr("Which output scale of the eccentricity model (0: the finest)"));
  shared_->setChecked(true);
  shared_->setToolTip(tr("One colour scale for every map, or each map its own"));
  zoom_->addItem(tr("Fit"), 0);
  for (int z : {1, 2, 4, 8}) zoom_->addItem(QStringLiteral("%1x").arg(z), z);
  zoom_->setToolTip(tr("Screen pixels per map pixel"));
  message_->setWordWrap(true);
  field_label_->setWordWrap(true);
  field_label_->setObjectName("featureField");
  grid_->setMinimumHeight(120);

  // Two short rows: the side column is narrow on small screens.
  auto* pick = new QHBoxLayout;
  pick->addWidget(new QLabel(tr("Layer")));
  pick->addWidget(layers_, 1);
  pick->addWidget(new QLabel(tr("Scale")));
  pick->addWidget(scale_);
  // A recurrent run's maps step by step.
  step_->setObjectName("featureStep");
  step_->setToolTip(tr("The time step whose maps are shown (a recurrent run)"));
  step_->setTickPosition(QSlider::TicksBelow);
  step_->setPageStep(1);
  step_label_->setObjectName("featureStepLabel");
  auto* time = new QHBoxLayout(step_row_);
  time->setContentsMargins(0, 0, 0, 0);
  time->addWidget(new QLabel(tr("Step")));
  time->addWidget(step_, 1);
  time->addWidget(step_label_);
  step_row_->hide();
  auto* look = new QHBoxLayout;
  look->addWidget(shared_);
  look->addStretch();
  look->addWidget(new QLabel(tr("Zoom")));
  look->addWidget(zoom_);
  auto* export_button = new QToolButton;
  export_button->setDefaultAction(exporter_->action());
  look->addWidget(export_button);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(pick);
  layout->addWidget(step_row_);
  layout->addLayout(look);
  layout->addWidget(message_);
  layout->addWidget(grid_, 1);
  layout->addWidget(field_label_);
  message_->setText(tr("Choose a trained run under Model answer to see its feature maps."));

  connect(layers_, &QComboBox::currentIndexChanged, this, [this] {
    unit_picked_ = false;
    grid_->setMarked(-1, 0, 0);
    field_text_.clear();
    field_label_->clear();
    Q_EMIT fieldChanged({}, {});
    maps_pending_ = true;
    startWork();
  });
  connect(scale_, &QSpinBox::valueChanged, this, [this](int scale) {
    unit_.scale = scale;
    showMaps();
    if (unit_picked_) {
      field_pending_ = true;
      startWork();
    }
  });
  connect(step_, &QSlider::valueChanged, this, [this](int step) {
    step_label_->setText(tr("%1 / %2").arg(step).arg(steps_ - 1));
    maps_pending_ = true;
    startWork();
  });
  connect(shared_, &QCheckBox::toggled, grid_, &MapGrid::setSharedScale);
  connect(zoom_, &QComboBox::currentIndexChanged, this,
          [this] { grid_->setZoom(zoom_->currentData().toInt()); });
  connect(grid_, &MapGrid::hovered, this, &FeatureMapView::pickUnit);
}

FeatureMapView::~FeatureMapView() {
  if (!worker_) return;
  worker_->wait();  // it calls back into this view
  delete worker_;
}

void FeatureMapView::setPredictor(std::shared_ptr<const eval::Predictor> predictor) {
  ++generation_;
  predictor_ = std::move(predictor);
  probe_ = predictor_ ? std::make_shared<inspect::FeatureProbe>(predictor_) : nullptr;
  unit_picked_ = false;
  maps_ = {};
  grid_->clear();
  field_text_.clear();
  field_label_->clear();
  Q_EMIT fieldChanged({}, {});
  fillLayers();
  steps_ = probe_ ? probe_->steps() : 0;
  image_off_ = probe_ ? probe_->imageOff() : 0;
  {
    const QSignalBlocker block(step_);
    step_->setRange(0, std::max(0, steps_ - 1));
    step_->setValue(std::max(0, steps_ - 1));  // the readout's step first
    step_label_->setText(tr("%1 / %2").arg(step_->value()).arg(std::max(0, steps_ - 1)));
  }
  step_row_->setVisible(steps_ > 0);
  if (!probe_) {
    message_->setText(tr("Choose a trained run under Model answer to see its feature maps."));
    return;
  }
  maps_pending_ = true;
  startWork();
}

void FeatureMapView::fillLayers() {
  const QSignalBlocker block(layers_);
  layers_->clear();
  if (!probe_) return;
  for (const auto& layer : probe_->mapLayers()) {
    layers_->addItem(QString::fromStdString(layer.name));
  }
  if (layers_->count() == 0) {
    message_->setText(tr("Run '%1' (%2) names no layer with maps.")
                          .arg(QString::fromStdString(predictor_->run()),
                               QString::fromStdString(predictor_->family())));
  }
}

bool FeatureMapView::setLayer(const QString& name) {
  const int index = layers_->findText(name);
  if (index < 0) return false;
  layers_->setCurrentIndex(index);
  return true;
}

void FeatureMapView::setScale(int scale) {
  scale_->setValue(scale);
}

void FeatureMapView::setStep(int step) {
  step_->setValue(step);
}

int FeatureMapView::step() const {
  return steps_ > 0 ? step_->value() : -1;
}

QString FeatureMapView::layer() const {
  return layers_->currentText();
}

QString FeatureMapView::message() const {
  return message_->text();
}

QString FeatureMapView::fieldText() const {
  return field_text_;
}

void FeatureMapView::setStimulus(const stimulus::StimulusSpec& spec) {
  stimulus_ = spec;
  has_stimulus_ = true;
  maps_pending_ = true;
  field_pending_ = unit_picked_;
  startWork();
}

void FeatureMapView::pickUnit(int channel, int row, int col) {
  if (unit_picked_ && unit_.channel == channel && unit_.row == row && unit_.col == col) return;
  unit_ = {scale_->value(), channel, row, col};
  unit_picked_ = true;
  grid_->setMarked(channel, row, col);
  field_pending_ = true;
  startWork();
}

void FeatureMapView::startWork() {
  if (worker_ || !probe_ || !has_stimulus_ || layers_->count() == 0) return;
  const bool do_maps = maps_pending_;
  const bool do_field = field_pending_ && unit_picked_;
  maps_pending_ = field_pending_ = false;
  if (!do_maps && !do_field) return;
  const auto probe = probe_;
  const auto spec = stimulus_;
  const auto layer = layers_->currentText().toStdString();
  const auto unit = unit_;
  const int generation = generation_;
  const int step = this->step();
  worker_ = QThread::create([this, probe, spec, layer, unit, generation, do_maps, do_field, step] {
    std::shared_ptr<inspect::FeatureProbe::Maps> maps;
    double ms = 0;
    if (do_maps) {
      QElapsedTimer timer;
      timer.start();
      maps = std::make_shared<inspect::FeatureProbe::Maps>(probe->maps(spec, layer, step));
      ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    }
    std::shared_ptr<inspect::FeatureProbe::Field> field;
    if (do_field) {
      field = std::make_shared<inspect::FeatureProbe::Field>(probe->field(spec, layer, unit));
    }
    QMetaObject::invokeMethod(
        this,
        [this, maps, field, generation, ms, layer, unit] {
          finishWorker();
          if (maps) onMaps(*maps, generation, ms);
          if (field) onField(*field, generation, layer, unit);
          startWork();  // whatever changed meanwhile
        },
        Qt::QueuedConnection);
  });
  worker_->setObjectName("featureMaps");
  worker_->start();
}

void FeatureMapView::finishWorker() {
  worker_->wait();  // it posted this as its last act
  worker_->deleteLater();
  worker_ = nullptr;
}

void FeatureMapView::onMaps(const inspect::FeatureProbe::Maps& maps, int generation, double ms) {
  if (generation != generation_) return;
  maps_ = maps;
  maps_ms_ = ms;
  showMaps();
  ++maps_shown_;
  Q_EMIT mapsUpdated();
}

void FeatureMapView::showMaps() {
  if (!maps_.refusal.empty()) {
    grid_->clear();
    message_->setText(tr("No maps: %1").arg(QString::fromStdString(maps_.refusal)));
    return;
  }
  const auto& shape = maps_.shape;
  if (shape.size() < 3) return;
  const bool scaled = shape.size() == 4;
  const int scales = scaled ? static_cast<int>(shape[0]) : 1;
  {
    const QSignalBlocker block(scale_);
    scale_->setRange(0, scales - 1);
    scale_->setEnabled(scales > 1);
  }
  const auto c = shape[shape.size() - 3], h = shape[shape.size() - 2], w = shape.back();
  const auto per_scale = static_cast<std::size_t>(c * h * w);
  const auto first =
      maps_.values.begin() + static_cast<std::ptrdiff_t>(scale_->value() * per_scale);
  grid_->setMaps(std::vector<float>(first, first + static_cast<std::ptrdiff_t>(per_scale)), c, h,
                 w);
  QString when;
  if (maps_.step >= 0) {
    when = maps_.step < maps_.first_image_step
               ? tr(" at step %1, before the image reaches it (step %2)")
               : tr(" at step %1 (the image reaches it at step %2)");
    when = when.arg(maps_.step).arg(maps_.first_image_step);
    if (image_off_ < steps_) when += tr("; blank frames from step %1").arg(image_off_);
  }
  message_->setText(
      tr("%1%7: %2 maps of %3 x %4%5, %6 ms. Hover a map to see a unit's field.")
          .arg(QString::fromStdString(maps_.layer))
          .arg(c)
          .arg(h)
          .arg(w)
          .arg(scaled ? tr(" at scale %1 of %2").arg(scale_->value()).arg(scales) : QString())
          .arg(maps_ms_, 0, 'f', 1)
          .arg(when));
}

void FeatureMapView::onField(const inspect::FeatureProbe::Field& field, int generation,
                             const std::string& layer, const inspect::FeatureProbe::Unit& unit) {
  // A field of a layer or unit picked away meanwhile is not drawn.
  const bool current = unit_picked_ && layer == layers_->currentText().toStdString() &&
                       unit.scale == unit_.scale && unit.channel == unit_.channel &&
                       unit.row == unit_.row && unit.col == unit_.col;
  if (generation != generation_ || !current) return;
  if (!field.refusal.empty()) {
    field_text_ = tr("No field: %1").arg(QString::fromStdString(field.refusal));
    field_label_->setText(field_text_);
    Q_EMIT fieldChanged({}, {});
    return;
  }
  QVector<QRectF> squares;
  for (const auto& r : field.rects) squares.push_back(QRectF(r.x0, r.y0, r.side(), r.side()));
  QString text = tr("Map %1, row %2, column %3").arg(unit_.channel).arg(unit_.row).arg(unit_.col);
  if (!field.rects.empty()) {
    const auto& display = predictor_->stimulus().display;
    const double finest = field.rects.front().side(), widest = field.rects.back().side();
    text += tr(": sees %1 px of the canvas (%2 deg) through its finest crop")
                .arg(finest, 0, 'f', 0)
                .arg(display.sizeDeg(0, finest), 0, 'f', 2);
    if (field.rects.size() > 1) {
      text += tr(", %1 px (%2 deg) through its widest")
                  .arg(widest, 0, 'f', 0)
                  .arg(display.sizeDeg(0, widest), 0, 'f', 2);
    }
    if (!field.ink_shares.empty()) {
      QStringList shares;
      for (std::size_t g = 0; g < field.ink_shares.size(); ++g) {
        const double share = 100 * field.ink_shares[g];
        shares << (g == 0 ? tr("target %1 %").arg(share, 0, 'f', 0)
                          : tr("flanker %1 %2 %").arg(g).arg(share, 0, 'f', 0));
      }
      text += tr(". Ink inside: %1").arg(shares.join(", "));
    }
  } else {
    text += tr(": no fixed place on the canvas; the orange veil is its gradient");
  }
  field_text_ = text;
  field_label_->setText(text + ".");
  ++fields_shown_;
  Q_EMIT fieldChanged(squares, heatImage(field));
}

report::FigureData FeatureMapView::figure() const {
  if (maps_.values.empty() || !predictor_) return {};
  const bool scaled = maps_.shape.size() == 4;
  std::string title = predictor_->run() + ": " + maps_.layer;
  if (scaled) title += " at scale " + std::to_string(scale_->value());
  if (maps_.step >= 0) title += " at step " + std::to_string(maps_.step);
  report::FigureData figure = inspect::mapsFigure(
      "features-" + predictor_->run() + "-" + maps_.layer +
          (maps_.step >= 0 ? "-t" + std::to_string(maps_.step) : ""),
      title, maps_.shape, maps_.values, scaled ? scale_->value() : 0, shared_->isChecked());
  figure.constants = {{"run", predictor_->run()}, {"layer", maps_.layer}};
  if (scaled) figure.constants.emplace_back("scale", std::to_string(scale_->value()));
  if (maps_.step >= 0) figure.constants.emplace_back("step", std::to_string(maps_.step));
  return figure;
}

report::Provenance FeatureMapView::provenance() const {
  report::Provenance p;
  if (!predictor_) return p;
  p.run = predictor_->run();
  p.extra["family"] = predictor_->family();
  p.extra["step"] = std::to_string(predictor_->step());
  p.extra["layer"] = maps_.layer;
  if (has_stimulus_) p.extra["stimulus"] = stimulus::toToml(stimulus_);
  return p;
}

}  // namespace fovea::ui
