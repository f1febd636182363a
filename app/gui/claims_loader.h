#pragma once
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

#include "core/experiment/experiment_spec.h"
#include "core/report/figure_data.h"

class QThread;

namespace fovea::app {

// Measures an experiment's claims table off the GUI thread (it scores the early model with
// every flanker set, seconds of work) and hands the table figure back on the GUI thread. A new
// request stops the one still running (without waiting for it); only the latest result is
// delivered.
class ClaimsLoader : public QObject {
  Q_OBJECT

 public:
  explicit ClaimsLoader(QObject* parent = nullptr);
  ~ClaimsLoader() override;

  void load(const experiment::ExperimentSpec& spec, const QString& dir);
  // Stops the current request; its result, if any, is dropped.
  void cancel();
  bool isLoading() const { return thread_ != nullptr; }

 Q_SIGNALS:
  void ready(const fovea::report::FigureData& table);
  void failed(const QString& reason);

 private:
  void finish(int generation, const report::FigureData& table, const QString& error);

  QThread* thread_ = nullptr;
  int generation_ = 0;
  std::shared_ptr<std::atomic<bool>> stop_;
};

}  // namespace fovea::app
