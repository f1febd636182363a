#pragma once
// Runs a program (no shell) and collects what it prints: how the SLURM backend talks to sbatch
// and squeue.
#include <string>
#include <vector>

namespace fovea {

struct CommandResult {
  int exit_code = -1;  // 128 + signal when a signal ended it
  std::string out;     // stdout
  std::string err;     // stderr
};

// InputError when the program cannot be started (not installed). Output beyond `max_bytes` per
// stream is dropped.
CommandResult runCommand(const std::vector<std::string>& argv, std::size_t max_bytes = 1u << 20);

// The argument quoted for a POSIX shell (what sbatch --wrap runs).
std::string shellQuote(const std::string& argument);

}  // namespace fovea
