#pragma once
#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <string>
#include <vector>

#include "core/report/figure_data.h"
#include "figures/figure_painter.h"

class QAction;
class QWidget;

namespace fovea::ui {

// A view's "Export…": an action that asks for formats, size, dpi, font size and a file (keeping
// the user's last choices), then writes the view's current figure with exportFigure (SVG, PDF,
// PNG, with its tidy CSV and provenance JSON). The view supplies the figure and its provenance
// when asked, so what is written is what is shown at that moment.
class FigureExporter : public QObject {
  Q_OBJECT

 public:
  FigureExporter(QWidget* view, std::function<report::FigureData()> figure,
                 std::function<report::Provenance()> provenance);

  QAction* action() const { return action_; }
  // The export without the dialog: the reason it failed, or an empty string; on success the
  // files are announced by `exported`.
  QString exportTo(const QString& stem, const FigureStyle& style,
                   const std::vector<std::string>& formats = {});
  const FigureStyle& style() const { return style_; }
  void setStyle(const FigureStyle& style) { style_ = style; }

 Q_SIGNALS:
  void exported(const QStringList& files);

 private:
  void ask();

  QWidget* view_;
  std::function<report::FigureData()> figure_;
  std::function<report::Provenance()> provenance_;
  QAction* action_;
  FigureStyle style_;
  std::vector<std::string> formats_ = {"svg", "pdf", "png"};
  QString stem_;
};

}  // namespace fovea::ui
