#include "widgets/stimulus/model_answer_panel.h"

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

#include "core/eval/stimulus_answer.h"
#include "core/report/time_course_figures.h"
#include "widgets/common/figure_view.h"

namespace fovea::ui {
namespace {

constexpr int kBarSteps = 1000;

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
  bars_layout_ = new QGridLayout(bars_box_);
  bars_layout_->setContentsMargins(0, 0, 0, 0);
  // A recurrent run's answer as it forms, under one presentation at a time.
  // Shown by the designer in a tab of its own (overTimeView()); kept here until then.
  time_box_ = new QWidget(this);
  time_box_->setObjectName("answerOverTime");
  presentation_ = new QComboBox;
  presentation_->setObjectName("answerPresentation");
  presentation_->setToolTip(tr("How the image is shown: for how many steps, then a blank"));
  over_time_ = new FigureView;
  over_time_->setMinimumHeight(160);
  auto* time_layout = new QVBoxLayout(time_box_);
  time_layout->setContentsMargins(0, 0, 0, 0);
  auto* shown = new QHBoxLayout;
  shown->addWidget(new QLabel(tr("Presentation")));
  shown->addWidget(presentation_, 1);
  time_layout->addLayout(shown);
  // The caption first: the side column scrolls, and the chart's foot may lie below its fold.
  over_time_caption_ = new QLabel;
  over_time_caption_->setObjectName("answerOverTimeCaption");
  over_time_caption_->setWordWrap(true);
  time_layout->addWidget(over_time_caption_);
  time_layout->addWidget(over_time_, 1);
  time_box_->hide();
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
  connect(presentation_, &QComboBox::currentIndexChanged, this, &ModelAnswerPanel::showOverTime);
  connect(use_trained_, &QPushButton::clicked, this, [this] {
    if (predictor_) Q_EMIT useTrainedStimulus(predictor_->stimulus());
  });
  clearAnswer(tr("Choose a trained run to see its answer for this stimulus."));
}

ModelAnswerPanel::~ModelAnswerPanel() {
  // They report to this object.
  for (QThread* loader : loaders_) loader->wait();
  if (answer_thread_) answer_thread_->wait();
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
  answerer_.reset();
  ++answer_generation_;  // an answer still on its way is of the old model
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
  answerer_ = std::make_shared<eval::StimulusAnswerer>(predictor_);
  ++answer_generation_;
  const auto& trained = predictor_->stimulus();
  makeBars(predictor_->classNames());
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
  over_time_data_.clear();
  if (time_box_) showOverTime();
  message_->setText(why);
}

void ModelAnswerPanel::showOverTime() {
  const int index = presentation_->currentIndex();
  if (over_time_data_.empty() || index < 0 || index >= static_cast<int>(over_time_data_.size()) ||
      !predictor_) {
    over_time_->setFigure({});
    over_time_caption_->clear();
    return;
  }
  over_time_->setFigure(report::answerOverTimeFigure(
      over_time_data_[static_cast<std::size_t>(index)], predictor_->classNames(), threshold_));
  over_time_caption_->setText(QString::fromStdString(report::answerOverTimeCaption(
      over_time_data_[static_cast<std::size_t>(index)], predictor_->classNames(), threshold_)));
}

const report::FigureData& ModelAnswerPanel::overTimeFigure() const {
  return over_time_->figure();
}

void ModelAnswerPanel::makeBars(const std::vector<std::string>& class_names) {
  // One bar per class of the run, named as the run names them.
  while (QLayoutItem* item = bars_layout_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  bars_.clear();
  for (std::size_t k = 0; k < class_names.size(); ++k) {
    auto* bar = new QProgressBar;
    bar->setObjectName(QString("answerBar%1").arg(k));
    bar->setRange(0, kBarSteps);
    bar->setValue(0);
    bar->setTextVisible(true);
    bar->setFormat(QString());
    bar->setMaximumHeight(16);
    const int row = static_cast<int>(k);
    bars_layout_->addWidget(new QLabel(QString::fromStdString(class_names[k])), row, 0);
    bars_layout_->addWidget(bar, row, 1);
    bars_.push_back(bar);
  }
}

void ModelAnswerPanel::showAnswer() {
  use_trained_->setVisible(false);
  if (!answerer_ || !has_stimulus_) return;
  if (answer_thread_) {
    answer_pending_ = true;  // edits while an answer is computed: only the latest is answered
    return;
  }
  startAnswer();
}

void ModelAnswerPanel::startAnswer() {
  answer_pending_ = false;
  const auto answerer = answerer_;
  const stimulus::StimulusSpec spec = stimulus_;
  const int generation = answer_generation_;
  // Rendering with the run's retina and the forward pass run off the GUI thread, in core.
  answer_thread_ = QThread::create([this, answerer, spec, generation] {
    QElapsedTimer timer;
    timer.start();
    auto result = std::make_shared<eval::StimulusAnswerer::Answer>(answerer->answer(spec));
    const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    QMetaObject::invokeMethod(
        this, [this, result, generation, ms] { onAnswer(*result, generation, ms); },
        Qt::QueuedConnection);
  });
  answer_thread_->setObjectName("modelAnswer");
  answer_thread_->start();
}

void ModelAnswerPanel::onAnswer(const eval::StimulusAnswerer::Answer& result, int generation,
                                double ms) {
  answer_thread_->wait();  // it posted this as its last act
  answer_thread_->deleteLater();
  answer_thread_ = nullptr;
  if (answer_pending_ && answerer_) {
    startAnswer();
    return;  // this answer is of a stimulus already edited away
  }
  if (generation != answer_generation_ || !answerer_) return;
  if (result.other_canvas) {
    clearAnswer(tr("This run was trained on a %1 px canvas; the stimulus is on %2 px. Set the "
                   "canvas to %1 px, or use the run's stimulus, to see its answer.")
                    .arg(result.drawn.retina.canvas_px)
                    .arg(stimulus_.geometry.canvas_px));
    use_trained_->setVisible(true);
    return;
  }
  if (result.probabilities.empty()) {
    clearAnswer(tr("No answer: %1").arg(QString::fromStdString(result.refusal)));
    return;
  }
  probabilities_ = result.probabilities;
  for (std::size_t k = 0; k < bars_.size(); ++k) {
    const float p = k < probabilities_.size() ? probabilities_[k] : 0.0f;
    bars_[k]->setValue(static_cast<int>(std::lround(std::clamp(p, 0.0f, 1.0f) * kBarSteps)));
    bars_[k]->setFormat(QString::number(100.0 * p, 'f', 1) + " %");
  }
  bars_box_->setVisible(true);
  over_time_data_ = result.over_time;
  threshold_ = result.threshold;
  {
    const QString chosen = presentation_->currentText();
    const QSignalBlocker block(presentation_);
    presentation_->clear();
    for (const auto& timed : over_time_data_) {
      presentation_->addItem(QString::fromStdString(timed.presentation));
    }
    const int index = presentation_->findText(chosen);
    presentation_->setCurrentIndex(index >= 0 ? index : 0);
  }
  showOverTime();
  answer_ms_ = ms;
  ++answer_count_;
  message_->setText(tr("Answer: %1 (p = %2), from the run's %3; %4 ms")
                        .arg(QString::fromStdString(result.best_name))
                        .arg(probabilities_[static_cast<std::size_t>(result.best)], 0, 'f', 2)
                        .arg(QString::fromStdString(predictor_->input().describe()))
                        .arg(answer_ms_, 0, 'f', 1));
  Q_EMIT answered();
}

}  // namespace fovea::ui
