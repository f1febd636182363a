#include "widgets/attention/trial_maps_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include "widgets/common/map_grid.h"

namespace fovea::ui {

TrialMapsPanel::TrialMapsPanel(QWidget* parent)
    : QWidget(parent), layers_(new QComboBox), note_(new QLabel), grid_(new MapGrid) {
  layers_->setObjectName("trialMapsLayer");
  layers_->setToolTip(tr("The layer whose maps are shown for this trial"));
  note_->setWordWrap(true);
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("<b>Feature maps</b>")));
  top->addWidget(layers_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(top);
  layout->addWidget(note_);
  layout->addWidget(grid_, 1);
  connect(layers_, &QComboBox::currentTextChanged, this, [this](const QString& layer) {
    if (!layer.isEmpty()) Q_EMIT layerChosen(layer);
  });
  showTrial({});
}

QString TrialMapsPanel::layer() const {
  return layers_->currentText();
}

QString TrialMapsPanel::note() const {
  return note_->text();
}

bool TrialMapsPanel::setLayer(const QString& name) {
  const int index = layers_->findText(name);
  if (index < 0) return false;
  layers_->setCurrentIndex(index);
  return true;
}

void TrialMapsPanel::showTrial(const eval::AttentionTrial& trial) {
  if (!trial.map_layers.empty()) {
    // The run's layers, keeping the choice when the run offers it too.
    const QString chosen =
        trial.maps_layer.empty() ? layer() : QString::fromStdString(trial.maps_layer);
    const QSignalBlocker block(layers_);
    layers_->clear();
    for (const auto& name : trial.map_layers) layers_->addItem(QString::fromStdString(name));
    layers_->setCurrentIndex(std::max(0, layers_->findText(chosen)));
  }
  const auto& shape = trial.maps_shape;
  if (trial.maps.empty() || shape.size() != 3 ||
      trial.maps.size() != static_cast<std::size_t>(shape[0] * shape[1] * shape[2])) {
    grid_->clear();
    note_->setText(trial.label < 0 || trial.map_layers.empty()
                       ? tr("A trained run's test trials show its feature maps here.")
                       : tr("This layer has no maps to show."));
    return;
  }
  grid_->setMaps(trial.maps, shape[0], shape[1], shape[2]);
  note_->setText(tr("%1: %2 maps of %3 x %4, on one colour scale")
                     .arg(QString::fromStdString(trial.maps_layer))
                     .arg(shape[0])
                     .arg(shape[1])
                     .arg(shape[2]));
}

}  // namespace fovea::ui
