#!/usr/bin/env python3
"""Boots Debian's kernel under QEMU (TCG) with a Kosatsu initramfs and reads back the screen.

Stdlib only. As a program:

    run.py --initrd initramfs.cpio.gz --device bochs --shot 'kosatsu: showing bars on=bars' \
           --out DIR -- /bin/kosatsu-drm-smoke --seconds 5

boots, waits for each `--shot PATTERN=NAME` line on the serial console and takes a QMP
screendump to DIR/NAME.ppm (and NAME.png when QEMU can), then waits for the guest to power off.
As a module, `Machine` does the same step by step and can send any other QMP command.
Exits 77 with a line starting `SKIP:` where qemu-system-x86_64 cannot run.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# name -> QEMU device arguments
DEVICES = {
    "bochs": ["-vga", "none", "-device", "bochs-display,xres=1920,yres=1080"],
    "bochs-1080p": ["-vga", "none", "-device", "bochs-display,xres=1920,yres=1080"],
    "virtio": ["-vga", "none", "-device", "virtio-gpu-pci,xres=1920,yres=1080"],
    "virtio-4k": ["-vga", "none", "-device", "virtio-gpu-pci,xres=3840,yres=2160"],
    "std": ["-vga", "std"],
}


class Skip(Exception):
    pass


def cache_dir():
    return os.environ.get("KOSATSU_QEMU_CACHE", os.path.join(REPO, ".build-qemu"))


def find_kernel(cache):
    version_file = os.path.join(cache, "kernel-version")
    if not os.path.exists(version_file):
        raise Skip(f"no kernel in {cache}: run scripts/qemu/setup.sh")
    with open(version_file) as f:
        version = f.read().strip()
    kernel = os.path.join(cache, f"kernel-{version}", "boot", f"vmlinuz-{version}")
    if not os.path.exists(kernel):
        raise Skip(f"{kernel} is missing: run scripts/qemu/setup.sh")
    return kernel


def check_qemu():
    qemu = shutil.which("qemu-system-x86_64")
    if qemu is None:
        raise Skip("qemu-system-x86_64 is not installed (scripts/qemu/setup.sh installs it)")
    try:
        subprocess.run([qemu, "--version"], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as error:
        raise Skip(f"qemu-system-x86_64 cannot run here: {error}")
    return qemu


class Machine:
    """One QEMU guest: boot, wait for serial lines, talk QMP, shut down."""

    def __init__(self, initrd, device="bochs", command=(), workdir=None, memory=768, env=(), timeout=180):
        self.qemu = check_qemu()
        self.kernel = find_kernel(cache_dir())
        self.initrd = initrd
        self.device = device
        self.command = list(command)
        self.workdir = workdir or tempfile.mkdtemp(prefix="kosatsu-qemu-")
        os.makedirs(self.workdir, exist_ok=True)
        self.serial_path = os.path.join(self.workdir, "serial.log")
        # A unix socket path must stay under ~108 bytes.
        self.qmp_path = os.path.join(tempfile.mkdtemp(prefix="kq-"), "qmp.sock")
        self.memory = memory
        self.env = list(env)
        self.timeout = timeout
        self.process = None
        self.qmp_socket = None
        self.qmp_file = None
        self.started = None
        self.serial_offset = 0

    def start(self):
        # no_timer_check: on a busy host the emulated timer can look broken to the check, which panics.
        append = ["console=ttyS0", "panic=-1", "rdinit=/init", "loglevel=4", "no_timer_check"] + self.env
        if self.command:
            append += ["--"] + self.command
        args = [
            self.qemu, "-machine", "q35,accel=tcg", "-m", str(self.memory), "-smp", "1", "-no-reboot",
            "-kernel", self.kernel, "-initrd", self.initrd, "-append", " ".join(append),
            *DEVICES[self.device],
            "-nic", "none", "-display", "none", "-serial", f"file:{self.serial_path}",
            "-qmp", f"unix:{self.qmp_path},server=on,wait=off", "-monitor", "none",
        ]
        # A serial log left from an earlier boot would answer wait_for before this guest speaks.
        if os.path.exists(self.serial_path):
            os.remove(self.serial_path)
        self.started = time.monotonic()
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT)
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def elapsed(self):
        return time.monotonic() - self.started

    def serial(self):
        try:
            with open(self.serial_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def wait_for(self, pattern, timeout=None):
        """Waits for a serial line containing `pattern` after the last one waited for; returns it."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while time.monotonic() < deadline:
            text = self.serial()
            index = text.find(pattern, self.serial_offset)
            if index >= 0:
                end = text.find("\n", index)
                if end < 0:
                    time.sleep(0.05)
                    continue
                self.serial_offset = end + 1
                start = text.rfind("\n", 0, index) + 1
                return text[start:end].strip()
            if self.process.poll() is not None:
                raise RuntimeError(f"QEMU exited ({self.process.returncode}) before '{pattern}':\n"
                                   + self.tail() + self.qemu_output())
            time.sleep(0.05)
        raise TimeoutError(f"no '{pattern}' within {timeout or self.timeout}s:\n" + self.tail())

    def tail(self, lines=40):
        return "\n".join(self.serial().splitlines()[-lines:]) + "\n"

    def qemu_output(self):
        if self.process and self.process.poll() is not None and self.process.stdout:
            return self.process.stdout.read().decode("utf-8", "replace")
        return ""

    def qmp(self, execute, **arguments):
        """Sends one QMP command and returns its "return" value (events are skipped)."""
        if self.qmp_socket is None:
            deadline = time.monotonic() + 30
            while True:
                try:
                    self.qmp_socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    self.qmp_socket.connect(self.qmp_path)
                    break
                except OSError:
                    self.qmp_socket.close()
                    self.qmp_socket = None
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            self.qmp_file = self.qmp_socket.makefile("rwb")
            json.loads(self.qmp_file.readline())  # greeting
            self._send("qmp_capabilities")
        return self._send(execute, **arguments)

    def _send(self, execute, **arguments):
        message = {"execute": execute}
        if arguments:
            message["arguments"] = arguments
        self.qmp_file.write(json.dumps(message).encode() + b"\n")
        self.qmp_file.flush()
        while True:
            line = self.qmp_file.readline()
            if not line:
                raise RuntimeError(f"QMP closed during {execute}")
            reply = json.loads(line)
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise RuntimeError(f"QMP {execute}: {reply['error']}")

    def screendump(self, path):
        """Writes the scanout to `path` (.ppm, exact RGB) and, when QEMU can, a .png beside it."""
        self.qmp("screendump", filename=os.path.abspath(path))
        png = os.path.splitext(path)[0] + ".png"
        try:
            self.qmp("screendump", filename=os.path.abspath(png), format="png")
        except RuntimeError:
            pass  # QEMU before 7.1 writes PPM only
        return path

    def wait_exit(self, timeout=60):
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise TimeoutError("the guest did not power off:\n" + self.tail())
        return self.process.returncode

    def stop(self):
        if self.qmp_file:
            try:
                self.qmp_file.close()
            except OSError:
                pass
        if self.qmp_socket:
            self.qmp_socket.close()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(os.path.dirname(self.qmp_path), ignore_errors=True)


