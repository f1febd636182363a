#pragma once
#include <stdexcept>
#include <string>

namespace fovea {

// Raised for anything the user supplied that cannot be used: a corrupt file, a malformed spec,
// an impossible value. The message names the file, key or value. The CLI maps it to exit code 2;
// every other exception is a failure of Fovea itself (exit code 1).
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace fovea
