#!/usr/bin/env python3
"""`make bench`: every benchmark, one table, one bench/results.json.

    scripts/bench/all.py [--soak-minutes N] [--skip-display]

Expects the release builds of kosatsu, kosatsu-bench and kosatsu-drm-smoke (the Makefile makes them).
The order keeps the figures honest on a 2-core machine and the whole under 15 minutes:
1. the daemon's start-to-first-frame runs, alone;
2. the daemon's idle minute and its soak (SOAK_MINUTES, default 10) in the background — they
   measure the daemon's own CPU time and memory, which the other benchmarks do not disturb;
3. meanwhile the frame pipeline in the daemon (scripts/bench/pipeline.py: ticker frames/s and CPU,
   the idle board, push → frame, the screenshot flood), kosatsu-bench (renderer, text, NGSI,
   push-to-frame), `kosatsu render` against headless Chromium (scripts/bench/chromium.py) and the
   display benchmarks under QEMU, one after the other;
4. the soak's end; then every figure is gathered into bench/results.json and printed.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BENCH = os.path.join(REPO, "bench")
RELEASE = os.path.join(REPO, ".build", "release")


def run(command):
    print("+ " + " ".join(command), flush=True)
    return subprocess.call(command, cwd=REPO)


def load(name):
    path = os.path.join(BENCH, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def daemon_entries(report):
    """bench/daemon.json entries in the results.json shape (median = the entry's value)."""
    rows = []
    for entry in report.get("entries", []):
        samples = entry.get("samples") or [entry["value"]]
        row = {"name": entry["name"], "unit": entry["unit"], "median": entry["value"],
               "p99": entry.get("p99", max(samples)), "min": entry.get("min", min(samples)),
               "max": entry.get("max", max(samples)), "iterations": len(samples), "samples": samples}
        if "target" in entry:
            row.update(target=entry["target"], targetDirection="<=", targetStatistic="median",
                       meetsTarget=entry["value"] <= entry["target"])
        rows.append(row)
    return rows


def display_entries(report):
    """bench/display.json (QEMU) figures as rows: p50s of the present and flip costs, start times."""
    rows = []
    for device, result in sorted(report.get("results", {}).items()):
        for key, unit, what in (("frames_per_second", "frames/s", "frames/s"), ("cpu_percent", "% of one core", "CPU")):
            values = result.get("ticker", {}).get(key)
            if values:
                ordered = sorted(values)
                rows.append({"name": f"qemu {device} ticker {what} (kosatsu run)", "unit": unit,
                             "median": ordered[len(ordered) // 2], "p99": ordered[-1], "min": ordered[0],
                             "max": ordered[-1], "iterations": len(values), "samples": values})
        start = result["start_to_first_frame_ms"]
        rows.append({"name": f"qemu {device} start to first frame (warm)", "unit": "ms",
                     "median": start["warm"], "p99": start["warm"], "min": start["warm"], "max": start["cold"],
                     "iterations": 3})
        for kind in ("full", "damage"):
            present = result["present"][kind]["present"]
            row = {"name": f"qemu {device} present, {kind} frame", "unit": "ms", "median": present["p50"],
                   "iterations": report.get("frames")}
            for key in ("p99", "min", "max"):
                if key in present:
                    row[key] = present[key]
            rows.append(row)
    return rows


def chromium_entries(report):
    """bench/chromium.json: each side's wall time and peak memory, and the two ratios against their targets."""
    rows = []
    for key, name, unit in (("kosatsu_wall_ms", "kosatsu render wall time", "ms"),
                            ("chromium_wall_ms", "chromium screenshot wall time", "ms"),
                            ("kosatsu_peak_pss_mb", "kosatsu render peak PSS", "MB"),
                            ("kosatsu_peak_rss_mb", "kosatsu render peak RSS", "MB"),
                            ("chromium_peak_tree_pss_mb", "chromium peak PSS (process tree)", "MB")):
        if key in report:
            figures = report[key]
            rows.append({"name": "render vs chromium: " + name, "unit": unit, "median": figures["median"],
                         "p99": figures["p99"], "min": figures["min"], "max": figures["max"],
                         "iterations": len(figures["samples"]), "samples": figures["samples"]})
    for key, name, target in (("wall_time_ratio", "wall time ratio (kosatsu / chromium)", 0.05),
                              ("memory_ratio", "peak PSS ratio (kosatsu / chromium)", 0.125)):
        if key in report:
            rows.append({"name": "render vs chromium: " + name, "unit": "ratio of medians", "median": report[key],
                         "iterations": report.get("runs"), "target": target, "targetDirection": "<=",
                         "targetStatistic": "median", "meetsTarget": report[key] <= target})
    return rows


def line(row):
    def figure(value):
        if value is None:
            return " " * 11
        text = f"{value:.0f}" if abs(value) >= 10_000 else f"{value:.3f}"
        return text.rjust(11)
    text = (f"{row['name'][:52]:<52} {figure(row.get('median'))} {figure(row.get('p99'))} "
            f"{figure(row.get('min'))} {figure(row.get('max'))}  {row['unit']:<14}")
    if row.get("target") is not None:
        verdict = "ok" if row.get("meetsTarget") else "MISSED"
        target = f"{row['target']:.0f}" if row["target"] >= 10_000 else f"{row['target']:g}"
        text += f" {row.get('targetStatistic', 'median')} {row.get('targetDirection', '<=')} {target}  {verdict}"
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--soak-minutes", type=int, default=int(os.environ.get("SOAK_MINUTES", "10")))
    parser.add_argument("--skip-display", action="store_true", default=bool(os.environ.get("KOSATSU_SKIP_QEMU")))
    parser.add_argument("--collect-only", action="store_true",
                        help="run nothing: gather the last bench/*.json into results.json and print the table "
                             "(after re-running one part, e.g. kosatsu-bench)")
    args = parser.parse_args()
    started = time.monotonic()
    os.makedirs(BENCH, exist_ok=True)
    if args.collect_only:
        return collect(None, [])

    for stale in ("daemon.json", "display.json", "pipeline.json", "chromium.json"):
        if os.path.exists(os.path.join(BENCH, stale)):
            os.remove(os.path.join(BENCH, stale))

    quiet = os.path.join(tempfile.mkdtemp(prefix="kosatsu-bench-"), "quiet-phase-done")
    daemon = subprocess.Popen([os.path.join(HERE, "daemon.py"), "--kosatsu", os.path.join(RELEASE, "kosatsu"),
                               "--soak-minutes", str(args.soak_minutes), "--quiet-phase-done", quiet], cwd=REPO)
    while not os.path.exists(quiet) and daemon.poll() is None:
        time.sleep(0.5)

    failures = []
    if run([os.path.join(HERE, "pipeline.py"), "--kosatsu", os.path.join(RELEASE, "kosatsu")]) != 0:
        failures.append("frame pipeline")
    if run([os.path.join(RELEASE, "kosatsu-bench")]) != 0:
        failures.append("kosatsu-bench")
    if run([os.path.join(HERE, "chromium.py"), "--kosatsu", os.path.join(RELEASE, "kosatsu")]) not in (0, 77):
        failures.append("kosatsu render vs chromium")
    if not args.skip_display:
        status = run([os.path.join(REPO, "scripts", "qemu", "bench.py"), "--kosatsu", os.path.join(RELEASE, "kosatsu"),
                      "--smoke", os.path.join(RELEASE, "kosatsu-drm-smoke")])
        if status not in (0, 77):
            failures.append("display (QEMU)")
    if daemon.wait() != 0:
        failures.append("daemon")
    return collect(started, failures)


def collect(started, failures):
    report = load("results.json") or {"results": []}
    rows = [row for row in report["results"]
            if not row["name"].startswith(("daemon ", "qemu ", "pipeline ", "flood", "render vs chromium"))]
    rows += daemon_entries(load("daemon.json") or {})
    rows += daemon_entries(load("pipeline.json") or {})
    rows += display_entries(load("display.json") or {})
    rows += chromium_entries(load("chromium.json") or {})
    report["results"] = rows
    if started is not None:  # a whole run; --collect-only keeps the last run's duration
        report["minutes"] = round((time.monotonic() - started) / 60, 1)
    with open(os.path.join(BENCH, "results.json"), "w") as f:
        json.dump(report, f, indent=2, sort_keys=True)
        f.write("\n")

    print()
    print(f"{'benchmark':<52} {'median':>11} {'p99':>11} {'min':>11} {'max':>11}  {'unit':<14} target")
    for row in rows:
        print(line(row))
    missed = [row["name"] for row in rows if row.get("meetsTarget") is False]
    print(f"\n{len(rows)} figures in {report.get('minutes', '?')} min; bench/results.json written"
          + (f"; targets missed: {', '.join(missed)}" if missed else "; every target met"))
    if failures:
        print("benchmarks that failed to run: " + ", ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
