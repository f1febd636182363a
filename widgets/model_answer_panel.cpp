#include "widgets/model_answer_panel.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>
#include <algorithm>

#include "core/stimulus/stimulus_renderer.h"
#include "widgets/trial_gallery.h"

namespace fovea::ui {
namespace {

constexpr int kBarSteps = 1000;

// The parts of a spec the renderer resolves once (glyphs, background, crop plan), as in the
// document: drags change only the geometry and reuse them.
std::string rendererKey(const stimulus::StimulusSpec& spec) {
  stimulus::StimulusSpec key = spec;
  key.geometry = {};
  key.geometry.canvas_px = spec.geometry.canvas_px;
  return stimulus::toToml(key);
}

}  // namespace

ModelAnswerPanel::ModelAnswerPanel(QWidget* parent)
    : QWidget(parent),
      runs_(new QComboBox),
      browse_(new QPushButton(tr("Checkpoint..."))),
      model_label_(new QLabel),
      message_(new QLabel),
      use_trained_(new QPushButton(tr("Use the run's stimulus"))) {
  setObjectName("modelAnswer");
  runs_->setObjectName("answerRunChooser");
  runs_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  runs_->setMinimumContentsLength(12);
  runs_->addItem(tr("(no model)"), QString());
  browse_->setObjectName("answerBrowse");
  browse_->setToolTip(tr("Load a run's checkpoint.pt"));
  model_label_->setObjectName("answerModel");
  model_label_->setWordWrap(true);
  message_->setObjectName("answerMessage");
  message_->setWordWrap(true);
  use_trained_->setObjectName("answerUseTrained");
  use_trained_->setToolTip(
      tr("Design on the canvas, glyph sizes and crops the run was trained on"));
  use_trained_->setVisible(false);

  auto* choose = new QHBoxLayout;
  choose->addWidget(runs_, 1);
  choose->addWidget(browse_);
  // The bars take room from the property list only while there is an answer to show.
  bars_box_ = new QWidget;
  bars_box_->setObjectName("answerBars");
  auto* bars = new QGridLayout(bars_box_);
  bars->setContentsMargins(0, 0, 0, 0);
  for (int k = 0; k < 5; ++k) {
    auto* bar = new QProgressBar;
    bar->setObjectName(QString("answerBar%1").arg(k));
    bar->setRange(0, kBarSteps);
    bar->setValue(0);
    bar->setTextVisible(true);
    bar->setFormat(QString());
    bar->setMaximumHeight(16);
    bars->addWidget(new QLabel(className(k, 5)), k, 0);
    bars->addWidget(bar, k, 1);
    bars_.push_back(bar);
  }
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(choose);
  layout->addWidget(model_label_);
  layout->addWidget(bars_box_);
  layout->addWidget(message_);
  layout->addWidget(use_trained_);

  connect(runs_, &QComboBox::currentIndexChanged, this,
          [this] { setCheckpoint(runs_->currentData().toString()); });
  connect(browse_, &QPushButton::clicked, this, &ModelAnswerPanel::chooseFile);
  connect(use_trained_, &QPushButton::clicked, this, [this] {
    if (predictor_) Q_EMIT useTrainedStimulus(predictor_->stimulus());
  });
  clearAnswer(tr("Choose a trained run to see its answer for this stimulus."));
}

ModelAnswerPanel::~ModelAnswerPanel() {
  for (QThread* loader : loaders_) loader->wait();  // they report to this object
}

void ModelAnswerPanel::setRuns(const QList<QPair<QString, QString>>& runs) {
  const QSignalBlocker block(runs_);  // relisting is not a choice
  runs_->clear();
  runs_->addItem(tr("(no model)"), QString());
  for (const auto& [name, path] : runs) runs_->addItem(name, path);
  int chosen = runs_->findData(checkpoint_);
  if (chosen < 0 && !checkpoint_.isEmpty()) {
    // A file chosen by hand stays listed.
    runs_->addItem(QFileInfo(checkpoint_).dir().dirName(), checkpoint_);
    chosen = runs_->count() - 1;
  }
  runs_->setCurrentIndex(std::max(0, chosen));
}

void ModelAnswerPanel::chooseFile() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Choose a run's checkpoint"),
                                                    QFileInfo(checkpoint_).absolutePath(),
                                                    tr("Checkpoints (*.pt);;All files (*)"));
  if (path.isEmpty()) return;
  setCheckpoint(path);
}

