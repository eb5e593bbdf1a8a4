#!/usr/bin/env python3
"""The display output against real kernel drivers under QEMU: what the panel scans out must be
what `kosatsu render` draws for the same layout, data, time and size (within the golden-image
tolerance), and exactly the test pattern kosatsu-drm-smoke paints.

    scripts/qemu/setup.sh                     # once: QEMU, busybox, Debian's kernel
    swift build --product kosatsu --product kosatsu-drm-smoke
    scripts/qemu/test.py --kosatsu .build/debug/kosatsu --smoke .build/debug/kosatsu-drm-smoke

Four boots, several checks each (see CASES). Prints one line per case, then "N passed, M failed";
exits 77 with "SKIP: ..." where QEMU cannot run.
"""

import argparse
import datetime
import os
import re
import subprocess
import sys
import time

# No __pycache__ in the source tree.
sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pattern  # noqa: E402
import run  # noqa: E402

SMOKE = "/bin/kosatsu-drm-smoke"
KOSATSU = "/bin/kosatsu"
SHARE = "/usr/share/kosatsu"
LAYOUT = "Layouts/congestion-board.yaml"
DATA = "Layouts/samples/odawara.json"
AT = "2026-11-23T14:05:00+09:00"
# The second frame: a minute later, so only the clock changes (a small damaged rectangle).
THEN_AT = "2026-11-23T14:06:00+09:00"
TOLERANCE = 8


class Check:
    """Collects the failures of one case and runs the host-side tools."""

    def __init__(self, name, out, kosatsu):
        self.name = name
        self.out = out
        self.kosatsu = kosatsu
        self.failures = []
        self.notes = []

    def fail(self, message):
        self.failures.append(f"{self.name}: {message}")

    def expect_pattern(self, label, shot, width, height, rotation=0, with_box=False):
        """The smoke binary's test pattern, pixel for pixel."""
        actual_width, actual_height, actual = run.read_ppm(shot)
        expected_width, expected_height, expected = pattern.scanout(width, height, rotation, with_box)
        if (actual_width, actual_height) != (expected_width, expected_height):
            self.fail(f"{label}: screen is {actual_width}x{actual_height}, "
                      f"expected {expected_width}x{expected_height}")
        elif actual != expected:
            count, first = pattern.mismatches(expected, actual)
            path = os.path.join(self.out, f"{label}-expected.png")
            pattern.write_png(path, expected_width, expected_height, expected)
            self.fail(f"{label}: {count} pixels differ, first {first}; expected image: {path}")

    def expect_render(self, label, shot, width, height, at=AT, rotation=0, lang=None, at_next=None):
        """The scanout equals `kosatsu render` of the same layout, data, time and size. `at_next`: a
        second time the board may show instead, when the dump may have come after the clock turned."""
        png = os.path.splitext(shot)[0] + ".png"
        if not os.path.exists(png):
            self.fail(f"{label}: no PNG screendump (QEMU before 7.1?)")
            return
        failures = []
        for suffix, when in (("", at), ("-next-minute", at_next)):
            if when is None:
                continue
            expected = os.path.join(self.out, f"{label}{suffix}-expected.png")
            render = subprocess.run(
                [self.kosatsu, "render", os.path.join(run.REPO, LAYOUT), "--data", os.path.join(run.REPO, DATA),
                 "--at", when, "--size", f"{width}x{height}", "-o", expected, *(["--lang", lang] if lang else [])],
                capture_output=True, text=True)
            if render.returncode != 0:
                self.fail(f"{label}: kosatsu render failed: {render.stderr.strip()}")
                return
            diff = os.path.join(self.out, f"{label}{suffix}-diff.png")
            compare = subprocess.run(
                [self.kosatsu, "compare", expected, png, "--tolerance", str(TOLERANCE), "--diff", diff,
                 "--scanout-rotation", str(rotation)],
                capture_output=True, text=True)
            if compare.returncode == 0:
                return
            failures.append(f"at {when}: {(compare.stderr or compare.stdout).strip()}")
        self.fail(f"{label}: " + "; ".join(failures))

    def expect_console(self, label, shot, not_like):
        """fbcon shows the init's text again: not the last frame, and not all black."""
        width, height, console = run.read_ppm(shot)
        lit = sum(1 for i in range(0, len(console), 3 * 7) if console[i:i + 3] != b"\0\0\0")
        _, _, last = run.read_ppm(not_like)
        if lit < 20 or console == last:
            self.fail(f"{label}: the console did not come back ({lit} lit pixels sampled)")


