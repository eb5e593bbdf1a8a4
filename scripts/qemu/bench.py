#!/usr/bin/env python3
"""Display benchmarks under QEMU (TCG): what showing a frame costs on real kernel drivers.

    scripts/qemu/setup.sh
    swift build -c release --static-swift-stdlib --product kosatsu && swift build -c release --static-swift-stdlib --product kosatsu-drm-smoke
    scripts/qemu/bench.py --kosatsu .build/release/kosatsu --smoke .build/release/kosatsu-drm-smoke

For bochs at 1920x1080 and virtio-gpu at 3840x2160 it measures, inside the guest:
- start to first frame: from the kernel's record of the process start to the page flip of the
  first frame being done (`kosatsu show` of the congestion board), three runs in one boot (the
  first with fontconfig's cache cold);
- present cost: `kosatsu show --bench-frames N` copying the whole frame, and a clock-sized damaged
  rectangle (a tenth of the height, a fifth of the width), into the back buffer and queueing the
  flip ("present"), then waiting for the flip event ("flip");
- a ticker: `kosatsu run --output drm` of the congestion dashboard for about 40 s (another boot):
  frames/s and the process's CPU share of the guest's one core, from the frame pipeline's own
  5-second lines (the first window, start-up, left out).
Prints a table and writes bench/display.json. Numbers under TCG are emulated CPU time: compare
them with each other and across commits on the same machine, not with real hardware.
"""

import argparse
import json
import os
import re
import sys
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402
import test  # noqa: E402

DEVICES = [("bochs-1080p", "bochs", "1920x1080"), ("virtio-4k", "virtio-4k", "3840x2160")]


def bench_device(initrd, device, frames, out):
    show = test.show("--seconds", "0")
    command = ["/bin/kosatsu-steps", *show, "--next", *show, "--next", *show, "--next",
               *test.show("--seconds", "0", "--bench-frames", str(frames))]
    with run.Machine(initrd, device, command, workdir=out, timeout=600) as machine:
        machine.wait_for(f"kosatsu: showing {test.SHARE}/")
        launch_to_frame = machine.elapsed()
        machine.wait_for("kosatsu: bench ")
        machine.wait_exit()
        serial = machine.serial()
    starts = [int(ms) for ms in re.findall(r"first frame on screen (\d+) ms after the process started", serial)]
    renders = [int(ms) for ms in re.findall(r"\(render (\d+) ms,", serial)]
    match = re.search(r"kosatsu: bench (\{.*\})", serial)
    if not match or len(starts) < 4:
        raise RuntimeError(f"{device}: no bench output:\n{serial[-3000:]}")
    return {
        "start_to_first_frame_ms": {"cold": starts[0], "warm": sorted(starts[1:3])[0]},
        "render_ms": {"cold": renders[0], "warm": sorted(renders[1:3])[0]},
        "qemu_launch_to_first_frame_s": round(launch_to_frame, 1),
        "present": json.loads(match.group(1)),
    }


def bench_ticker(initrd, device, out):
    command = ["/bin/kosatsu-steps", "/bin/kosatsu-term-after", "first", "45", test.TICKER]
    with run.Machine(initrd, device, command, workdir=out, env=["KOSATSU_LOG_LEVEL=debug"], timeout=600) as machine:
        machine.wait_for("kosatsu-steps: step 1 exited", timeout=300)
        machine.wait_exit()
        serial = machine.serial()
    windows = test.STATS_LINE.findall(serial)[1:]
    if not windows:
        raise RuntimeError(f"{device}: no frame lines from the ticker run:\n{serial[-3000:]}")
    rates = [float(window[2]) for window in windows]
    cpu = [float(window[6]) for window in windows]
    p99 = [float(window[5]) for window in windows]
    return {"frames_per_second": rates, "cpu_percent": cpu, "frame_time_p99_ms": p99,
            "missed": sum(int(window[3]) for window in windows)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kosatsu", required=True)
    parser.add_argument("--smoke", required=True)
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--out", default=os.path.join(run.cache_dir(), "bench-output"))
    parser.add_argument("--json", default=os.path.join(run.REPO, "bench", "display.json"))
    args = parser.parse_args()
    try:
        run.check_qemu()
        run.find_kernel(run.cache_dir())
    except run.Skip as reason:
        print(f"SKIP: {reason}")
        return run.SKIP
    os.makedirs(args.out, exist_ok=True)
    initrd = os.path.join(args.out, "initramfs.cpio.gz")
    test.make_initramfs(initrd, os.path.abspath(args.kosatsu), os.path.abspath(args.smoke))
    started = time.monotonic()
    results = {}
    for name, device, size in DEVICES:
        out = os.path.join(args.out, name)
        os.makedirs(out, exist_ok=True)
        results[name] = bench_device(initrd, device, args.frames, out)
        results[name]["size"] = size
        results[name]["ticker"] = bench_ticker(initrd, device, os.path.join(out, "ticker"))
    report = {
        "what": "kosatsu show under QEMU TCG (Debian kernel, bochs-drm / virtio-gpu), milliseconds",
        "binary": os.path.relpath(os.path.abspath(args.kosatsu), run.REPO),
        "frames": args.frames,
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "results": results,
    }
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(report, f, indent=2, sort_keys=True)
        f.write("\n")

    print(f"{'device':<12} {'size':<10} {'start→frame cold/warm':>22} {'render cold/warm':>17} "
          f"{'full present p50':>17} {'full flip p50':>14} {'damage present p50':>19} {'damage flip p50':>16}")
    for name, result in results.items():
        present = result["present"]
        print(f"{name:<12} {result['size']:<10} "
              f"{result['start_to_first_frame_ms']['cold']:>10} / {result['start_to_first_frame_ms']['warm']:<9} "
              f"{result['render_ms']['cold']:>7} / {result['render_ms']['warm']:<7} "
              f"{present['full']['present']['p50']:>14.2f} ms {present['full']['flip']['p50']:>11.2f} ms "
              f"{present['damage']['present']['p50']:>16.2f} ms {present['damage']['flip']['p50']:>13.2f} ms")
    print(f"damaged rectangle: {results['bochs-1080p']['present']['damage']['pixels']} pixels at 1080p, "
          f"{results['virtio-4k']['present']['damage']['pixels']} at 4K; {args.frames} frames each; "
          f"whole run {time.monotonic() - started:.0f}s; written to {os.path.relpath(args.json, run.REPO)}")
    for name, result in results.items():
        ticker = result["ticker"]
        print(f"{name:<12} ticker (kosatsu run, dashboard): {min(ticker['frames_per_second']):.0f}–"
              f"{max(ticker['frames_per_second']):.0f} frames/s, CPU {min(ticker['cpu_percent']):.0f}–"
              f"{max(ticker['cpu_percent']):.0f} % of the guest's core, frame time p99 up to "
              f"{max(ticker['frame_time_p99_ms']):.1f} ms, {ticker['missed']} missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
