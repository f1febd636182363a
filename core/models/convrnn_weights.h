#pragma once
// LibTorch: include only from translation units that already pay for <torch/torch.h>.
// ConvRNN weights in a tensor archive under the TF checkpoints' names and layouts
// (science-convrnn.md section 5; docs/formats.md).
#include <optional>
#include <string>

#include "core/models/convrnn_net.h"
#include "core/util/tensor_archive.h"

namespace fovea::models::convrnn {

// Copies every tensor of the network from `archive`, converting TF layouts (HWIO convolutions,
// depthwise kernels, dense matrices, peepholes). Optimiser slots (*/Momentum), global_step, the
// fixed memory_decay of stateless nodes and other decoders' softmax_beta are skipped; the
// readout's beta and threshold are not loaded here but through the spec (storedReadout). InputError
// naming `source` and the tensor when one is missing, has another shape, or the archive holds names
// the network does not have (another cell type or width), listing a few.
void loadWeights(ConvRnnNetImpl& net, const TensorArchive& archive, const std::string& source);
// The network's tensors in TF names and layouts, the readout's beta and threshold among them.
TensorArchive weightsArchive(const ConvRnnNetImpl& net);

// The readout constants a checkpoint may store: the max-confidence softmax's beta
// (tnn_model/normalize/softmax_beta) and the threshold (tnn_model/decoder_threshold). Stored
// ones override the defaults (science-convrnn.md section 3). InputError naming `source` and the
// tensor when one is not a single value in the readout's range.
struct StoredReadout {
  std::optional<double> beta;
  std::optional<double> threshold;
};
StoredReadout storedReadout(const TensorArchive& archive, const std::string& source);

}  // namespace fovea::models::convrnn
