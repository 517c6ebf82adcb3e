#!/usr/bin/env bash
# `make screenshots`: PNGs of each main view of the console, on a virtual display
# (Xvfb), against an embedded platform with a few clones and tickets, into
# docs/screenshots/. The console itself starts an agent on a clone (agents.png
# shows it running, with output) and runs the test bench through a whole launch
# (testbench.png); palette.png shows the command palette (Ctrl+K) narrowed
# to 'clone'. Look at them: they are what a person sees.
set -euo pipefail
build_dir=$1
bin="$PWD/$build_dir/bin"
run_dir=$(mktemp -d)
out="$PWD/docs/screenshots"
mkdir -p "$out"
"$bin/clonedeckd" --run-dir "$run_dir" --address-base 127.78.0.0 --fallback-ssh-port 2223 > "$run_dir/ready" 2> "$run_dir/log" &
daemon=$!
trap 'kill $daemon 2>/dev/null; wait $daemon 2>/dev/null; rm -rf "$run_dir"' EXIT
for _ in $(seq 200); do grep -q XENSTORED_PATH "$run_dir/ready" && break; sleep 0.05; done
export XENSTORED_PATH="$run_dir/xenstore/socket"
"$bin/clonectl" --domain 1 rt 3 1 256 0 > /dev/null
"$bin/clonectl" --domain 1 clone t1 > /dev/null
"$bin/clonectl" --domain 1 rt 2 2 512 0 > /dev/null
"$bin/clonectl" --domain 1 rt 1 1 128 0 > /dev/null
"$bin/clonectl" --domain 1 release t3
# A second platform (another host, as far as the console can tell), with a clone of its own.
"$bin/clonedeckd" --run-dir "$run_dir/rack2" --address-base 127.79.0.0 --fallback-ssh-port 2224 > "$run_dir/ready2" 2> "$run_dir/log2" &
second=$!
trap 'kill $daemon $second 2>/dev/null; wait $daemon $second 2>/dev/null; rm -rf "$run_dir"' EXIT
for _ in $(seq 200); do grep -q XENSTORED_PATH "$run_dir/ready2" && break; sleep 0.05; done
XENSTORED_PATH="$run_dir/rack2/xenstore/socket" "$bin/clonectl" --domain 1 rt 1 1 128 0 > /dev/null
XENSTORED_PATH="$run_dir/rack2/xenstore/socket" "$bin/clonectl" --domain 1 clone t1 > /dev/null
xvfb-run -a -s "-screen 0 1280x800x24" "$bin/clonedeck" --socket "$XENSTORED_PATH" --screenshots "$out" \
    --connect "rack2=unix://$run_dir/rack2/xenstore/socket"
for view in membership tickets agents testbench dashboard policy events connections palette; do
    test -s "$out/$view.png" || { echo "screenshots: $view.png is missing" >&2; exit 1; }
done
ls "$out"
