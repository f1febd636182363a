#pragma once
// LibTorch: include only from translation units that already pay for <torch/torch.h>.
// ConvRNN weights in a tensor archive under the TF checkpoints' names and layouts
// (science-convrnn.md section 5; docs/formats.md).
#include <string>

#include "core/models/convrnn_net.h"
#include "core/util/tensor_archive.h"

namespace fovea::models::convrnn {

// Copies every tensor of the network from `archive`, converting TF layouts (HWIO convolutions,
// depthwise kernels, dense matrices, peepholes). Optimiser slots (*/Momentum), global_step and
// the fixed memory_decay of stateless nodes are skipped. InputError naming `source` and the
// tensor when one is missing, has another shape, or the archive holds names the network does
// not have (another cell type or width), listing a few.
void loadWeights(ConvRnnNetImpl& net, const TensorArchive& archive, const std::string& source);
// The network's tensors in TF names and layouts.
TensorArchive weightsArchive(const ConvRnnNetImpl& net);

}  // namespace fovea::models::convrnn
