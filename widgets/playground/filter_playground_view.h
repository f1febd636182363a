#pragma once
#include <QImage>
#include <QWidget>
#include <vector>

#include "core/inspect/filter_playground.h"
#include "core/report/figure_data.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;
class QDoubleSpinBox;
class QFormLayout;

namespace fovea::ui {

class FigureExporter;
class KernelEditor;
class MapGrid;
class PixelImageView;

// The basics of convolution, live: a grey image (the designer's stimulus) filtered by a bank of
// kernels (drawn by hand, a preset, or a trained run's first layer) with a chosen stride and
// padding, optionally rectified and pooled. The input, the kernel being edited, the maps and the
// pooled maps are shown side by side, with the output-size formula worked out for these numbers.
// The computation is core's applyFilters; this view only collects settings and shows results.
class FilterPlaygroundView : public QWidget {
  Q_OBJECT

 public:
  explicit FilterPlaygroundView(QWidget* parent = nullptr);

  // The image to filter (converted to grey, its longer side scaled to the input size).
  void setImage(const QImage& image);
  // A run's first layer as an extra bank (replacing the previous run's); an empty bank removes it.
  void setTrainedBank(const inspect::KernelBank& bank);
  // Chooses a bank by name ("Drawn", "Edges", ...); false when there is none.
  bool setBank(const QString& name);
  void setSettings(const inspect::FilterSettings& settings);
  void setInputSide(int side);
  // The kernel of the current bank shown in the editor (clicking a map picks its kernel too).
  void selectKernel(int index);

  QString bank() const;
  inspect::FilterSettings settings() const;
  const inspect::Plane& input() const { return input_; }
  const std::vector<inspect::Kernel>& kernels() const;
  const inspect::FilterResult& result() const { return result_; }
  QString formula() const;
  QString message() const;
  double lastComputeMs() const { return compute_ms_; }
  KernelEditor* editor() const { return editor_; }
  MapGrid* maps() const { return maps_; }
  MapGrid* pooledMaps() const { return pooled_; }
  PixelImageView* inputView() const { return input_view_; }
  QStringList bankNames() const;

  // The maps (pooled ones when pooling) as a figure, for export, and its settings and kernels.
  report::FigureData figure() const;
  report::Provenance provenance() const;
  FigureExporter* exporter() const { return exporter_; }

 Q_SIGNALS:
  void computed();

 private:
  QFormLayout* buildSettings();
  void buildControls();
  void connectControls();
  void scheduleCompute();
  void compute();
  void showInput();
  void onBankChosen();
  void refreshFormula();

  QComboBox* bank_;
  QSpinBox* kernel_size_;
  QDoubleSpinBox* paint_value_;
  QSpinBox* stride_;
  QComboBox* padding_;
  QCheckBox* relu_;
  QComboBox* pooling_;
  QSpinBox* pool_size_;
  QSpinBox* input_side_;
  PixelImageView* input_view_;
  QLabel* kernel_title_;
  KernelEditor* editor_;
  QLabel* formula_;
  QLabel* message_;
  QLabel* maps_title_;
  QLabel* pooled_title_;
  MapGrid* maps_;
  MapGrid* pooled_;
  FigureExporter* exporter_;

  QImage source_;
  inspect::Plane input_;
  std::vector<inspect::KernelBank> banks_;  // "Drawn" first, then the presets, then a run's
  int selected_kernel_ = 0;
  inspect::FilterResult result_;
  bool compute_pending_ = false;
  double compute_ms_ = 0;
};

}  // namespace fovea::ui
