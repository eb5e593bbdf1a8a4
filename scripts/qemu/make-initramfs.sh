#!/usr/bin/env bash
# Builds a busybox initramfs that runs one program against a real kernel DRM driver.
#
#   make-initramfs.sh [-o OUT.cpio.gz] BINARY [EXTRA...]
#
# BINARY goes to /bin/<name> with every library ldd lists, at the paths ldd shows (the Swift
# runtime under /opt/swift/... included). Each EXTRA is SRC or SRC:DEST (a file or a folder,
# copied to DEST, default the same absolute path), e.g. Fonts:/usr/share/kosatsu/Fonts; an extra
# program brings its libraries too.
# The kernel modules come from the kernel setup.sh prepared. The program to run is given after
# `--` on the kernel command line (see run.py), or in /etc/kosatsu-command.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${KOSATSU_QEMU_CACHE:-$repo/.build-qemu}
out=$cache/initramfs.cpio.gz
if [ "${1:-}" = "-o" ]; then
    out=$2
    shift 2
fi
if [ $# -lt 1 ]; then
    echo "usage: $0 [-o OUT.cpio.gz] BINARY [SRC[:DEST]...]" >&2
    exit 2
fi
binary=$(readlink -f "$1")
shift
if [ ! -f "$cache/kernel-version" ]; then
    echo "make-initramfs: run scripts/qemu/setup.sh first (no $cache/kernel-version)" >&2
    exit 1
fi
kver=$(cat "$cache/kernel-version")
kdir=$cache/kernel-$kver
busybox=$(command -v busybox || echo /bin/busybox)

root=$(mktemp -d "$cache/initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,run,lib/modules}

cp "$busybox" "$root/bin/busybox"
cp "$binary" "$root/bin/"

# Libraries at the paths the dynamic loader will look for them.
copy_libraries() {
    ldd "$1" | awk '/=> \// { print $3 } /^\t\// { print $1 }' | while read -r lib; do
        [ -e "$root$lib" ] && continue
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
    done
}
copy_libraries "$binary"

# DRM drivers for the emulated cards, each with its dependency chain in load order.
: >"$root/etc/modules"
# virtio-gpu does not depend on virtio_pci, the transport QEMU's PCI device needs.
for module in bochs virtio_pci virtio-gpu; do
    modprobe -d "$kdir" -S "$kver" --show-depends "$module" | while read -r verb path _; do
        [ "$verb" = insmod ] || continue
        relative=${path#"$kdir"}
        mkdir -p "$root$(dirname "$relative")"
        cp "$path" "$root$relative"
        grep -qxF "$relative" "$root/etc/modules" || echo "$relative" >>"$root/etc/modules"
    done
done

for extra in "$@"; do
    src=${extra%%:*}
    dest=${extra#*:}
    [ "$dest" = "$extra" ] && dest=$(readlink -f "$src")
    mkdir -p "$root$(dirname "$dest")"
    cp -rL "$src" "$root$dest"
    # Another program (a dynamically linked ELF file) brings its libraries too.
    if [ -f "$src" ] && [ -x "$src" ] && [ "$(head -c 4 "$src" | tail -c 3)" = "ELF" ]; then
        copy_libraries "$src"
    fi
done

cat >"$root/init" <<'INIT'
#!/bin/busybox sh
# Progress goes to the serial port, which the harness reads from a file.
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox --install -s /bin
say() { echo "kosatsu-init: $*" >/dev/ttyS0; }
say "init started after $(cut -d' ' -f1 /proc/uptime)s"
while read -r module; do
    insmod "$module" 2>/dev/ttyS0 || say "insmod $module failed"
done </etc/modules
i=0
while [ ! -e /dev/dri/card0 ] && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
done
if [ -e /dev/dri/card0 ]; then
    say "card0 ready after $(cut -d' ' -f1 /proc/uptime)s ($(basename "$(readlink /sys/class/drm/card0/device/driver)"))"
else
    say "no /dev/dri/card0"
fi
# Text on the console, so a test can tell the console came back after the program.
printf '\n kosatsu-init: console before the program ran\n KOSATSU KOSATSU KOSATSU KOSATSU\n' >/dev/tty1 2>/dev/null
if [ $# -eq 0 ] && [ -f /etc/kosatsu-command ]; then
    set -- $(cat /etc/kosatsu-command)
fi
if [ $# -gt 0 ]; then
    say "running $*"
    "$@" >/dev/ttyS0 2>&1
    say "command exited with $?"
else
    say "no command given"
fi
sleep "${KOSATSU_LINGER:-1}"
sync
poweroff -f
INIT
chmod +x "$root/init"

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1 >"$out.tmp")
mv "$out.tmp" "$out"
echo "make-initramfs: $out ($(du -h "$out" | cut -f1))" >&2