# The kernel passes init at most 32 arguments: the fixed ones live in a script in the image.
BOARD = "/bin/kosatsu-board"
# `kosatsu run` on the panel with the sample data file and a cache folder (test.py writes both).
RUN = "/bin/kosatsu-run"
RUN_CONFIG = "/etc/kosatsu/run.yaml"
RUN_CACHE = "/tmp/kosatsu-cache"
# The pipeline's line at debug level once a page is whole on screen (after its fade):
# "2026-11-23T07:25:34+0000 debug kosatsu: [KosatsuPipeline] frame 12: congestion-board page 1 ja (playlist) on screen ..."
FRAME_LINE = re.compile(r"^(\S+) debug \S+ \[KosatsuPipeline\] frame \d+: congestion-board page 1 (\S+) \(", re.M)


def show(*extra):
    """`kosatsu show` of the congestion board with fixed data and time, in the guest."""
    return [BOARD, *extra]


def board_script():
    return ("#!/bin/busybox sh\n"
            "# `kosatsu show` of the congestion board with the QEMU test's data and time (test.py writes this).\n"
            f"exec {KOSATSU} show {SHARE}/{LAYOUT} --data {SHARE}/{DATA} --at {AT} --fonts {SHARE}/Fonts \"$@\"\n")


def run_script():
    return ("#!/bin/busybox sh\n"
            "# `kosatsu run` on the panel with the QEMU test's configuration (test.py writes this).\n"
            f"exec {KOSATSU} run --config {RUN_CONFIG} --output drm --fonts {SHARE}/Fonts \"$@\"\n")


def run_config():
    return ("kosatsu: 1\n"
            "sign: {name: qemu, areas: [\"municipality:1420600\"], latitude: 35.2564, longitude: 139.1550}\n"
            f"layouts: {SHARE}/Layouts\n"
            "playlist: [{layout: congestion-board, pages: [board]}]\n"
            f"cache: {RUN_CACHE}\n"
            f"data: {{file: {SHARE}/{DATA}}}\n"
            "http: {listen: \"127.0.0.1:0\"}\n")


# The ticker case: `kosatsu run --output drm` of the congestion dashboard, whose テロップ scrolls.
TICKER = "/bin/kosatsu-ticker"
TICKER_CONFIG = "/etc/kosatsu/ticker.yaml"
# The pipeline's debug line while frames are drawn.
STATS_LINE = re.compile(r"frames: (\d+) in ([\d.]+) s \(([\d.]+)/s\), (\d+) missed, frame time p50 ([\d.]+) ms "
                        r"p99 ([\d.]+) ms, CPU ([\d.]+) % of a core")
# The dashboard's strip at 1920x1080: design y 980–1080.
TICKER_ROWS = range(980, 1080)


def ticker_script():
    return ("#!/bin/busybox sh\n"
            "# `kosatsu run` of the congestion dashboard (its ticker) on the panel (test.py writes this).\n"
            f"exec {KOSATSU} run --config {TICKER_CONFIG} --output drm --fonts {SHARE}/Fonts \"$@\"\n")


def ticker_config():
    return ("kosatsu: 1\n"
            "sign: {name: qemu-ticker, areas: [\"municipality:1420600\"], latitude: 35.2564, longitude: 139.1550}\n"
            f"layouts: {SHARE}/Layouts\n"
            # One language for the whole case: a page change while the screendumps are taken would
            # stop the strip for the new page's first frame (over a second under TCG).
            "playlist: [{layout: congestion-dashboard, pages: [now], duration: 10m}]\n"
            "cache: /tmp/kosatsu-ticker\n"
            f"data: {{file: {SHARE}/Layouts/samples/dashboard.json}}\n"
            "http: {listen: \"127.0.0.1:0\"}\n")


