#pragma once
// LibTorch: include only from translation units that already pay for <torch/torch.h>.
// The seven recurrent cells of the ConvRNNs (science-convrnn.md section 2), each with the
// original's equations, quirks and TF variable names.
#include <memory>
#include <string>
#include <vector>

#include "core/models/convrnn_ops.h"
#include "core/models/convrnn_spec.h"

namespace fovea::models::convrnn {

// What a cell reads at step t (every tensor [1 or B, C, H, W]; batch 1 is shared by all images).
struct CellInput {
  torch::Tensor x;         // the pre-memory convolution's output (after the node's activation)
  torch::Tensor layer_in;  // the harbor's feed-forward input (RGC reads it)
  torch::Tensor feedback;  // the harbor's feedback channels; undefined without feedback
};

struct CellOutput {
  torch::Tensor out;    // what the node passes on (before its pool)
  torch::Tensor state;  // what the cell reads at t + 1
};

class CellImpl : public torch::nn::Module {
 public:
  // `state` is the previous state, or the zero state of initialState().
  virtual CellOutput step(const CellInput& input, const torch::Tensor& state) = 0;
  // Zeros of the state's shape for one image.
  virtual torch::Tensor initialState(std::int64_t side, const torch::TensorOptions& options) const;
  virtual std::int64_t stateChannels() const = 0;
  // The cell's tensors under their TF names, `scope` being tnn_model/<node>.
  virtual void addSlots(std::vector<WeightSlot>& slots, const std::string& scope) const = 0;
};

// The cell a node of `spec` holds.
std::shared_ptr<CellImpl> makeCell(const ConvRnnSpec& spec, const ConvRnnNode& node);

}  // namespace fovea::models::convrnn
