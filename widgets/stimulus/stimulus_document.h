#pragma once
#include <QImage>
#include <QObject>
#include <QString>
#include <QUndoStack>
#include <memory>
#include <vector>

#include "core/retina/multiscale.h"
#include "core/stimulus/stimulus_renderer.h"
#include "core/stimulus/stimulus_spec.h"

namespace fovea::ui {

// What the designer views show after an edit: immutable, plain data.
struct StimulusSnapshot {
  stimulus::StimulusSpec spec;
  std::vector<stimulus::GlyphBox> boxes;  // target first
  std::vector<retina::CropBox> crop_boxes;
  QImage canvas_window;  // the glyph window (black background) or the full canvas (photo)
  QRect canvas_window_rect;
  std::vector<QImage> crops;
  cv::Mat field_view;  // the whole canvas at 128 x 128, 8-bit: what the log-polar retina sees
  int target_label = -1;
  double render_ms = 0;
};

// The stimulus being designed: a spec, its rendering, and the undo history of its edits. Every
// change goes through propose(), which refuses impossible specs (the reason is returned and
// nothing changes), so the views can never show an invalid stimulus.
class StimulusDocument : public QObject {
  Q_OBJECT

 public:
  explicit StimulusDocument(QObject* parent = nullptr);
  ~StimulusDocument() override;

  const stimulus::StimulusSpec& spec() const { return spec_; }
  const StimulusSnapshot& snapshot() const { return snapshot_; }
  QUndoStack* undoStack() { return &undo_; }

  // Applies `candidate` as one undoable edit. Edits with the same non-negative merge_id in a
  // row (a drag) collapse into one undo step. Returns an empty string, or why it was refused.
  QString propose(const stimulus::StimulusSpec& candidate, const QString& description,
                  int merge_id = -1);
  // Ends a run of merged edits, so the next drag is its own undo step.
  void endMerge();

  // Files: TOML specs as in experiments/stimuli. Errors are returned, not thrown.
  QString load(const QString& path);
  QString save(const QString& path) const;
  QString exportCanvasPng(const QString& path) const;
  QString exportCropsPng(const QString& path) const;

  // Called by the undo commands: sets the spec without recording it.
  void apply(const stimulus::StimulusSpec& spec);

 Q_SIGNALS:
  void changed(const fovea::ui::StimulusSnapshot& snapshot);

 private:
  // Renders `spec`; throws InputError for an impossible one.
  StimulusSnapshot render(const stimulus::StimulusSpec& spec);

  stimulus::StimulusSpec spec_;
  StimulusSnapshot snapshot_;
  QUndoStack undo_;
  std::unique_ptr<stimulus::StimulusRenderer> renderer_;
  int merge_generation_ = 0;
};

}  // namespace fovea::ui