def changed_rows(first, second):
    """The first and last row where two screendumps differ, or None."""
    width, height, a = run.read_ppm(first)
    _, _, b = run.read_ppm(second)
    stride = width * 3
    rows = [y for y in range(height) if a[y * stride:(y + 1) * stride] != b[y * stride:(y + 1) * stride]]
    return (rows[0], rows[-1]) if rows else None


def case_run_ticker(check, initrd):
    """`kosatsu run --output drm` of the dashboard on bochs: its ticker scrolls on the panel. Two
    screendumps 200 ms apart differ, only in the strip; the pipeline's frame lines keep coming (flips
    do not stall), with frames counted in each; SIGTERM exits 0."""
    out = check.out
    command = ["/bin/kosatsu-steps", "/bin/kosatsu-term-after", "first", "40", TICKER]
    with run.Machine(initrd, "bochs", command, workdir=out, env=["KOSATSU_LOG_LEVEL=debug"], timeout=240) as machine:
        line = machine.wait_for("first frame on screen")
        first_frame = machine.elapsed()
        machine.wait_for("frames: ")
        changed = None
        for attempt in range(3):
            machine.screendump(os.path.join(out, f"ticker-{attempt}a.ppm"))
            time.sleep(0.2)
            machine.screendump(os.path.join(out, f"ticker-{attempt}b.ppm"))
            changed = changed_rows(os.path.join(out, f"ticker-{attempt}a.ppm"),
                                   os.path.join(out, f"ticker-{attempt}b.ppm"))
            if changed and changed[0] in TICKER_ROWS:
                break
        # Frames go on: more lines, each counting frames, over the rest of the run.
        machine.wait_for("frames: ")
        machine.wait_for("frames: ")
        machine.wait_for("kosatsu-steps: step 1 exited")
        machine.wait_exit(timeout=120)
        serial = machine.serial()
    if not changed:
        check.fail("two screendumps 200 ms apart are the same: the ticker did not move on the panel")
    elif changed[0] not in TICKER_ROWS or changed[1] not in TICKER_ROWS:
        check.fail(f"the screendumps differ in rows {changed[0]}–{changed[1]}, outside the ticker's strip "
                   f"{TICKER_ROWS.start}–{TICKER_ROWS.stop - 1}")
    else:
        check.notes.append(f"screendumps differ in rows {changed[0]}–{changed[1]}")
    stats = STATS_LINE.findall(serial)
    if len(stats) < 3 or any(int(frames) == 0 for frames, *_ in stats):
        check.fail(f"the frame lines stopped (flips stalled?): {len(stats)} lines")
    else:
        rates = [float(rate) for _, _, rate, *_ in stats]
        cpu = [float(share) for *_, share in stats]
        check.notes.append(f"{min(rates):.0f}–{max(rates):.0f} frames/s, CPU {min(cpu):.0f}–{max(cpu):.0f} % "
                           f"of the guest's core over {len(stats)} windows")
    if "kosatsu-steps: step 1 exited with 0" not in serial:
        check.fail("kosatsu run did not exit 0 on SIGTERM")
    return line, first_frame, serial


def frame_shown(serial, before=None):
    """The guest time and language of the last board frame the daemon logged (before `before`)."""
    frames = FRAME_LINE.findall(serial if before is None else serial[:before])
    if not frames:
        raise RuntimeError("the daemon logged no board frame")
    stamp, language = frames[-1]
    return datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S%z"), language


def board_shot(machine, path):
    """A screendump of the board and what it shows: (time of its frame, language, the next minute or
    None). The daemon may switch language around the dump; dump again until no frame line arrived
    around it. The clock repaints itself at each minute without a frame line, so when the minute may
    have turned between the frame and the dump (the guest's clock is the host's, read to the second
    at boot: a 2 s margin), the board may show the next minute instead."""
    tokyo = datetime.timezone(datetime.timedelta(hours=9))
    for _ in range(5):
        before = FRAME_LINE.findall(machine.serial())
        machine.screendump(path)
        dumped = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=2)
        time.sleep(0.5)
        if FRAME_LINE.findall(machine.serial()) == before:
            at, language = frame_shown(machine.serial())
            minute = at.replace(second=0) + datetime.timedelta(minutes=1)
            next_minute = minute.astimezone(tokyo).isoformat() if dumped >= minute else None
            return at.astimezone(tokyo).isoformat(), language, next_minute
    raise RuntimeError("the board kept changing around the screendumps")


