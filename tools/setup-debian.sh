#!/usr/bin/env bash
# Installs every Debian package Fovea needs to build, run and test. Idempotent: packages that are
# already installed are skipped, so a second run costs a dpkg query and nothing else.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ ccache pkg-config
  # core
  libtorch-dev libopenblas0-pthread libopencv-dev libspdlog-dev libfmt-dev libsqlite3-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libfreetype-dev zlib1g-dev libjemalloc-dev
  # widgets and app
  qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libvtk9-dev
  libxkbcommon-dev libgl1-mesa-dri qt6-qpa-plugins
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev clang-format xvfb xauth
  # libFuzzer targets (tools/fuzz.sh): clang with its sanitizer and fuzzer runtimes
  clang libclang-rt-14-dev
  # a throwaway single-node SLURM cluster for the sweep tests (munge: slurm-client needs it)
  slurmctld slurmd slurm-client munge
  # reference implementations the tests and benchmarks compare against (Pillow, numpy, PyTorch)
  python3 python3-pil python3-numpy python3-torch
  # data (data.md): MNIST digits and photographs, Fashion-MNIST, fonts
  opencv-doc dataset-fashion-mnist fonts-dejavu-core fonts-noto-core
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
"${sudo[@]}" apt-get "${apt_opts[@]}" update -qq
"${sudo[@]}" apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${missing[@]}"
