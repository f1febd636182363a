#pragma once
#include <QHash>
#include <QMainWindow>
#include <QMap>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "core/eval/attention_trial.h"
#include "core/experiment/experiment_spec.h"
#include "core/report/figure_data.h"
#include "core/train/train_progress.h"
#include "widgets/common/theme.h"

class QComboBox;
class QDialog;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QTabWidget;
class QThread;
class QToolButton;

namespace fovea::ui {
class AttentionView;
class FilterPlaygroundView;
class PsychophysicsView;
class ProbeView;
class StimulusDesigner;
class SweepView;
class SurfaceView;
class TrainingMonitor;
class TrialGallery;
}  // namespace fovea::ui

namespace fovea::app {

class AttentionTrials;
class ClaimsLoader;
class ExperimentJob;
struct ExperimentProgress;

// The workbench shell: a central tab area for documents, dockable views that capabilities plug
// in with addView(), a status bar with job progress, and persisted layout and theme. It wires
// actions to views and jobs; the views and the core own everything else.
//
// The main job is an experiment (the quick crowding study by default): Run > Start trains its
// runs and probes them on the crowding grid, the Training dock plots the curves and the Probe
// dock the results as they arrive; Pause checkpoints, Resume continues, Stop ends.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Adds a view as a dock (its objectName is `id`, so the layout is saved and restored) and a
  // toggle for it in the View menu.
  QDockWidget* addView(const QString& id, const QString& title, QWidget* view,
                       Qt::DockWidgetArea area);
  QDockWidget* dock(const QString& id) const;
  QTabWidget* documents() const { return documents_; }

  // Null when OpenGL is unavailable (offscreen platform); a placeholder is shown instead.
  // The probe's 3D surface (null until its tab has been shown, and where OpenGL is missing).
  ui::SurfaceView* surfaceView() const;
  ClaimsLoader* claimsLoader() const { return claims_loader_; }
  // Brings the Probe forward with its tab named `tab` ("3D surface", "Accuracy map", ...).
  void showProbe(const QString& tab);
  // Shows this run's figures in the probe ("claims" for the claims table) now or once they
  // arrive; probeRunShown follows.
  void showProbeRun(const QString& run);
  ui::TrainingMonitor* trainingMonitor() const { return training_monitor_; }
  ui::AttentionView* attentionView() const { return attention_view_; }
  // Brings the Attention document forward showing test trials of `run` (empty: the live
  // training sample).
  void showAttentionRun(const QString& run);
  void showAttentionTrial(int index, double radius_px, double contrast);
  // The Stimulus Designer's feature maps of `run` (a run directory or checkpoint) on its own
  // stimulus, at `layer` (empty: the first), with the unit (map, row, column) picked when given.
  // `step` >= 0: a recurrent run's maps at that step (-1: its last).
  void showFeatures(const QString& run, const QString& layer, const QList<int>& unit,
                    int step = -1);
  // The filter playground (a document beside the designer, filtering its stimulus); shows the
  // bank `bank` ("trained" for the designer's run's first layer once it is loaded).
  ui::FilterPlaygroundView* playground() const { return playground_; }
  void showPlayground(const QString& bank);
  ui::ProbeView* probeView() const { return probe_view_; }
  ui::PsychophysicsView* psychophysicsView() const { return psychophysics_; }
  // The probe's Psychophysics tab measuring `run` (a run directory or checkpoint) at `ecc_deg`
  // ("1,2,3"), with people's data from a [human] spec when given.
  void showPsychophysics();  // the Probe's Psychophysics tab
  // `variable`: spacing (also when empty), contrast or size.
  void measureStaircase(const QString& run, const QString& ecc_deg, const QString& human,
                        const QString& variable = {});
  // The Experiments page on the sweep in `dir`.
  void showSweep(const QString& dir);
  ui::SweepView* sweepView() const { return sweep_view_; }
  // Runs `fovea-cli sweep` for the experiment directory, detached; the page follows its jobs.
  void startSweep(const QString& dir, const QString& backend);
  void openSweepRun(const QString& dir, const QString& run);
  ui::StimulusDesigner* designer() const { return designer_; }
  ExperimentJob* experimentJob() const { return job_; }
  // The trials of the last clicked heatmap cell; null until one was clicked.
  ui::TrialGallery* trialGallery() const { return trial_gallery_; }

  // What Start runs: a spec file or a name in experiments/, "section.key=value" overrides (as
  // fovea-cli --set), and the experiment directory (empty: AppDataLocation/experiments/<name>).
  void setExperiment(const QString& spec, const QStringList& overrides = {},
                     const QString& dir = {});
  QString experiment() const { return experiment_; }
  QStringList experimentOverrides() const { return overrides_; }
  QString experimentDir() const { return experiment_dir_; }

