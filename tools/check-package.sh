#!/usr/bin/env bash
# Builds the .deb, installs it with apt into a clean Debian 12 root made by debootstrap, and runs
# the installed programs there: `fovea-cli --json demo` (crowding-quick, found under
# share/fovea/experiments) and `fovea --screenshot` under Xvfb. Needs root (chroot, mounts) and
# the Debian archive; takes about a quarter of an hour. Not part of CI.
#   tools/check-package.sh [ROOT]   (default: a new folder under /tmp, removed at the end)
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir=$PWD
root=${1:-$(mktemp -d /tmp/fovea-package-root.XXXXXX)}
keep_root=${1:+yes}
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null ||
         true)
mirror=${mirror:-http://deb.debian.org/debian}

unmount() {
  for m in dev/pts dev proc sys; do umount -l "$root/$m" 2>/dev/null || true; done
}
cleanup() {
  unmount
  if [ -z "$keep_root" ]; then rm -rf "$root"; fi
}
trap cleanup EXIT

step() { echo "check-package: $*" >&2; }

if [ "$(id -u)" != 0 ]; then
  echo "check-package: needs root (debootstrap, chroot)" >&2
  exit 2
fi
command -v debootstrap >/dev/null || apt-get install -y --no-install-recommends debootstrap

step "building the .deb"
tools/build.sh release >/dev/null
(cd build/release && cpack -G DEB >/dev/null)
deb=$(ls -t build/release/fovea_*.deb | head -1)
step "package $deb ($(du -h "$deb" | cut -f1))"

if [ ! -x "$root/usr/bin/apt-get" ]; then
  step "debootstrap bookworm into $root from $mirror"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
fi
for m in proc sys dev dev/pts; do mkdir -p "$root/$m"; mount --bind "/$m" "$root/$m"; done
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
cp "$deb" "$root/tmp/fovea.deb"

in_root() { chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
step "apt install ./fovea.deb (with its dependencies) and Xvfb"
in_root apt-get update -qq
start=$(date +%s)
DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -qq --no-install-recommends \
  /tmp/fovea.deb opencv-doc xvfb xauth fonts-dejavu-core >/dev/null
step "installed in $(( $(date +%s) - start )) s: $(in_root dpkg -l | grep -c '^ii') packages"

step "installed files the programs read"
for f in /usr/bin/fovea /usr/bin/fovea-cli /usr/share/applications/fovea.desktop \
         /usr/share/fovea/experiments/crowding-quick.toml; do
  in_root test -e "$f" || { echo "check-package: missing $f" >&2; exit 1; }
done
in_root sh -c 'ls /usr/share/icons/hicolor/scalable/apps/fovea.svg' >/dev/null

step "fovea-cli --json demo (crowding-quick, from the installed specs)"
start=$(date +%s)
in_root sh -c 'cd /tmp && OMP_WAIT_POLICY=PASSIVE fovea-cli --json demo --out /tmp/demo' \
  > "$root/tmp/demo.json"
step "demo finished in $(( $(date +%s) - start )) s"
grep -q '"report"' "$root/tmp/demo.json" || { cat "$root/tmp/demo.json" >&2; exit 1; }

step "fovea --screenshot under Xvfb"
in_root sh -c 'cd /tmp && xvfb-run -a -s "-screen 0 1280x800x24" fovea --window-size 1280x800 \
  --screenshot-after 4000 --screenshot /tmp/fovea.png' > "$root/tmp/screenshot.json"
in_root test -s /tmp/fovea.png
cp "$root/tmp/fovea.png" "$source_dir/build/release/check-package-screenshot.png"
step "ok: the installed fovea-cli ran the demo and fovea drew its window" \
     "(build/release/check-package-screenshot.png)"
