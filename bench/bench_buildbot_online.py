#!/usr/bin/python3
"""Ticket -> Buildbot worker online, in real QEMU clones of the debian-worker
guest-image flavour and in sandbox clones, in the same run (same load).

Each flow runs BUILDS builds one after another on one ClonedeckLatentWorker,
a fresh clone per build (tests/ci/buildbot_online.py says how). Prints
figures in `make bench`'s format (`name value unit`); what it does on stderr.
Without the image the QEMU half is skipped with a note.

    /usr/bin/python3 bench/bench_buildbot_online.py [BUILD_DIR]     (default: ./build)
    CLONEDECK_BENCH_BUILDS=N: builds per flow (default 3)

Debian's buildbot is a package of Debian's Python: run it with /usr/bin/python3.
"""

from __future__ import annotations

import os
import statistics
import sys

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD_DIR = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(SOURCE_DIR, 'build'))
os.environ.setdefault('CLONEDECK_BIN_DIR', os.path.join(BUILD_DIR, 'bin'))
os.environ.setdefault('CLONEDECK_SOURCE_DIR', SOURCE_DIR)
sys.path.insert(0, os.path.join(SOURCE_DIR, 'tests', 'ci'))

from buildbot_master import SUCCESS  # noqa: E402
from buildbot_online import missing_image, run_flow  # noqa: E402

BUILDS = int(os.environ.get('CLONEDECK_BENCH_BUILDS', '3'))


def say(text: str) -> None:
    print(f'[bench_buildbot_online] {text}', file=sys.stderr, flush=True)


def measure(flow: str) -> None:
    result = run_flow(flow, BUILDS, BUILD_DIR)
    if [b.results for b in result.builds] != [SUCCESS] * BUILDS or len(result.online_s) < BUILDS:
        raise SystemExit(f'{flow}: builds {result.builds}, online {result.online_s}\n{result.log[-3000:]}')
    if flow == 'qemu':
        say(f'qemu: master domain 1 running (booted, SSH answering) {result.master_boot_s:.1f} s after clonedeckd started')
        print(f'buildbot_qemu_master_boot {result.master_boot_s * 1000:.0f} ms')
        for line in result.clone_steps:
            say(f'qemu: clonedeckd: {line}')
    say(f'{flow}: ticket -> worker online, {BUILDS} builds: ' + ', '.join(f'{s:.2f} s' for s in result.online_s)
        + f' (load average {os.getloadavg()[0]:.1f})')
    print(f'buildbot_{flow}_ticket_to_worker_online_median {statistics.median(result.online_s) * 1000:.0f} ms')
    print(f'buildbot_{flow}_ticket_to_worker_online_max {max(result.online_s) * 1000:.0f} ms', flush=True)


def main() -> int:
    say(f'load average at start: {os.getloadavg()[0]:.1f}')
    measure('sandbox')
    why = missing_image(BUILD_DIR)
    if why:
        print(f'note bench_buildbot_online: QEMU half skipped: {why}', flush=True)
        return 0
    measure('qemu')
    return 0


if __name__ == '__main__':
    sys.exit(main())
