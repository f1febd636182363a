#pragma once
// What a trained run computes for a designed stimulus: one layer's maps, and one unit's
// receptive field on the canvas (its geometric squares, its gradient, the share of each glyph's
// ink inside). The stimulus is drawn with the run's retina. Not thread-safe: one caller at a
// time (it keeps the renderer of the last stimulus kind).
#include <memory>
#include <string>
#include <vector>

#include "core/eval/predictor.h"
#include "core/inspect/canvas_field.h"
#include "core/stimulus/stimulus_renderer.h"

namespace fovea::inspect {

class FeatureProbe {
 public:
  explicit FeatureProbe(std::shared_ptr<const eval::Predictor> predictor);
  ~FeatureProbe();

  // The layers a view may offer: every named output with maps on a grid (conv layers).
  std::vector<models::LayerInfo> mapLayers() const;

  // A recurrent run's steps under its own presentation, and the first blank step (the image is
  // shown before it); 0 and 0 for a feed-forward run.
  int steps() const;
  int imageOff() const;

  struct Maps {
    std::string layer;
    std::vector<std::int64_t> shape;  // one sample: [channels, h, w] or [scales, channels, h, w]
    std::vector<float> values;
    std::string refusal;        // why there are none
    int step = -1;              // the step shown (a recurrent run), else -1
    int first_image_step = -1;  // the first step at which the layer depends on the image
  };
  // `step` >= 0: a recurrent run's layer at that step (the unrolled outputs of the last stimulus
  // are kept, so that moving through the steps computes nothing new); -1: its last step.
  Maps maps(const stimulus::StimulusSpec& spec, const std::string& layer, int step = -1);

  struct Unit {
    int scale = 0;  // the output scale (eccentricity model), else 0
    int channel = 0;
    int row = 0;
    int col = 0;
  };
  struct Field {
    std::vector<CanvasRect> rects;  // geometric, one per crop pooled; empty without a field
    std::vector<float> heat;        // |gradient| on the canvas, heat_px x heat_px
    int heat_px = 0;
    double heat_max = 0;
    std::vector<double> ink_shares;  // per glyph, target first; empty off a black background
    std::string refusal;
  };
  // `heat_px`: the side the canvas-wide gradient is reduced to (area-averaged).
  Field field(const stimulus::StimulusSpec& spec, const std::string& layer, const Unit& unit,
              int heat_px = 480);

  const eval::Predictor& predictor() const { return *predictor_; }

 private:
  const stimulus::RenderedStimulus& render(const stimulus::StimulusSpec& spec);

  std::shared_ptr<const eval::Predictor> predictor_;
  std::unique_ptr<stimulus::StimulusRenderer> renderer_;
  std::string renderer_key_;
  stimulus::RenderedStimulus rendered_;
  std::vector<float> timed_input_;  // the input timed_ was unrolled for
  std::vector<eval::Predictor::TimedFeature> timed_;
};

}  // namespace fovea::inspect
