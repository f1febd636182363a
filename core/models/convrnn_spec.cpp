#include "core/models/convrnn_spec.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <utility>

#include "core/util/errors.h"
#include "core/util/json_integer.h"

namespace fovea::models {
namespace {

template <typename Enum, std::size_t N>
Enum parseName(const std::array<std::pair<const char*, Enum>, N>& names, const std::string& text,
               const char* what) {
  std::string known;
  for (const auto& [name, value] : names) {
    if (text == name) return value;
    known += (known.empty() ? "" : ", ") + std::string(name);
  }
  throw InputError(std::string(what) + " '" + text + "' is unknown (known: " + known + ")");
}

template <typename Enum, std::size_t N>
std::string nameOf(const std::array<std::pair<const char*, Enum>, N>& names, Enum value) {
  for (const auto& [name, candidate] : names) {
    if (candidate == value) return name;
  }
  return "?";
}

constexpr std::array<std::pair<const char*, ConvRnnCell>, 7> kCells{{
    {"timedecay", ConvRnnCell::TimeDecay},
    {"simplernn", ConvRnnCell::SimpleRnn},
    {"gru", ConvRnnCell::Gru},
    {"lstm", ConvRnnCell::Lstm},
    {"intersectionrnn", ConvRnnCell::IntersectionRnn},
    {"ugrnn", ConvRnnCell::Ugrnn},
    {"rgc", ConvRnnCell::Rgc},
}};
constexpr std::array<std::pair<const char*, ConvRnnDepth>, 2> kDepths{{
    {"shallow", ConvRnnDepth::Shallow},
    {"intermediate", ConvRnnDepth::Intermediate},
}};
constexpr std::array<std::pair<const char*, ConvRnnPresentation>, 4> kPresentations{{
    {"default", ConvRnnPresentation::Default},
    {"constant", ConvRnnPresentation::Constant},
    {"neural", ConvRnnPresentation::Neural},
    {"image_off", ConvRnnPresentation::ImageOff},
}};
constexpr std::array<std::pair<const char*, ConvRnnReadout>, 3> kReadouts{{
    {"last", ConvRnnReadout::Last},
    {"max_conf", ConvRnnReadout::MaxConf},
    {"threshold", ConvRnnReadout::Threshold},
}};

int halfUp(int side) {
  return (side + 1) / 2;
}  // TF SAME at stride 2

double convMacs(int side, int kernel, int in, int out) {
  return static_cast<double>(side) * side * kernel * kernel * in * out;
}
long long convParams(int kernel, int in, int out, bool bias) {
  return static_cast<long long>(kernel) * kernel * in * out + (bias ? out : 0);
}

// The recurrent cell of a node: its parameters and one step's multiply-adds.
void addCell(const ConvRnnSpec& spec, ConvRnnNode& n) {
  const int x = n.pre_channels, c = n.out_channels, k = n.cell_kernel, s = n.side;
  long long p = 0;
  double m = 0;
  switch (spec.cell) {
    case ConvRnnCell::TimeDecay: p = 1; break;
    case ConvRnnCell::SimpleRnn:
      p = convParams(k, x, c, true) + convParams(k, c, c, true) + (n.layer_norm ? 2 * c : 0);
      m = convMacs(s, k, x, c) + convMacs(s, k, c, c);
      break;
    case ConvRnnCell::Gru:
      p = convParams(k, x + c, 2 * c, true) + convParams(k, x + c, c, true);
      m = convMacs(s, k, x + c, 3 * c);
      break;
    case ConvRnnCell::Lstm:
      p = convParams(k, x + c, 4 * c, true) + (n.layer_norm ? 5 * 2 * c : 0) +
          (n.peepholes ? 3LL * s * s * c : 0);
      m = convMacs(s, k, x + c, 4 * c);
      break;
    case ConvRnnCell::IntersectionRnn:
      p = convParams(k, x + c, 4 * c, true);
      m = convMacs(s, k, x + c, 4 * c);
      break;
    case ConvRnnCell::Ugrnn:
      p = convParams(k, x + c, 2 * c, true);
      m = convMacs(s, k, x + c, 2 * c);
      break;
    case ConvRnnCell::Rgc:
      if (spec.depth == ConvRnnDepth::Shallow) {
        // input_to_cell, the cell's tau and gate, the out's tau and gate: 3x3 without bias;
        // residual_to_out_gate reads the layer input.
        p = convParams(3, x, c, false) + 4 * convParams(3, c, c, false) +
            convParams(3, n.in_channels, c, false);
        m = convMacs(s, 3, x, c) + 4 * convMacs(s, 3, c, c) + convMacs(s, 3, n.in_channels, c);
      } else {
        const int d = n.cell_depth;
        auto separable = [&](int in, int out) {
          m += convMacs(s, 7, in, 1) + convMacs(s, 1, in, out);
          return 49LL * in + static_cast<long long>(in) * out + out;
        };
        p = convParams(2, x, d, true) + separable(d, d) + separable(c, d) +
            convParams(3, x, c, true) + separable(c, c) + separable(d, c);
        m += convMacs(s, 2, x, d) + convMacs(s, 3, x, c);
        if (n.in_channels != c) {
          p += convParams(1, n.in_channels, c, false);
          m += convMacs(s, 1, n.in_channels, c);
        }
        if (n.feedback_channels > 0) {
          p += convParams(1, n.feedback_channels, c, true);
          m += convMacs(s, 1, n.feedback_channels, c);
        }
      }
      break;
  }
  n.parameters += p;
  n.macs += m;
}

ConvRnnNode firstConv(const ConvRnnSpec& spec) {
  ConvRnnNode n;
  n.name = "conv1";
  n.in_channels = spec.in_channels;
  n.pre_channels = n.out_channels = spec.channels(64);
  n.in_side = spec.image_px;
  n.side = halfUp(spec.image_px);
  n.pre_kernel = 7;
  n.pre_stride = 2;
  n.pool = true;
  return n;
}

std::vector<ConvRnnNode> shallowNodes(const ConvRnnSpec& spec) {
  std::vector<ConvRnnNode> nodes{firstConv(spec)};
  ConvRnnNode conv2;
  conv2.name = "conv2";
  conv2.pre_channels = conv2.out_channels = spec.channels(128);
  conv2.pool = true;
  nodes.push_back(conv2);
  const bool narrow = spec.cell == ConvRnnCell::SimpleRnn || spec.cell == ConvRnnCell::Lstm;
  const std::array<int, 3> pre{256, 256, 512};
  const std::array<int, 3> out = narrow ? std::array<int, 3>{128, 256, 256} : pre;
  // lstm_shallow.npz: kernel, forget bias and peepholes per layer.
  const std::array<int, 3> lstm_kernel{2, 3, 4};
  const std::array<double, 3> lstm_forget{1.3562, 0.9780, 0.9249};
  for (int i = 0; i < 3; ++i) {
    ConvRnnNode n;
    n.name = "conv" + std::to_string(i + 3);
    n.pre_channels = spec.channels(pre[i]);
    n.out_channels = spec.channels(out[i]);
    n.pool = true;
    n.cell = true;
    if (spec.cell == ConvRnnCell::TimeDecay) n.out_channels = n.pre_channels;
    if (spec.cell == ConvRnnCell::Lstm) {
      n.cell_kernel = lstm_kernel[i];
      n.forget_bias = lstm_forget[i];
      n.peepholes = i == 1;
    }
    n.layer_norm = narrow;
    nodes.push_back(n);
  }
  ConvRnnNode readout;
  readout.name = "imnetds";
  readout.pre_kernel = 2;
  readout.pre_channels = readout.out_channels = spec.classes;
  nodes.push_back(readout);
  return nodes;
}

std::vector<ConvRnnNode> intermediateNodes(const ConvRnnSpec& spec) {
  std::vector<ConvRnnNode> nodes{firstConv(spec)};
  const bool rgc = spec.cell == ConvRnnCell::Rgc;
  const std::array<int, 9> plain{64, 64, 128, 128, 256, 256, 512, 512, 512};
  const std::array<int, 9> median{128, 128, 128, 128, 256, 256, 256, 512, 512};
  const std::array<bool, 9> pools{false, false, true, false, true, true, false, false, true};
  for (int i = 0; i < 9; ++i) {
    ConvRnnNode n;
    n.name = "conv" + std::to_string(i + 2);
    n.pre_channels = n.out_channels = spec.channels(rgc ? median[i] : plain[i]);
    n.pool = pools[i];
    n.cell = i >= 2;
    n.residual_block = !rgc;
    if (rgc && n.cell) n.cell_depth = spec.channels(64);
    nodes.push_back(n);
  }
  if (rgc) {
    // edges_5: the receiver's sources, sorted by name as the harbor concatenates them.
    const std::map<std::string, std::vector<std::string>> feedback{{"conv5", {"conv8"}},
                                                                   {"conv6", {"conv7", "conv9"}},
                                                                   {"conv7", {"conv10"}},
                                                                   {"conv9", {"conv10"}}};
    for (auto& n : nodes) {
      if (auto found = feedback.find(n.name); found != feedback.end()) n.feedback = found->second;
    }
  }
  ConvRnnNode readout;
  readout.name = "imnetds";
  readout.pre_kernel = 0;  // global average pool, then a fully connected layer
  readout.pre_channels = readout.out_channels = spec.classes;
  nodes.push_back(readout);
  return nodes;
}

// Sides, input channels, feedback widths, parameters and multiply-adds down the chain.
void completeNodes(const ConvRnnSpec& spec, std::vector<ConvRnnNode>& nodes) {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    auto& n = nodes[i];
    n.index = static_cast<int>(i);
    if (i > 0) {
      n.in_channels = nodes[i - 1].out_channels;
      n.in_side = nodes[i - 1].out_side;
      n.side = n.in_side;
    }
    if (n.name == "imnetds") {
      if (n.pre_kernel == 2) {
        if (n.in_side < 2) {
          throw InputError("convrnn: image_px = " + std::to_string(spec.image_px) +
                           " leaves conv5 a " + std::to_string(n.in_side) +
                           " px map; the shallow readout's 2x2 convolution needs at least 2 "
                           "(image_px of 65 or more)");
        }
        n.side = n.in_side - 1;
        n.parameters = convParams(2, n.in_channels, spec.classes, true);
        n.macs = convMacs(n.side, 2, n.in_channels, spec.classes);
      } else {
        n.parameters = static_cast<long long>(n.in_channels) * spec.classes + spec.classes;
        n.macs = static_cast<double>(n.in_channels) * spec.classes;
      }
      n.out_side = 1;
      continue;
    }
    n.out_side = n.pool ? halfUp(n.side) : n.side;
    n.parameters = convParams(n.pre_kernel, n.in_channels, n.pre_channels, true);
    n.macs = convMacs(n.side, n.pre_kernel, n.in_channels, n.pre_channels);
    if (n.residual_block) {
      n.parameters +=
          convParams(3, n.pre_channels, n.out_channels, true) +
          (n.in_channels != n.out_channels ? convParams(1, n.in_channels, n.out_channels, false)
                                           : 0);
      n.macs +=
          convMacs(n.side, 3, n.pre_channels, n.out_channels) +
          (n.in_channels != n.out_channels ? convMacs(n.side, 1, n.in_channels, n.out_channels)
                                           : 0);
    }
  }
  for (auto& n : nodes) {
    for (const auto& source : n.feedback) {
      for (const auto& other : nodes) {
        if (other.name == source) n.feedback_channels += other.out_channels;
      }
    }
    if (n.cell) addCell(spec, n);
  }
}

}  // namespace

