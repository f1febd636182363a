#include "widgets/psychophysics/psychophysics_view.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QThread>
#include <QVBoxLayout>
#include <cmath>

#include "core/report/psychophysics_figures.h"
#include "widgets/common/figure_view.h"

namespace fovea::ui {

namespace {

constexpr int kRedrawMs = 100;

QComboBox* choices(const QStringList& items, const char* name) {
  auto* box = new QComboBox;
  box->addItems(items);
  box->setObjectName(name);
  return box;
}

std::vector<double> parseList(const QString& text, bool* ok) {
  std::vector<double> out;
  *ok = true;
  for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
    bool good = false;
    const double value = part.trimmed().toDouble(&good);
    if (!good || !std::isfinite(value) || value <= 0) *ok = false;
    out.push_back(value);
  }
  *ok = *ok && !out.empty() && out.size() <= 64;
  return out;
}

}  // namespace

PsychophysicsView::PsychophysicsView(QWidget* parent) : QWidget(parent) {
  buildControls();
  redraw_.setSingleShot(true);
  redraw_.setInterval(kRedrawMs);
  connect(&redraw_, &QTimer::timeout, this, &PsychophysicsView::refreshFigures);
  setPredictor(nullptr);
}

PsychophysicsView::~PsychophysicsView() {
  if (human_loader_) human_loader_->wait();  // it posts to this view (guarded) but uses no state
  if (!worker_) return;
  stop_flag_->store(true);
  worker_->wait();  // it calls back into this view
  delete worker_;
}

void PsychophysicsView::buildControls() {
  eccentricities_ = new QLineEdit("1,2,3,4");
  eccentricities_->setObjectName("psychophysicsEccentricities");
  eccentricities_->setToolTip(tr("Target eccentricities in degrees, separated by commas"));
  procedure_ = choices({"updown", "quest"}, "psychophysicsProcedure");
  arrangement_ = choices({"radial", "tangential"}, "psychophysicsArrangement");
  flankers_ = choices({"both", "inner", "outer"}, "psychophysicsFlankers");
  response_ = choices({"argmax", "sampled"}, "psychophysicsResponse");
  response_->setToolTip(
      tr("argmax: the model's best class; sampled: a class drawn from its "
         "softmax, as trial-to-trial noise"));
  start_ = new QPushButton(tr("Measure"));
  stop_ = new QPushButton(tr("Stop"));
  human_ = new QPushButton(tr("People's data…"));
  message_ = new QLabel;
  message_->setWordWrap(true);
  message_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  tracks_ = new FigureView;
  psychometric_ = new FigureView;
  bouma_ = new FigureView;

  eccentricities_->setMinimumWidth(100);
  // Two short rows, so that the view fits beside the training dock on a 1280 px screen.
  auto* settings = new QHBoxLayout;
  const std::pair<QString, QWidget*> fields[] = {{tr("Eccentricities (deg)"), eccentricities_},
                                                 {tr("Procedure"), procedure_},
                                                 {tr("Flankers"), arrangement_},
                                                 {QString(), flankers_},
                                                 {tr("Answer"), response_}};
  for (const auto& [label, widget] : fields) {
    if (!label.isEmpty()) settings->addWidget(new QLabel(label));
    settings->addWidget(widget);
  }
  settings->addStretch();
  auto* actions = new QHBoxLayout;
  actions->addWidget(start_);
  actions->addWidget(stop_);
  actions->addWidget(human_);
  actions->addWidget(message_, 1);
  // The Bouma plot is the result: it takes the left half; the tracks and the fits share the
  // right one (the tracks first, as they run).
  side_ = new QTabWidget;
  side_->addTab(tracks_, tr("Staircases"));
  side_->addTab(psychometric_, tr("Psychometric functions"));
  auto* plots = new QHBoxLayout;
  plots->addWidget(bouma_, 1);
  plots->addWidget(side_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(settings);
  layout->addLayout(actions);
  layout->addLayout(plots, 1);

  connect(start_, &QPushButton::clicked, this, &PsychophysicsView::start);
  connect(stop_, &QPushButton::clicked, this, &PsychophysicsView::stop);
  connect(human_, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("People's crowding data"), {},
                                                      tr("Human-data specs (*.toml)"));
    if (!path.isEmpty()) loadHuman(path);
  });
}

QString PsychophysicsView::message() const {
  return message_->text();
}

void PsychophysicsView::setPredictor(std::shared_ptr<const eval::Predictor> predictor) {
  stop();
  predictor_ = std::move(predictor);
  start_->setEnabled(predictor_ != nullptr && !running());
  stop_->setEnabled(running());
  message_->setText(predictor_ ? tr("%1 (%2): press Measure to find its critical spacing")
                                     .arg(QString::fromStdString(predictor_->run()),
                                          QString::fromStdString(predictor_->family()))
                               : tr("Choose a trained crowding run above to measure it."));
}

bool PsychophysicsView::setEccentricities(const QString& list) {
  bool ok = false;
  parseList(list, &ok);
  if (ok) eccentricities_->setText(list);
  return ok;
}

void PsychophysicsView::setProcedure(const QString& name) {
  procedure_->setCurrentIndex(std::max(0, procedure_->findText(name)));
}

psychophysics::StudyOptions PsychophysicsView::studyOptions() const {
  bool ok = false;
  psychophysics::StudyOptions o;
  o.ecc_deg = parseList(eccentricities_->text(), &ok);
  if (!ok) o.ecc_deg.clear();
  o.arrangement = stimulus::parseArrangement(arrangement_->currentText().toStdString());
  o.flankers = psychophysics::parseFlankers(flankers_->currentText().toStdString());
  o.response = response_->currentText() == "sampled" ? psychophysics::Response::Sampled
                                                     : psychophysics::Response::ArgMax;
  o.measure.procedure = psychophysics::parseProcedure(procedure_->currentText().toStdString());
  o.measure.bootstrap = 200;
  return o;
}

