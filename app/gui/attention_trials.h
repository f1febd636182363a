#pragma once
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>
#include <map>
#include <memory>
#include <optional>

#include "core/eval/attention_trial.h"
#include "core/experiment/attention_spec.h"

namespace fovea::app {

// Draws test trials of the attention task for the attention view off the GUI thread: loads a
// run's checkpoint (again when it has changed), renders the trial, and hands it back. Requests
// made while one is drawn are coalesced: only the latest is drawn next.
class AttentionTrials : public QObject {
  Q_OBJECT

 public:
  explicit AttentionTrials(QObject* parent = nullptr);
  ~AttentionTrials() override;

  // The experiment whose runs are asked for (its directory and [attention]).
  void setExperiment(const QString& dir, const experiment::AttentionSpec& spec, std::uint64_t seed);
  // `map_layer`: the layer whose maps the trial carries (empty: the run's first).
  void request(const QString& run, int index, double radius_px, double contrast,
               const QString& map_layer = {});
  bool busy() const { return worker_ != nullptr; }

 Q_SIGNALS:
  void ready(const QString& run, const fovea::eval::AttentionTrial& trial);
  void failed(const QString& run, const QString& message);

 private:
  struct Request {
    QString run;
    int index = 0;
    double radius = 0;
    double contrast = 0;
    QString map_layer;
  };
  struct Loaded;
  void start(const Request& request);

  QString dir_;
  experiment::AttentionSpec spec_;
  std::uint64_t seed_ = 0;
  QPointer<QThread> worker_;
  std::optional<Request> pending_;
  int generation_ = 0;  // bumped with the experiment: older results are not shown
  std::shared_ptr<std::map<QString, std::shared_ptr<Loaded>>> cache_;
};

}  // namespace fovea::app