def case_run_hotplug(check, initrd):
    """`kosatsu run --output drm` on bochs: the board on the panel = `kosatsu render` at the guest's
    time; the connector forced off and back on through sysfs (a real hotplug uevent): the daemon
    goes dark, runs on, and repaints the frame when it is back; SIGTERM exits 0. Then a second start
    with the last frame cached: its start to first frame, measured in the guest."""
    out = check.out
    command = ["/bin/kosatsu-steps", "/bin/kosatsu-hotplug", "Virtual-1", RUN, "--next",
               "/bin/kosatsu-term-after", "first", "2", RUN]
    with run.Machine(initrd, "bochs", command, workdir=out, env=["KOSATSU_LOG_LEVEL=debug"]) as machine:
        machine.wait_for("data from")
        line = machine.wait_for("(playlist) on screen")
        first_frame = machine.elapsed()
        shown = board_shot(machine, os.path.join(out, "run.ppm"))
        machine.wait_for("kosatsu-hotplug: Virtual-1 off")
        machine.wait_for("the panel went dark")
        machine.wait_for("kosatsu-hotplug: Virtual-1 detect")
        machine.wait_for("the panel is back")
        back = board_shot(machine, os.path.join(out, "back.ppm"))
        machine.wait_for("kosatsu-steps: step 1 exited")
        machine.wait_for("kosatsu-steps: step 2 exited")
        machine.wait_exit()
        serial = machine.serial()
    check.expect_render("run-1080p", os.path.join(out, "run.ppm"), 1920, 1080, at=shown[0], lang=shown[1],
                        at_next=shown[2])
    check.expect_render("run-1080p-back", os.path.join(out, "back.ppm"), 1920, 1080, at=back[0], lang=back[1],
                        at_next=back[2])
    if not re.search(r"the panel is back on Virtual-1: repainted the frame on screen", serial):
        check.fail("the daemon did not repaint when the connector came back")
    uevents = serial.count("a DRM hotplug event")
    check.notes.append(f"{uevents} hotplug uevent{'' if uevents == 1 else 's'} seen (else the 10 s look noticed)")
    if "kosatsu-steps: step 1 exited with 0" not in serial:
        check.fail("kosatsu run did not keep running through the hotplug and exit 0 on SIGTERM")
    cached = re.search(r"first frame on screen (\d+) ms after the process started: the last good frame", serial)
    if not cached:
        check.fail("the second start did not show the cached last frame first")
    else:
        check.notes.append(f"kosatsu run start to cached first frame {cached.group(1)} ms")
    if "kosatsu-steps: step 2 exited with 0" not in serial:
        check.fail("the second kosatsu run did not exit 0 on SIGTERM")
    return line, first_frame, serial


