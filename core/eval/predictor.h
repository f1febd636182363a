#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/models/model_spec.h"
#include "core/retina/multiscale.h"
#include "core/stimulus/stimulus_spec.h"

namespace fovea::eval {

// A trained network, loaded from its checkpoint alone, answering for network inputs. Torch
// stays behind this header, so views (the designer's model answer) can hold one.
class Predictor {
 public:
  explicit Predictor(const std::filesystem::path& checkpoint, const std::string& device = "cpu");
  ~Predictor();
  Predictor(const Predictor&) = delete;
  Predictor& operator=(const Predictor&) = delete;

  const models::ModelSpec& net() const;
  // The stimulus the run was trained on (its retina decides the crops the network expects).
  const stimulus::StimulusSpec& stimulus() const;
  const std::string& run() const;
  std::int64_t step() const;

  // `count` inputs of scales x side x side floats each; class probabilities per input.
  std::vector<std::vector<float>> probabilities(const std::vector<float>& inputs, int count) const;
  // The arg-max class per input (cheaper: no softmax).
  std::vector<int> answers(const std::vector<float>& inputs, int count) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fovea::eval
