#pragma once
#include <QWidget>

#include "core/inspect/kernel_presets.h"

namespace fovea::ui {

// One convolution kernel drawn as a grid of cells, blue below zero, red above, white at zero,
// with each weight written in its cell when there is room. Drawing: the left button paints the
// paint value into the cells it passes, shift with the left button its negative, the right
// button zero.
class KernelEditor : public QWidget {
  Q_OBJECT

 public:
  explicit KernelEditor(QWidget* parent = nullptr);

  void setKernel(const inspect::Kernel& kernel);
  const inspect::Kernel& kernel() const { return kernel_; }
  void setPaintValue(float value) { paint_value_ = value; }
  float paintValue() const { return paint_value_; }
  void setEditable(bool editable) { editable_ = editable; }

  // The cell under a widget point: (row, col), (-1, -1) outside the grid.
  std::pair<int, int> cellAt(const QPointF& point) const;
  QRectF cellRect(int row, int col) const;

  QSize sizeHint() const override { return {180, 180}; }
  QSize minimumSizeHint() const override { return {120, 120}; }
  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override { return width; }

 Q_SIGNALS:
  void kernelEdited(const fovea::inspect::Kernel& kernel);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;

 private:
  void paintAt(const QPointF& point, Qt::MouseButtons buttons, Qt::KeyboardModifiers modifiers);
  QRectF gridRect() const;

  inspect::Kernel kernel_ = inspect::blankKernel(3);
  float paint_value_ = 1.0f;
  bool editable_ = true;
};

}  // namespace fovea::ui
