#include "widgets/psychophysics/psychophysics_view.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
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
  variable_ = choices({"spacing", "contrast", "size"}, "psychophysicsVariable");
  variable_->setToolTip(
      tr("spacing: the critical spacing; contrast: the target's contrast threshold; size: the "
         "smallest glyphs recognised (flankers at 1.5 x touching, or none)"));
  arrangement_ = choices({"radial", "tangential"}, "psychophysicsArrangement");
  flankers_ = choices({"both", "inner", "outer", "none"}, "psychophysicsFlankers");
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
                                                 {tr("Vary"), variable_},
                                                 {tr("Procedure"), procedure_},
                                                 {tr("Flankers"), arrangement_},
                                                 {QString(), flankers_}};
  for (const auto& [label, widget] : fields) {
    if (!label.isEmpty()) settings->addWidget(new QLabel(label));
    settings->addWidget(widget);
  }
  settings->addStretch();
  auto* actions = new QHBoxLayout;
  actions->addWidget(new QLabel(tr("Answer")));
  actions->addWidget(response_);
  actions->addWidget(start_);
  actions->addWidget(stop_);
  actions->addWidget(human_);
  actions->addWidget(message_, 1);
  // The Bouma plot is the result: it takes three fifths, wide enough for people's legend at
  // 1280 px; the tracks and the fits share the rest (the tracks first, as they run).
  side_ = new QTabWidget;
  side_->addTab(tracks_, tr("Staircases"));
  side_->addTab(psychometric_, tr("Psychometric functions"));
  auto* plots_page = new QWidget;
  auto* plots = new QHBoxLayout(plots_page);
  plots->setContentsMargins(0, 0, 0, 0);
  plots->addWidget(bouma_, 3);
  plots->addWidget(side_, 2);
  empty_message_ = new QLabel(
      tr("Nothing measured yet.\n\nChoose a trained crowding run, the eccentricities and what to "
         "vary, then press Measure: the staircases run here trial by trial, and each "
         "eccentricity's threshold and the line through them (Bouma's, for spacing) appear "
         "beside them.\n\nPeople's data… draws their critical spacings on the same axes."));
  empty_message_->setObjectName("psychophysicsEmpty");
  empty_message_->setAlignment(Qt::AlignCenter);
  empty_message_->setWordWrap(true);
  empty_message_->setMargin(24);
  plots_or_message_ = new QStackedWidget;
  plots_or_message_->addWidget(empty_message_);
  plots_or_message_->addWidget(plots_page);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(settings);
  layout->addLayout(actions);
  layout->addWidget(plots_or_message_, 1);

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

void PsychophysicsView::setVariable(const QString& name) {
  variable_->setCurrentIndex(std::max(0, variable_->findText(name)));
}

psychophysics::StudyOptions PsychophysicsView::studyOptions() const {
  bool ok = false;
  psychophysics::StudyOptions o;
  o.ecc_deg = parseList(eccentricities_->text(), &ok);
  if (!ok) o.ecc_deg.clear();
  o.arrangement = stimulus::parseArrangement(arrangement_->currentText().toStdString());
  o.flankers = psychophysics::parseFlankers(flankers_->currentText().toStdString());
  o.variable = psychophysics::parseVariable(variable_->currentText().toStdString());
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
  if (options.variable == psychophysics::Variable::Spacing &&
      options.flankers == psychophysics::Flankers::None) {
    message_->setText(tr("A critical spacing needs flankers: choose both, inner or outer"));
    return;
  }
  study_ = {};
  finished_ = false;
  study_.run = predictor_->run();
  study_.options = options;
  // Nothing is measured yet: no fit, no threshold, no line.
  study_.bouma.refusal = "measuring";
  for (double ecc : options.ecc_deg) {
    psychophysics::ThresholdResult point;
    point.ecc_deg = ecc;
    point.fit.refusal = "measuring";
    point.threshold = point.low = point.high = std::nan("");
    point.threshold_deg = point.low_deg = point.high_deg = std::nan("");
    study_.points.push_back(point);
  }
  refreshFigures();  // the empty axes of what is about to be measured
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
  const auto variable = study_.options.variable;
  const bool spacing = variable == psychophysics::Variable::Spacing;
  const QString noun = spacing                                     ? tr("critical spacing")
                       : variable == psychophysics::Variable::Size ? tr("size threshold")
                                                                   : tr("contrast threshold");
  QString text = tr("%1 trials in %2 s; %3 at %4 of %5 eccentricities")
                     .arg(study_.trials)
                     .arg(study_.seconds, 0, 'f', 1)
                     .arg(noun)
                     .arg(measured)
                     .arg(study_.points.size());
  if (study_.bouma.refusal.empty()) {
    text += tr("; %1 = %2 [%3, %4]")
                .arg(spacing ? tr("Bouma b") : tr("slope"))
                .arg(study_.bouma.slope.estimate, 0, 'f', 2)
                .arg(study_.bouma.slope.low, 0, 'f', 2)
                .arg(study_.bouma.slope.high, 0, 'f', 2);
  }
  for (const auto& people : people_) {
    if (!spacing || !people.bouma.refusal.empty()) continue;
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

bool PsychophysicsView::showsPlots() const {
  return plots_or_message_->currentIndex() == 1;
}

void PsychophysicsView::refreshFigures() {
  plots_or_message_->setCurrentIndex(study_.points.empty() && people_.empty() ? 0 : 1);
  tracks_->setFigure(report::staircaseTracksFigure(study_));
  psychometric_->setFigure(report::psychometricFigure(study_));
  bouma_->setFigure(report::boumaFigure(study_, people_));
}

void PsychophysicsView::showError(const QString& error) {
  message_->setText(error);
}

}  // namespace fovea::ui
