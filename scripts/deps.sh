#!/usr/bin/env bash
# Installs the Debian packages Kosatsu builds and runs with. Idempotent: installs only what is
# missing, and runs `apt-get update` only when something is.
set -euo pipefail

packages=(
  pkg-config
  libcairo2-dev       # the renderer
  libfreetype-dev     # font outlines
  libfontconfig-dev   # font selection and fallback
  libharfbuzz-dev     # shaping
  libdrm-dev          # KMS/DRM output
  libqrencode-dev     # QR code boxes
  zlib1g-dev          # PNG encoding of screenshots, the boot cache and kosatsu render (strips on every core)
  libturbojpeg0-dev   # JPEG frames of the preview's motion stream (GET /stream.mjpeg)
  fonts-noto-cjk      # Chinese and Korean fallback (Kosatsu ships its Japanese fonts in Fonts/)
  unicode-data        # UAX #14 / UAX #50 data and conformance tests
  libmosquitto-dev    # the fleet's MQTT client (docs/fleet.md)
  mosquitto           # a real broker for the MQTT tests and make fleet-sim
  mosquitto-clients   # mosquitto_pub / mosquitto_sub, for operators and the fleet simulation
  chromium            # the preview page tested in a real browser (headless)
  wrk                 # the HTTP flood of the frame pipeline's tests and benchmarks
  python3-jsonschema  # validating the shipped layouts against docs/layout.schema.json (tests)
  python3-yaml        # reading the layouts for that validation
  valgrind            # make text-order: the functions the sign runs, for the release link's code order
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
