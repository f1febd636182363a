#pragma once
#include <filesystem>
#include <string_view>

namespace fovea {

// Writes `contents` to `path` so that readers see either the old file or the complete new one:
// the bytes go to a temporary file in the same directory (created if missing), are flushed to
// disk, and the temporary file is renamed over `path`. Throws std::runtime_error naming the path on
// failure. A temporary of `path` left by a writer on this host that no longer runs (killed) is
// removed first.
void writeFileAtomically(const std::filesystem::path& path, std::string_view contents);

// fsync of a file, or of a folder after a rename in it (so the new name survives a power cut);
// std::runtime_error naming the path when the disk refuses.
void syncPath(const std::filesystem::path& path);

// Renames `from` over `to` and syncs the folder; std::runtime_error naming both on failure.
void renameDurably(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace fovea
