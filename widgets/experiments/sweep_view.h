#pragma once
#include <QString>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QTableWidget;
class QTimer;

namespace fovea::ui {

// The Experiments view: the sweeps it knows (experiment directories with a job table), one at a
// time with its stages' progress and every job's state, attempts, worker and reason, read from
// the sweep's job table as the workers update it. It launches and stops nothing itself: Start,
// Stop and Open run are requests the window carries out.
class SweepView : public QWidget {
  Q_OBJECT

 public:
  explicit SweepView(QWidget* parent = nullptr);

  // Experiment directories to list; the shown one stays when it is among them.
  void setSweeps(const QStringList& dirs);
  void showSweep(const QString& dir);
  QString currentSweep() const;
  QString backend() const;  // local or slurm
  // Whether this window's sweep process for the shown directory is running (Start or Stop).
  void setLaunched(bool launched);
  // Reads the job table again (also every second while visible).
  void refresh();

  QTableWidget* jobsTable() const { return jobs_; }
  QString summary() const;      // the stages' line, or what the view says instead
  QString selectedRun() const;  // the run of the selected job ("" for prepare, select, report)

 Q_SIGNALS:
  void startRequested(const QString& dir, const QString& backend);
  void stopRequested(const QString& dir);
  void openRunRequested(const QString& dir, const QString& run);

 protected:
  void showEvent(QShowEvent* event) override;
  void hideEvent(QHideEvent* event) override;

 private:
  void showStages(const QStringList& names, const QList<QPair<int, int>>& done_of,
                  const QStringList& details);
  void updateButtons();

  QComboBox* sweeps_;
  QComboBox* backend_;
  QPushButton* start_;
  QPushButton* stop_;
  QPushButton* open_run_;
  QLabel* summary_;
  QGridLayout* stages_;
  QTableWidget* jobs_;
  QTimer* timer_;
  bool launched_ = false;
};

}  // namespace fovea::ui