  void setTheme(ui::Theme theme);
  ui::Theme theme() const { return theme_; }

  bool isJobRunning() const;

 public Q_SLOTS:
  // Starts the main job (the experiment); it continues from any checkpoints in its directory.
  void runDemo();
  void startExperiment();
  void pauseExperiment();
  void resumeExperiment();
  void stopExperiment();
  void cancelJob();  // = stopExperiment
  void chooseExperimentDir();
  // Example trials of a condition of a run, drawn off the GUI thread into a small window.
  void showTrials(const QString& run, int flanker_type, double target_ecc, double flanker_ecc);
  void showAbout();
  void openStimulus();
  void saveStimulus();
  void exportStimulus();

 Q_SIGNALS:
  // The job thread ended: `cancelled` when it was paused or stopped, or failed.
  void jobFinished(bool cancelled);
  void probeRunShown(const QString& run);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void createViews();
  void createMenus();
  void createStatusBar();
  void restoreSettings();
  void saveSettings() const;
  void updateActions();
  void onPlanned(const QString& dir, const QStringList& runs);
  // A run's whole curves from its metrics.csv into the training monitor (once per run name).
  void showRunCurves(const QString& run, const std::filesystem::path& metrics);
  // An experiment directory that already holds scored results shows them (and its curves).
  void showStoredResults();
  std::optional<experiment::ExperimentSpec> loadCurrentSpec() const;
  // The claims table of a spec with [claims], measured off the GUI thread into the probe.
  void measureClaims();
  void onProgress(const ExperimentProgress& progress);
  void onFigures(const QString& run, const std::vector<report::FigureData>& figures);
  void onJobFinished(const QString& status);
  void showRunFigures(const QString& run);
  void onConditionClicked(double target_ecc, double flanker_ecc);
  void createAttentionView();
  void createPlayground();
  void createSweepsPage();
  void refreshSweeps();
  // The probe's figures and, beside them, the psychophysics of the run chosen above them.
  QWidget* createProbeTabs();
  void loadPsychophysicsRun(const QString& checkpoint, std::function<void()> then = {});
  // The runs of an attention experiment with a checkpoint, offered to the attention view;
  // false when the current experiment is not an attention one.
  bool refreshAttentionRuns();
  void onAttentionProgress(const train::TrainProgress& progress);
  void showLatestLive();
  void refreshDesignerRuns();
  QString currentExperimentDir() const;

  QTabWidget* documents_ = nullptr;
  QMenu* view_menu_ = nullptr;
  QHash<QString, QDockWidget*> docks_;
  QMap<QString, report::Provenance> stored_provenance_;  // of results read from disk
  ui::TrainingMonitor* training_monitor_ = nullptr;
  ui::ProbeView* probe_view_ = nullptr;
  QComboBox* probe_run_ = nullptr;
  ui::StimulusDesigner* designer_ = nullptr;
  ui::FilterPlaygroundView* playground_ = nullptr;
  ui::PsychophysicsView* psychophysics_ = nullptr;
  QTabWidget* probe_tabs_ = nullptr;
  int psychophysics_load_ = 0;        // the latest run load asked for
  QString psychophysics_checkpoint_;  // and its checkpoint
  QLabel* status_text_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QToolButton* cancel_button_ = nullptr;
  QAction* start_action_ = nullptr;
  QAction* pause_action_ = nullptr;
  QAction* resume_action_ = nullptr;
  QAction* stop_action_ = nullptr;
  QAction* folder_action_ = nullptr;
  ExperimentJob* job_ = nullptr;
  ClaimsLoader* claims_loader_ = nullptr;
  QString wanted_probe_run_;
  QString experiment_ = "crowding-quick";
  QStringList overrides_;
  QString experiment_dir_;
  QMap<QString, std::vector<report::FigureData>> figures_;  // per run
  QPointer<QDialog> trials_dialog_;
  ui::TrialGallery* trial_gallery_ = nullptr;
  int trials_generation_ = 0;
  std::vector<QPointer<QThread>> workers_;
  ui::Theme theme_ = ui::Theme::Light;
  ui::AttentionView* attention_view_ = nullptr;
  AttentionTrials* attention_trials_ = nullptr;
  QTimer live_timer_;  // paces the live pictures
  QString live_run_;
  eval::AttentionTrial live_trial_;  // the latest training sample
  bool live_shown_ = true;
  ui::SweepView* sweep_view_ = nullptr;
  QMap<QString, qint64> sweep_pids_;  // the sweeps this window started, by directory
  QTimer sweep_timer_;
};

}  // namespace fovea::app
