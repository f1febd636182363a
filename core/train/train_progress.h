#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace fovea::train {

// One training step as reported to listeners (the CLI's log line, the GUI's monitor): plain
// numbers and images, safe to copy across threads.
struct TrainProgress {
  std::string run;
  std::int64_t step = 0;  // steps done
  std::int64_t total_steps = 0;
  std::int64_t images = 0;  // images seen
  double wall_s = 0;        // training time, summed over resumed sessions
  double loss = 0;          // of this step's batch
  double accuracy = 0;      // of this step's batch
  double learning_rate = 0;
  double images_per_s = 0;
  double seconds_left = 0;  // estimate at the current speed
  // The first sample of the batch: its crops (8-bit, finest scale first), label and the
  // model's answer; empty on steps that do not carry a sample.
  std::vector<cv::Mat> sample_crops;
  int sample_label = -1;
  int sample_answer = -1;
  std::string sample_label_name;  // the classes' names, e.g. "4"
  std::string sample_answer_name;
  // The network's small named outputs for that sample (a transformer's "theta" and "glimpse",
  // the "logits"), for views that draw what the model did with it.
  struct Feature {
    std::string name;
    std::vector<std::int64_t> shape;  // without the batch dimension
    std::vector<float> values;
  };
  std::vector<Feature> sample_features;
};

}  // namespace fovea::train
