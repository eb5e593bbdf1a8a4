#!/usr/bin/env python3
"""The frame pipeline in the real daemon: what a scrolling ticker costs, what a still board costs,
how fast an alert reaches the screen while the ticker runs, and while 200 clients flood it.

    make release    # swift build -c release with the flags of RELEASE_FLAGS in the Makefile
    scripts/bench/pipeline.py [--kosatsu .build/release/kosatsu] [--seconds 20] [--pushes 30]

Runs `kosatsu run --output preview` (loopback only) with KOSATSU_LOG_LEVEL=debug and measures:
- ticker at 1920x1080 and 3840x2160 (the congestion dashboard's テロップ): frames/s from
  kosatsu_frames_total, the process's CPU share of one core (utime + stime), frames missed, and the
  damage frames' time p99 from the pipeline's own "frames: … p99" lines;
- idle: a Japanese-only congestion board (no ticker, no language turns) for --idle-seconds starting
  just after a minute's turn: frames drawn and CPU share;
- push → frame while the ticker runs (1080p): an alert, then its cancel, --pushes times each; the time
  from sending POST /alerts to the line "frame N: … (emergency|calm) on screen";
- the same under a flood: `wrk -t2 -c200` on /screenshot.png while /healthz is timed and alerts pushed
  (issue 14's target: /healthz within 0.5 s, push on screen within 1 s).
Prints a table and writes bench/pipeline.json (entries as bench/daemon.json has them).
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
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TICKS = os.sysconf("SC_CLK_TCK")
ON_SCREEN = re.compile(r"frame \d+: (.*) on screen ([\d.]+) ms after it was posted")
STATS = re.compile(r"frames: (\d+) in ([\d.]+) s \(([\d.]+)/s\), (\d+) missed, frame time p50 ([\d.]+) ms "
                   r"p99 ([\d.]+) ms")
LISTENING = re.compile(r"preview at http://127\.0\.0\.1:(\d+)/")
TOKEN = "bench-token-5c0ffee"


class Sign:
    """One daemon; stderr lines kept with their arrival time, stdout read for the port."""

    def __init__(self, kosatsu, config, scratch):
        env = dict(os.environ, KOSATSU_LOG_LEVEL="debug", KOSATSU_PUSH_TOKEN=TOKEN,
                   KOSATSU_FONTS=os.path.join(REPO, "Fonts"), XDG_STATE_HOME=scratch)
        self.lines = []
        self.lock = threading.Lock()
        self.process = subprocess.Popen([kosatsu, "run", "--config", config, "--http", "127.0.0.1:0"], env=env,
                                        cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
        threading.Thread(target=self._read, daemon=True).start()
        for raw in self.process.stdout:
            match = LISTENING.search(raw.decode("utf-8", "replace"))
            if match:
                self.port = int(match.group(1))
                break
        else:
            raise RuntimeError("the daemon did not say where it listens")

    def _read(self):
        for raw in self.process.stderr:
            with self.lock:
                self.lines.append((time.monotonic(), raw.decode("utf-8", "replace").rstrip()))

    def mark(self):
        with self.lock:
            return len(self.lines)

    def wait_line(self, pattern, after, timeout=30):
        """The first line from index `after` matching `pattern`: (arrival time, match)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for arrived, line in self.lines[after:]:
                    match = re.search(pattern, line)
                    if match:
                        return arrived, match
            time.sleep(0.002)
        raise TimeoutError(f"no line matching {pattern!r} in {timeout} s")

    def get(self, path, timeout=10):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=timeout) as response:
            return response.read()

    def metric(self, name):
        for line in self.get("/metrics").decode().splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        return None

    def push(self, body):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/alerts", data=body, method="POST",
                                         headers={"Authorization": f"Bearer {TOKEN}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def sign_config(scratch, name, layout, size, japanese_only=False, extra=""):
    """A sign folder: the layouts (the chosen one, the emergency ones), a data file, the config."""
    folder = os.path.join(scratch, name)
    layouts = os.path.join(folder, "Layouts")
    os.makedirs(layouts, exist_ok=True)
    for entry in os.listdir(os.path.join(REPO, "Layouts")):
        source = os.path.join(REPO, "Layouts", entry)
        if entry in ("samples", "assets"):
            shutil.copytree(source, os.path.join(layouts, entry), dirs_exist_ok=True)
        elif entry == layout + ".yaml" or entry.startswith("emergency"):
            with open(source) as f:
                text = f.read()
            if japanese_only and entry == layout + ".yaml":
                text = text.replace("languages: [ja, en]", "languages: [ja]")
            with open(os.path.join(layouts, entry), "w") as f:
                f.write(text)
    sample = "dashboard" if layout == "congestion-dashboard" else "odawara"
    shutil.copy(os.path.join(REPO, "Layouts", "samples", f"{sample}.json"), os.path.join(folder, "data.json"))
    path = os.path.join(folder, "kosatsu.yaml")
    with open(path, "w") as f:
        f.write("kosatsu: 1\n"
                "sign: {name: bench, areas: [\"municipality:1420600\"], latitude: 35.2564, longitude: 139.1550}\n"
                "layouts: Layouts\n"
                f"playlist: [{{layout: {layout}, pages: [{'now' if sample == 'dashboard' else 'board'}]}}]\n"
                f"output: {{kind: preview, size: {size}}}\n"
                "cache: cache\n"
                "data: {file: data.json}\n"
                "alerts: {calm: 1s}\n" + extra)
    return path


def cap(kind, identifier, references=""):
    sent = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    return (f'<?xml version="1.0" encoding="UTF-8"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">'
            f"<identifier>{identifier}</identifier><sender>city@odawara.example</sender><sent>{sent}</sent>"
            f"<status>Actual</status><msgType>{kind}</msgType><scope>Public</scope>{references}"
            "<info><language>ja-JP</language><category>Geo</category><event>地震</event><urgency>Immediate</urgency>"
            "<severity>Extreme</severity><certainty>Observed</certainty><headline>強い揺れに警戒してください</headline>"
            "<area><areaDesc>小田原市</areaDesc><circle>35.2564,139.1550 10</circle></area></info></alert>").encode()


def summary(values):
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, max(0, -(-99 * len(ordered) // 100) - 1))]
    return {"median": round(statistics.median(ordered), 2), "p99": round(p99, 2), "min": round(ordered[0], 2),
            "max": round(ordered[-1], 2)}


def measure_ticker(kosatsu, scratch, size, seconds):
    sign = Sign(kosatsu, sign_config(scratch, f"ticker-{size}", "congestion-dashboard", size), scratch)
    try:
        time.sleep(4)
        start = sign.mark()
        frames, cpu, clock = sign.metric("kosatsu_frames_total"), sign.cpu_seconds(), time.monotonic()
        missed = sign.metric("kosatsu_frames_missed_total")
        time.sleep(seconds)
        elapsed = time.monotonic() - clock
        result = {"frames_per_second": round((sign.metric("kosatsu_frames_total") - frames) / elapsed, 1),
                  "cpu_percent": round(100 * (sign.cpu_seconds() - cpu) / elapsed, 2),
                  "missed": int(sign.metric("kosatsu_frames_missed_total") - missed)}
        with sign.lock:
            p99s = [float(m.group(6)) for _, line in sign.lines[start:] for m in [STATS.search(line)] if m]
        result["frame_time_p99_ms"] = p99s
        return result
    finally:
        sign.stop()


def measure_idle(kosatsu, scratch, seconds):
    sign = Sign(kosatsu, sign_config(scratch, "idle", "congestion-board", "1920x1080", japanese_only=True), scratch)
    try:
        time.sleep(3)
        # From just after a minute's turn, so the clock does not change within the window.
        time.sleep((61 - time.time() % 60) % 60)
        frames, cpu, clock = sign.metric("kosatsu_frames_total"), sign.cpu_seconds(), time.monotonic()
        time.sleep(seconds)
        elapsed = time.monotonic() - clock
        return {"frames": int(sign.metric("kosatsu_frames_total") - frames),
                "cpu_percent": round(100 * (sign.cpu_seconds() - cpu) / elapsed, 3), "seconds": round(elapsed)}
    finally:
        sign.stop()


def push_cycles(sign, pushes, label):
    """Alert → emergency on screen, cancel → calm on screen, back to the board: (alert ms, cancel ms)."""
    alerts, cancels = [], []
    for number in range(pushes):
        identifier = f"{label}-{number}-{time.time_ns()}"
        mark = sign.mark()
        sent = time.monotonic()
        sign.push(cap("Alert", identifier))
        arrived, _ = sign.wait_line(r"frame \d+: .*\(emergency\) on screen", mark)
        alerts.append((arrived - sent) * 1000)
        mark = sign.mark()
        sent = time.monotonic()
        sign.push(cap("Cancel", identifier + "-c",
                      f"<references>city@odawara.example,{identifier},2026-11-23T14:10:00+09:00</references>"))
        arrived, _ = sign.wait_line(r"frame \d+: .*\(calm\) on screen", mark)
        cancels.append((arrived - sent) * 1000)
        sign.wait_line(r"frame \d+: .*\(playlist\) on screen", mark, timeout=30)
        time.sleep(0.2)
    return alerts, cancels


def measure_pushes(kosatsu, scratch, pushes):
    sign = Sign(kosatsu, sign_config(scratch, "push", "congestion-dashboard", "1920x1080"), scratch)
    try:
        time.sleep(4)
        return push_cycles(sign, pushes, "quiet")
    finally:
        sign.stop()


def measure_flood(kosatsu, scratch, pushes, wrk):
    sign = Sign(kosatsu, sign_config(scratch, "flood", "congestion-dashboard", "1920x1080"), scratch)
    try:
        time.sleep(4)
        flood = subprocess.Popen([wrk, "-t2", "-c200", "-d600s", "--timeout", "10s",
                                  f"http://127.0.0.1:{sign.port}/screenshot.png"], stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT)
        try:
            time.sleep(3)
            health = []
            for _ in range(20):
                started = time.monotonic()
                sign.get("/healthz")
                health.append((time.monotonic() - started) * 1000)
                time.sleep(0.2)
            alerts, cancels = push_cycles(sign, pushes, "flood")
        finally:
            flood.send_signal(signal.SIGINT)
            output = flood.communicate(timeout=30)[0].decode("utf-8", "replace")
        rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
        return health, alerts, cancels, float(rate.group(1)) if rate else None
    finally:
        sign.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kosatsu", default=os.path.join(REPO, ".build", "release", "kosatsu"))
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--idle-seconds", type=int, default=45)
    parser.add_argument("--pushes", type=int, default=30)
    parser.add_argument("--json", default=os.path.join(REPO, "bench", "pipeline.json"))
    parser.add_argument("--flood-only", action="store_true",
                        help="only the flood: /healthz and push → screen under wrk -c200 (issue 14)")
    args = parser.parse_args()
    if not os.access(args.kosatsu, os.X_OK):
        print(f"pipeline bench: {args.kosatsu} is not built (make release)")
        return 1
    wrk = shutil.which("wrk")
    started = time.monotonic()
    scratch = tempfile.mkdtemp(prefix="kosatsu-pipeline-bench-")
    try:
        ticker, idle, alerts, cancels = {}, None, [], []
        if not args.flood_only:
            ticker = {size: measure_ticker(args.kosatsu, scratch, size, args.seconds)
                      for size in ("1920x1080", "3840x2160")}
            idle = measure_idle(args.kosatsu, scratch, args.idle_seconds)
            alerts, cancels = measure_pushes(args.kosatsu, scratch, args.pushes)
        flood = measure_flood(args.kosatsu, scratch, max(5, args.pushes // 3), wrk) if wrk else None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    entries = []
    for size, result in ticker.items():
        name = "1080p" if size == "1920x1080" else "4K"
        entries += [
            {"name": f"pipeline ticker {name} frames/s (preview)", "unit": "frames/s",
             "value": result["frames_per_second"], "samples": [result["frames_per_second"]]},
            {"name": f"pipeline ticker {name} CPU (preview)", "unit": "% of one core", "value": result["cpu_percent"],
             "samples": [result["cpu_percent"]], **({"target": 10} if name == "1080p" else {})},
            {"name": f"pipeline ticker {name} frames missed in {args.seconds} s", "unit": "frames",
             "value": result["missed"], "samples": [result["missed"]]},
        ]
        if result["frame_time_p99_ms"]:
            entries.append({"name": f"pipeline ticker {name} damage frame time p99 (per 5 s window)", "unit": "ms",
                            "value": max(result["frame_time_p99_ms"]), "samples": result["frame_time_p99_ms"],
                            **({"target": 2} if name == "1080p" else {})})
    entries += [] if idle is None else [
        {"name": f"pipeline idle frames drawn in {idle['seconds']} s", "unit": "frames", "value": idle["frames"],
         "samples": [idle["frames"]], "target": 0},
        {"name": "pipeline idle CPU", "unit": "% of one core", "value": idle["cpu_percent"],
         "samples": [idle["cpu_percent"]], "target": 0.5},
        {"name": "pipeline push → emergency frame, ticker running", "unit": "ms", **{"value": summary(alerts)["p99"]},
         "p50": summary(alerts)["median"], "samples": [round(v, 2) for v in alerts], "target": 50},
        {"name": "pipeline cancel → calm frame, ticker running", "unit": "ms", "value": summary(cancels)["p99"],
         "p50": summary(cancels)["median"], "samples": [round(v, 2) for v in cancels], "target": 50},
    ]
    if flood:
        health, flood_alerts, flood_cancels, rate = flood
        entries += [
            {"name": "flood (wrk -c200 /screenshot.png): /healthz", "unit": "ms", "value": summary(health)["p99"],
             "p50": summary(health)["median"], "samples": [round(v, 2) for v in health], "target": 500},
            {"name": "flood: push → emergency frame", "unit": "ms", "value": summary(flood_alerts)["p99"],
             "p50": summary(flood_alerts)["median"], "samples": [round(v, 2) for v in flood_alerts], "target": 1000},
            {"name": "flood: screenshots served", "unit": "requests/s", "value": rate or 0, "samples": [rate or 0]},
        ]
    report = {"what": "kosatsu run --output preview, loopback; values are p99 where a p50 is given",
              "binary": os.path.relpath(os.path.abspath(args.kosatsu), REPO),
              "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "entries": entries}
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    for entry in entries:
        extra = f" (p50 {entry['p50']})" if "p50" in entry else ""
        target = f"  target {entry['target']}" if "target" in entry else ""
        print(f"{entry['name']:<60} {entry['value']:>10} {entry['unit']}{extra}{target}")
    if not wrk:
        print("pipeline bench: wrk is not installed (scripts/deps.sh installs it); the flood was not measured")
    print(f"pipeline bench: {time.monotonic() - started:.0f} s; written to {os.path.relpath(args.json, REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
