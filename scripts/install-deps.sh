#!/usr/bin/env bash
# Installs the Debian 12 packages povsim needs, only those missing (idempotent, quick when
# everything is present). Uses sudo when not run as root.
set -euo pipefail

PACKAGES=(
  g++ cmake make pkg-config git
  libeigen3-dev libboost-dev libhdf5-dev hdf5-tools catch2 libtomlplusplus-dev
  librandom123-dev libcli11-dev libxlsxwriter-dev
  python3 python3-h5py python3-numpy python3-openpyxl python3-xarray python3-h5netcdf
  python3-pandas python3-matplotlib r-bioc-rhdf5
  chromium fonts-wqy-microhei
  libopenmpi-dev openmpi-bin
  clang libclang-rt-14-dev
)

# The HTML report vendors Chart.js from the npm registry, pinned by output/report/package-lock.json;
# CMake embeds it into povsim and stops with a message when it is missing.
report_assets() {
  local dir
  dir="$(cd "$(dirname "$0")/.." && pwd)/output/report"
  [ -f "$dir/node_modules/chart.js/dist/chart.umd.min.js" ] && return 0
  echo "install-deps: npm ci in output/report"
  (cd "$dir" && npm ci --no-audit --no-fund)
}

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come from Debian or elsewhere (e.g. NodeSource's nodejs): only the command matters.
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  report_assets
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
report_assets
