#!/usr/bin/env python3
"""Which functions the sign and a designer's render run, for the linker to put side by side.

    make release    # swift build -c release with the flags of RELEASE_FLAGS in the Makefile
    scripts/build/text-order.py [--kosatsu .build/release/kosatsu] [--daemon-seconds 150]   # make text-order
    scripts/build/text-order.py --check [--kosatsu .build/release/kosatsu]   # how much of it a build follows

A release `kosatsu` is one 170 MB executable with every command in it; of its 31 MB of code a sign runs
a few thousand functions spread over all of it. The kernel maps code in blocks around each page a
process touches, so scattered functions cost a resident block each. This script runs the binary under
valgrind's callgrind (which sees every function called, not a sample):

- `kosatsu run` on the embedded demo at 1920×1080 for --daemon-seconds, with what a preview page left
  open does (a screenshot and a metrics scrape each second), an alert pushed at 25 % of the time and
  cancelled at 60 % (the takeover and the calm screens);
- `kosatsu render` of every layout in Layouts/ (a designer's preview).

and writes the functions of the `kosatsu` binary it saw to scripts/build/kosatsu.order in three runs —
the renders' own, those both run, the sign's own — so that each program's code is contiguous, which `make` passes to lld (--symbol-ordering-file). A function
the file does not name (new code since it was made) keeps the linker's own place: a stale file costs
memory, never correctness. Re-run after large changes; docs/performance.md says what it buys.
Needs valgrind (apt-get install valgrind); only loopback.
"""

import argparse
import bisect
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "scripts", "bench"))
from daemon import environment, start_demo  # noqa: E402
TOKEN = "text-order-token"
# Two empty functions (Sources/KosatsuDaemon/CodeResidency.swift) written first and last, so that the
# running sign knows where the ordered code lies and reads it ahead in one go.
MARKERS = ("kosatsu_ordered_code_begins", "kosatsu_ordered_code_ends")


def write_order(path, names):
    names = [name for name in names if name not in MARKERS]
    with open(path, "w") as f:
        f.write("".join(name + "\n" for name in (MARKERS[0], *names, MARKERS[1])))


def cap(message_type, identifier, references=""):
    sent = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{identifier}</identifier><sender>city@odawara.example</sender><sent>{sent}</sent>
  <status>Actual</status><msgType>{message_type}</msgType><scope>Public</scope>{references}
  <info><language>ja-JP</language><category>Geo</category><event>地震</event><urgency>Immediate</urgency>
    <severity>Extreme</severity><certainty>Observed</certainty><headline>強い揺れに警戒してください</headline>
    <area><areaDesc>小田原市</areaDesc><circle>35.2564,139.1550 10</circle></area></info>
