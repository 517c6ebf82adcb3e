"""A real clonedeckd for one Python test, like tests/support/PlatformFixture.

Private run directory, private /16 of loopback addresses and a private
fallback SSH port, all derived from the test's pid exactly as the C++ tests
derive theirs (TestEnvironment.cpp), so parallel tests never share them.
Every process started here is ended in stop(), and dies with the test
(PR_SET_PDEATHSIG) if the test itself is killed.
"""

from __future__ import annotations

import ctypes
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from typing import Callable, List, Optional, TypeVar

T = TypeVar('T')

BIN_DIR = os.environ.get('CLONEDECK_BIN_DIR', os.path.join(os.getcwd(), 'bin'))
SOURCE_DIR = os.environ.get('CLONEDECK_SOURCE_DIR',
                            os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
# Debian's buildbot and buildbot-worker are packages of Debian's Python.
SYSTEM_PYTHON = '/usr/bin/python3'


def die_with_parent() -> None:
    """preexec_fn: the child gets SIGTERM when the test process dies."""
    ctypes.CDLL('libc.so.6', use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def wait_until(what: str, probe: Callable[[], Optional[T]], timeout: float, interval: float = 0.05) -> T:
    """Polls ``probe`` until it returns something other than None or False;
    raises TimeoutError naming ``what`` at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value is not None and value is not False:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f'timed out after {timeout} s waiting for {what}')
        time.sleep(interval)


def end_process(process: subprocess.Popen, grace: float = 15) -> None:
    """SIGTERM, then SIGKILL after ``grace`` seconds: nothing outlives the test."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


class Platform:
    def __init__(self, hosts: str = 'host1:16:32768', extra_args: Optional[List[str]] = None) -> None:
        self.hosts = hosts
        self.extra_args = list(extra_args or [])  # e.g. ['--config', INI] for the QEMU backend
        self.run_dir = tempfile.mkdtemp(prefix='clonedeck-ci-')
        os.chmod(self.run_dir, 0o700)
        self.address_prefix = f'127.{100 + os.getpid() % 150}.'
        self.fallback_port = 20000 + os.getpid() % 20000
        self.socket_path = ''
        self.process: Optional[subprocess.Popen] = None

    @property
    def client_key(self) -> str:
        return os.path.join(self.run_dir, 'client', 'id_ed25519')

    def vm_dir(self, domid: int) -> str:
        return os.path.join(self.run_dir, 'vms', str(domid))

    def start(self, timeout: float = 20) -> None:
        # stderr to a file, not a pipe nobody drains (tests/support/PlatformFixture.cpp says why).
        self._stderr = open(os.path.join(self.run_dir, 'clonedeckd.stderr'), 'wb')
        self.process = subprocess.Popen(
            [os.path.join(BIN_DIR, 'clonedeckd'), '--run-dir', self.run_dir, '--hosts', self.hosts,
             '--address-base', self.address_prefix + '0.0', '--fallback-ssh-port', str(self.fallback_port),
             '--log-file', os.path.join(self.run_dir, 'clonedeckd.log'), *self.extra_args],
            stdout=subprocess.PIPE, stderr=self._stderr,
            preexec_fn=die_with_parent)
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        output = b''
        while b'\n' not in output.partition(b'XENSTORED_PATH=')[2]:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                self.stop()
                raise TimeoutError(f'clonedeckd did not become ready: {self.log_tail()}')
            chunk = os.read(self.process.stdout.fileno(), 4096)
            if not chunk:
                raise RuntimeError(f'clonedeckd exited: {self.log_tail()}')
            output += chunk
        self.socket_path = output.partition(b'XENSTORED_PATH=')[2].split(b'\n')[0].decode()

    def log_tail(self, name: str = 'clonedeckd.stderr', lines: int = 40) -> str:
        """The last lines of one of the daemon's files in its run directory."""
        try:
            with open(os.path.join(self.run_dir, name), 'rb') as f:
                return b''.join(f.readlines()[-lines:]).decode('utf-8', 'replace')
        except OSError:
            return ''

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is not None:
                print(f'clonedeck: clonedeckd had ended (status {self.process.returncode}) before the test '
                      f'stopped it; its stderr: {self.log_tail()}', file=sys.stderr)
            end_process(self.process)
            self.process.stdout.close()
            self._stderr.close()
            # ctest shows a test's output only when it fails: then this is the daemon's side of it.
            print(f'--- the last lines of clonedeckd.log ---\n{self.log_tail("clonedeckd.log")}', file=sys.stderr)
            self.process = None
        if os.environ.get('CLONEDECK_KEEP_RUN_DIR'):
            print(f'clonedeck: kept {self.run_dir} (CLONEDECK_KEEP_RUN_DIR)', file=sys.stderr)
            return
        shutil.rmtree(self.run_dir, ignore_errors=True)

    def env(self, domid: Optional[int] = None) -> dict:
        env = dict(os.environ)
        env['XENSTORED_PATH'] = self.socket_path
        env['PATH'] = BIN_DIR + os.pathsep + env.get('PATH', '')
        env.pop('CLONEDECK_DOMID', None)
        if domid is not None:
            env['CLONEDECK_DOMID'] = str(domid)
        return env

    def clonectl(self, *args: str, domid: Optional[int] = None, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run([os.path.join(BIN_DIR, 'clonectl'), *args], env=self.env(domid),
                              capture_output=True, text=True, timeout=timeout)

    def listing(self, what: str) -> List[dict]:
        """``clonectl --json domains|tickets``."""
        result = self.clonectl('--json', what)
        if result.returncode != 0:
            raise RuntimeError(f'clonectl {what}: {result.stderr}')
        return json.loads(result.stdout)

    def clones(self) -> List[dict]:
        return [d for d in self.listing('domains') if d.get('role') == 'clone']

    def live_tickets(self) -> List[dict]:
        return [t for t in self.listing('tickets') if t.get('state') in ('pending', 'granted', 'used')]
