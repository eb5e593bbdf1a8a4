#!/bin/busybox sh
# In the QEMU guest: stops a command with SIGTERM, as systemd stopping the sign would.
#   kosatsu-term-after PATTERN SECONDS CMD ARGS...   (PATTERN: one word, as on a kernel command line)
# Runs CMD, copies its output to ours line by line, and SECONDS after a line containing PATTERN
# sends it SIGTERM. Exits with CMD's status.
pattern=$1
delay=$2
shift 2
fifo=/tmp/term-after.$$
mkfifo "$fifo"
"$@" >"$fifo" 2>&1 &
pid=$!
while IFS= read -r line; do
    echo "$line"
    case $line in
        *"$pattern"*)
            echo "kosatsu-term-after: SIGTERM to $1 in ${delay}s"
            (sleep "$delay" && kill -TERM "$pid") &
            ;;
    esac
done <"$fifo"
wait "$pid"
status=$?
rm -f "$fifo"
exit "$status"