void PsychophysicsView::start() {
  if (running() || !predictor_) return;
  auto options = studyOptions();
  if (options.ecc_deg.empty()) {
    message_->setText(tr("Eccentricities: give positive numbers of degrees, e.g. 1,2,3"));
    return;
  }
  study_ = {};
  finished_ = false;
  study_.run = predictor_->run();
  study_.options = options;
  // Nothing is measured yet: no fit, no critical spacing, no line.
  study_.bouma.refusal = "measuring";
  for (double ecc : options.ecc_deg) {
    psychophysics::CriticalSpacingResult point;
    point.ecc_deg = ecc;
    point.fit.refusal = "measuring";
    point.critical_px = point.critical_deg = point.low_deg = point.high_deg = std::nan("");
    study_.points.push_back(point);
  }
  stop_flag_ = std::make_shared<std::atomic<bool>>(false);
  options.measure.stop = stop_flag_.get();
  const int generation = ++generation_;
  QPointer<PsychophysicsView> self(this);
  options.on_trial = [self, generation](std::size_t ecc, int, double px, bool correct) {
    QMetaObject::invokeMethod(self, [self, generation, ecc, px, correct] {
      if (self && self->generation_ == generation) self->onTrial(ecc, px, correct);
    });
  };
  auto predictor = predictor_;
  auto flag = stop_flag_;
  worker_ = QThread::create([self, generation, predictor, options, flag] {
    psychophysics::StudyResult result;
    QString error;
    try {
      result = psychophysics::runStaircaseStudy(predictor, options);
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    QMetaObject::invokeMethod(self, [self, generation, result, error] {
      if (self && self->generation_ == generation) self->onFinished(result, error);
    });
  });
  connect(worker_, &QThread::finished, this, [this, worker = worker_] {
    if (worker_ == worker) worker_ = nullptr;
    worker->deleteLater();
    start_->setEnabled(predictor_ != nullptr);
    stop_->setEnabled(false);
  });
  start_->setEnabled(false);
  stop_->setEnabled(true);
  message_->setText(tr("Measuring %1 at %2 deg…")
                        .arg(QString::fromStdString(study_.run), eccentricities_->text()));
  worker_->start();
}

void PsychophysicsView::stop() {
  if (!worker_) return;
  stop_flag_->store(true);
  worker_->wait();
  QCoreApplication::sendPostedEvents(this);  // its last results
}

void PsychophysicsView::onTrial(std::size_t ecc, double px, bool correct) {
  if (ecc >= study_.points.size()) return;
  study_.points[ecc].track.emplace_back(px, correct);
  ++study_.trials;
  if (!redraw_.isActive()) redraw_.start();
}

void PsychophysicsView::onFinished(const psychophysics::StudyResult& result, const QString& error) {
  if (!error.isEmpty()) {
    message_->setText(error);
    return;
  }
  study_ = result;
  finished_ = true;
  showSummary();
  refreshFigures();
  Q_EMIT finished();
}

void PsychophysicsView::showSummary() {
  if (!finished_) return;
  int measured = 0;
  for (const auto& p : study_.points) measured += p.refusal.empty() ? 1 : 0;
  QString text = tr("%1 trials in %2 s; critical spacing at %3 of %4 eccentricities")
                     .arg(study_.trials)
                     .arg(study_.seconds, 0, 'f', 1)
                     .arg(measured)
                     .arg(study_.points.size());
  if (study_.bouma.refusal.empty()) {
    text += tr("; Bouma b = %1 [%2, %3]")
                .arg(study_.bouma.slope.estimate, 0, 'f', 2)
                .arg(study_.bouma.slope.low, 0, 'f', 2)
                .arg(study_.bouma.slope.high, 0, 'f', 2);
  }
  for (const auto& people : people_) {
    if (!people.bouma.refusal.empty()) continue;
    text += tr("; people (%1) b = %2")
                .arg(QString::fromStdString(people.group))
                .arg(people.bouma.slope.estimate, 0, 'f', 2);
  }
  for (const auto& p : study_.points) {
    if (!p.refusal.empty())
      text += tr("\n%1 deg: %2").arg(p.ecc_deg).arg(QString::fromStdString(p.refusal));
  }
  message_->setText(text);
}

void PsychophysicsView::loadHuman(const QString& spec) {
  QPointer<PsychophysicsView> self(this);
  auto* loader = QThread::create([self, spec] {
    std::vector<psychophysics::HumanSeries> series;
    QString error;
    try {
      const auto parsed = psychophysics::parseHumanDataSpec(spec.toStdString());
      series = psychophysics::fitHumanTrials(parsed, psychophysics::readHumanTrials(parsed));
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    QMetaObject::invokeMethod(self, [self, series, error] {
      if (!self) return;
      if (!error.isEmpty()) {
        self->message_->setText(error);
        return;
      }
      self->people_ = series;
      self->showSummary();
      self->refreshFigures();
      Q_EMIT self->humanLoaded();
    });
  });
  connect(loader, &QThread::finished, loader, &QObject::deleteLater);
  human_loader_ = loader;
  loader->start();
}

void PsychophysicsView::refreshFigures() {
  tracks_->setFigure(report::staircaseTracksFigure(study_));
  psychometric_->setFigure(report::psychometricFigure(study_));
  bouma_->setFigure(report::boumaFigure(study_, people_));
}

void PsychophysicsView::showError(const QString& error) {
  message_->setText(error);
}

}  // namespace fovea::ui