std::string toString(ConvRnnCell cell) {
  return nameOf(kCells, cell);
}
std::string toString(ConvRnnDepth depth) {
  return nameOf(kDepths, depth);
}
std::string toString(ConvRnnPresentation presentation) {
  return nameOf(kPresentations, presentation);
}
std::string toString(ConvRnnReadout readout) {
  return nameOf(kReadouts, readout);
}
ConvRnnCell parseConvRnnCell(const std::string& text) {
  return parseName(kCells, text, "cell");
}
ConvRnnDepth parseConvRnnDepth(const std::string& text) {
  return parseName(kDepths, text, "depth");
}
ConvRnnPresentation parseConvRnnPresentation(const std::string& text) {
  return parseName(kPresentations, text, "presentation");
}
ConvRnnReadout parseConvRnnReadout(const std::string& text) {
  return parseName(kReadouts, text, "readout");
}

int ConvRnnSpec::channels(int full) const {
  return std::max(1, static_cast<int>(std::lround(full * width)));
}

void ConvRnnSpec::validate() const {
  auto fail = [](const std::string& message) { throw InputError("convrnn: " + message); };
  if (!(width > 0 && width <= 4)) fail("width = " + std::to_string(width) + " is not in (0, 4]");
  if (image_px < 16 || image_px > 1024) {
    fail("image_px = " + std::to_string(image_px) + " is not in [16, 1024]");
  }
  if (in_channels < 1 || in_channels > 4) {
    fail("in_channels = " + std::to_string(in_channels) + " is not in [1, 4]");
  }
  if (imagenet_norm && in_channels != 3 && in_channels != 1) {
    fail("imagenet normalisation needs 1 or 3 input channels");
  }
  if (times < 1 || times > 256) fail("times = " + std::to_string(times) + " is not in [1, 256]");
  if (image_off < 0 || image_off > times) {
    fail("image_off = " + std::to_string(image_off) +
         " is not in [0, times = " + std::to_string(times) + "]");
  }
  if (!(std::isfinite(beta) && beta > 0 && beta < 1e6)) {
    fail("beta = " + std::to_string(beta) + " is not a positive finite number");
  }
  if (!(threshold > 0 && threshold <= 1)) {
    fail("threshold = " + std::to_string(threshold) + " is not in (0, 1]");
  }
  if (!(pixel_offset >= -1 && pixel_offset <= 1)) {
    fail("pixel_offset = " + std::to_string(pixel_offset) + " is not in [-1, 1]");
  }
  if (!(ln_eps > 0 && ln_eps <= 1))
    fail("ln_eps = " + std::to_string(ln_eps) + " is not in (0, 1]");
  if (classes < 2 || classes > 100000) {
    fail("classes = " + std::to_string(classes) + " is not in [2, 100000]");
  }
  convRnnNodes(*this);  // the maps must not vanish
}

