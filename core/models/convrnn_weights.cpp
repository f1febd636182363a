#include "core/models/convrnn_weights.h"

#include <cmath>
#include <set>

#include "core/util/errors.h"

namespace fovea::models::convrnn {
namespace {

std::string shapeText(const std::vector<std::int64_t>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

bool endsWith(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() &&
         text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

constexpr const char* kBetaName = "tnn_model/normalize/softmax_beta";
constexpr const char* kThresholdName = "tnn_model/decoder_threshold";

// Names a checkpoint holds that no network tensor takes. Other decoders' softmax_beta belong to
// readouts this network does not have.
bool skipped(const std::string& name, const std::set<std::string>& taken) {
  return name == "global_step" || endsWith(name, "/Momentum") ||
         (endsWith(name, "/memory_decay") && !taken.count(name)) || endsWith(name, "/softmax_beta");
}

// The readout constants reach the network through its spec (storedReadout), where a key the
// user gave wins over the archive's value.
bool readoutConstant(const std::string& name) {
  return name == kBetaName || name == kThresholdName;
}

}  // namespace

void loadWeights(ConvRnnNetImpl& net, const TensorArchive& archive, const std::string& source) {
  const auto slots = net.weightSlots();
  std::set<std::string> taken;
  for (const auto& slot : slots) taken.insert(slot.name);
  std::vector<std::string> unknown;
  for (const auto& [name, tensor] : archive) {
    if (!taken.count(name) && !skipped(name, taken)) unknown.push_back(name);
  }
  if (!unknown.empty()) {
    std::string list;
    for (std::size_t i = 0; i < std::min<std::size_t>(unknown.size(), 4); ++i) {
      list += (i ? ", " : "") + unknown[i];
    }
    throw InputError(source + ": " + std::to_string(unknown.size()) + " tensors that this " +
                     toString(net.spec().cell) + "_" + toString(net.spec().depth) +
                     " network does not have (" + list + (unknown.size() > 4 ? ", ..." : "") +
                     "); is it another cell type, depth or width?");
  }
  torch::NoGradGuard no_grad;
  for (const auto& slot : slots) {
    if (readoutConstant(slot.name)) continue;
    const auto found = archive.find(slot.name);
    if (found == archive.end()) {
      if (slot.optional) continue;
      throw InputError(source + ": no tensor '" + slot.name + "'");
    }
    const auto expected = tfShape(slot);
    const bool same_count =
        static_cast<std::int64_t>(found->second.values.size()) == slot.tensor.numel();
    // Scalars and vectors may be stored as [] or [1].
    if (found->second.shape != expected && !(slot.layout == Layout::Plain && same_count)) {
      throw InputError(source + ": tensor '" + slot.name + "' has shape " +
                       shapeText(found->second.shape) + ", the network expects " +
                       shapeText(expected));
    }
    auto values = torch::from_blob(const_cast<float*>(found->second.values.data()),
                                   found->second.shape, torch::kFloat32);
    auto converted = fromTf(values, slot.layout);
    auto target = slot.tensor;
    target.copy_(converted.view(target.sizes()));
  }
}

TensorArchive weightsArchive(const ConvRnnNetImpl& net) {
  TensorArchive archive;
  for (const auto& slot : net.weightSlots()) {
    const auto tf = toTf(slot.tensor.detach().to(torch::kCPU, torch::kFloat32), slot.layout);
    ArchiveTensor tensor;
    tensor.shape = tf.sizes().vec();
    tensor.values.assign(tf.data_ptr<float>(), tf.data_ptr<float>() + tf.numel());
    archive[slot.name] = std::move(tensor);
  }
  return archive;
}

StoredReadout storedReadout(const TensorArchive& archive, const std::string& source) {
  auto value = [&](const char* name, double low, double high) -> std::optional<double> {
    const auto found = archive.find(name);
    if (found == archive.end()) return std::nullopt;
    const auto& values = found->second.values;
    const double v = values.size() == 1 ? values[0] : std::nan("");
    if (!(v > low && v <= high)) {
      throw InputError(
          source + ": tensor '" + name + "' should hold one value in (" + std::to_string(low) +
          ", " + std::to_string(high) + "], it holds " +
          (values.size() == 1 ? std::to_string(v) : std::to_string(values.size()) + " values"));
    }
    return v;
  };
  return {value(kBetaName, 0, 999999), value(kThresholdName, 0, 1)};
}

}  // namespace fovea::models::convrnn
