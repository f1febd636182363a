#pragma once
// Torch-free: the ConvRNNs of Nayebi et al. (science-convrnn.md) as a resolved spec and the node
// table every other part of the family reads (shapes, parameters, when a layer sees the image).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace fovea::models {

enum class ConvRnnCell { TimeDecay, SimpleRnn, Gru, Lstm, IntersectionRnn, Ugrnn, Rgc };
enum class ConvRnnDepth { Shallow, Intermediate };
// How frames are shown (section 3): the image for steps t < image_off, then the blank 0.5.
enum class ConvRnnPresentation { Default, Constant, Neural, ImageOff };
enum class ConvRnnReadout { Last, MaxConf, Threshold };

std::string toString(ConvRnnCell cell);
std::string toString(ConvRnnDepth depth);
std::string toString(ConvRnnPresentation presentation);
std::string toString(ConvRnnReadout readout);
// InputError naming the text and the known values.
ConvRnnCell parseConvRnnCell(const std::string& text);
ConvRnnDepth parseConvRnnDepth(const std::string& text);
ConvRnnPresentation parseConvRnnPresentation(const std::string& text);
ConvRnnReadout parseConvRnnReadout(const std::string& text);

struct ConvRnnSpec {
  ConvRnnCell cell = ConvRnnCell::Gru;
  ConvRnnDepth depth = ConvRnnDepth::Shallow;
  double width = 1.0;  // every channel count times this (at least one channel)
  int image_px = 224;
  int in_channels = 3;
  bool imagenet_norm = true;  // (x - ImageNet mean) / std before the frames are made
  double pixel_offset = 0;    // added to the input first: the task's pixels to [0, 1]
  ConvRnnPresentation presentation = ConvRnnPresentation::Default;
  int times = 16;      // steps T
  int image_off = 12;  // first blank step (== times: never off)
  ConvRnnReadout readout = ConvRnnReadout::Last;
  double beta = 1.0;       // max-confidence softmax inverse temperature
  double threshold = 0.9;  // the threshold readout's probability
  int classes = 1000;
  // Layer norm's epsilon (simplernn, lstm): TF's 1e-12 for parity with the checkpoints. A
  // network trained from zero states sees maps of zero variance at its first steps, whose
  // gradient 1e-12 turns into overflow; training from scratch wants a larger one.
  double ln_eps = 1e-12;

  // Channels of a full-width layer at this width.
  int channels(int full) const;
  // The frame of step t is the image (true) or the blank.
  bool imageAt(int t) const { return t < image_off; }
  void validate() const;  // InputError naming the key
};

// Fills times and image_off from the presentation as set_imagepres does; `times` / `image_off`
// are the user's values (0: not given). InputError when the mode refuses or needs them.
void resolvePresentation(ConvRnnSpec& spec, int times, int image_off);

nlohmann::json toJson(const ConvRnnSpec& spec);
ConvRnnSpec convRnnSpecFromJson(const nlohmann::json& json);  // InputError naming the key

// One node of the unrolled graph (section 1): harbor -> pre-memory conv -> memory -> post.
struct ConvRnnNode {
  std::string name;      // conv1 ... convN, imnetds
  int index = 0;         // 0-based position; the image first reaches it at step `index`
  int in_channels = 0;   // the feed-forward input
  int pre_channels = 0;  // the pre-memory convolution's output
  int out_channels = 0;  // what the node emits (the cell output for cell layers)
  int in_side = 0;       // the feed-forward input's side
  int side = 0;          // the side the memory works at
  int out_side = 0;      // after the pool
  int pre_kernel = 3;
  int pre_stride = 1;
  bool pool = false;
  bool cell = false;  // a recurrent cell (otherwise identity memory: stateless)
  int cell_kernel = 3;
  double forget_bias = 1.0;           // LSTM
  bool peepholes = false;             // LSTM
  bool layer_norm = false;            // simplernn, LSTM
  int cell_depth = 0;                 // median RGC: the c state's channels
  bool residual_block = false;        // intermediate non-RGC: post conv + residual
  std::vector<std::string> feedback;  // long-range sources, sorted by name
  int feedback_channels = 0;
  long long parameters = 0;  // trainable, this node's own
  double macs = 0;           // multiply-adds of one step for one image
  // The first step whose output depends on the image is `index`; the original returns a
  // layer's outputs from index + 1 (start = l for conv_l).
  int returnedFrom() const { return index + 1; }
};

std::vector<ConvRnnNode> convRnnNodes(const ConvRnnSpec& spec);  // InputError if maps vanish
long long convRnnParameters(const ConvRnnSpec& spec);            // nodes plus a learned beta
// Forward multiply-adds of one image over all T steps, every node at every step.
double convRnnMacs(const ConvRnnSpec& spec);

}  // namespace fovea::models
