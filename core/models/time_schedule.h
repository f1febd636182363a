#pragma once
// Torch-free: how a recurrent network is shown an image and how it picks the step it answers
// at, shared by the networks and the views that drive them.
#include <string>

namespace fovea::models {

// The image at steps t < image_off, then a blank, for `steps` steps.
struct Presentation {
  std::string name;
  int steps = 0;
  int image_off = 0;
};

// The max-confidence readout's softmax inverse temperature and the threshold readout's
// probability.
struct ReadoutConstants {
  double beta = 1.0;
  double threshold = 0.9;
};

}  // namespace fovea::models
