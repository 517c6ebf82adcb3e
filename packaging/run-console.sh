#!/usr/bin/env bash
# `make run`: opens the console on the embedded platform in a private run directory.
# The console itself starts clonedeckd there and stops it when it quits.
set -euo pipefail
build_dir=$1
run_dir=$2
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
    cat >&2 <<MSG
clonedeck: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).
  The console is a desktop application and needs one. Either run it inside a
  desktop session, or under a virtual display:   xvfb-run -a make run
  or without any display at all:                 QT_QPA_PLATFORM=offscreen make run
MSG
    exit 1
fi
# clonedeckd accepts only a run directory private to its user (mode 0700) and creates it so;
# earlier versions of this script made this one 0755.
[[ -d "$run_dir" && -O "$run_dir" && ! -L "$run_dir" ]] && chmod 700 "$run_dir"
export PATH="$PWD/$build_dir/bin:$PATH"
exec "$build_dir/bin/clonedeck" --embedded --run-dir "$run_dir"
