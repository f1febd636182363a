#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/models/input_spec.h"
#include "core/models/layer_info.h"
#include "core/models/time_schedule.h"
#include "core/stimulus/stimulus_spec.h"

namespace fovea::eval {

// A trained network of any family, loaded from its checkpoint alone, answering for inputs of
// the shape it declares. Torch stays behind this header, so views can hold one.
class Predictor {
 public:
  explicit Predictor(const std::filesystem::path& checkpoint, const std::string& device = "cpu");
  ~Predictor();
  Predictor(const Predictor&) = delete;
  Predictor& operator=(const Predictor&) = delete;

  const std::string& family() const;
  const models::InputSpec& input() const;
  const std::vector<std::string>& classNames() const;
  int classes() const { return static_cast<int>(classNames().size()); }
  // The stimulus the run was trained on (its retina decides the crops the network expects).
  const stimulus::StimulusSpec& stimulus() const;
  const std::string& run() const;
  std::int64_t step() const;
  // The run's task gives pixels as v / 255 - pixelOffset(): 0.5 for the crowding task's crops
  // (and a ConvRNN trained on them), 0 for the attention task's images.
  double pixelOffset() const;

  // `count` inputs of input().values() floats each; class probabilities per input.
  std::vector<std::vector<float>> probabilities(const std::vector<float>& inputs, int count) const;
  // The arg-max class per input (cheaper: no softmax).
  std::vector<int> answers(const std::vector<float>& inputs, int count) const;

  // The network's named intermediate outputs for `count` inputs: shape and values of each.
  struct Feature {
    std::string name;
    std::vector<std::int64_t> shape;
    std::vector<float> values;
  };
  // `only`: just these names (the network still computes them all).
  std::vector<Feature> features(const std::vector<float>& inputs, int count,
                                const std::vector<std::string>& only = {}) const;
  // One named output, computing no more of the network than it needs; InputError naming the
  // layer and the known ones when the network has no such output.
  Feature feature(const std::vector<float>& inputs, int count, const std::string& layer) const;
  // The gradient of one unit of `layer` (its flat index within one sample's output) with
  // respect to one input: the unit's empirical receptive field, input().values() floats.
  std::vector<float> unitGradient(const std::vector<float>& input, const std::string& layer,
                                  std::int64_t unit) const;

  // A recurrent network's schedules (models::Presentation), its own first; a feed-forward
  // network has none.
  using Presentation = models::Presentation;
  std::vector<Presentation> presentations() const;
  // The arg-max class at every step under one of presentations(): [step][input]. InputError
  // naming the presentation when the network has no such schedule.
  std::vector<std::vector<int>> answersOverTime(const std::vector<float>& inputs, int count,
                                                const std::string& presentation) const;
  // Class probabilities at every step under one of presentations(): [step][input][class].
  std::vector<std::vector<std::vector<float>>> probabilitiesOverTime(
      const std::vector<float>& inputs, int count, const std::string& presentation) const;
  // The first step a recurrent network's readout considers (its logits' first image-driven
  // step plus one, as the original returns them); 0 for a feed-forward network.
  int readoutStart() const;
  // The network's own readout constants (1 and 0.9 for a feed-forward one).
  using Readout = models::ReadoutConstants;
  Readout readout() const;
  // Every layer at every step under the network's own schedule, the logits last.
  struct TimedFeature {
    std::string name;
    int first_image_step = 0;  // the first step whose output depends on the image
    int returned_from = 0;     // the first step the original model returns
    std::vector<Feature> steps;
  };
  std::vector<TimedFeature> featuresOverTime(const std::vector<float>& inputs, int count) const;

  // The family's layer table for this network (empty when the family does not describe it),
  // and the parameters the built network really has.
  const std::vector<models::LayerInfo>& layers() const;
  long long parameterCount() const;
  // The weights of the network's first convolution ([out, in, kh, kw]: its first four-dimensional
  // parameter in registration order), named by its parameter path; InputError when there is none.
  Feature firstConvolution() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fovea::eval