void ModelAnswerPanel::setCheckpoint(const QString& path) {
  if (path == checkpoint_ && (predictor_ || loading_)) return;
  const int generation = ++load_generation_;
  checkpoint_ = path;
  {
    const QSignalBlocker block(runs_);
    int index = runs_->findData(path);
    if (index < 0) {
      runs_->addItem(QFileInfo(path).dir().dirName(), path);
      index = runs_->count() - 1;
    }
    runs_->setCurrentIndex(index);
  }
  predictor_.reset();
  renderer_.reset();
  renderer_key_.clear();
  model_label_->clear();
  if (path.isEmpty()) {
    loading_ = false;
    clearAnswer(tr("Choose a trained run to see its answer for this stimulus."));
    Q_EMIT modelChanged();
    return;
  }
  loading_ = true;
  clearAnswer(tr("Loading %1...").arg(path));
  // Reading a checkpoint takes a while; the designer stays live meanwhile.
  QThread* loader = QThread::create([this, path, generation] {
    std::shared_ptr<const eval::Predictor> predictor;
    QString error;
    try {
      predictor = std::make_shared<const eval::Predictor>(path.toStdString());
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    QMetaObject::invokeMethod(
        this,
        [this, predictor, path, error, generation] {
          if (generation == load_generation_) onLoaded(predictor, path, error);
        },
        Qt::QueuedConnection);
  });
  loaders_.push_back(loader);
  connect(loader, &QThread::finished, this, [this, loader] {
    loaders_.erase(std::remove(loaders_.begin(), loaders_.end(), loader), loaders_.end());
    loader->deleteLater();
  });
  loader->start();
}

void ModelAnswerPanel::onLoaded(std::shared_ptr<const eval::Predictor> predictor,
                                const QString& path, const QString& error) {
  loading_ = false;
  if (!predictor) {
    clearAnswer(tr("Cannot use %1: %2").arg(path, error));
    Q_EMIT modelChanged();
    return;
  }
  predictor_ = std::move(predictor);
  const auto& trained = predictor_->stimulus();
  const int classes = predictor_->classes();
  for (std::size_t k = 0; k < bars_.size(); ++k) {
    bars_[k]->setVisible(static_cast<int>(k) < classes);
  }
  model_label_->setText(tr("%1 at step %2: %3 \u00d7 %4 px crops of a %5 px canvas")
                            .arg(QString::fromStdString(predictor_->run()))
                            .arg(predictor_->step())
                            .arg(trained.retina.scales)
                            .arg(trained.retina.crop_px)
                            .arg(trained.retina.canvas_px));
  Q_EMIT modelChanged();
  showAnswer();
}

void ModelAnswerPanel::reload() {
  if (checkpoint_.isEmpty()) return;
  const QString path = checkpoint_;
  checkpoint_.clear();
  setCheckpoint(path);
}

const stimulus::StimulusSpec* ModelAnswerPanel::trainedStimulus() const {
  return predictor_ ? &predictor_->stimulus() : nullptr;
}

void ModelAnswerPanel::setStimulus(const stimulus::StimulusSpec& spec) {
  stimulus_ = spec;
  has_stimulus_ = true;
  showAnswer();
}

int ModelAnswerPanel::answer() const {
  if (probabilities_.empty()) return -1;
  return static_cast<int>(std::max_element(probabilities_.begin(), probabilities_.end()) -
                          probabilities_.begin());
}

QString ModelAnswerPanel::message() const {
  return message_->text();
}

void ModelAnswerPanel::clearAnswer(const QString& why) {
  probabilities_.clear();
  for (QProgressBar* bar : bars_) {
    bar->setValue(0);
    bar->setFormat(QString());
  }
  bars_box_->setVisible(false);
  message_->setText(why);
}

void ModelAnswerPanel::showAnswer() {
  use_trained_->setVisible(false);
  if (!predictor_ || !has_stimulus_) return;
  QElapsedTimer timer;
  timer.start();
  const auto& trained = predictor_->stimulus();
  if (stimulus_.geometry.canvas_px != trained.retina.canvas_px) {
    // The crops are fractions of the canvas: on another canvas size the network would see
    // glyphs at sizes it never learnt, so there is no honest answer to show.
    clearAnswer(tr("This run was trained on a %1 px canvas; the stimulus is on %2 px. Set the "
                   "canvas to %1 px, or use the run's stimulus, to see its answer.")
                    .arg(trained.retina.canvas_px)
                    .arg(stimulus_.geometry.canvas_px));
    use_trained_->setVisible(true);
    return;
  }
  stimulus::StimulusSpec spec = stimulus_;
  spec.retina = trained.retina;  // the crops the network was trained on
  try {
    const std::string key = rendererKey(spec);
    if (!renderer_ || key != renderer_key_) {
      renderer_ = std::make_unique<stimulus::StimulusRenderer>(spec);
      renderer_key_ = key;
    }
    const auto rendered = renderer_->render(spec.geometry, false);
    auto probabilities = predictor_->probabilities(rendered.input, 1);
    probabilities_ = std::move(probabilities.front());
  } catch (const std::exception& error) {
    renderer_.reset();
    renderer_key_.clear();
    clearAnswer(tr("No answer: %1").arg(QString::fromStdString(error.what())));
    return;
  }
  const int best = answer();
  const int classes = static_cast<int>(probabilities_.size());
  for (std::size_t k = 0; k < bars_.size(); ++k) {
    const float p = k < probabilities_.size() ? probabilities_[k] : 0.0f;
    bars_[k]->setValue(static_cast<int>(std::lround(std::clamp(p, 0.0f, 1.0f) * kBarSteps)));
    bars_[k]->setFormat(QString::number(100.0 * p, 'f', 1) + " %");
  }
  bars_box_->setVisible(true);
  answer_ms_ = static_cast<double>(timer.nsecsElapsed()) / 1e6;
  ++answer_count_;
  message_->setText(tr("Answer: %1 (p = %2), from the run's %3 \u00d7 %4 px crops; %5 ms")
                        .arg(className(best, classes))
                        .arg(probabilities_[static_cast<std::size_t>(best)], 0, 'f', 2)
                        .arg(spec.retina.scales)
                        .arg(spec.retina.crop_px)
                        .arg(answer_ms_, 0, 'f', 1));
  Q_EMIT answered();
}

}  // namespace fovea::ui
