#!/usr/bin/env python3
"""Daemon benchmarks: what `kosatsu run` costs a sign that runs for months.

    make release    # swift build -c release with the flags of RELEASE_FLAGS in the Makefile
    scripts/bench/daemon.py [--kosatsu .build/release/kosatsu] [--runs 10]   # SOAK_MINUTES=10 by default

Runs the real binary with the preview output at 1920x1080 (the panel's size; no DRM here) and measures:
- start to first frame: from spawning the process to the daemon's line "first frame on screen" (the
  cached last frame handed to the output), with last-frame.png in its cache folder, --runs times;
  the daemon's own figure (from the kernel's record of the process start) is kept beside it;
- idle CPU: % of one core over a minute (utime + stime from /proc/PID/stat) of a sign whose data
  does not change (a snapshot file), so that only the clock's minute draws a frame;
- a soak: the embedded demo (NGSI simulator in the process, counts moving every 15 s, a drill
  alert a minute in) for SOAK_MINUTES minutes, recording VmRSS and CPU each minute; steady RSS is
  the last minute's, growth is the last minute's less the second's (the first is start-up).
  The idle minute runs during the soak's first minute, so the whole takes SOAK_MINUTES + ~1 min.
Prints a table and writes bench/daemon.json (entries with name, unit, value, samples).
Only loopback; every process it starts is stopped with SIGTERM (SIGKILL after 10 s).
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FIRST_FRAME = re.compile(r"first frame on screen (\d+) ms after the process started: (.*)")
TICKS = os.sysconf("SC_CLK_TCK")
TARGET_START_MS = 100
TARGET_RSS_MB = 48


class Daemon:
    """One `kosatsu run` process; its stderr is read line by line on a thread, with arrival times."""

    def __init__(self, kosatsu, args, env):
        self.lines = []
        self.first_frame = None  # (seconds after spawn, the daemon's own ms, what it showed)
        self.ready = threading.Event()
        self.spawned = time.monotonic()
        self.process = subprocess.Popen([kosatsu, "run", "--output", "preview", "--http", "127.0.0.1:0", *args],
                                        env=env, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for raw in self.process.stderr:
            now = time.monotonic()
            line = raw.decode("utf-8", "replace").rstrip()
            self.lines.append(line)
            match = FIRST_FRAME.search(line)
            if match and self.first_frame is None:
                self.first_frame = (now - self.spawned, int(match.group(1)), match.group(2))
                self.ready.set()

    def wait_first_frame(self, timeout=60):
        if not self.ready.wait(timeout):
            self.stop()
            raise RuntimeError("no 'first frame on screen' line within %ds:\n%s" % (timeout, "\n".join(self.lines[-20:])))
        return self.first_frame

    def cpu_seconds(self):
        """utime + stime of the process so far."""
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def rss_kb(self, field="VmRSS"):
        """VmRSS, or RssAnon (private memory: heap, surfaces, stacks) or RssFile (mapped files, mostly
        shared: the binary, the Swift runtime and Foundation's ICU, the fonts)."""
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def rss_breakdown(pid):
    """Where the resident memory is, from /proc/PID/smaps: KB by kind of mapping, and the threads."""
    kinds = {}
    name = ""
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            fields = line.split()
            if not fields[0].endswith(":") or "-" in fields[0]:
                name = fields[5] if len(fields) > 5 else ""
                continue
            if fields[0] != "Rss:":
                continue
            kb = int(fields[1])
            if name.endswith((".ttf", ".otf", ".ttc")):
                kind = "fonts (mmapped files)"
            elif name == "[heap]":
                kind = "malloc heap ([heap])"
            elif name.startswith("[stack"):
                kind = "main stack"
            elif name == "":
                kind = "anonymous (malloc arenas and big blocks: cairo surfaces, PNG data; thread stacks)"
            elif re.search(r"\.so(\.|$)", name):
                kind = "shared libraries (text, data)"
            elif name.startswith("/"):
                kind = "the binary and other files" if "kosatsu" in name else "other mapped files"
            else:
                kind = name
            kinds[kind] = kinds.get(kind, 0) + kb
    # Big anonymous mappings one by one: a 1920x1080 ARGB surface is 8100 KB.
    big = []
    with open(f"/proc/{pid}/smaps") as f:
        current = None
        for line in f:
            fields = line.split()
            if not fields[0].endswith(":") or "-" in fields[0]:
                current = fields if len(fields) <= 5 else None
            elif fields[0] == "Rss:" and current is not None and int(fields[1]) >= 4096:
                big.append(int(fields[1]))
    threads = len(os.listdir(f"/proc/{pid}/task"))
    return {"kb_by_kind": dict(sorted(kinds.items(), key=lambda item: -item[1])), "threads": threads,
            "anonymous_mappings_over_4mb_kb": sorted(big, reverse=True)}


def environment(state_dir, fonts):
    env = dict(os.environ)
    env.update({"XDG_STATE_HOME": state_dir, "KOSATSU_FONTS": fonts, "KOSATSU_LAYOUTS": os.path.join(REPO, "Layouts")})
    return env


PREVIEW = re.compile(r"preview at (http://\S+?)/?$")


def evict_from_page_cache(path):
    """Drops a file's clean pages from the page cache, so that a process started next reads it from
    storage as after a boot (a binary just built or copied is in the page cache in the writer's blocks)."""
    fd = os.open(os.path.realpath(path), os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def start_demo(command, env):
    """Starts `command` (a `kosatsu run --output preview --http 127.0.0.1:0`, perhaps under a profiler) and
    waits for the preview address it prints on stdout; returns (process, base URL). Its later output is
    drained on a thread so that it never blocks on a full pipe."""
    process = subprocess.Popen(command, env=env, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    for raw in process.stdout:
        match = PREVIEW.search(raw.decode("utf-8", "replace").strip())
        if match:
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
            return process, match.group(1)
    process.kill()
    process.wait()
    raise RuntimeError("the daemon printed no preview address")


def summary(values):
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, max(0, -(-99 * len(ordered) // 100) - 1))]
    return {"median": statistics.median(ordered), "p99": p99, "min": ordered[0], "max": ordered[-1]}


def start_to_first_frame(kosatsu, runs, scratch, fonts):
    """`kosatsu run` on the demo with last-frame.png cached: spawn → the first frame line."""
    env = environment(os.path.join(scratch, "start-state"), fonts)
    # One run to fill the cache (the playlist's first frame is written at once and at SIGTERM).
    warm = Daemon(kosatsu, [], env)
    warm.wait_first_frame()
    time.sleep(3)
    warm.stop()
    cache = os.path.join(env["XDG_STATE_HOME"], "kosatsu", "last-frame.png")
    if not os.path.exists(cache):
        raise RuntimeError(f"the warm-up run left no {cache}")
    spawned_ms, own_ms, shown = [], [], set()
    for _ in range(runs):
        daemon = Daemon(kosatsu, [], env)
        seconds, own, what = daemon.wait_first_frame()
        daemon.stop()
        spawned_ms.append(round(seconds * 1000, 1))
        own_ms.append(own)
        shown.add("cached" if "last good frame" in what else what)
    return spawned_ms, own_ms, shown


def idle_config(scratch):
    """A sign on a snapshot file that never changes: only the clock's minute makes a frame."""
    folder = os.path.join(scratch, "idle")
    os.makedirs(folder, exist_ok=True)
    shutil.copy(os.path.join(REPO, "Layouts", "samples", "odawara.json"), os.path.join(folder, "data.json"))
    path = os.path.join(folder, "kosatsu.yaml")
    with open(path, "w") as f:
        f.write("kosatsu: 1\n"
                "sign: {name: idle, areas: [\"municipality:1420600\"], latitude: 35.2564, longitude: 139.1550}\n"
                f"layouts: {os.path.join(REPO, 'Layouts')}\n"
                "playlist: [{layout: congestion-board, pages: [board]}]\n"
                "output: {kind: preview, size: 1920x1080}\n"
                f"cache: {os.path.join(folder, 'cache')}\n"
                "data: {file: data.json}\n")
    return path


def measure_idle(kosatsu, scratch, fonts, seconds, result):
    daemon = Daemon(kosatsu, ["--config", idle_config(scratch)], environment(os.path.join(scratch, "idle-state"), fonts))
    try:
        daemon.wait_first_frame()
        time.sleep(5)  # layouts loaded, the first real frame drawn
        cpu, clock = daemon.cpu_seconds(), time.monotonic()
        time.sleep(seconds)
        result["idle_cpu_percent"] = 100 * (daemon.cpu_seconds() - cpu) / (time.monotonic() - clock)
        result["idle_rss_kb"] = daemon.rss_kb()
    finally:
        daemon.stop()


def soak(kosatsu, minutes, scratch, fonts, on_start):
    env = environment(os.path.join(scratch, "soak-state"), fonts)
    env["KOSATSU_DEMO_DRILL_SECONDS"] = "60"
    daemon = Daemon(kosatsu, [], env)
    rss_mb, anon_mb, cpu_percent = [], [], []
    try:
        daemon.wait_first_frame()
        on_start()
        cpu, clock = daemon.cpu_seconds(), time.monotonic()
        for minute in range(1, minutes + 1):
            time.sleep(max(0.0, clock + 60 - time.monotonic()))
            if daemon.process.poll() is not None:
                raise RuntimeError(f"the daemon exited during the soak:\n" + "\n".join(daemon.lines[-20:]))
            now_cpu, now = daemon.cpu_seconds(), time.monotonic()
            cpu_percent.append(round(100 * (now_cpu - cpu) / (now - clock), 3))
            rss_mb.append(round(daemon.rss_kb() / 1024, 1))
            anon_mb.append(round(daemon.rss_kb("RssAnon") / 1024, 1))
            print(f"  soak minute {minute}: RSS {rss_mb[-1]:.1f} MB (anonymous {anon_mb[-1]:.1f} MB), "
                  f"CPU {cpu_percent[-1]:.2f} %", flush=True)
            cpu, clock = now_cpu, now
        breakdown = rss_breakdown(daemon.process.pid)
    finally:
        status = daemon.stop()
    if status != 0:
        raise RuntimeError(f"the daemon did not stop cleanly on SIGTERM (exit {status})")
    return rss_mb, anon_mb, cpu_percent, breakdown


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kosatsu", default=os.path.join(REPO, ".build", "release", "kosatsu"))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--soak-minutes", type=int, default=int(os.environ.get("SOAK_MINUTES", "10")))
    parser.add_argument("--idle-seconds", type=int, default=60)
    parser.add_argument("--json", default=os.path.join(REPO, "bench", "daemon.json"))
    parser.add_argument("--quiet-phase-done", metavar="FILE",
                        help="create FILE once the start-up runs are over (the soak needs no quiet machine)")
    args = parser.parse_args()
    if not os.access(args.kosatsu, os.X_OK):
        print(f"daemon bench: {args.kosatsu} is not built (make release)")
        return 1
    fonts = os.path.join(REPO, "Fonts")
    started = time.monotonic()
    scratch = tempfile.mkdtemp(prefix="kosatsu-daemon-bench-")
    try:
        spawned_ms, own_ms, shown = start_to_first_frame(args.kosatsu, args.runs, scratch, fonts)
        if args.quiet_phase_done:
            open(args.quiet_phase_done, "w").close()
        idle = {}
        idle_thread = threading.Thread(target=measure_idle,
                                       args=(args.kosatsu, scratch, fonts, args.idle_seconds, idle))
        rss_mb, anon_mb, cpu_percent, breakdown = soak(args.kosatsu, args.soak_minutes, scratch, fonts, idle_thread.start)
        idle_thread.join()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if "idle_cpu_percent" not in idle:
        print("daemon bench: the idle measurement failed")
        return 1

    start = summary(spawned_ms)
    steady = rss_mb[-1]
    # The first minute is start-up (layouts, the drill); growth is measured from the second.
    growth = round(rss_mb[-1] - rss_mb[min(1, len(rss_mb) - 1)], 1)
    entries = [
        {"name": "daemon start to first frame (cached frame, spawn to log line)", "unit": "ms",
         "value": start["median"], "p99": start["p99"], "min": start["min"], "max": start["max"],
         "target": TARGET_START_MS, "samples": spawned_ms},
        {"name": "daemon start to first frame (the daemon's own figure, from /proc start time)", "unit": "ms",
         "value": statistics.median(own_ms), "samples": own_ms},
        {"name": "daemon idle CPU (clock only, 1 minute)", "unit": "% of one core",
         "value": round(idle["idle_cpu_percent"], 3), "samples": [round(idle["idle_cpu_percent"], 3)]},
        {"name": "daemon soak CPU per minute (demo)", "unit": "% of one core",
         "value": round(statistics.median(cpu_percent), 3), "samples": cpu_percent},
        {"name": "daemon soak RSS per minute (demo, 1920x1080)", "unit": "MB", "value": steady,
         "target": TARGET_RSS_MB, "samples": rss_mb},
        {"name": "daemon soak RSS growth (last minute less the second)", "unit": "MB", "value": growth,
         "samples": [growth]},
        {"name": "daemon soak anonymous RSS per minute (RssAnon: heap, surfaces, stacks)", "unit": "MB",
         "value": anon_mb[-1], "samples": anon_mb},
    ]
    report = {
        "what": "kosatsu run --output preview (1920x1080) on this machine; make bench-daemon uses the release build",
        "binary": os.path.relpath(os.path.abspath(args.kosatsu), REPO),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "soak_minutes": args.soak_minutes,
        "first_frame_shown": sorted(shown),
        "entries": entries,
        "rss_at_the_end_of_the_soak": breakdown,
    }
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")

    verdict = "ok" if start["median"] <= TARGET_START_MS else "OVER"
    print(f"{'start → first frame (cached)':<34} median {start['median']:7.1f} p99 {start['p99']:7.1f} "
          f"min {start['min']:7.1f} max {start['max']:7.1f} ms  ≤ {TARGET_START_MS} ms {verdict}"
          f"   (daemon's own: median {statistics.median(own_ms)} ms; {args.runs} runs; showed {', '.join(sorted(shown))})")
    print(f"{'idle CPU (clock only)':<34} {idle['idle_cpu_percent']:7.3f} % of one core over {args.idle_seconds} s"
          f" (RSS {idle['idle_rss_kb'] / 1024:.1f} MB)")
    print(f"{'soak CPU per minute (demo)':<34} median {statistics.median(cpu_percent):7.3f} %  {cpu_percent}")
    rss_verdict = "ok" if steady <= TARGET_RSS_MB and growth <= 1.0 else "OVER"
    print(f"{'soak RSS (demo, 1080p)':<34} steady {steady:.1f} MB, growth {growth:+.1f} MB over "
          f"{args.soak_minutes} min  ≤ {TARGET_RSS_MB} MB, no growth: {rss_verdict}   {rss_mb}")
    print(f"{'soak anonymous RSS (RssAnon)':<34} {anon_mb[-1]:.1f} MB   {anon_mb}")
    print(f"RSS at the end of the soak by kind ({breakdown['threads']} threads):")
    for kind, kb in breakdown["kb_by_kind"].items():
        print(f"  {kb / 1024:7.1f} MB  {kind}")
    print(f"  anonymous mappings over 4 MB: {[round(kb / 1024, 1) for kb in breakdown['anonymous_mappings_over_4mb_kb']]} MB")
    print(f"daemon bench: {time.monotonic() - started:.0f} s; written to {os.path.relpath(args.json, REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
