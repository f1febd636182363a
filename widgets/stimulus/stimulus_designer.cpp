#include "widgets/stimulus/stimulus_designer.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QSvgGenerator>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>
#include <limits>

#include "core/retina/log_gabor_retina.h"
#include "core/retina/retina_energy.h"
#include "widgets/stimulus/feature_map_view.h"
#include "widgets/stimulus/model_answer_panel.h"
#include "widgets/stimulus/model_summary_table.h"
#include "widgets/stimulus/retina_code_view.h"
#include "widgets/stimulus/stimulus_canvas.h"

namespace fovea::ui {
namespace {

using stimulus::Arrangement;
using stimulus::Configuration;
using stimulus::StimulusSpec;

constexpr int kDragTarget = 1;
constexpr int kDragFlanker = 2;
constexpr double kPi = 3.14159265358979323846;

}  // namespace

StimulusDesigner::StimulusDesigner(QWidget* parent)
    : QWidget(parent),
      document_(new StimulusDocument(this)),
      canvas_(new StimulusCanvas),
      refusal_label_(new QLabel),
      readout_label_(new QLabel),
      retina_view_(new RetinaCodeView),
      answer_(new ModelAnswerPanel),
      features_(new FeatureMapView),
      summary_(new ModelSummaryTable),
      side_tabs_(new QTabWidget),
      edit_to_answer_ms_(std::numeric_limits<double>::quiet_NaN()),
      retina_toggle_(new QCheckBox(tr("log-polar retina code (whole canvas at 128 px)"))),
      retina_timer_(new QTimer(this)) {
  setObjectName("stimulusDesigner");
  refusal_label_->setObjectName("refusalLabel");
  refusal_label_->setWordWrap(true);
  refusal_label_->setStyleSheet("color: #e0584f;");
  readout_label_->setObjectName("readoutLabel");
  readout_label_->setWordWrap(true);
  readout_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* panel = new QWidget;
  auto* form = new QFormLayout(panel);
  buildPanel(form);
  auto* scroll = new QScrollArea;
  scroll->setWidget(panel);
  scroll->setWidgetResizable(true);
  scroll->setMinimumWidth(300);
  auto* side = new QWidget;
  auto* side_layout = new QVBoxLayout(side);
  side_tabs_->addTab(scroll, tr("Properties"));
  side_tabs_->addTab(features_, tr("Feature maps"));
  side_tabs_->addTab(summary_, tr("Layers"));
  side_tabs_->addTab(answer_->overTimeView(), tr("Over time"));
  side_tabs_->setTabToolTip(3, tr("A recurrent run's answer step by step"));
  side_tabs_->setTabEnabled(3, false);
  side_layout->addWidget(side_tabs_, 1);
  // The maps need the height; the geometry readout belongs to the properties.
  connect(side_tabs_, &QTabWidget::currentChanged, this,
          [this](int index) { readout_label_->setVisible(index == 0); });
  side_tabs_->setTabToolTip(2, tr("The chosen run's layers: shapes, parameters, fields"));
  side_layout->addWidget(refusal_label_);
  side_layout->addWidget(readout_label_);
  auto* answer_box = new QGroupBox(tr("Model answer"));
  auto* answer_layout = new QVBoxLayout(answer_box);
  answer_layout->addWidget(answer_);
  side_layout->addWidget(answer_box);
  side_layout->addWidget(retina_toggle_);
  side_layout->addWidget(retina_view_);
  retina_view_->setVisible(false);
  retina_view_->setFixedHeight(170);  // the property list keeps the rest of the column
  retina_timer_->setSingleShot(true);
  retina_timer_->setInterval(60);
  connect(retina_timer_, &QTimer::timeout, this, &StimulusDesigner::updateRetinaCode);
  connect(retina_toggle_, &QCheckBox::toggled, this, &StimulusDesigner::setRetinaCodeShown);

  auto* crops_box = new QGroupBox(tr("What the model sees: multi-scale crops, fovea first"));
  crops_layout_ = new QHBoxLayout(crops_box);
  crops_layout_->addStretch();

  auto* splitter = new QSplitter;
  splitter->addWidget(canvas_);
  // On a short screen the column scrolls rather than squeezing its parts over each other.
  auto* side_scroll = new QScrollArea;
  side_scroll->setWidget(side);
  side_scroll->setWidgetResizable(true);
  side_scroll->setFrameShape(QFrame::NoFrame);
  side_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  side_scroll->setMinimumWidth(side->minimumSizeHint().width() +
                               side_scroll->verticalScrollBar()->sizeHint().width());
  splitter->addWidget(side_scroll);
  // The canvas is square: width beyond its height is better spent on the side column's maps.
  splitter->setStretchFactor(0, 1);
  splitter->setStretchFactor(1, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(splitter, 1);
  layout->addWidget(crops_box);

  undo_action_ = document_->undoStack()->createUndoAction(this, tr("&Undo"));
  undo_action_->setShortcut(QKeySequence::Undo);
  redo_action_ = document_->undoStack()->createRedoAction(this, tr("&Redo"));
  redo_action_->setShortcut(QKeySequence::Redo);
  addAction(undo_action_);
  addAction(redo_action_);

  connect(document_, &StimulusDocument::changed, this, &StimulusDesigner::showSnapshot);
  connect(canvas_, &StimulusCanvas::glyphDragged, this, &StimulusDesigner::dragGlyph);
  connect(canvas_, &StimulusCanvas::dragFinished, document_, &StimulusDocument::endMerge);
  connect(answer_, &ModelAnswerPanel::answered, this, [this] {
    if (edit_timer_.isValid() && std::isnan(edit_to_answer_ms_)) {
      edit_to_answer_ms_ = static_cast<double>(edit_timer_.nsecsElapsed()) / 1e6;
    }
  });
  connect(answer_, &ModelAnswerPanel::answered, this,
          [this] { side_tabs_->setTabEnabled(3, answer_->hasOverTime()); });
  connect(answer_, &ModelAnswerPanel::modelChanged, this, [this] {
    side_tabs_->setTabEnabled(3, false);
    features_->setPredictor(answer_->predictor());
    summary_->setPredictor(answer_->predictor());
  });
  connect(features_, &FeatureMapView::fieldChanged, canvas_, &StimulusCanvas::setFieldOverlay);
  connect(answer_, &ModelAnswerPanel::useTrainedStimulus, this,
          &StimulusDesigner::designOnTrainedStimulus);
  showSnapshot(document_->snapshot());
}

StimulusDesigner::~StimulusDesigner() {
  if (retina_loader_) retina_loader_->wait();  // it owns no widget, but must not outlive us
}

QString StimulusDesigner::refusal() const {
  return refusal_label_->text();
}

void StimulusDesigner::setRetinaCodeShown(bool shown) {
  if (retina_toggle_->isChecked() != shown) retina_toggle_->setChecked(shown);
  retina_view_->setVisible(shown);
  if (!shown) return;
  if (retina_) {
    updateRetinaCode();
    return;
  }
  if (retina_loader_) return;  // already loading
  retina_view_->setMessage(tr("Loading the retina's 2880 filters..."));
  retina_loader_ = QThread::create([this] {
    // Nothing may escape a thread: a failure to build the bank is shown where the code would be.
    std::shared_ptr<const retina::LogGaborRetina> bank;
    QString failure;
    try {
      bank = retina::LogGaborRetina::get();
    } catch (const std::exception& error) {
      failure = QString::fromStdString(error.what());
    }
    QMetaObject::invokeMethod(
        this,
        [this, bank, failure] {
          if (!bank) {
            retina_view_->setMessage(tr("Cannot build the retina: %1").arg(failure));
            return;
          }
          retina_ = bank;
          updateRetinaCode();
        },
        Qt::QueuedConnection);
  });
  retina_loader_->setParent(this);
  retina_loader_->start();
}

void StimulusDesigner::updateRetinaCode() {
  if (!retina_ || !retina_toggle_->isChecked()) return;
  const cv::Mat& view = document_->snapshot().field_view;
  const auto& spec = retina_->spec();
  if (view.rows != spec.size || view.cols != spec.size) {
    retina_view_->setMessage(tr("The canvas is smaller than the retina's %1 px").arg(spec.size));
    return;
  }
  auto energy = retina::retinaEnergyMap(*retina_, view);
  retina_view_->setCode(spec.n_azimuth, spec.n_eccentricity, std::move(energy));
}

void StimulusDesigner::propose(const StimulusSpec& candidate, const QString& what, int merge_id) {
  const QString reason = document_->propose(candidate, what, merge_id);
  if (reason.isEmpty()) {
    // The document re-renders at once; the model's answer follows from its thread.
    edit_timer_.start();
    edit_to_answer_ms_ = std::numeric_limits<double>::quiet_NaN();
  }
  refusal_label_->setText(reason.isEmpty() ? QString() : tr("Refused: %1").arg(reason));
  if (!reason.isEmpty()) refreshFields();  // put the editors back to the valid spec
}

void StimulusDesigner::dragGlyph(int glyph, const QPointF& p) {
  const auto& snapshot = document_->snapshot();
  if (glyph < 0 || glyph >= static_cast<int>(snapshot.boxes.size())) return;
  StimulusSpec spec = document_->spec();
  auto& g = spec.geometry;
  const double half = g.canvas_px / 2.0;
  const double angle = g.meridian_deg * kPi / 180.0;
  const QPointF radial(std::cos(angle), -std::sin(angle));
  const QPointF tangential(-radial.y(), radial.x());
  auto dot = [](const QPointF& a, const QPointF& b) { return a.x() * b.x() + a.y() * b.y(); };
  if (glyph == 0) {
    g.target_ecc_px = dot(p - QPointF(half, half), radial);
    propose(spec, tr("Move target"), kDragTarget);
    return;
  }
  // A flanker: its distance from the target along the flanker axis sets the spacing; for a
  // single flanker, the side it is dragged to sets ax (outer) or xa (inner).
  const auto& target = snapshot.boxes.front();
  const QPointF axis = g.arrangement == Arrangement::Radial ? radial : tangential;
  const double outward = (g.arrangement == Arrangement::Radial && g.target_ecc_px < 0) ? -1 : 1;
  const double along = dot(p - QPointF(target.centre_x, target.centre_y), axis) * outward;
  const int sides = g.configuration == Configuration::XAX ? 2 : 1;
  const int ring = (glyph - 1) / sides + 1;
  const bool minus_side = g.configuration == Configuration::XA ||
                          (g.configuration == Configuration::XAX && (glyph - 1) % 2 == 1);
  if (g.configuration != Configuration::XAX) {
    g.configuration = along >= 0 ? Configuration::AX : Configuration::XA;
  }
  const double distance =
      g.configuration == Configuration::XAX ? (minus_side ? -along : along) : std::fabs(along);
  g.spacing_px = std::max(1.0, distance / ring);
  propose(spec, tr("Move flanker"), kDragFlanker);
}

void StimulusDesigner::buildPanel(QFormLayout* form) {
  auto spin = [&](const QString& label, double lo, double hi, int decimals, const QString& unit,
                  std::function<double(const StimulusSpec&)> get,
                  std::function<void(StimulusSpec&, double)> set) {
    auto* box = new QDoubleSpinBox;
    box->setRange(lo, hi);
    box->setDecimals(decimals);
    box->setSuffix(unit.isEmpty() ? QString() : " " + unit);
    box->setKeyboardTracking(false);
    box->setObjectName(label);
    form->addRow(label, box);
    fields_.push_back({box, [this, box, get] { box->setValue(get(document_->spec())); }});
    connect(box, &QDoubleSpinBox::valueChanged, this, [this, box, label, set](double value) {
      if (refreshing_) return;
      StimulusSpec spec = document_->spec();
      set(spec, value);
      propose(spec, tr("Set %1").arg(label));
      Q_UNUSED(box);
    });
    return box;
  };
  auto combo = [&](const QString& label, const QStringList& items,
                   std::function<QString(const StimulusSpec&)> get,
                   std::function<void(StimulusSpec&, const QString&)> set) {
    auto* box = new QComboBox;
    box->addItems(items);
    box->setObjectName(label);
    form->addRow(label, box);
    fields_.push_back({box, [this, box, get] { box->setCurrentText(get(document_->spec())); }});
    connect(box, &QComboBox::currentTextChanged, this, [this, label, set](const QString& text) {
      if (refreshing_) return;
      StimulusSpec spec = document_->spec();
      try {
        set(spec, text);
      } catch (const std::exception& error) {
        refusal_label_->setText(tr("Refused: %1").arg(error.what()));
        refreshFields();
        return;
      }
      propose(spec, tr("Set %1").arg(label));
    });
  };

  // Geometry, in canvas pixels; the readout below gives each in degrees too.
  spin(
      "target eccentricity", -8192, 8192, 1, "px",
      [](const StimulusSpec& s) { return s.geometry.target_ecc_px; },
      [](StimulusSpec& s, double v) { s.geometry.target_ecc_px = v; });
  spin(
      "spacing", 0.1, 16384, 1, "px", [](const StimulusSpec& s) { return s.geometry.spacing_px; },
      [](StimulusSpec& s, double v) { s.geometry.spacing_px = v; });
  combo(
      "configuration", {"a", "ax", "xa", "xax"},
      [](const StimulusSpec& s) {
        return QString::fromStdString(toString(s.geometry.configuration));
      },
      [](StimulusSpec& s, const QString& v) {
        s.geometry.configuration = stimulus::parseConfiguration(v.toStdString());
      });
  combo(
      "arrangement", {"radial", "tangential"},
      [](const StimulusSpec& s) {
        return QString::fromStdString(toString(s.geometry.arrangement));
      },
      [](StimulusSpec& s, const QString& v) {
        s.geometry.arrangement = stimulus::parseArrangement(v.toStdString());
      });
  spin(
      "flankers per side", 1, 64, 0, "",
      [](const StimulusSpec& s) { return s.geometry.flankers_per_side; },
      [](StimulusSpec& s, double v) { s.geometry.flankers_per_side = static_cast<int>(v); });
  spin(
      "meridian", -360, 360, 1, "deg",
      [](const StimulusSpec& s) { return s.geometry.meridian_deg; },
      [](StimulusSpec& s, double v) { s.geometry.meridian_deg = v; });
  spin(
      "target size", 1, 4096, 0, "px", [](const StimulusSpec& s) { return s.geometry.target_px; },
      [](StimulusSpec& s, double v) { s.geometry.target_px = static_cast<int>(v); });
  spin(
      "flanker size", 1, 4096, 0, "px", [](const StimulusSpec& s) { return s.geometry.flanker_px; },
      [](StimulusSpec& s, double v) { s.geometry.flanker_px = static_cast<int>(v); });
  spin(
      "target contrast", 0, 1, 2, "",
      [](const StimulusSpec& s) { return s.geometry.target_contrast; },
      [](StimulusSpec& s, double v) { s.geometry.target_contrast = v; });
  spin(
      "flanker contrast", 0, 1, 2, "",
      [](const StimulusSpec& s) { return s.geometry.flanker_contrast; },
      [](StimulusSpec& s, double v) { s.geometry.flanker_contrast = v; });
  spin(
      "canvas", 8, 16384, 0, "px", [](const StimulusSpec& s) { return s.geometry.canvas_px; },
      [](StimulusSpec& s, double v) {
        s.geometry.canvas_px = static_cast<int>(v);
        s.retina.canvas_px = s.geometry.canvas_px;
      });
  // Glyphs and background.
  combo(
      "split", {"test", "train"},
      [](const StimulusSpec& s) { return QString::fromStdString(s.glyphs.split); },
      [](StimulusSpec& s, const QString& v) { s.glyphs.split = v.toStdString(); });
  spin(
      "target digit", 0, 2249, 0, "", [](const StimulusSpec& s) { return s.glyphs.target_index; },
      [](StimulusSpec& s, double v) { s.glyphs.target_index = static_cast<int>(v); });
  spin(
      "flanker digit", 0, 2249, 0, "", [](const StimulusSpec& s) { return s.glyphs.flanker_index; },
      [](StimulusSpec& s, double v) { s.glyphs.flanker_index = static_cast<int>(v); });
  combo(
      "background", {"black", "photo", "noise"},
      [](const StimulusSpec& s) { return QString::fromStdString(s.background.kind); },
      [](StimulusSpec& s, const QString& v) { s.background.kind = v.toStdString(); });
  // The model's input.
  spin(
      "scales", 1, 64, 0, "", [](const StimulusSpec& s) { return s.retina.scales; },
      [](StimulusSpec& s, double v) { s.retina.scales = static_cast<int>(v); });
  spin(
      "crop size", 1, 1024, 0, "px", [](const StimulusSpec& s) { return s.retina.crop_px; },
      [](StimulusSpec& s, double v) { s.retina.crop_px = static_cast<int>(v); });
  auto* chevron = spin(
      "chevron", 0, 64, 1, "scales",
      [](const StimulusSpec& s) { return std::isinf(s.retina.chevron) ? 0.0 : s.retina.chevron; },
      [](StimulusSpec& s, double v) {
        s.retina.chevron = v == 0 ? std::numeric_limits<double>::infinity() : v;
      });
  chevron->setSpecialValueText(tr("off"));
  combo(
      "fovea", {"exponential", "linear"},
      [](const StimulusSpec& s) {
        return QString::fromStdString(retina::toString(s.retina.fovea));
      },
      [](StimulusSpec& s, const QString& v) {
        s.retina.fovea = retina::parseFovea(v.toStdString());
      });
  combo(
      "contrast norm", {"none", "areafactor"},
      [](const StimulusSpec& s) {
        return QString::fromStdString(retina::toString(s.retina.contrast_norm));
      },
      [](StimulusSpec& s, const QString& v) {
        s.retina.contrast_norm = retina::parseContrastNorm(v.toStdString());
      });
  auto* boxes = new QCheckBox(tr("show crop boxes"));
  boxes->setChecked(true);
  connect(boxes, &QCheckBox::toggled, canvas_, &StimulusCanvas::setShowCropBoxes);
  form->addRow(boxes);
}

void StimulusDesigner::refreshFields() {
  refreshing_ = true;
  for (const auto& field : fields_) {
    const QSignalBlocker blocker(field.editor);
    field.refresh();
  }
  refreshing_ = false;
}

void StimulusDesigner::showSnapshot(const StimulusSnapshot& snapshot) {
  canvas_->setSnapshot(snapshot);
  refreshFields();
  while (crop_labels_.size() < snapshot.crops.size()) {
    auto* label = new QLabel;
    label->setObjectName(QString("crop%1").arg(crop_labels_.size()));
    crops_layout_->insertWidget(static_cast<int>(crop_labels_.size()), label);
    crop_labels_.push_back(label);
  }
  for (std::size_t i = 0; i < crop_labels_.size(); ++i) {
    crop_labels_[i]->setVisible(i < snapshot.crops.size());
    if (i >= snapshot.crops.size()) continue;
    const QImage& crop = snapshot.crops[i];
    crop_labels_[i]->setPixmap(
        QPixmap::fromImage(crop.scaled(crop.size() * 1, Qt::KeepAspectRatio)));
    const auto& box = snapshot.crop_boxes[i];
    crop_labels_[i]->setToolTip(tr("scale %1: %2 px (%3 deg) of canvas")
                                    .arg(i)
                                    .arg(box.side())
                                    .arg(snapshot.spec.display.sizeDeg(0, box.side()), 0, 'f', 2));
  }
  const auto& g = snapshot.spec.geometry;
  const auto& display = snapshot.spec.display;
  QString text = tr("target: %1 px = %2 deg eccentricity, %3 px = %4 deg wide")
                     .arg(g.target_ecc_px, 0, 'f', 1)
                     .arg(display.eccentricityDeg(g.target_ecc_px), 0, 'f', 2)
                     .arg(g.target_px)
                     .arg(display.sizeDeg(g.target_ecc_px, g.target_px), 0, 'f', 2);
  if (g.configuration != Configuration::A) {
    text += tr("<br>spacing: %1 px = %2 deg")
                .arg(g.spacing_px, 0, 'f', 1)
                .arg(std::fabs(display.eccentricityDeg(g.target_ecc_px + g.spacing_px) -
                               display.eccentricityDeg(g.target_ecc_px)),
                     0, 'f', 2);
  }
  text += tr("<br>%1 px per deg at fixation; rendered in %2 ms")
              .arg(display.pixelsPerDegree(), 0, 'f', 1)
              .arg(snapshot.render_ms, 0, 'f', 1);
  readout_label_->setText(text);
  answer_->setStimulus(snapshot.spec);
  features_->setStimulus(snapshot.spec);
  if (retina_toggle_->isChecked()) retina_timer_->start();
}

void StimulusDesigner::designOnTrainedStimulus() {
  const StimulusSpec* trained = answer_->trainedStimulus();
  if (!trained) return;
  // The run's canvas, geometry and crops, with the glyphs and background chosen here.
  StimulusSpec spec = *trained;
  spec.glyphs = document_->spec().glyphs;
  spec.background = document_->spec().background;
  document_->endMerge();
  propose(spec, tr("Use the run's stimulus"));
}

void StimulusDesigner::showSideTab(int index) {
  side_tabs_->setCurrentIndex(index);
}

void StimulusDesigner::showFeatureMaps(bool shown) {
  side_tabs_->setCurrentWidget(shown ? static_cast<QWidget*>(features_) : side_tabs_->widget(0));
}

QString StimulusDesigner::exportCanvasSvg(const QString& path, const QSize& size) const {
  QSvgGenerator generator;
  generator.setFileName(path);
  generator.setSize(size);
  generator.setViewBox(QRect(QPoint(0, 0), size));
  generator.setTitle("Fovea stimulus");
  QPainter painter;
  if (!painter.begin(&generator)) return tr("cannot write %1").arg(path);
  canvas_->render(painter, size);
  painter.end();
  return {};
}

}  // namespace fovea::ui
