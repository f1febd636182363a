#include "widgets/attention/attention_view.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QPainter>
#include <QSlider>
#include <QStringList>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "widgets/attention/sampling_canvas.h"
#include "widgets/attention/trial_maps_panel.h"
#include "widgets/common/crop_images.h"

namespace fovea::ui {
namespace {

constexpr int kGlimpseSide = 140;  // shown size of the glimpse (px)
constexpr int kWhereCell = 9;      // shown size of one cell of Where's map (px)
const QColor kRight(0x00, 0x9e, 0x73);
const QColor kWrong(0xd5, 0x5e, 0x00);

// One bar per class, its probability as length, the answer highlighted.
QPixmap classBars(const eval::AttentionTrial& trial, const QPalette& palette) {
  const int classes = static_cast<int>(trial.probabilities.size());
  const int row = 14, width = 220;
  QPixmap pixmap(width, std::max(1, classes) * row + 2);
  pixmap.fill(palette.window().color());
  QPainter painter(&pixmap);
  painter.setPen(palette.text().color());
  for (int k = 0; k < classes; ++k) {
    const double p = trial.probabilities[static_cast<std::size_t>(k)];
    const QRectF bar(24, k * row + 3, (width - 70) * p, row - 5);
    const bool answer = k == trial.answer;
    painter.fillRect(bar, answer ? (k == trial.label ? kRight : kWrong) : palette.mid().color());
    painter.drawText(QRectF(0, k * row, 20, row), Qt::AlignRight | Qt::AlignVCenter,
                     QString::number(k));
    painter.drawText(QRectF(width - 44, k * row, 44, row), Qt::AlignRight | Qt::AlignVCenter,
                     QString::number(p, 'f', 2));
  }
  return pixmap;
}

// Where's map as a grid: a row per eccentricity ring (the fovea on top), a column per azimuth,
// white (the map's lowest value) to reddish purple (its peak), the best cell boxed.
QPixmap whereGrid(const eval::AttentionTrial& trial) {
  const int rings = trial.where_rings, azimuths = trial.where_azimuths;
  const auto [low, high] = std::minmax_element(trial.where_map.begin(), trial.where_map.end());
  const float span = std::max(1e-6f, *high - *low);
  QImage grid(azimuths, rings, QImage::Format_RGB32);
  for (int a = 0; a < azimuths; ++a) {
    for (int e = 0; e < rings; ++e) {
      const double v = std::clamp<double>(
          (trial.where_map[static_cast<std::size_t>(a * rings + e)] - *low) / span, 0, 1);
      grid.setPixelColor(a, e, QColor::fromRgbF(1 - 0.2 * v, 1 - 0.53 * v, 1 - 0.35 * v));
    }
  }
  const auto best =
      std::max_element(trial.where_map.begin(), trial.where_map.end()) - trial.where_map.begin();
  QPixmap pixmap = QPixmap::fromImage(grid.scaled(azimuths * kWhereCell, rings * kWhereCell));
  QPainter painter(&pixmap);
  painter.setPen(QPen(Qt::black, 2));
  painter.drawRect(static_cast<int>(best / rings) * kWhereCell + 1,
                   static_cast<int>(best % rings) * kWhereCell + 1, kWhereCell - 2, kWhereCell - 2);
  return pixmap;
}

QSlider* slider(int lo, int hi, int value) {
  auto* s = new QSlider(Qt::Horizontal);
  s->setRange(lo, hi);
  s->setValue(value);
  return s;
}

}  // namespace

AttentionView::AttentionView(QWidget* parent) : QWidget(parent) {
  source_ = new QComboBox;
  source_->addItem(tr("Training: live sample"), QString());
  trial_slider_ = slider(0, 199, 0);
  radius_slider_ = slider(0, 40, 20);
  contrast_slider_ = slider(10, 100, 70);
  trial_label_ = new QLabel;
  radius_label_ = new QLabel;
  contrast_label_ = new QLabel;
  for (auto* label : {trial_label_, radius_label_, contrast_label_}) label->setMinimumWidth(70);
  auto* controls = new QGridLayout;
  controls->addWidget(new QLabel(tr("Source")), 0, 0);
  controls->addWidget(source_, 0, 1, 1, 2);
  const std::pair<QString, std::pair<QSlider*, QLabel*>> rows[] = {
      {tr("Trial"), {trial_slider_, trial_label_}},
      {tr("Eccentricity"), {radius_slider_, radius_label_}},
      {tr("Contrast"), {contrast_slider_, contrast_label_}}};
  int r = 1;
  for (const auto& [title, parts] : rows) {
    controls->addWidget(new QLabel(title), r, 0);
    controls->addWidget(parts.first, r, 1);
    controls->addWidget(parts.second, r, 2);
    ++r;
  }
  controls->setColumnStretch(1, 1);

  canvas_ = new SamplingCanvas;
  glimpse_title_ = new QLabel(tr("Glimpse"));
  glimpse_ = new QLabel;
  glimpse_->setFixedSize(kGlimpseSide, kGlimpseSide);
  glimpse_->setAlignment(Qt::AlignCenter);
  where_title_ = new QLabel;
  where_ = new QLabel;
  answer_ = new QLabel;
  answer_->setTextFormat(Qt::RichText);
  bars_ = new QLabel;
  numbers_ = new QLabel;
  numbers_->setWordWrap(true);
  numbers_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* side = new QVBoxLayout;
  side->addWidget(glimpse_title_);
  side->addWidget(glimpse_);
  side->addWidget(where_title_);
  side->addWidget(where_);
  side->addWidget(answer_);
  side->addWidget(bars_);
  side->addWidget(numbers_);
  side->addStretch(1);
  maps_ = new TrialMapsPanel;
  auto* panes = new QHBoxLayout;
  panes->addWidget(canvas_, 3);
  panes->addLayout(side);
  panes->addWidget(maps_, 2);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addLayout(panes, 1);

  connect(maps_, &TrialMapsPanel::layerChosen, this, [this] { requestTrial(); });
  connect(source_, &QComboBox::currentIndexChanged, this, [this] {
    updateControls();
    requestTrial();
  });
  for (auto* s : {trial_slider_, radius_slider_, contrast_slider_}) {
    connect(s, &QSlider::valueChanged, this, [this] {
      updateSliderLabels();
      requestTrial();
    });
  }
  updateControls();
  updateSliderLabels();
  display({}, {});
}

void AttentionView::setRuns(const QStringList& runs) {
  const QString chosen = source();
  const QSignalBlocker block(source_);
  while (source_->count() > 1) source_->removeItem(1);
  for (const auto& run : runs) source_->addItem(run, run);
  const int index = source_->findData(chosen);
  source_->setCurrentIndex(index < 0 ? 0 : index);
  updateControls();  // the signals were blocked: the chosen run may have gone
}

void AttentionView::updateControls() {
  const bool live = source().isEmpty();
  for (auto* s : {trial_slider_, radius_slider_, contrast_slider_}) s->setEnabled(!live);
}

QStringList AttentionView::runs() const {
  QStringList out;
  for (int i = 1; i < source_->count(); ++i) out << source_->itemData(i).toString();
  return out;
}

QString AttentionView::source() const {
  return source_->currentData().toString();
}

void AttentionView::setSource(const QString& run) {
  const int index = source_->findData(run);
  if (index >= 0) source_->setCurrentIndex(index);
}

int AttentionView::trialIndex() const {
  return trial_slider_->value();
}
double AttentionView::radius() const {
  return radius_slider_->value();
}
double AttentionView::contrast() const {
  return contrast_slider_->value() / 100.0;
}

void AttentionView::setTrialParameters(int index, double radius_px, double contrast) {
  const QSignalBlocker a(trial_slider_), b(radius_slider_), c(contrast_slider_);
  trial_slider_->setValue(index);
  radius_slider_->setValue(static_cast<int>(std::lround(radius_px)));
  contrast_slider_->setValue(static_cast<int>(std::lround(contrast * 100)));
  updateSliderLabels();
  requestTrial();
}

void AttentionView::updateSliderLabels() {
  trial_label_->setText(tr("#%1").arg(trial_slider_->value()));
  radius_label_->setText(tr("%1 px").arg(radius_slider_->value()));
  contrast_label_->setText(QString::number(contrast(), 'f', 2));
}

void AttentionView::requestTrial() {
  if (!source().isEmpty()) {
    Q_EMIT trialRequested(source(), trialIndex(), radius(), contrast(), maps_->layer());
  }
}

void AttentionView::showTrial(const QString& run, const eval::AttentionTrial& trial) {
  if (run != source()) return;
  display(trial, tr("%1, test trial #%2 at %3 px, contrast %4")
                     .arg(run)
                     .arg(trialIndex())
                     .arg(radius())
                     .arg(contrast(), 0, 'f', 2));
}

void AttentionView::showLive(const QString& run, const eval::AttentionTrial& trial) {
  if (!source().isEmpty()) return;
  display(trial, tr("%1, current training batch").arg(run));
}

void AttentionView::showError(const QString& message) {
  numbers_->setText(message);
}

void AttentionView::display(const eval::AttentionTrial& trial, const QString& caption) {
  trial_ = trial;
  canvas_->setTrial(trial);
  maps_->showTrial(trial);
  // Beside the scene: the transformer's glimpse, or the fovea a plain classifier sees.
  cv::Mat seen;
  std::vector<cv::Mat> strip;
  glimpse_->setFixedSize(kGlimpseSide, kGlimpseSide);
  if (!trial.foveal_crops.empty()) {
    strip = trial.foveal_crops;
    glimpse_->setFixedSize(kGlimpseSide * std::min<int>(2, static_cast<int>(strip.size())),
                           kGlimpseSide);
    glimpse_title_->setText(strip.size() == 1 ? tr("Foveal crop (28 x 28)")
                                              : tr("Foveal crop before and after each saccade"));
  } else if (!trial.glimpse.empty()) {
    seen = trial.glimpse;
    glimpse_title_->setText(tr("Glimpse (%1 x %1)").arg(seen.cols));
  } else if (!trial.scene.empty()) {
    seen = trial.image;
    glimpse_title_->setText(tr("Fovea: what the model sees (%1 x %1)").arg(seen.cols));
  } else {
    glimpse_title_->setText(tr("This model sees the whole image"));
  }
  if (!seen.empty()) strip = {seen};
  if (!strip.empty()) {
    glimpse_->setPixmap(QPixmap::fromImage(cropStrip(strip).scaled(
        glimpse_->width(), glimpse_->height(), Qt::KeepAspectRatio, Qt::FastTransformation)));
  } else {
    glimpse_->clear();
  }
  const bool where =
      !trial.where_map.empty() && trial.where_rings > 0 &&
      trial.where_map.size() == static_cast<std::size_t>(trial.where_rings) * trial.where_azimuths;
  where_title_->setVisible(where);
  where_->setVisible(where);
  if (where) {
    const auto [low, high] = std::minmax_element(trial.where_map.begin(), trial.where_map.end());
    where_title_->setText(tr("Where: %1 azimuths x %2 rings (fovea on top), %3 to %4")
                              .arg(trial.where_azimuths)
                              .arg(trial.where_rings)
                              .arg(*low, 0, 'f', 2)
                              .arg(*high, 0, 'f', 2));
    where_->setPixmap(whereGrid(trial));
  }
  if (trial.label < 0) {
    answer_->clear();
    bars_->clear();
    numbers_->setText(caption);
    return;
  }
  const bool right = trial.answer == trial.label;
  answer_->setText(tr("label <b>%1</b>, answer <span style=\"color:%2\"><b>%3</b></span>")
                       .arg(trial.label)
                       .arg((right ? kRight : kWrong).name())
                       .arg(trial.answer));
  bars_->setPixmap(trial.probabilities.empty() ? QPixmap() : classBars(trial, palette()));
  QString numbers = caption;
  if (trial.has_transform) {
    const auto& t = trial.theta;
    const double half = trial.image.cols / 2.0;  // theta's translation is in half-widths
    numbers += tr("<br>scale %1 x %2, shear %3 / %4<br>window centre (%5, %6) px")
                   .arg(t[0], 0, 'f', 3)
                   .arg(t[4], 0, 'f', 3)
                   .arg(t[1], 0, 'f', 3)
                   .arg(t[3], 0, 'f', 3)
                   .arg(t[2] * half, 0, 'f', 1)
                   .arg(t[5] * half, 0, 'f', 1);
    if (trial.offsets_known) {
      const double error =
          std::hypot(t[2] * half - trial.col_offset, t[5] * half - trial.row_offset);
      numbers += tr("<br>digit centre (%1, %2) px: landing error %3 px")
                     .arg(trial.col_offset)
                     .arg(trial.row_offset)
                     .arg(error, 0, 'f', 1);
    }
  } else if (!trial.fixations.empty()) {
    const double middle = (trial.image.cols - 1) / 2.0;
    QStringList path, answers;
    for (const auto& at : trial.fixations) {
      path
          << QStringLiteral("(%1, %2)").arg(at.x - middle, 0, 'f', 0).arg(at.y - middle, 0, 'f', 0);
    }
    for (int answer : trial.fixation_answers) answers << QString::number(answer);
    numbers += tr("<br>fixations %1 px<br>answers %2")
                   .arg(path.join(QStringLiteral(" → ")), answers.join(QStringLiteral(" → ")));
    if (trial.offsets_known) {
      const auto& last = trial.fixations.back();
      numbers += tr("<br>digit centre (%1, %2) px: landing error %3 px")
                     .arg(trial.col_offset)
                     .arg(trial.row_offset)
                     .arg(std::hypot(last.x - middle - trial.col_offset,
                                     last.y - middle - trial.row_offset),
                          0, 'f', 1);
    }
  } else if (trial.offsets_known) {
    numbers += tr("<br>digit centre (%1, %2) px from fixation")
                   .arg(trial.col_offset)
                   .arg(trial.row_offset);
  }
  numbers_->setText(numbers);
}

}  // namespace fovea::ui
