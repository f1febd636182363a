#include "core/eval/step_counts.h"

#include "core/eval/predictor.h"

namespace fovea::eval {

void countOverTime(const Predictor& predictor, const std::vector<float>& inputs, int count,
                   const std::vector<std::int64_t>& labels, std::vector<StepCounts>& counts) {
  if (counts.empty()) {
    for (const auto& p : predictor.presentations()) {
      counts.push_back({p.name, std::vector<std::int64_t>(static_cast<std::size_t>(p.steps), 0)});
    }
  }
  for (auto& step_counts : counts) {
    const auto answers = predictor.answersOverTime(inputs, count, step_counts.presentation);
    for (std::size_t t = 0; t < answers.size() && t < step_counts.correct.size(); ++t) {
      for (std::size_t j = 0; j < static_cast<std::size_t>(count); ++j) {
        step_counts.correct[t] += answers[t][j] == labels[j] ? 1 : 0;
      }
    }
  }
}

}  // namespace fovea::eval
