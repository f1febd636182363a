#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/file_lock.h"
#include "core/util/npy.h"

namespace fovea::stimulus {

// The mechanics every cached dataset shares (docs/formats.md): NPY files streamed to
// `.partial` names and renamed when complete, and a meta.json written last that records the
// format, the recipe, and each file's size and CRC-32. A folder is a dataset only when its
// meta.json exists and every file matches it.
class DatasetFolder {
 public:
  // Starts a (re)build: the old meta.json goes first, so until finish() the folder is not a
  // dataset. The folder is locked while it is built (a second builder gets an InputError), and
  // `.partial` files a killed builder left are removed. A meta.json that is not a `format`
  // dataset's is not Fovea's to delete: InputError naming it.
  DatasetFolder(std::filesystem::path dir, std::string format);

  // The writers stay owned by the caller; they must be committed before finish().
  void finish(const nlohmann::json& recipe, const nlohmann::json& extra,
              const std::vector<std::pair<std::string, const NpyStreamWriter*>>& files);

  // Empty when `dir` holds a complete `format` dataset (made from `recipe`, unless null);
  // otherwise the reason, naming the file at fault.
  static std::string verify(const std::filesystem::path& dir, const std::string& format,
                            const nlohmann::json* recipe);

 private:
  std::filesystem::path dir_;
  std::string format_;
  std::unique_ptr<FileLock> lock_;
};

}  // namespace fovea::stimulus
