#pragma once
#include <QImage>
#include <QString>
#include <QWidget>
#include <vector>

#include "core/eval/crowding_grid.h"

class QGridLayout;
class QLabel;

namespace fovea::ui {

// A few trials of one crowding condition, one row each: the crops the model saw side by side
// (finest scale first), the target's digit and the model's answer, right answers in green and
// wrong ones in red. A view only: the app draws the trials off the GUI thread and hands them in.
class TrialGallery : public QWidget {
  Q_OBJECT

 public:
  explicit TrialGallery(QWidget* parent = nullptr);

  void setTitle(const QString& title);
  // Shown instead of trials (while they are drawn, or why they cannot be).
  void setMessage(const QString& message);
  // Labels and answers are shown by their names (the run's class names).
  void setTrials(const std::vector<eval::Trial>& trials,
                 const std::vector<std::string>& class_names);

  int trialCount() const { return static_cast<int>(captions_.size()); }
  QString caption(int trial) const;  // e.g. "digit 4, answered 6"
  QImage strip(int trial) const;     // the trial's crops side by side, 8-bit grey
  QString message() const;

 private:
  void clearRows();

  QLabel* title_;
  QLabel* message_;
  QGridLayout* rows_;
  std::vector<QString> captions_;
  std::vector<QImage> strips_;
  std::vector<QWidget*> row_widgets_;
};

}  // namespace fovea::ui