def case_bochs(check, initrd):
    """bochs at 1920x1080: `kosatsu outputs`; the smoke pattern through legacy modesetting with a
    configured mode and a second frame as damage; `kosatsu show` through atomic commits with a second
    frame a minute later, stopped by SIGTERM; the console back afterwards."""
    out = check.out
    command = ["/bin/kosatsu-steps",
               KOSATSU, "outputs", "--next",
               SMOKE, "--legacy", "--mode", "1920x1080@75", "--seconds", "3", "--second-frame-after", "1.5", "--next",
               "/bin/kosatsu-term-after", "updated", "2",
               *show("--then-at", THEN_AT, "--after", "2")]
    with run.Machine(initrd, "bochs", command, workdir=out) as machine:
        machine.wait_for("kosatsu-steps: step 1 exited")
        machine.wait_for("kosatsu: showing bars on")
        machine.screendump(os.path.join(out, "bars.ppm"))
        machine.wait_for("kosatsu: showing bars+box on")
        machine.screendump(os.path.join(out, "box.ppm"))
        line = machine.wait_for(f"kosatsu: showing {SHARE}/")
        first_frame = machine.elapsed()
        machine.screendump(os.path.join(out, "show.ppm"))
        machine.wait_for("kosatsu: updated")
        machine.screendump(os.path.join(out, "updated.ppm"))
        machine.wait_for("kosatsu-steps: step 3 exited")
        machine.screendump(os.path.join(out, "console.ppm"))
        machine.wait_exit()
        serial = machine.serial()
    check.expect_pattern("bochs-bars", os.path.join(out, "bars.ppm"), 1920, 1080)
    check.expect_pattern("bochs-box", os.path.join(out, "box.ppm"), 1920, 1080, with_box=True)
    check.expect_render("show-1080p", os.path.join(out, "show.ppm"), 1920, 1080)
    check.expect_render("show-1080p-updated", os.path.join(out, "updated.ppm"), 1920, 1080, at=THEN_AT)
    check.expect_console("console", os.path.join(out, "console.ppm"), os.path.join(out, "updated.ppm"))
    if not re.search(r"Virtual-1 connected", serial) or not re.search(r"1920x1080@[\d.]+ \(preferred\) \*", serial):
        check.fail("kosatsu outputs did not list Virtual-1 connected with 1920x1080 preferred")
    # The smoke binary takes the legacy calls (--legacy), kosatsu atomic commits: both on a real driver.
    if not re.search(r"1920x1080@[\d.]+ \(preferred\), rotation 0° by none, legacy modesetting", serial):
        check.fail("the smoke binary did not use legacy modesetting")
    if not re.search(r"1920x1080@[\d.]+ \(preferred\), rotation 0° by none, atomic modesetting", serial):
        check.fail("kosatsu show did not use atomic modesetting")
    if "kosatsu: received SIGTERM; restoring the console" not in serial:
        check.fail("kosatsu show did not log SIGTERM")
    if "kosatsu-steps: step 3 exited with 0" not in serial:
        check.fail("kosatsu show did not exit 0 after SIGTERM")
    damage = re.search(r"updated .* \((\d+) damaged rectangles?, (\d+) pixels\)", serial)
    if not damage or not 0 < int(damage.group(2)) < 1920 * 1080 // 10:
        check.fail(f"the second frame was not a small damage: {damage.group(0) if damage else 'no line'}")
    else:
        check.notes.append(f"second frame {damage.group(2)} pixels")
    return line, first_frame, serial


def case_virtio_4k(check, initrd):
    """virtio-gpu at 3840x2160 (its preferred mode from xres/yres): the pattern and the layout."""
    out = check.out
    command = ["/bin/kosatsu-steps", SMOKE, "--seconds", "2", "--next", *show("--seconds", "2")]
    with run.Machine(initrd, "virtio-4k", command, workdir=out) as machine:
        machine.wait_for("kosatsu: showing bars on")
        machine.screendump(os.path.join(out, "bars.ppm"))
        line = machine.wait_for(f"kosatsu: showing {SHARE}/")
        first_frame = machine.elapsed()
        machine.screendump(os.path.join(out, "show.ppm"))
        machine.wait_exit()
        serial = machine.serial()
    check.expect_pattern("virtio-4k-bars", os.path.join(out, "bars.ppm"), 3840, 2160)
    check.expect_render("show-4k", os.path.join(out, "show.ppm"), 3840, 2160)
    if "3840x2160" not in line:
        check.fail(f"wrong mode: {line}")
    return line, first_frame, serial


def case_rotation_90(check, initrd):
    """A portrait sign on a landscape panel turned 90°: the frame is 1080x1920 (the layout's
    portrait reflow), the scanout 1920x1080."""
    out = check.out
    command = ["/bin/kosatsu-steps", SMOKE, "--rotate", "90", "--seconds", "2", "--next",
               *show("--rotate", "90", "--seconds", "2")]
    with run.Machine(initrd, "bochs", command, workdir=out) as machine:
        machine.wait_for("kosatsu: showing bars on")
        machine.screendump(os.path.join(out, "bars.ppm"))
        line = machine.wait_for(f"kosatsu: showing {SHARE}/")
        first_frame = machine.elapsed()
        machine.screendump(os.path.join(out, "show.ppm"))
        machine.wait_exit()
        serial = machine.serial()
    check.expect_pattern("rotation-90-bars", os.path.join(out, "bars.ppm"), 1080, 1920, rotation=90)
    check.expect_render("show-rotation-90", os.path.join(out, "show.ppm"), 1080, 1920, rotation=90)
    if "1080x1920" not in line:
        check.fail(f"wrong frame size: {line}")
    return line, first_frame, serial


