"""Buildbot builds on fresh clones of master domain 1, and how long each
worker took from the ticket to being online.

A Buildbot master (Debian's buildbot 3.7) on the host, one
ClonedeckLatentWorker (`clonectl launch`, build_wait_timeout=0: a fresh clone
per build), builds one after another (a Periodic scheduler keeps the queue
full). Two flows:

- ``qemu``: clonedeckd --backend qemu running the debian-worker guest-image
  flavour (``make guest-image FLAVOUR=debian-worker``). The master's PB port
  is opened to the guests (``[qemu] guest_forward_ports``), which reach it at
  10.0.2.100.
- ``sandbox``: the default backend.

The latent worker logs the figure itself ("clonedeck: worker NAME online on
domain N after S s": from start_instance, the ticket request, to the worker
attached to the master). Shared by tests/ci/test_buildbot_qemu_worker.py and
bench/bench_buildbot_online.py.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import time
from dataclasses import dataclass, field
from typing import List

from buildbot_master import Build, HostMaster, create_master, master_config
from clonedeck_platform import BIN_DIR, SOURCE_DIR, Platform, wait_until

PACKAGE_DIR = os.path.join(SOURCE_DIR, 'packaging', 'buildbot')
MASTER_MEMORY_MB = 512
# The build step sets the property ``clone`` to "<gc ismaster's exit> <eth1's MAC>": in a QEMU clone
# 1 (not the master) and the clone's own MAC, which only a clone that took its own address wears.
CLONE_STEP = ("steps.SetPropertyFromCommand(command=['sh', '-c', "
              "'gc ismaster >/dev/null 2>&1; echo \"$? $(cat /sys/class/net/eth1/address)\"'], property='clone')")


def image_dir(build_dir: str) -> str:
    return os.path.join(build_dir, 'guest-image-debian-worker')


def missing_image(build_dir: str) -> str:
    """Why the qemu flow cannot run here, or '' when it can."""
    if not os.path.exists(os.path.join(image_dir(build_dir), 'qemu.ini')):
        return (f'no debian-worker guest image in {image_dir(build_dir)} '
                '(build it with `make guest-image FLAVOUR=debian-worker`: root, debootstrap, minutes)')
    return ''


@dataclass
class FlowResult:
    builds: List[Build]
    online_s: List[float]
    master_boot_s: float = 0.0
    master_ip: str = ''  # the master VM's address on the private network
    clone_steps: List[str] = field(default_factory=list)  # clonedeckd's lines on each capture and clone
    log: str = field(default='', repr=False)


def _free_port() -> int:
    # QEMU's guestfwd needs the port before the Buildbot master starts: one the kernel picks. Another
    # process taking it in between makes the master fail to listen, which the run reports.
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _qemu_config(directory: str, build_dir: str, port: int) -> str:
    path = os.path.join(directory, 'platform.ini')
    with open(os.path.join(image_dir(build_dir), 'qemu.ini'), encoding='utf-8') as f:
        image_keys = f.read().replace('[qemu]\n', '')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(f'[platform]\nbackend=qemu\n\n'
                f'[cluster:default]\nmaster_vcpus=1\nmaster_memory_mb={MASTER_MEMORY_MB}\n\n'
                f'[qemu]\n{image_keys}accelerator=auto\nstop_vms_on_exit=true\nboot_timeout_ms=600000\n'
                f'clone_timeout_ms=180000\nguest_forward_ports={port}\n')
    return path


def _master_domain(platform: Platform) -> dict:
    return next((d for d in platform.listing('domains') if str(d.get('domid')) == '1'), {})


def run_flow(flow: str, builds: int, build_dir: str) -> FlowResult:
    scratch = tempfile.mkdtemp(prefix=f'clonedeck-bbonline-{flow}-')
    try:
        port = _free_port()
        extra = ['--config', _qemu_config(scratch, build_dir, port)] if flow == 'qemu' else []
        platform = Platform(extra_args=extra)
        os.environ.setdefault('CLONEDECK_LOG', 'debug')  # clonedeckd logs each clone's bring-up at debug level
        try:
            return _run(platform, flow, builds, port, scratch)
        finally:
            platform.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _run(platform: Platform, flow: str, builds: int, port: int, scratch: str) -> FlowResult:
    started = time.monotonic()
    platform.start(timeout=120)
    result = FlowResult([], [])
    if flow == 'qemu':
        wait_until('master domain 1 running', lambda: _master_domain(platform).get('state') == 'running',
                   timeout=600, interval=0.2)
        result.master_boot_s = time.monotonic() - started
        result.master_ip = str(_master_domain(platform).get('ip', ''))
        worker_args = (f"user='root', master_address='10.0.2.100:{port}', memory={MASTER_MEMORY_MB}, "
                       "timeout=60000, launch_timeout=180000, attach_timeout=300")
        pb = f'tcp:{port}:interface=127.0.0.1'
    else:
        worker_args = 'memory=64, timeout=20000'
        pb = 'tcp:0:interface=127.0.0.1'
    pins = os.path.join(scratch, 'host-keys.ini')
    workers = (f"[ClonedeckLatentWorker('w', domain=1, socket={platform.socket_path!r}, "
               f"clonectl={os.path.join(BIN_DIR, 'clonectl')!r}, pins={pins!r}, build_wait_timeout=0, "
               f"{worker_args})]")
    basedir = os.path.join(scratch, 'master')
    env = platform.env()
    step = CLONE_STEP if flow == 'qemu' else None
    # One build: the start-up build alone (a 1 s period would queue a second clone before the stop).
    config = master_config(workers, 1, PACKAGE_DIR, pb_port=pb, period_s=1 if builds > 1 else 24 * 3600,
                           **({'step': step} if step else {}))
    create_master(basedir, config, env)
    master = HostMaster(basedir, env)
    try:
        master.start()
        result.builds = master.wait_for_builds(builds, timeout=300 * builds)[:builds]
        result.online_s = [s for _, _, s in master.online_times()][:builds]
    finally:
        master.stop()
        result.log = master.log()
    wait_until('no clone left', lambda: not platform.clones(), timeout=120)
    try:
        with open(os.path.join(platform.run_dir, 'clonedeckd.log'), encoding='utf-8', errors='replace') as f:
            result.clone_steps = [line.strip() for line in f if re.search(r'paused \d+ ms|ready after \d+ ms', line)]
    except OSError:
        pass
    return result