void resolvePresentation(ConvRnnSpec& spec, int times, int image_off) {
  const std::string mode = toString(spec.presentation);
  auto refuse = [&](bool given, const char* key) {
    if (given) {
      throw InputError("convrnn: presentation '" + mode + "' fixes its schedule; remove " + key);
    }
  };
  auto require = [&](int value, const char* key) {
    if (value <= 0) {
      throw InputError("convrnn: presentation '" + mode + "' needs " + key + " (a positive count)");
    }
  };
  switch (spec.presentation) {
    case ConvRnnPresentation::Default:
      refuse(times > 0, "times");
      refuse(image_off > 0, "image_off");
      spec.times = spec.depth == ConvRnnDepth::Shallow ? 16 : 17;
      spec.image_off = 12;
      break;
    case ConvRnnPresentation::Neural:
      refuse(times > 0, "times");
      refuse(image_off > 0, "image_off");
      spec.times = 26;
      spec.image_off = 10;
      break;
    case ConvRnnPresentation::Constant:
      require(times, "times");
      refuse(image_off > 0, "image_off");
      spec.times = spec.image_off = times;
      break;
    case ConvRnnPresentation::ImageOff:
      require(times, "times");
      require(image_off, "image_off");
      spec.times = times;
      spec.image_off = image_off;
      break;
  }
}