</alert>""".encode(), sent


def push(base, body):
    request = urllib.request.Request(base + "/alerts", data=body, method="POST",
                                     headers={"Authorization": "Bearer " + TOKEN,
                                              "Content-Type": "application/xml"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status


def viewer(base, stop):
    while not stop.is_set():
        for path in ("/screenshot.png", "/metrics"):
            try:
                with urllib.request.urlopen(base + path, timeout=60) as response:
                    response.read()
            except Exception:
                pass
        stop.wait(1.0)


def callgrind(binary, arguments, out):
    return ["valgrind", "--tool=callgrind", "--demangle=no", "--dump-instr=no",
            f"--callgrind-out-file={out}", binary] + arguments


def daemon(binary, seconds, scratch, wrap):
    env = environment(os.path.join(scratch, "state"), os.path.join(REPO, "Fonts"))
    env.update({"KOSATSU_PUSH_TOKEN": TOKEN, "KOSATSU_DEMO_DRILL_SECONDS": str(int(seconds * 0.15))})
    process, base = start_demo(wrap(binary, ["run", "--output", "preview", "--http", "127.0.0.1:0"]), env)
    stop = threading.Event()
    threading.Thread(target=viewer, args=(base, stop), daemon=True).start()
    started = time.monotonic()
    time.sleep(seconds * 0.25)
    body, sent = cap("Alert", "order-1")
    print(f"  alert pushed: {push(base, body)}", flush=True)
    time.sleep(max(0.0, started + seconds * 0.6 - time.monotonic()))
    body, _ = cap("Cancel", "order-2", f"<references>city@odawara.example,order-1,{sent}</references>")
    print(f"  alert cancelled: {push(base, body)}", flush=True)
    time.sleep(max(0.0, started + seconds - time.monotonic()))
    stop.set()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        raise RuntimeError("the daemon did not stop within 120 s of SIGTERM")


NAMED = re.compile(r"^(c?ob|c?fn)=\((\d+)\)(?: (.*))?$")


def functions(profile, object_name):
    """Functions of `object_name` in a callgrind profile, most instructions first."""
    objects, names, cost = {}, {}, {}
    current_object, current = None, None
    after_calls = False
    with open(profile, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            match = NAMED.match(line)
            if match:
                kind, number, name = match.groups()
                table = objects if kind.endswith("ob") else names
                if name is not None:
                    table[number] = name
                if kind == "ob":
                    current_object = objects[number]
                elif kind == "fn":
                    current = (current_object, names[number])
                    cost.setdefault(current, 0)
                continue
            if line.startswith("calls="):
                after_calls = True  # the next cost line is the call's inclusive cost, not this function's
                continue
            if line[:1].isdigit() or line[:1] in "+-":
                if after_calls:
                    after_calls = False
                    continue
                fields = line.split()
                if len(fields) >= 2 and current is not None and fields[1].isdigit():
                    cost[current] += int(fields[1])
    found = [(c, re.sub(r"'\d+$", "", name)) for (o, name), c in cost.items() if o and o.endswith(object_name)]
    found.sort(key=lambda pair: -pair[0])
    seen, ordered = set(), []
    for _, name in found:
        if name not in seen:
            seen.add(name)
            ordered.append(name)
    return ordered


def text_segment(binary):
    """(file offset, virtual address) of the executable segment."""
    headers = subprocess.run(["readelf", "-lW", binary], capture_output=True, text=True, check=True).stdout
    for line in headers.splitlines():
        fields = line.split()
        if fields[:1] == ["LOAD"] and "E" in fields[6:-1]:
            return int(fields[1], 16), int(fields[2], 16)
    raise RuntimeError(f"{binary}: no executable segment")


def code_faults(binary, profile):
    """Functions of `binary` whose first instruction on a page faulted, from `perf record -e page-faults -d`."""
    symbols = []
    nm = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True)
    for line in nm.stdout.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1] in "tTwW":
            symbols.append((int(fields[0], 16), fields[2]))
    symbols.sort()
    starts = [address for address, _ in symbols]
    offset, vaddr = text_segment(binary)
    real = os.path.realpath(binary)
    script = subprocess.run(["perf", "script", "-i", profile, "--show-mmap-events", "-F", "ip,addr"],
                            capture_output=True, text=True).stdout
    mapping = re.compile(r"\[0x([0-9a-f]+)\(0x([0-9a-f]+)\) @ (0x[0-9a-f]+|0) .*\]: r-xp (\S+)")
    ranges, found = [], []
    for line in script.splitlines():
        match = mapping.search(line)
        if match:
            if os.path.realpath(match.group(4)) == real:
                start, size, page_offset = (int(match.group(n), 16) for n in (1, 2, 3))
                ranges.append((start, start + size, start - page_offset + offset - vaddr))
            continue
        fields = line.split()
        if len(fields) != 2:
            continue
        address, ip = int(fields[0], 16), int(fields[1], 16)
        for low, high, shift in ranges:
            if address == ip and low <= address < high:  # an instruction fetch, not a read of code as data
                index = bisect.bisect_right(starts, address - shift) - 1
                if index >= 0:
                    found.append(symbols[index][1])
    return found


def fault_pass(binary, order_file, seconds):
    """What callgrind misses (valgrind chases small functions into their callers): run a binary linked
    with the order at full speed under perf, and add the functions whose pages still fault."""
    listed = [line.strip() for line in open(order_file) if line.strip()]
    known = set(listed)
    scratch = tempfile.mkdtemp(prefix="kosatsu-text-order-")
    added = []
    try:
        runs = [("daemon", None)] + [(os.path.basename(layout), layout)
                                    for layout in sorted(glob.glob(os.path.join(REPO, "Layouts", "*.yaml")))]
        for name, layout in runs:
            profile = os.path.join(scratch, name + ".perf")
            wrap = lambda b, a: ["perf", "record", "-q", "-c", "1", "-e", "page-faults", "-d", "-o", profile, "--", b] + a
            if layout is None:
                daemon(binary, seconds, scratch, wrap)
            else:
                subprocess.run(wrap(binary, ["render", layout, "--fonts", os.path.join(REPO, "Fonts"), "-o",
                                             os.path.join(scratch, "render.png")]),
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            more = [symbol for symbol in dict.fromkeys(code_faults(binary, profile)) if symbol not in known]
            known.update(more)
            added += more
            print(f"  {name}: {len(more)} more", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    write_order(order_file, listed + added)
    print(f"text-order: {len(added)} functions added → {os.path.relpath(order_file, REPO)}")
    return 0


def check(binary, order_file):
    """How much of the order file a release binary follows: the functions it still has, and how many
    megabytes of code hold them (a binary linked without the order spreads them over all its code)."""
    listed = [line.strip() for line in open(order_file) if line.strip()]
    where = {}
    nm = subprocess.run(["nm", "-S", "--defined-only", binary], capture_output=True, text=True, check=True)
    for line in nm.stdout.splitlines():
        fields = line.split()
        if len(fields) == 4 and fields[2] in "tTwW":
            where.setdefault(fields[3], (int(fields[0], 16), int(fields[1], 16)))
    found = [where[name] for name in listed if name in where]
    if not found:
        print(f"text-order: {binary} has none of the {len(listed)} functions of {order_file}")
        return 1
    starts = sorted(address for address, _ in found)
    span = starts[int(len(starts) * 0.99) - 1] - starts[0]
    size = sum(length for _, length in found)
    share = len(found) / len(listed)
    print(f"text-order: {len(found)} of {len(listed)} listed functions ({share:.0%}) in {binary}, "
          f"{size / 2**20:.1f} MB of code; 99 % of them within {span / 2**20:.1f} MB")
    if share < 0.8:
        print("text-order: the order file is stale (under 80 % of its functions exist): make text-order")
        return 1
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kosatsu", default=os.path.join(REPO, ".build", "release", "kosatsu"))
    parser.add_argument("--daemon-seconds", type=float, default=150.0)
    parser.add_argument("--out", default=os.path.join(HERE, "kosatsu.order"))
    parser.add_argument("--faults", action="store_true",
                        help="add what a --kosatsu linked with the order still faults on (perf, full speed)")
    parser.add_argument("--check", action="store_true",
                        help="only report how much of the order file --kosatsu follows (exit 1 when stale)")
    args = parser.parse_args()
    if args.check:
        return check(args.kosatsu, args.out)
    if args.faults:
        return fault_pass(args.kosatsu, args.out, min(args.daemon_seconds, 60.0))
    if shutil.which("valgrind") is None:
        print("text-order: needs valgrind (apt-get install valgrind)")
        return 1
    scratch = tempfile.mkdtemp(prefix="kosatsu-text-order-")
    try:
        # valgrind 3.19 cannot read the toolchain's DWARF 5; the symbol table is all it needs.
        binary = os.path.join(scratch, "kosatsu")
        subprocess.run(["objcopy", "--strip-debug", args.kosatsu, binary], check=True)
        print(f"text-order: the demo sign under callgrind for {args.daemon_seconds:.0f} s", flush=True)
        daemon_profile = os.path.join(scratch, "daemon.callgrind")
        daemon(binary, args.daemon_seconds, scratch, lambda b, a: callgrind(b, a, daemon_profile))
        sign = functions(daemon_profile, "/kosatsu")
        print(f"  {len(sign)} functions", flush=True)
        render = []
        for layout in sorted(glob.glob(os.path.join(REPO, "Layouts", "*.yaml"))):
            profile = os.path.join(scratch, os.path.basename(layout) + ".callgrind")
            subprocess.run(callgrind(binary, ["render", layout, "--fonts", os.path.join(REPO, "Fonts"), "-o",
                                              os.path.join(scratch, "render.png")], profile),
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            seen = set(render)
            render += [name for name in functions(profile, "/kosatsu") if name not in seen]
            print(f"  render {os.path.basename(layout)}: {len(render)} functions so far", flush=True)
        # Three runs of code, so that each program's functions lie side by side: the render's own,
        # then what both run (by the sign's cost), then the sign's own.
        in_sign, in_render = set(sign), set(render)
        ordered = ([name for name in render if name not in in_sign] + [name for name in sign if name in in_render]
                   + [name for name in sign if name not in in_render])
        write_order(args.out, ordered)
        print(f"text-order: {len(ordered)} functions → {os.path.relpath(args.out, REPO)}")
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
