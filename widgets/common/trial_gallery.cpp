#include "widgets/common/trial_gallery.h"

#include <QGridLayout>
#include <QLabel>
#include <QPixmap>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>

#include "core/models/class_names.h"
#include "widgets/common/crop_images.h"

namespace fovea::ui {
namespace {

// On screen a strip is magnified (whole pixels, up to 3x) to about this width at most: single
// crops are a few dozen pixels, an 11-scale strip of 60 px crops is already 680.
constexpr int kStripWidth = 480;

}  // namespace

TrialGallery::TrialGallery(QWidget* parent)
    : QWidget(parent), title_(new QLabel), message_(new QLabel), rows_(new QGridLayout) {
  setObjectName("trialGallery");
  title_->setObjectName("trialTitle");
  title_->setWordWrap(true);
  message_->setObjectName("trialMessage");
  message_->setWordWrap(true);
  auto* body = new QWidget;
  auto* body_layout = new QVBoxLayout(body);
  rows_->setColumnStretch(2, 1);  // pictures and captions stay together on the left
  body_layout->addLayout(rows_);
  body_layout->addStretch();
  auto* scroll = new QScrollArea;
  scroll->setWidget(body);
  scroll->setWidgetResizable(true);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(title_);
  layout->addWidget(message_);
  layout->addWidget(scroll, 1);
}

void TrialGallery::setTitle(const QString& title) {
  title_->setText(title);
}

QString TrialGallery::message() const {
  return message_->text();
}

QString TrialGallery::caption(int trial) const {
  return trial >= 0 && trial < trialCount() ? captions_[static_cast<std::size_t>(trial)]
                                            : QString();
}

QImage TrialGallery::strip(int trial) const {
  return trial >= 0 && trial < trialCount() ? strips_[static_cast<std::size_t>(trial)] : QImage();
}

void TrialGallery::clearRows() {
  for (QWidget* widget : row_widgets_) delete widget;
  row_widgets_.clear();
  captions_.clear();
  strips_.clear();
}

void TrialGallery::setMessage(const QString& message) {
  clearRows();
  message_->setText(message);
  message_->setVisible(!message.isEmpty());
}

void TrialGallery::setTrials(const std::vector<eval::Trial>& trials,
                             const std::vector<std::string>& class_names) {
  clearRows();
  message_->setVisible(trials.empty());
  message_->setText(trials.empty() ? tr("No trials.") : QString());
  int right = 0;
  for (const auto& trial : trials) {
    const int row = static_cast<int>(captions_.size());
    const QImage image = cropStrip(trial.sample.crops);
    auto* picture = new QLabel;
    if (!image.isNull()) {
      // Nearest neighbour: the pixels the model saw are the point.
      const int zoom = std::clamp(kStripWidth / std::max(1, image.width()), 1, 3);
      picture->setPixmap(QPixmap::fromImage(
          image.scaled(image.size() * zoom, Qt::IgnoreAspectRatio, Qt::FastTransformation)));
    }
    const bool correct = trial.answer == trial.sample.label;
    right += correct ? 1 : 0;
    const QString caption =
        tr("digit %1, answered %2")
            .arg(QString::fromStdString(models::className(class_names, trial.sample.label)),
                 QString::fromStdString(models::className(class_names, trial.answer)));
    auto* text = new QLabel(QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>")
                                .arg(correct ? "#009e73" : "#d55e00", caption.toHtmlEscaped()));
    text->setObjectName(QString("trialCaption%1").arg(row));
    rows_->addWidget(picture, row, 0, Qt::AlignLeft | Qt::AlignVCenter);
    rows_->addWidget(text, row, 1, Qt::AlignLeft | Qt::AlignVCenter);
    row_widgets_.push_back(picture);
    row_widgets_.push_back(text);
    captions_.push_back(caption);
    strips_.push_back(image);
  }
  if (!trials.empty()) {
    message_->setText(tr("%1 of %2 right; crops finest scale first").arg(right).arg(trials.size()));
    message_->setVisible(true);
  }
}

}  // namespace fovea::ui
