#!/usr/bin/env bash
# Installs what the QEMU display tests need and prepares Debian's kernel for them.
# Idempotent: a second run only checks. Cache: $KOSATSU_QEMU_CACHE (default <repo>/.build-qemu,
# git-ignored through the `.build*` pattern). See ../../../shared/docs/DRM-TESTING.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${KOSATSU_QEMU_CACHE:-$repo/.build-qemu}
mkdir -p "$cache"

log() { echo "qemu-setup: $*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Packages: the emulator, the initramfs tools, and libdrm's headers for the CDRM target.
needed=()
for pkg in qemu-system-x86 busybox-static cpio kmod libdrm-dev; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        needed+=("$pkg")
    fi
done
if [ ${#needed[@]} -gt 0 ]; then
    log "installing ${needed[*]}"
    # An old or empty package list makes install fail; update once and try again.
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${needed[@]}"; then
        as_root apt-get update
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${needed[@]}"
    fi
fi

# The versioned kernel package that the meta package points at (e.g. linux-image-6.1.0-41-amd64).
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null \
    | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n1)
if [ -z "$kpkg" ]; then
    as_root apt-get update
    kpkg=$(apt-cache depends linux-image-amd64 \
        | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n1)
fi
if [ -z "$kpkg" ]; then
    log "cannot find the versioned kernel package behind linux-image-amd64"
    exit 1
fi
kver=${kpkg#linux-image-}
kdir=$cache/kernel-$kver

if [ ! -f "$kdir/.ready" ]; then
    log "preparing $kpkg in $kdir"
    rm -rf "$kdir" "$cache/debs"
    mkdir -p "$cache/debs" "$kdir"
    # As root apt drops to the _apt user, which may not write here; download as the caller.
    (cd "$cache/debs" && apt-get download -o APT::Sandbox::User=root "$kpkg")
    dpkg -x "$cache"/debs/"$kpkg"_*.deb "$kdir"
    # The .deb ships no modules.dep; modprobe --show-depends needs one.
    depmod -b "$kdir" "$kver"
    rm -rf "$cache/debs"
    touch "$kdir/.ready"
fi

# The other scripts read these instead of repeating the lookup.
echo "$kver" >"$cache/kernel-version"
ln -sfn "kernel-$kver" "$cache/kernel"
log "ready: kernel $kver in $kdir, $(qemu-system-x86_64 --version | head -n1)"
