#!/usr/bin/env python3
"""The display output against real kernel drivers under QEMU: what is scanned out must be
exactly the test pattern kosatsu-drm-smoke painted.

    scripts/qemu/setup.sh                     # once: QEMU, busybox, Debian's kernel
    swift build -c release --product kosatsu-drm-smoke
    scripts/qemu/test.py --binary .build/release/kosatsu-drm-smoke

Cases: bochs 1920x1080 with a configured mode, a second frame sent as damage only and the
console back afterwards; virtio-gpu at 3840x2160; bochs turned 90°. Prints one line per case,
then "N passed, M failed"; exits 77 with "SKIP: ..." where QEMU cannot run.
"""

import argparse
import os
import subprocess
import sys
import time

# No __pycache__ in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pattern  # noqa: E402
import run  # noqa: E402

SMOKE = "/bin/kosatsu-drm-smoke"


def compare(name, shot, width, height, rotation=0, with_box=False, out="."):
    actual_width, actual_height, actual = run.read_ppm(shot)
    expected_width, expected_height, expected = pattern.scanout(width, height, rotation, with_box)
    if (actual_width, actual_height) != (expected_width, expected_height):
        return f"{name}: screen is {actual_width}x{actual_height}, expected {expected_width}x{expected_height}"
    if actual != expected:
        count, first = pattern.mismatches(expected, actual)
        path = os.path.join(out, f"{name}-expected.png")
        pattern.write_png(path, expected_width, expected_height, expected)
        return f"{name}: {count} pixels differ, first {first}; expected image: {path}"
    return None


def case_bochs(initrd, out):
    """1920x1080 on bochs: mode override, a second frame as damage, the console restored."""
    with run.Machine(initrd, "bochs", [SMOKE, "--mode", "1920x1080@75", "--seconds", "3",
                                       "--second-frame-after", "1.5"], workdir=out) as machine:
        line = machine.wait_for("kosatsu: showing bars on")
        first_frame = machine.elapsed()
        machine.screendump(os.path.join(out, "bars.ppm"))
        machine.wait_for("kosatsu: showing bars+box on")
        machine.screendump(os.path.join(out, "box.ppm"))
        machine.wait_for("kosatsu-init: command exited with 0")
        machine.screendump(os.path.join(out, "console.ppm"))
        machine.wait_exit()
    failures = [compare("bochs-bars", os.path.join(out, "bars.ppm"), 1920, 1080, out=out),
                compare("bochs-box", os.path.join(out, "box.ppm"), 1920, 1080, with_box=True, out=out)]
    # fbcon shows the init's text again: not the pattern, and not all black.
    _, _, console = run.read_ppm(os.path.join(out, "console.ppm"))
    lit = sum(1 for i in range(0, len(console), 3) if console[i:i + 3] != b"\0\0\0")
    if lit < 100 or console == pattern.scanout(1920, 1080, 0, True)[2]:
        failures.append(f"bochs-console: the console did not come back ({lit} lit pixels)")
    return [f for f in failures if f], line, first_frame


def case_virtio_4k(initrd, out):
    """3840x2160, virtio-gpu's preferred mode from xres/yres."""
    with run.Machine(initrd, "virtio-4k", [SMOKE, "--seconds", "3"], workdir=out) as machine:
        line = machine.wait_for("kosatsu: showing bars on")
        first_frame = machine.elapsed()
        machine.screendump(os.path.join(out, "bars.ppm"))
        machine.wait_exit()
    failure = compare("virtio-4k", os.path.join(out, "bars.ppm"), 3840, 2160, out=out)
    if "3840x2160" not in line:
        failure = f"virtio-4k: wrong mode: {line}"
    return [failure] if failure else [], line, first_frame


def case_rotation_90(initrd, out):
    """A portrait sign on a landscape panel: the frame is 1080x1920, the scanout 1920x1080."""
    with run.Machine(initrd, "bochs", [SMOKE, "--rotate", "90", "--seconds", "3"], workdir=out) as machine:
        line = machine.wait_for("kosatsu: showing bars on")
        first_frame = machine.elapsed()
        machine.screendump(os.path.join(out, "bars.ppm"))
        machine.wait_exit()
    failure = compare("rotation-90", os.path.join(out, "bars.ppm"), 1080, 1920, rotation=90, out=out)
    return [failure] if failure else [], line, first_frame


CASES = {"bochs": case_bochs, "virtio-4k": case_virtio_4k, "rotation-90": case_rotation_90}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="kosatsu-drm-smoke, built for release")
    parser.add_argument("--out", default=os.path.join(run.cache_dir(), "test-output"))
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="run only these (default: all)")
    args = parser.parse_args()
    started = time.monotonic()
    try:
        run.check_qemu()
        run.find_kernel(run.cache_dir())
    except run.Skip as reason:
        print(f"SKIP: {reason}")
        return run.SKIP
    os.makedirs(args.out, exist_ok=True)
    initrd = os.path.join(args.out, "initramfs.cpio.gz")
    subprocess.run([os.path.join(os.path.dirname(os.path.abspath(__file__)), "make-initramfs.sh"),
                    "-o", initrd, args.binary], check=True)
    passed = failed = 0
    for name in args.case or list(CASES):
        case_started = time.monotonic()
        out = os.path.join(args.out, name)
        os.makedirs(out, exist_ok=True)
        try:
            failures, line, first_frame = CASES[name](initrd, out)
        except (RuntimeError, TimeoutError, OSError, ValueError) as error:
            failures, line, first_frame = [f"{name}: {error}"], "", 0.0
        took = time.monotonic() - case_started
        if failures:
            failed += 1
            print(f"FAIL {name} ({took:.1f}s)")
            for failure in failures:
                print(f"  {failure}")
        else:
            passed += 1
            print(f"PASS {name}: '{line}' {first_frame:.1f}s after launch, case {took:.1f}s")
    print(f"qemu: whole run {time.monotonic() - started:.1f}s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
