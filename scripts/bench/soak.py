#!/usr/bin/env python3
"""The sign's memory over a long run: does anonymous memory stay flat?

    make release    # swift build -c release with the flags of RELEASE_FLAGS in the Makefile
    scripts/bench/soak.py [--kosatsu .build/release/kosatsu] [--minutes 60]    # make bench-soak

Runs the embedded demo (`kosatsu run --output preview`, 1920x1080: the NGSI simulator in the process,
counts moving every 15 s, a drill alert a minute in) and, like a preview page left open, asks for
GET /screenshot.png and GET /metrics once a second. Every 10 s it reads /proc/PID/smaps_rollup (Rss,
Anonymous). It reports:
- RSS and anonymous memory after the first minute (targets ≤ 48 MB and ≤ 20 MB), median/p99/min/max
  of the samples from minute 1 on;
- the anonymous slope after minute 5 (least squares, MB a minute; target ≤ 0.01);
- where the memory is at the end (smaps by kind of mapping, the biggest anonymous mappings).
The binary is dropped from the page cache first (`--warm` keeps it), so that its pages are read as on a
sign after a boot rather than in the blocks the linker or `cp` wrote them in.
Writes bench/soak.json. Only loopback; the daemon is stopped with SIGTERM (SIGKILL after 10 s).
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from daemon import environment, evict_from_page_cache, rss_breakdown, start_demo, summary  # noqa: E402

TARGET_RSS_MB = 48
TARGET_ANON_MB = 20
TARGET_SLOPE_MB_PER_MIN = 0.01


def rollup(pid):
    """Rss and Anonymous of the whole process in KB, from smaps_rollup."""
    values = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 2 and fields[0].endswith(":") and fields[1].isdigit():
                values[fields[0][:-1]] = int(fields[1])
    return values


def slope(points):
    """Least-squares slope of (x, y) points."""
    n = len(points)
    if n < 2:
        return 0.0
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / den if den else 0.0


def viewer(base, stop, counts):
    """A preview page left open: a screenshot and a metrics scrape each second."""
    next_at = time.monotonic()
    while not stop.is_set():
        for path in ("/screenshot.png", "/metrics"):
            try:
                with urllib.request.urlopen(base + path, timeout=10) as response:
                    response.read()
                counts[path] = counts.get(path, 0) + 1
            except Exception as error:  # a slow answer is counted, not fatal
                counts["errors"] = counts.get("errors", 0) + 1
                counts["last error"] = str(error)
        next_at += 1.0
        stop.wait(max(0.0, next_at - time.monotonic()))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kosatsu", default=os.path.join(REPO, ".build", "release", "kosatsu"))
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("SOAK_MINUTES", "60")))
    parser.add_argument("--interval", type=float, default=10.0, help="seconds between samples")
    parser.add_argument("--json", default=os.path.join(REPO, "bench", "soak.json"))
    parser.add_argument("--warm", action="store_true",
                        help="leave the binary in the page cache (by default it is dropped first, as after a boot)")
    args = parser.parse_args()
    if not os.access(args.kosatsu, os.X_OK):
        print(f"soak: {args.kosatsu} is not built (make release)")
        return 1
    scratch = tempfile.mkdtemp(prefix="kosatsu-soak-")
    env = environment(scratch, os.path.join(REPO, "Fonts"))
    env["KOSATSU_DEMO_DRILL_SECONDS"] = "60"
    if not args.warm:
        evict_from_page_cache(args.kosatsu)
    try:
        process, base = start_demo([args.kosatsu, "run", "--output", "preview", "--http", "127.0.0.1:0"], env)
    except RuntimeError as error:
        print(f"soak: {error}")
        return 1
    started = time.monotonic()
    stop = threading.Event()
    counts = {}
    threading.Thread(target=viewer, args=(base, stop, counts), daemon=True).start()
    samples = []  # (minutes, rss MB, anonymous MB)
    try:
        while True:
            elapsed = time.monotonic() - started
            if process.poll() is not None:
                print(f"soak: the daemon exited (status {process.returncode}) after {elapsed:.0f} s")
                return 1
            values = rollup(process.pid)
            samples.append((round(elapsed / 60, 3), round(values["Rss"] / 1024, 2), round(values["Anonymous"] / 1024, 2)))
            if len(samples) % 6 == 1:
                print(f"  soak {samples[-1][0]:6.1f} min: RSS {samples[-1][1]:6.1f} MB, anonymous {samples[-1][2]:6.2f} MB,"
                      f" screenshots {counts.get('/screenshot.png', 0)}, errors {counts.get('errors', 0)}", flush=True)
            if elapsed >= args.minutes * 60:
                break
            time.sleep(max(0.0, started + len(samples) * args.interval - time.monotonic()))
        breakdown = rss_breakdown(process.pid)
    finally:
        stop.set()
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    steady = [s for s in samples if s[0] >= 1.0] or samples
    late = [s for s in samples if s[0] >= 5.0]
    rss = summary([s[1] for s in steady])
    anon = summary([s[2] for s in steady])
    anon_slope = slope([(s[0], s[2]) for s in late])
    rss_slope = slope([(s[0], s[1]) for s in late])
    report = {
        "what": "kosatsu run (embedded demo) --output preview 1920x1080, GET /screenshot.png and /metrics each second",
        "binary": os.path.relpath(os.path.abspath(args.kosatsu), REPO),
        "machine": f"{os.cpu_count()} cores, {os.uname().sysname} {os.uname().release}",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "minutes": args.minutes,
        "page_cache": "warm" if args.warm else "binary dropped from the page cache before the start, as after a boot",
        "requests": counts,
        "rss_mb_after_minute_1": rss,
        "anonymous_mb_after_minute_1": anon,
        "anonymous_slope_mb_per_minute_after_minute_5": round(anon_slope, 5),
        "rss_slope_mb_per_minute_after_minute_5": round(rss_slope, 5),
        "targets": {"rss_mb": TARGET_RSS_MB, "anonymous_mb": TARGET_ANON_MB,
                    "anonymous_slope_mb_per_minute": TARGET_SLOPE_MB_PER_MIN},
        "samples_minutes_rss_anonymous": samples,
        "memory_at_the_end": breakdown,
    }
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")

    def verdict(ok):
        return "ok" if ok else "OVER"

    print(f"soak of {args.minutes:g} min, {counts.get('/screenshot.png', 0)} screenshots, "
          f"{counts.get('errors', 0)} errors, {len(samples)} samples")
    print(f"RSS from minute 1        median {rss['median']:6.1f} p99 {rss['p99']:6.1f} min {rss['min']:6.1f} "
          f"max {rss['max']:6.1f} MB  ≤ {TARGET_RSS_MB} MB {verdict(rss['max'] <= TARGET_RSS_MB)}")
    print(f"anonymous from minute 1  median {anon['median']:6.2f} p99 {anon['p99']:6.2f} min {anon['min']:6.2f} "
          f"max {anon['max']:6.2f} MB  ≤ {TARGET_ANON_MB} MB {verdict(anon['max'] <= TARGET_ANON_MB)}")
    if late:
        print(f"anonymous slope after minute 5: {anon_slope:+.4f} MB/min  ≤ {TARGET_SLOPE_MB_PER_MIN} "
              f"{verdict(anon_slope <= TARGET_SLOPE_MB_PER_MIN)} (RSS {rss_slope:+.4f} MB/min)")
    print(f"memory at the end by kind ({breakdown['threads']} threads):")
    for kind, kb in breakdown["kb_by_kind"].items():
        print(f"  {kb / 1024:7.1f} MB  {kind}")
    print(f"written to {os.path.relpath(args.json, REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
