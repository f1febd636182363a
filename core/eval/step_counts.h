#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace fovea::eval {

class Predictor;

// A recurrent network's correct answers at every step of one presentation, over a cell's images.
struct StepCounts {
  std::string presentation;
  std::vector<std::int64_t> correct;  // per step
};

// Adds the correct answers of `count` inputs at every step of each presentation the predictor
// knows (its own first); does nothing for a feed-forward network.
void countOverTime(const Predictor& predictor, const std::vector<float>& inputs, int count,
                   const std::vector<std::int64_t>& labels, std::vector<StepCounts>& counts);

}  // namespace fovea::eval
