#!/bin/busybox sh
# In the QEMU guest: `kosatsu run` on the panel while its connector is switched off and on again
# through the kernel's writable sysfs attribute, which makes the kernel send a real hotplug uevent.
#   kosatsu-hotplug CONNECTOR CMD ARGS...
# Copies CMD's output to ours line by line. 3 s after its first board frame with the data writes "off" to
# /sys/class/drm/card0-CONNECTOR/status; 3 s after the daemon says the panel went dark writes
# "detect"; 4 s after it says the panel is back sends SIGTERM. Exits with CMD's status.
connector=$1
shift
status=/sys/class/drm/card0-$connector/status
# The daemon's HTTP server listens on loopback.
ifconfig lo 127.0.0.1 up 2>/dev/null || ip link set lo up
fifo=/tmp/hotplug.$$
mkfifo "$fifo"
"$@" >"$fifo" 2>&1 &
pid=$!
step=start
while IFS= read -r line; do
    echo "$line"
    case $step:$line in
        start:*"data from"*)
            step=data
            ;;
        data:*"frame: congestion-board"*)
            step=off
            (sleep 3 && echo "kosatsu-hotplug: $connector off" && echo off >"$status") &
            ;;
        off:*"the panel went dark"*)
            step=on
            (sleep 3 && echo "kosatsu-hotplug: $connector detect" && echo detect >"$status") &
            ;;
        on:*"the panel is back"*)
            step=done
            (sleep 4 && echo "kosatsu-hotplug: SIGTERM" && kill -TERM "$pid") &
            ;;
    esac
done <"$fifo"
wait "$pid"
code=$?
rm -f "$fifo"
exit "$code"
