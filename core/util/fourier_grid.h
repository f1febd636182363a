#pragma once

namespace fovea {

// The Fourier-domain conventions of numpy (and of the MotionClouds, SLIP and LogGabor code the
// attention studies used), so filters built here match theirs.

// Frequency (cycles per pixel) of centred index i: numpy's mgrid[-N//2 : (N+1)//2][i] / N.
inline double centredFrequency(int i, int n) {
  return (i - n / 2) / static_cast<double>(n);
}

// Where numpy's ifftshift moves centred index i: (i + ceil(n / 2)) mod n. fftshift is the inverse.
inline int unshiftedIndex(int i, int n) {
  return (i + (n + 1) / 2) % n;
}

}  // namespace fovea
