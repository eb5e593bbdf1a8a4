#!/usr/bin/env python3
"""`make fleet-sim`: a fleet of signs on one broker, and how fast an alert reaches all of them.

One mosquitto on a free loopback port; N `kosatsu run` daemons (default 200) at a small output
size, each with an `mqtt:` section; once every sign's retained status says it shows the board, an
Orion-format Alert notification is published on the area topic (as Orion's `notification.mqtt`
would). The latency of each sign is from that publish to the first status message of the sign that
says it shows the emergency, as a subscriber on `kosatsu/signs/+/status` receives it (mosquitto_sub
stamps each message). Also: the daemons' total memory (RSS) and the broker's CPU. Then the alert is
ended (validTo now) and the return to the board timed the same way.

Results: bench/fleet.json (and a table on stdout). Target: 99 % of signs within 2 s.
Only loopback addresses are used; every process is stopped at the end.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOPIC = "city/odawara/alerts"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def accepts(port):
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_kib(pid):
    """Proportional set size: shared pages (fonts, libraries) split between the processes that map them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def available_mib():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    return 0


def iso(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def alert(issued, valid_to=None, modified=None):
    entity = {
        "id": "urn:ngsi-ld:Alert:fleet-sim-eq",
        "type": "Alert",
        "category": {"type": "Text", "value": "naturalDisaster"},
        "subCategory": {"type": "Text", "value": "earthquake"},
        "severity": {"type": "Text", "value": "critical"},
        "description": {"type": "Text", "value": "強い揺れに警戒してください"},
        "location": {"type": "geo:json", "value": {"type": "Point", "coordinates": [139.1551, 35.2565]}},
        "dateIssued": {"type": "DateTime", "value": iso(issued)},
        "dateModified": {"type": "DateTime", "value": iso(modified or issued)},
    }
    if valid_to is not None:
        entity["validTo"] = {"type": "DateTime", "value": iso(valid_to)}
    return json.dumps({"subscriptionId": "5f9c1e2a3b4c5d6e7f809192", "data": [entity]}, ensure_ascii=False)


class Statuses:
    """What mosquitto_sub printed: one `UNIXTIME TOPIC PAYLOAD` line per status message."""

    def __init__(self, path):
        self.path = path
        self.offset = 0
        self.messages = []  # (received, sign id, status dict)

    def read(self):
        with open(self.path, encoding="utf-8", errors="replace") as f:
            f.seek(self.offset)
            data = f.read()
            complete = data.rfind("\n") + 1
            self.offset += len(data[:complete].encode("utf-8"))
        for line in data[:complete].splitlines():
            parts = line.split(" ", 2)
            if len(parts) != 3:
                continue
            try:
                status = json.loads(parts[2])
            except ValueError:
                continue
            self.messages.append((float(parts[0]), parts[1].split("/")[-2], status))

    def latest(self):
        last = {}
        for _, sign, status in self.messages:
            last[sign] = status
        return last

    def first_made(self, since, predicate):
        """Like `first`, but when each sign says it made the status (its `at`, the same clock)."""
        found = {}
        for received, sign, status in self.messages:
            if received >= since and sign not in found and predicate(status) and status.get("at"):
                made = datetime.fromisoformat(status["at"].replace("Z", "+00:00")).timestamp()
                found[sign] = made
        return found

    def first(self, since, predicate):
        """Each sign's first status after `since` that satisfies `predicate`: {sign: received}."""
        found = {}
        for received, sign, status in self.messages:
            if received >= since and sign not in found and predicate(status):
                found[sign] = received
        return found


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


def summary(latencies, count):
    values = list(latencies.values())
    return {
        "reached": len(values),
        "p50_seconds": round(percentile(values, 0.5), 3) if values else None,
        "p99_seconds": round(percentile(values, 0.99), 3) if values else None,
        "max_seconds": round(max(values), 3) if values else None,
        "mean_seconds": round(statistics.mean(values), 3) if values else None,
        "within_2s": sum(1 for v in values if v <= 2.0),
        "within_2s_fraction": round(sum(1 for v in values if v <= 2.0) / count, 4),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kosatsu", default=os.path.join(ROOT, ".build/release/kosatsu"))
    parser.add_argument("--signs", type=int, default=200)
    parser.add_argument("--output", default="null", help="the signs' output kind (null: frames drawn, shown nowhere)")
    parser.add_argument("--size", default="320x180")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench/fleet.json"))
    parser.add_argument("--start-rate", type=float, default=10.0, help="daemons started per second")
    parser.add_argument("--reserve-mib", type=int, default=3072,
                        help="stop starting daemons when the machine has less memory available than this")
    args = parser.parse_args()

    mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    for tool in (mosquitto, shutil.which("mosquitto_sub"), shutil.which("mosquitto_pub"), args.kosatsu):
        if not tool or not os.path.exists(tool):
            sys.exit(f"fleet-sim: missing {tool} (run scripts/deps.sh and build kosatsu)")

    work = tempfile.mkdtemp(prefix="kosatsu-fleet-sim-")
    port = free_port()
    with open(os.path.join(work, "mosquitto.conf"), "w") as f:
        f.write(
            f"listener {port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 1000\n"
            f"log_dest file {work}/mosquitto.log\nuser {os.environ.get('USER') or 'root'}\n"
        )
    children = []

    def stop_all():
        for process in reversed(children):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.time() + 20
        for process in children:
            try:
                process.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                process.kill()

    try:
        broker = subprocess.Popen([mosquitto, "-c", f"{work}/mosquitto.conf"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        children.append(broker)
        for _ in range(200):
            if accepts(port):
                break
            time.sleep(0.05)
        status_log = os.path.join(work, "statuses.txt")
        subscriber = subprocess.Popen(
            ["mosquitto_sub", "-h", "127.0.0.1", "-p", str(port), "-q", "1", "-t", "kosatsu/signs/+/status",
             "-F", "%U %t %p"], stdout=open(status_log, "w"), stderr=subprocess.DEVNULL)
        children.append(subscriber)
        # The publisher is connected before the alert (`-l`: one message per line of its input), as
        # Orion is (it keeps its MQTT connection): the time of the write is the time of the publish.
        publisher = subprocess.Popen(
            ["mosquitto_pub", "-h", "127.0.0.1", "-p", str(port), "-q", "1", "-t", TOPIC, "-l"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
        children.append(publisher)

        def publish(message):
            publisher.stdin.write(message + "\n")
            publisher.stdin.flush()

        # The signs' shared data: the sample, its source fresh.
        with open(os.path.join(ROOT, "Layouts/samples/odawara.json"), encoding="utf-8") as f:
            sample = json.load(f)
        sample["sources"] = [{"name": "platform", "lastSuccess": iso(time.time())}]
        data = os.path.join(work, "data.json")
        with open(data, "w", encoding="utf-8") as f:
            json.dump(sample, f, ensure_ascii=False)

        env = dict(os.environ, KOSATSU_FONTS=os.path.join(ROOT, "Fonts"), KOSATSU_LOG_LEVEL="warning")
        daemons = []
        started = time.time()
        for index in range(args.signs):
            if available_mib() < args.reserve_mib:
                print(f"fleet-sim: only {available_mib()} MiB available: stopping at {index} signs", file=sys.stderr)
                args.signs = index
                break
            folder = os.path.join(work, f"sign-{index:04d}")
            os.makedirs(folder)
            with open(os.path.join(folder, "kosatsu.yaml"), "w", encoding="utf-8") as f:
                f.write(
                    "kosatsu: 1\n"
                    f"sign: {{name: fleet-{index:04d}, areas: ['municipality:1420600'], latitude: 35.2564, longitude: 139.1550}}\n"
                    f"layouts: {ROOT}/Layouts\n"
                    "playlist: [{layout: congestion-board}]\n"
                    f"output: {{kind: {args.output}, size: {args.size}}}\n"
                    "http: {listen: '127.0.0.1:0'}\n"
                    "cache: cache\n"
                    f"data: {{file: {data}}}\n"
                    "alerts: {calm: 5s}\n"
                    f"mqtt: {{url: 'mqtt://127.0.0.1:{port}', topics: [{TOPIC}]}}\n"
                )
            log = open(os.path.join(folder, "log.txt"), "w")
            process = subprocess.Popen([args.kosatsu, "run", "--config", os.path.join(folder, "kosatsu.yaml")],
                                       stdout=subprocess.DEVNULL, stderr=log, env=env)
            children.append(process)
            daemons.append(process)
            time.sleep(1.0 / args.start_rate)

        statuses = Statuses(status_log)
        ids = {f"fleet-{index:04d}" for index in range(args.signs)}

        def showing(what):
            statuses.read()
            latest = statuses.latest()
            return {sign for sign in ids if latest.get(sign, {}).get("showing") == what}

        deadline = time.time() + 300
        while len(showing("board")) < args.signs and time.time() < deadline:
            time.sleep(1)
        ready = len(showing("board"))
        ready_after = time.time() - started
        dead = sum(1 for p in daemons if p.poll() is not None)
        print(f"fleet-sim: {ready}/{args.signs} signs show the board after {ready_after:.0f} s ({dead} exited)")
        time.sleep(5)  # settle: every sign idle on the board
        memory_kib = sum(rss_kib(p.pid) for p in daemons)
        memory_pss_kib = sum(pss_kib(p.pid) for p in daemons)
        broker_cpu_before = cpu_seconds(broker.pid)

        issued = time.time()
        published = time.time()
        publish(alert(issued))
        deadline = time.time() + 30
        while len(showing("emergency")) < ready and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(1)
        statuses.read()
        takeover = statuses.first(
            published, lambda s: s.get("showing") == "emergency"
            and (s.get("takeover") or {}).get("id") == "urn:ngsi-ld:Alert:fleet-sim-eq")
        made = statuses.first_made(
            published, lambda s: s.get("showing") == "emergency"
            and (s.get("takeover") or {}).get("id") == "urn:ngsi-ld:Alert:fleet-sim-eq")
        broker_cpu_alert = cpu_seconds(broker.pid) - broker_cpu_before
        memory_emergency_kib = sum(rss_kib(p.pid) for p in daemons)

        ended = time.time()
        publish(alert(issued, valid_to=ended - 1, modified=issued + 5))
        deadline = time.time() + 30
        while time.time() < deadline:
            statuses.read()
            if len(statuses.first(ended, lambda s: s.get("showing") == "calm")) >= ready:
                break
            time.sleep(0.2)
        calm = statuses.first(ended, lambda s: s.get("showing") in ("calm", "board"))
        broker_cpu_total = cpu_seconds(broker.pid)
        broker_rss_kib = rss_kib(broker.pid)
        status_bytes = [len(json.dumps(s, ensure_ascii=False).encode()) for _, _, s in statuses.messages]

        result = {
            "date": iso(time.time()),
            "command": " ".join(sys.argv),
            "kosatsu": args.kosatsu,
            "signs": args.signs,
            "output": f"{args.output} {args.size}",
            "signs_ready": ready,
            "ready_after_seconds": round(ready_after, 1),
            "alert_to_emergency_status": summary({s: t - published for s, t in takeover.items()}, args.signs),
            # The same, by the time each sign stamped its status (`at`): what the signs did, without the
            # observer's own scheduling on a loaded machine.
            "alert_to_emergency_status_made": summary({s: t - published for s, t in made.items()}, args.signs),
            "load_average_1min": round(os.getloadavg()[0], 2),
            "cpus": os.cpu_count(),
            "end_to_calm_status": summary({s: t - ended for s, t in calm.items()}, args.signs),
            "daemons_rss_total_mib": round(memory_kib / 1024, 1),
            "daemons_rss_per_sign_mib": round(memory_kib / 1024 / max(1, args.signs), 1),
            "daemons_pss_total_mib": round(memory_pss_kib / 1024, 1),
            "daemons_pss_per_sign_mib": round(memory_pss_kib / 1024 / max(1, args.signs), 1),
            "daemons_rss_total_during_emergency_mib": round(memory_emergency_kib / 1024, 1),
            "broker_cpu_seconds_alert_window": round(broker_cpu_alert, 3),
            "broker_cpu_seconds_whole_run": round(broker_cpu_total, 3),
            "broker_rss_mib": round(broker_rss_kib / 1024, 1),
            "status_messages": len(statuses.messages),
            "status_message_bytes_median": statistics.median(status_bytes) if status_bytes else None,
            "alert_message_bytes": len(alert(issued).encode()),
            "target": "99 % of signs within 2 s",
            "target_met": summary({s: t - published for s, t in takeover.items()}, args.signs)["within_2s_fraction"]
            >= 0.99,
        }
        os.makedirs(os.path.dirname(args.out), exist_ok=True)
        with open(args.out, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
        print(json.dumps(result, indent=2))
        return 0 if result["target_met"] else 1
    finally:
        stop_all()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
