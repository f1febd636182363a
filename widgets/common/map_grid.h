#pragma once
#include <QWidget>
#include <cstdint>
#include <vector>

namespace fovea::ui {

// A stack of 2-D maps (channels x height x width floats) drawn as a grid of tiles in a viridis
// ramp, with one colour scale for all maps or one per map, a colour bar, and whole-pixel zoom.
// It reports the map pixel under the cursor; it knows nothing of where the maps came from.
class MapGrid : public QWidget {
  Q_OBJECT

 public:
  explicit MapGrid(QWidget* parent = nullptr);

  void setMaps(std::vector<float> values, std::int64_t channels, std::int64_t height,
               std::int64_t width);
  void clear();
  // Shared: one scale from the stack's minimum to its maximum; else each map its own.
  void setSharedScale(bool shared);
  // Screen pixels per map pixel; 0 fits the widget.
  void setZoom(int zoom);
  // Draws a ring around this map pixel (-1: none).
  void setMarked(int channel, int row, int col);

  std::int64_t channels() const { return channels_; }
  int zoom() const { return zoom_; }
  bool sharedScale() const { return shared_; }
  // The colour scale's range for map `channel` (the shared one when shared).
  std::pair<float, float> range(int channel) const;
  // The map pixel at a widget point: (channel, row, col), channel -1 outside every tile.
  std::tuple<int, int, int> mapPixelAt(const QPointF& point) const;
  // The tile of map `channel` in widget coordinates.
  QRectF tileRect(int channel) const;

  QSize sizeHint() const override { return {300, 260}; }
  QSize minimumSizeHint() const override { return {160, 160}; }

 Q_SIGNALS:
  void hovered(int channel, int row, int col);
  void clicked(int channel, int row, int col);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;

 private:
  void layoutTiles();
  QImage tileImage(int channel) const;

  std::vector<float> values_;
  std::int64_t channels_ = 0, height_ = 0, width_ = 0;
  bool shared_ = true;
  int zoom_ = 0;
  int columns_ = 1;
  double scale_ = 1;  // screen pixels per map pixel, as laid out
  int marked_channel_ = -1, marked_row_ = 0, marked_col_ = 0;
  std::vector<std::pair<float, float>> ranges_;  // per map
  std::pair<float, float> shared_range_{0, 1};
};

}  // namespace fovea::ui
