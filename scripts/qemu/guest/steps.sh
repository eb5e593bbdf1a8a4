#!/bin/busybox sh
# In the QEMU guest: runs several commands one after another, so one boot serves several checks.
#   kosatsu-steps CMD ARGS... [--next CMD ARGS...]...
# Prints "kosatsu-steps: step N exited with STATUS" after each; exits with the number that failed.
step=1
failed=0
command=""
run_step() {
    echo "kosatsu-steps: step $step: $*"
    "$@"
    status=$?
    echo "kosatsu-steps: step $step exited with $status"
    [ "$status" -eq 0 ] || failed=$((failed + 1))
    step=$((step + 1))
}
for argument in "$@"; do
    if [ "$argument" = "--next" ]; then
        eval "run_step $command"
        command=""
    else
        # Arguments hold no single quotes (they come from the kernel command line).
        command="$command '$argument'"
    fi
done
[ -n "$command" ] && eval "run_step $command"
exit "$failed"
