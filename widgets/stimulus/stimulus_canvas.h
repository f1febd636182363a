#pragma once
#include <QImage>
#include <QVector>
#include <QWidget>

#include "widgets/stimulus/stimulus_document.h"

namespace fovea::ui {

// The stimulus at its real pixel geometry, scaled to fit: black canvas, glyphs, a fixation mark,
// the crop boxes, and rulers in degrees of visual angle. The user drags glyphs with the mouse;
// the canvas reports where to (in canvas pixels) and leaves the meaning of a drag to its owner.
class StimulusCanvas : public QWidget {
  Q_OBJECT

 public:
  explicit StimulusCanvas(QWidget* parent = nullptr);

  void setSnapshot(const StimulusSnapshot& snapshot);
  void setShowCropBoxes(bool show);
  // A unit's receptive field drawn over the stimulus: squares in canvas pixels (finest first)
  // and a heat image covering the whole canvas; empty ones clear it.
  void setFieldOverlay(const QVector<QRectF>& squares, const QImage& heat);
  int fieldSquares() const { return static_cast<int>(field_squares_.size()); }

  // Conversions between widget and canvas coordinates at the current size.
  QPointF toCanvas(const QPointF& widget_point) const;
  QPointF toWidget(const QPointF& canvas_point) const;
  // The glyph under a widget point: 0 for the target, 1.. for flankers, -1 for none.
  int glyphAt(const QPointF& widget_point) const;

  // Paints the view (as on screen) with any painter, e.g. an SVG generator.
  void render(QPainter& painter, const QSize& size) const;

  QSize sizeHint() const override { return {640, 640}; }

 Q_SIGNALS:
  void glyphDragged(int glyph, QPointF canvas_point);
  void dragFinished();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  QRectF canvasRect(const QSize& size) const;
  void paintRulers(QPainter& painter, const QRectF& area) const;

  StimulusSnapshot snapshot_;
  bool show_crop_boxes_ = true;
  QVector<QRectF> field_squares_;
  QImage field_heat_;
  int dragging_ = -1;
  QPointF grab_offset_;  // from the glyph centre to where it was grabbed, in canvas pixels
};

}  // namespace fovea::ui
