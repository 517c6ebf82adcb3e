#!/usr/bin/env bash
# `make fuzz`: runs every libFuzzer target for a bounded time. New interesting
# inputs stay in a work corpus; a crash is written into the target's seed corpus
# (tests/fuzz/corpus/<target>/), where `make test` replays it from then on.
set -euo pipefail
build_dir=$1
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
work=${FUZZ_WORK_DIR:-$PWD/fuzz-corpus-work}
status=0
for binary in "$build_dir"/bin/fuzz_*; do
    target=$(basename "$binary")
    mkdir -p "$work/$target"
    echo "== $target: ${seconds}s"
    if ! "$binary" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$here/corpus/$target/" "$work/$target" "$here/corpus/$target" 2>"$work/$target.log"; then
        echo "!! $target found a crash; see $work/$target.log and $here/corpus/$target/"
        status=1
    fi
    grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$work/$target.log" | sed "s/^/   /"
done
exit $status
