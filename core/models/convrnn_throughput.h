#pragma once
// Torch-free: how fast a ConvRNN unrolls, with Fovea's unrolling and with the direct one (every
// node at every step for the whole batch), timed in the same process on the same threads.
#include <string>

namespace fovea::models {

struct ConvRnnThroughput {
  double images_per_s = 0;         // median over the repeats
  double direct_images_per_s = 0;  // every node at every step, batch-wide
  double gflop_per_image = 0;      // the direct unrolling's forward cost
  int times = 0;
  int node_steps = 0;         // node steps computed for the whole batch
  int shared_node_steps = 0;  // computed once for all images (before the image, blanks)
  int direct_node_steps = 0;
};

// Inference of `<cell>_shallow` at `width`, on `image_px` RGB images, default presentation
// (T = 16), 1000 classes, `batch` images, `repeats` timed runs after one warm-up.
ConvRnnThroughput measureConvRnnForward(const std::string& cell, double width, int image_px,
                                        int batch, int repeats);

}  // namespace fovea::models
