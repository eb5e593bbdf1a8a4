#!/usr/bin/env python3
"""`kosatsu render` against headless Chromium on the same board: whole-process wall time and peak memory.

    make release    # swift build -c release with the flags of RELEASE_FLAGS in the Makefile
    scripts/bench/chromium.py [--kosatsu .build/release/kosatsu] [--runs 7]

Chromium (Debian's `chromium`, installed by scripts/deps.sh) screenshots an HTML page that draws the
congestion board as Layouts/congestion-board.yaml does with its preview data (samples/odawara.json at
2026-11-23 14:05): the same 1920x1080 canvas, gradient, panels, pills and text in the BIZ UD fonts of
Fonts/, loaded by @font-face from the files. `kosatsu render Layouts/congestion-board.yaml` writes the same
board to PNG. Runs alternate (kosatsu, chromium, kosatsu, …), each a fresh process:
- wall time: spawn to exit;
- peak memory, like for like: the peak over time of the process tree's summed PSS (/proc/PID/smaps_rollup,
  sampled every 5 ms) for both — Chromium is a tree of processes (browser, GPU, network, renderer,
  zygotes) sharing libraries, and PSS counts a shared page once across them; kosatsu is one process.
  Beside it, the stricter figure for kosatsu: its peak RSS (wait4's ru_maxrss: every page it mapped,
  shared libraries whole), and Chromium's biggest single process's RSS.
Targets: kosatsu ≤ 0.05 of Chromium's median wall time and ≤ 1/8 of its median peak PSS (the ratio of
kosatsu's peak RSS to Chromium's peak PSS is printed too).
Prints medians, min and max; writes bench/chromium.json. Exits 77 when chromium is missing.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FONTS = os.path.join(REPO, "Fonts")

SPOTS = [  # name, level word, level colour, text colour, count (samples/odawara.json)
    ("小田原城", "大変混雑", "#C7243A", "#FFFFFF", "1,840"),
    ("小田原駅東口", "やや混雑", "#F2C500", "#111111", "960"),
    ("小田原漁港", "空いている", "#1E9E6A", "#FFFFFF", "410"),
    ("石垣山一夜城", "空いている", "#1E9E6A", "#FFFFFF", "120"),
    ("御幸の浜", "空いている", "#1E9E6A", "#FFFFFF", "260"),
]


def page():
    faces = "".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("file://{FONTS}/{file}"); }}\n'
        for family, weight, file in [
            ("BIZ UDPGothic", 400, "BIZUDPGothic-Regular.ttf"), ("BIZ UDPGothic", 700, "BIZUDPGothic-Bold.ttf"),
            ("BIZ UDGothic", 400, "BIZUDGothic-Regular.ttf"), ("BIZ UDGothic", 700, "BIZUDGothic-Bold.ttf")])
    rows = "".join(
        f'<div class="row" style="top:{200 + i * 162}px"><div class="name">{name}</div>'
        f'<div class="pill" style="background:{fill};color:{ink}">{word}</div>'
        f'<div class="count">{count}人</div></div>'
        for i, (name, word, fill, ink, count) in enumerate(SPOTS))
    return f"""<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>
{faces}
html, body {{ margin: 0; width: 1920px; height: 1080px; overflow: hidden; }}
body {{ background: linear-gradient(180deg, #0B2A5B, #061633); color: #FFFFFF; font-family: "BIZ UDPGothic";
        position: relative; }}
div {{ position: absolute; white-space: nowrap; }}
.title {{ left: 60px; top: 36px; width: 1250px; height: 110px; font-size: 76px; font-weight: 700;
          line-height: 110px; }}
.clock {{ left: 1160px; top: 52px; width: 700px; height: 80px; font-size: 44px; line-height: 80px;
          text-align: right; color: #C9D3E6; }}
.rule {{ left: 60px; top: 168px; width: 1800px; height: 3px; background: #3B5A8F; }}
.row {{ left: 60px; width: 1800px; height: 144px; background: #14305F; border-radius: 20px; }}
.name {{ left: 40px; top: 0; width: 950px; height: 144px; font-size: 64px; font-weight: 700; line-height: 144px; }}
.pill {{ left: 1010px; top: 14px; width: 460px; height: 128px; border-radius: 64px; font-size: 56px;
         font-weight: 700; line-height: 128px; text-align: center; }}
.count {{ left: 1480px; top: 0; width: 280px; height: 144px; font-family: "BIZ UDGothic"; font-size: 64px;
          font-weight: 700; line-height: 144px; text-align: right; }}
.footer {{ left: 60px; top: 1000px; width: 1800px; height: 56px; font-size: 36px; color: #C9D3E6; }}
</style></head><body>
<div class="title">観光スポット混雑状況</div>
<div class="clock">2026年11月23日(月) 14:05</div>
<div class="rule"></div>
{rows}
<div class="footer">更新 14:05　・　小田原市 観光課</div>
</body></html>
"""


def tree(pid):
    """pid and all its descendants (from /proc/*/stat parents)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                parent = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def rollup_kb(pid, field):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(command, sample_tree):
    """Wall seconds, ru_maxrss KB and (when sample_tree) the peak summed PSS of the process tree, KB."""
    peak = {"pss": 0, "biggest_rss": 0}
    done = threading.Event()
    started = time.monotonic()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)

    def sample():
        while not done.is_set():
            pids = tree(process.pid)
            peak["pss"] = max(peak["pss"], sum(rollup_kb(pid, "Pss") for pid in pids))
            peak["biggest_rss"] = max(peak["biggest_rss"], max(rollup_kb(pid, "Rss") for pid in pids))
            done.wait(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_tree:
        sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    done.set()
    if sample_tree:
        sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} exited with {process.returncode}")
    return wall, usage.ru_maxrss, peak


def summary(values):
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, max(0, -(-99 * len(ordered) // 100) - 1))]
    return {"median": statistics.median(ordered), "p99": p99, "min": ordered[0], "max": ordered[-1],
            "samples": values}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kosatsu", default=os.path.join(REPO, ".build", "release", "kosatsu"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", default=os.path.join(REPO, "bench", "chromium.json"))
    args = parser.parse_args()
    if not shutil.which(args.chromium):
        print("SKIP: chromium bench: no chromium (apt-get install chromium)")
        return 77
    if not os.access(args.kosatsu, os.X_OK):
        print(f"chromium bench: {args.kosatsu} is not built (make release)")
        return 1
    scratch = tempfile.mkdtemp(prefix="kosatsu-chromium-bench-")
    try:
        board = os.path.join(scratch, "board.html")
        with open(board, "w") as f:
            f.write(page())
        kosatsu_png = os.path.join(scratch, "kosatsu.png")
        chromium_png = os.path.join(scratch, "chromium.png")
        kosatsu = [args.kosatsu, "render", os.path.join(REPO, "Layouts", "congestion-board.yaml"),
                   "--fonts", FONTS, "-o", kosatsu_png]
        chromium = [args.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--no-first-run", "--user-data-dir=" + os.path.join(scratch, "profile"),
                    "--window-size=1920,1080", "--screenshot=" + chromium_png, "file://" + board]
        # One untimed run each: the page cache holds both programs' files, as for a designer at work.
        run(kosatsu, False)
        run(chromium, False)
        k_wall, k_rss, k_pss, c_wall, c_pss, c_biggest = [], [], [], [], [], []
        for _ in range(args.runs):
            wall, maxrss, _ = run(kosatsu, False)
            k_wall.append(round(wall * 1000, 1))
            k_rss.append(round(maxrss / 1024, 1))
            # PSS needs sampling, which costs the process a little time: a separate run, not timed.
            _, _, peak = run(kosatsu, True)
            k_pss.append(round(peak["pss"] / 1024, 1))
            wall, _, peak = run(chromium, True)
            c_wall.append(round(wall * 1000, 1))
            c_pss.append(round(peak["pss"] / 1024, 1))
            c_biggest.append(round(peak["biggest_rss"] / 1024, 1))
        kept = os.path.join(REPO, "bench")
        os.makedirs(kept, exist_ok=True)
        shutil.copy(chromium_png, os.path.join(kept, "chromium-board.png"))
        shutil.copy(kosatsu_png, os.path.join(kept, "kosatsu-board.png"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    kw, kr, kp, cw, cp = summary(k_wall), summary(k_rss), summary(k_pss), summary(c_wall), summary(c_pss)
    time_ratio = kw["median"] / cw["median"]
    memory_ratio = kp["median"] / cp["median"]
    rss_ratio = kr["median"] / cp["median"]
    report = {
        "what": "kosatsu render Layouts/congestion-board.yaml vs chromium --headless --screenshot of the same board",
        "machine": f"{os.cpu_count()} cores, {os.uname().sysname} {os.uname().release}",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "runs": args.runs,
        "kosatsu_wall_ms": kw, "kosatsu_peak_rss_mb": kr, "kosatsu_peak_pss_mb": kp,
        "chromium_wall_ms": cw, "chromium_peak_tree_pss_mb": cp,
        "chromium_biggest_process_rss_mb": summary(c_biggest),
        "wall_time_ratio": round(time_ratio, 4), "memory_ratio": round(memory_ratio, 4),
        "kosatsu_rss_to_chromium_pss_ratio": round(rss_ratio, 4),
        "targets": {"wall_time_ratio": 0.05, "memory_ratio": 0.125},
    }
    with open(args.json, "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")

    def line(label, s, unit):
        return (f"{label:<38} median {s['median']:8.1f} p99 {s['p99']:8.1f} min {s['min']:8.1f} "
                f"max {s['max']:8.1f} {unit}")

    print(line("kosatsu render wall", kw, "ms"))
    print(line("chromium screenshot wall", cw, "ms"))
    print(line("kosatsu render peak PSS", kp, "MB"))
    print(line("kosatsu render peak RSS", kr, "MB"))
    print(line("chromium peak PSS (process tree)", cp, "MB"))
    print(line("chromium biggest process RSS", summary(c_biggest), "MB"))
    print(f"wall time ratio {time_ratio:.4f} (≤ 0.05 {'ok' if time_ratio <= 0.05 else 'OVER'}; "
          f"{1 / time_ratio:.1f}× faster), memory ratio {memory_ratio:.4f} "
          f"(PSS to PSS, ≤ 0.125 {'ok' if memory_ratio <= 0.125 else 'OVER'}; 1/{1 / memory_ratio:.1f}; kosatsu's RSS "
          f"to Chromium's PSS: {rss_ratio:.4f}); {args.runs} runs each, alternating")
    print("pictures: bench/kosatsu-board.png, bench/chromium-board.png; written to "
          + os.path.relpath(args.json, REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