nlohmann::json toJson(const ConvRnnSpec& spec) {
  return {{"cell", toString(spec.cell)},
          {"depth", toString(spec.depth)},
          {"width", spec.width},
          {"image_px", spec.image_px},
          {"in_channels", spec.in_channels},
          {"imagenet_norm", spec.imagenet_norm},
          {"pixel_offset", spec.pixel_offset},
          {"presentation", toString(spec.presentation)},
          {"times", spec.times},
          {"image_off", spec.image_off},
          {"readout", toString(spec.readout)},
          {"beta", spec.beta},
          {"threshold", spec.threshold},
          {"classes", spec.classes},
          {"ln_eps", spec.ln_eps}};
}

ConvRnnSpec convRnnSpecFromJson(const nlohmann::json& json) {
  auto field = [&](const char* key) -> const nlohmann::json& {
    const auto found = json.find(key);
    if (found == json.end()) {
      throw InputError(std::string("convrnn spec: missing key '") + key + "'");
    }
    return *found;
  };
  ConvRnnSpec spec;
  try {
    spec.cell = parseConvRnnCell(field("cell").get<std::string>());
    spec.depth = parseConvRnnDepth(field("depth").get<std::string>());
    spec.width = field("width").get<double>();
    spec.image_px = jsonInteger<int>(field("image_px"));
    spec.in_channels = jsonInteger<int>(field("in_channels"));
    spec.imagenet_norm = field("imagenet_norm").get<bool>();
    spec.presentation = parseConvRnnPresentation(field("presentation").get<std::string>());
    spec.times = jsonInteger<int>(field("times"));
    spec.image_off = jsonInteger<int>(field("image_off"));
    spec.readout = parseConvRnnReadout(field("readout").get<std::string>());
    spec.beta = field("beta").get<double>();
    spec.threshold = field("threshold").get<double>();
    spec.classes = jsonInteger<int>(field("classes"));
    spec.ln_eps = json.value("ln_eps", 1e-12);
    spec.pixel_offset = json.value("pixel_offset", 0.0);
  } catch (const nlohmann::json::exception& error) {
    throw InputError(std::string("convrnn spec: malformed value: ") + error.what());
  }
  spec.validate();
  return spec;
}

std::vector<ConvRnnNode> convRnnNodes(const ConvRnnSpec& spec) {
  auto nodes = spec.depth == ConvRnnDepth::Shallow ? shallowNodes(spec) : intermediateNodes(spec);
  completeNodes(spec, nodes);
  return nodes;
}

long long convRnnParameters(const ConvRnnSpec& spec) {
  long long total = spec.readout == ConvRnnReadout::MaxConf ? 1 : 0;
  for (const auto& node : convRnnNodes(spec)) total += node.parameters;
  return total;
}

double convRnnMacs(const ConvRnnSpec& spec) {
  double per_step = 0;
  for (const auto& node : convRnnNodes(spec)) per_step += node.macs;
  return per_step * spec.times;
}

}  // namespace fovea::models