CASES = {"bochs": case_bochs, "virtio-4k": case_virtio_4k, "rotation-90": case_rotation_90,
         "run-hotplug": case_run_hotplug, "run-ticker": case_run_ticker}


def make_initramfs(path, kosatsu, smoke):
    """One image for every case: both programs, their libraries, the fonts, fontconfig, tzdata."""
    guest = os.path.join(HERE, "guest")
    board = os.path.join(os.path.dirname(path), "kosatsu-board")
    with open(board, "w") as f:
        f.write(board_script())
    os.chmod(board, 0o755)
    run_command = os.path.join(os.path.dirname(path), "kosatsu-run")
    with open(run_command, "w") as f:
        f.write(run_script())
    os.chmod(run_command, 0o755)
    config = os.path.join(os.path.dirname(path), "run.yaml")
    with open(config, "w") as f:
        f.write(run_config())
    ticker_command = os.path.join(os.path.dirname(path), "kosatsu-ticker")
    with open(ticker_command, "w") as f:
        f.write(ticker_script())
    os.chmod(ticker_command, 0o755)
    ticker = os.path.join(os.path.dirname(path), "ticker.yaml")
    with open(ticker, "w") as f:
        f.write(ticker_config())
    subprocess.run(
        [os.path.join(HERE, "make-initramfs.sh"), "-o", path, kosatsu,
         f"{smoke}:{SMOKE}",
         f"{os.path.join(run.REPO, 'Fonts')}:{SHARE}/Fonts",
         f"{os.path.join(run.REPO, 'Layouts')}:{SHARE}/Layouts",
         f"{os.path.join(HERE, 'fonts.conf')}:/etc/fonts/fonts.conf",
         # Foundation's time zones (and its date formatting) need tzdata; without it it traps.
         "/usr/share/zoneinfo:/usr/share/zoneinfo",
         f"{os.path.join(guest, 'steps.sh')}:/bin/kosatsu-steps",
         f"{os.path.join(guest, 'term-after.sh')}:/bin/kosatsu-term-after",
         f"{os.path.join(guest, 'hotplug.sh')}:/bin/kosatsu-hotplug",
         f"{board}:{BOARD}", f"{run_command}:{RUN}", f"{config}:{RUN_CONFIG}",
         f"{ticker_command}:{TICKER}", f"{ticker}:{TICKER_CONFIG}"],
        check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kosatsu", required=True, help="the kosatsu binary (debug or release)")
    parser.add_argument("--smoke", required=True, help="the kosatsu-drm-smoke binary")
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
    for binary in (args.kosatsu, args.smoke):
        if not os.access(binary, os.X_OK):
            print(f"qemu: {binary} is not built")
            return 1
    kosatsu = os.path.abspath(args.kosatsu)
    os.makedirs(args.out, exist_ok=True)
    initrd = os.path.join(args.out, "initramfs.cpio.gz")
    make_initramfs(initrd, kosatsu, os.path.abspath(args.smoke))
    passed = failed = 0
    for name in args.case or list(CASES):
        case_started = time.monotonic()
        out = os.path.join(args.out, name)
        os.makedirs(out, exist_ok=True)
        check = Check(name, out, kosatsu)
        line, first_frame = "", 0.0
        try:
            line, first_frame, serial = CASES[name](check, initrd)
            start = re.search(r"first frame on screen (\d+) ms after the process started", serial)
            if start:
                check.notes.append(f"kosatsu start to first frame {start.group(1)} ms")
        except (RuntimeError, TimeoutError, OSError, ValueError) as error:
            check.fail(str(error))
        took = time.monotonic() - case_started
        if check.failures:
            failed += 1
            print(f"FAIL {name} ({took:.1f}s)")
            for failure in check.failures:
                print(f"  {failure}")
            print(f"  serial log and screendumps: {out}")
        else:
            passed += 1
            notes = "".join(f", {note}" for note in check.notes)
            print(f"PASS {name}: '{line}' {first_frame:.1f}s after launch{notes}, case {took:.1f}s")
    print(f"qemu: whole run {time.monotonic() - started:.1f}s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
