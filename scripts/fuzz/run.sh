#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets in Fuzz/ and runs each for FUZZ_SECONDS (default 60),
# seeded from ../shared/corpus and Layouts/. Exits 1 when a target crashes, hangs or leaks; the
# input that did it is copied to fuzz-findings/ (turn it into a regression test under Tests/).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"layout ngsi jma cap push mqtt"}
scratch=${FUZZ_SCRATCH:-$root/.build-fuzz}
corpus=$root/../shared/corpus
work=$scratch/corpus
findings=$root/fuzz-findings

swift build --package-path Fuzz --scratch-path "$scratch" -c debug -Xswiftc -sanitize=fuzzer,address
bin=$(swift build --package-path Fuzz --scratch-path "$scratch" -c debug --show-bin-path)

# Seeds: copied into a scratch corpus, so what libFuzzer adds never lands in the repository.
seed() { # NAME FILE...
    mkdir -p "$work/$1"
    local name=$1
    shift
    for file in "$@"; do [ -f "$file" ] && cp "$file" "$work/$name/$(basename "$file")"; done
    return 0
}
[ -d "$corpus" ] || echo "fuzz: no seed corpus at $corpus (../shared/corpus); the XML and NGSI targets start from scratch"
seed layout Layouts/*.yaml systemd/*.yaml
seed ngsi "$corpus"/ngsi/*/*.json Layouts/samples/*.json
seed jma "$corpus"/jma/*.xml "$corpus"/jma-p2pquake/*.xml Tests/KosatsuAlertsTests/Fixtures/*.xml
seed cap "$corpus"/cap/*.xml Tests/KosatsuAlertFeedsTests/Fixtures/*.xml
mkdir -p "$work/push"
for file in "$corpus"/cap/*.xml "$corpus"/ngsi/Alert/*.json; do
    [ -f "$file" ] && { echo "-"; cat "$file"; } > "$work/push/$(basename "$file")"
done
# MQTT payloads: Orion v2 notifications, Orion-LD's wrapper, bare entities, JMA and CAP documents.
mkdir -p "$work/mqtt"
for file in "$corpus"/ngsi/Alert/*.json "$corpus"/ngsi/WeatherAlert/*.json "$corpus"/ngsi/CrowdFlowObserved/*.json; do
    [ -f "$file" ] || continue
    name=$(basename "$file" .json)
    { printf '{"subscriptionId":"5f1c","data":['; cat "$file"; printf ']}'; } > "$work/mqtt/v2-$name.json"
    { printf '{"metadata":{"Content-Type":"application/json"},"body":{"id":"urn:ngsi-ld:Notification:1","type":"Notification","subscriptionId":"s","data":['; cat "$file"; printf ']}}'; } > "$work/mqtt/ld-$name.json"
done
for file in "$corpus"/cap/*.xml "$corpus"/jma/*.xml; do [ -f "$file" ] && cp "$file" "$work/mqtt/"; done
for regression in Tests/*/Regressions/*; do
    [ -f "$regression" ] || continue
    case $regression in
    *Layout*) seed layout "$regression" ;; *Platform*) seed ngsi "$regression" ;;
    *AlertFeeds*) seed push "$regression" ;; *Alerts*) seed jma "$regression" ;;
    esac
done

status=0
for target in $targets; do
    case $target in
    layout) binary=FuzzLayout ;; ngsi) binary=FuzzNGSI ;; jma | cap) binary=FuzzAlerts ;; push) binary=FuzzPush ;;
    mqtt) binary=FuzzMQTT ;;
    *) echo "fuzz: unknown target $target" >&2; exit 2 ;;
    esac
    mkdir -p "$findings/$target"
    echo "fuzz: $target for ${seconds}s ($binary, $(ls "$work/$target" | wc -l) seeds)"
    # Swift's own backtracer reads the crashed stack and trips ASan; libFuzzer's report is enough.
    if ! ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no "$bin/$binary" "$work/$target" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=4096 -max_len=262144 -print_final_stats=1 -artifact_prefix="$findings/$target/" \
        >"$scratch/$target.log" 2>&1; then
        echo "fuzz: $target FAILED; see $scratch/$target.log and $findings/$target/" >&2
        grep -a -E "Fatal error|ERROR|SUMMARY|Test unit written" "$scratch/$target.log" >&2 ||
            tail -20 "$scratch/$target.log" >&2
        status=1
    else
        grep -E "stat::number_of_executed_units|cov:" "$scratch/$target.log" | tail -2
    fi
done
rmdir "$findings"/* "$findings" 2>/dev/null || true
exit $status
