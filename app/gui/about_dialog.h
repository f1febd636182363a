#pragma once
#include <QDialog>
#include <QList>
#include <QPair>

namespace fovea::app {

// Name and version of Fovea and of every library it runs on (Qt, LibTorch, OpenCV, VTK, ...).
QList<QPair<QString, QString>> componentVersions();

class AboutDialog : public QDialog {
  Q_OBJECT

 public:
  explicit AboutDialog(QWidget* parent = nullptr);
};

}  // namespace fovea::app