def read_ppm(path):
    """(width, height, RGB bytes) of a binary P6 file as QEMU writes it."""
    with open(path, "rb") as f:
        data = f.read()
    fields = []
    position = 0
    while len(fields) < 4:
        while data[position:position + 1].isspace():
            position += 1
        if data[position:position + 1] == b"#":
            position = data.index(b"\n", position) + 1
            continue
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    position += 1
    if fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError(f"{path}: not an 8-bit P6 file")
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[position:position + width * height * 3]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--initrd", required=True)
    parser.add_argument("--device", default="bochs", choices=sorted(DEVICES))
    parser.add_argument("--shot", action="append", default=[], metavar="PATTERN=NAME")
    parser.add_argument("--qmp", action="append", default=[], metavar="JSON",
                        help='a QMP command sent after the shots, e.g. {"execute":"query-status"}')
    parser.add_argument("--out", default=".")
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument("command", nargs="*")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    try:
        machine = Machine(args.initrd, args.device, args.command, workdir=args.out, timeout=args.timeout)
    except Skip as reason:
        print(f"SKIP: {reason}")
        return SKIP
    with machine:
        for shot in args.shot:
            pattern, _, name = shot.rpartition("=")
            line = machine.wait_for(pattern)
            machine.screendump(os.path.join(args.out, name + ".ppm"))
            print(f"{machine.elapsed():6.1f}s {line} -> {name}.ppm")
        for command in args.qmp:
            message = json.loads(command)
            print(json.dumps(machine.qmp(message["execute"], **message.get("arguments", {}))))
        machine.wait_exit()
        print(f"{machine.elapsed():6.1f}s guest powered off; serial log: {machine.serial_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
