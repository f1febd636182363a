#include "core/data/idx_file.h"

#include "core/util/errors.h"
#include "core/util/file_bytes.h"

namespace fovea::data {
namespace {

// Every element is a byte: no IDX file Fovea reads holds more than the file-size cap.
constexpr std::uint64_t kMaxIdxElements = kMaxFileBytes;

std::uint32_t bigEndian32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

}  // namespace

IdxArray readIdx(const std::filesystem::path& path) {
  return parseIdx(readFileBytes(path), path.string());
}

IdxArray parseIdx(const std::vector<std::uint8_t>& bytes, const std::string& name) {
  if (bytes.size() < 4) throw InputError(name + ": too short to be an IDX file");
  if (bytes[0] != 0 || bytes[1] != 0) throw InputError(name + ": not an IDX file (bad magic)");
  if (bytes[2] != 0x08) {
    throw InputError(name + ": IDX element type 0x" + std::to_string(bytes[2]) +
                     " is not unsigned byte (0x08)");
  }
  const int rank = bytes[3];
  if (rank < 1 || rank > 4)
    throw InputError(name + ": IDX rank " + std::to_string(rank) + " not supported");
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(rank);
  if (bytes.size() < header) throw InputError(name + ": truncated IDX header");
  IdxArray array;
  std::uint64_t count = 1;
  for (int d = 0; d < rank; ++d) {
    const std::uint32_t size = bigEndian32(bytes.data() + 4 + 4 * d);
    if (size == 0 || size > (1u << 28)) {
      throw InputError(name + ": implausible IDX dimension " + std::to_string(size));
    }
    array.dims.push_back(static_cast<int>(size));
    // Checked before multiplying: dimensions whose product wraps around 2^64 would pass the
    // size check below as a small number.
    if (count > kMaxIdxElements / size) {
      throw InputError(name + ": IDX dimensions hold more than " + std::to_string(kMaxIdxElements) +
                       " elements");
    }
    count *= size;
  }
  if (bytes.size() - header < count) {
    throw InputError(name + ": truncated IDX data (" + std::to_string(bytes.size() - header) +
                     " bytes, " + std::to_string(count) + " expected)");
  }
  if (bytes.size() - header > count) {
    throw InputError(name + ": " + std::to_string(bytes.size() - header - count) +
                     " unexpected bytes after the IDX data");
  }
  array.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end());
  return array;
}

GlyphSet loadIdxGlyphs(const std::filesystem::path& images, const std::filesystem::path& labels) {
  const IdxArray pixels = readIdx(images);
  const IdxArray classes = readIdx(labels);
  if (pixels.dims.size() != 3) {
    throw InputError(images.string() + ": expected images (N x rows x cols), got rank " +
                     std::to_string(pixels.dims.size()));
  }
  if (classes.dims.size() != 1) {
    throw InputError(labels.string() + ": expected labels (N), got rank " +
                     std::to_string(classes.dims.size()));
  }
  if (pixels.dims[0] != classes.dims[0]) {
    throw InputError(labels.string() + ": " + std::to_string(classes.dims[0]) + " labels for " +
                     std::to_string(pixels.dims[0]) + " images in " + images.string());
  }
  GlyphSet set;
  set.rows = pixels.dims[1];
  set.cols = pixels.dims[2];
  set.pixels = pixels.data;
  set.labels.assign(classes.data.begin(), classes.data.end());
  set.source = images.string();
  return set;
}

GlyphSet loadFashionMnistTest() {
  const std::filesystem::path folder = "/usr/share/datasets/fashion-mnist";
  auto find = [&](const std::string& stem) {
    for (const auto& name : {stem, stem + ".gz"}) {
      if (std::filesystem::exists(folder / name)) return folder / name;
    }
    throw InputError("Fashion-MNIST not found in " + folder.string() +
                     " (install dataset-fashion-mnist, or run tools/setup-debian.sh)");
  };
  return loadIdxGlyphs(find("t10k-images-idx3-ubyte"), find("t10k-labels-idx1-ubyte"));
}

}  // namespace fovea::data
