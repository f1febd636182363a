#pragma once
#include <QHash>
#include <QMainWindow>

#include "widgets/theme.h"

class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QTabWidget;
class QToolButton;

namespace fovea::ui {
class CurveChart;
class StimulusDesigner;
class SurfaceView;
}  // namespace fovea::ui

namespace fovea::app {

class DemoJob;
struct DemoSnapshot;

// The workbench shell: a central tab area for documents, dockable views that capabilities plug
// in with addView(), a status bar with job progress, and persisted layout and theme. It wires
// actions to views and jobs; the views and the core own everything else.
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
  ui::SurfaceView* surfaceView() const { return surface_view_; }
  ui::CurveChart* trainingChart() const { return training_chart_; }
  ui::StimulusDesigner* designer() const { return designer_; }

  void setTheme(ui::Theme theme);
  ui::Theme theme() const { return theme_; }

  bool isJobRunning() const;

 public Q_SLOTS:
  void runDemo();
  void cancelJob();
  void showAbout();
  void openStimulus();
  void saveStimulus();
  void exportStimulus();

 Q_SIGNALS:
  void jobFinished(bool cancelled);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void createViews();
  void createMenus();
  void createStatusBar();
  void restoreSettings();
  void saveSettings() const;
  void onDemoProgress(const DemoSnapshot& snapshot);
  void onDemoFinished(double test_accuracy, double seconds, bool cancelled);
  void setJobUi(bool running);

  QTabWidget* documents_ = nullptr;
  QMenu* view_menu_ = nullptr;
  QHash<QString, QDockWidget*> docks_;
  ui::SurfaceView* surface_view_ = nullptr;
  ui::CurveChart* training_chart_ = nullptr;
  ui::StimulusDesigner* designer_ = nullptr;
  QLabel* status_text_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QToolButton* cancel_button_ = nullptr;
  QAction* run_demo_action_ = nullptr;
  DemoJob* demo_job_ = nullptr;
  ui::Theme theme_ = ui::Theme::Light;
};

}  // namespace fovea::app
