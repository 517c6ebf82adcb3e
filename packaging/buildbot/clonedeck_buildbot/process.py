"""Child processes of the Buildbot master, driven by Twisted's reactor.

Every command the latent workers run (``clonectl launch``, ``gc`` verbs,
``ssh``) is started here from an argv list and under ``setpriv --pdeathsig
TERM``: if the master dies, even by SIGKILL, each child gets SIGTERM, so
``clonectl launch`` still tears its clone down. Twisted's spawnProcess has no
pre-exec hook, and util-linux (Essential in Debian) ships setpriv everywhere.

The child also ignores SIGPIPE (a fixed ``sh -c 'trap "" PIPE; exec "$@"'``,
the argv passed as "$@", never parsed as code): once the master is gone,
its pipes are, and clonectl's first log line of its teardown killed it by
SIGPIPE before it joined the clone (measured: exit -13 and the clone left;
with SIGPIPE ignored, exit 143 and no clone).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Mapping, Optional, Sequence

from twisted.internet import defer, error, protocol, reactor
from twisted.python import log

# A child's parent-death signal and ignored SIGPIPE, both kept across exec.
_CHILD_PREFIX = ['setpriv', '--pdeathsig', 'TERM', '--', 'sh', '-c', 'trap "" PIPE; exec "$@"', 'clonedeck-child']

# How much of a child's stderr to keep for error messages.
_STDERR_KEPT = 4096


@dataclass
class Outcome:
    """How a child ended: its exit code (None if a signal ended it) and output."""

    exit_code: Optional[int]
    signal: Optional[int]
    stdout: bytes
    stderr: bytes

    def stderr_tail(self) -> str:
        text = self.stderr.decode('utf-8', 'replace').strip()
        return text[-_STDERR_KEPT:]

    def describe(self) -> str:
        how = f'exit {self.exit_code}' if self.signal is None else f'signal {self.signal}'
        tail = self.stderr_tail()
        return f'{how}: {tail}' if tail else how


class ChildProcess(protocol.ProcessProtocol):
    """One child: collects its output, reports each stdout line, ends on request.

    ``wait()`` gives each caller a Deferred of its own that fires with the
    :class:`Outcome` once the process is gone, whatever the cause; it never
    errbacks, so callers cannot forget a failure path.
    """

    def __init__(self, label: str, on_line: Optional[Callable[[str], None]] = None) -> None:
        self.label = label
        self._on_line = on_line
        self._outcome: Optional[Outcome] = None
        self._waiters: list = []
        self._stdout = bytearray()
        self._stderr = bytearray()
        self._partial = b''

    # Twisted callbacks -------------------------------------------------------

    def outReceived(self, data: bytes) -> None:
        self._stdout += data
        if self._on_line is None:
            return
        self._partial += data
        *lines, self._partial = self._partial.split(b'\n')
        for line in lines:
            self._on_line(line.decode('utf-8', 'replace'))

    def errReceived(self, data: bytes) -> None:
        self._stderr += data
        del self._stderr[:-_STDERR_KEPT]
        for line in data.decode('utf-8', 'replace').splitlines():
            log.msg(f'{self.label}: {line}')

    def processEnded(self, reason) -> None:
        self._outcome = Outcome(getattr(reason.value, 'exitCode', None), getattr(reason.value, 'signal', None),
                                bytes(self._stdout), bytes(self._stderr))
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            waiter.callback(self._outcome)

    # Control -----------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.transport is not None and self._outcome is None

    def write(self, data: bytes) -> None:
        if self.running:
            self.transport.write(data)

    def close_stdin(self) -> None:
        if self.running:
            self.transport.closeStdin()

    def signal(self, name: str) -> None:
        if not self.running:
            return
        try:
            self.transport.signalProcess(name)
        except error.ProcessExitedAlready:
            pass

    def wait_within(self, seconds: float) -> defer.Deferred:
        """Fires with the Outcome, or with None if the child still runs after ``seconds``."""
        result: defer.Deferred = defer.Deferred()
        timer = reactor.callLater(seconds, lambda: result.called or result.callback(None))

        def ended(outcome: Outcome) -> None:
            if timer.active():
                timer.cancel()
            if not result.called:
                result.callback(outcome)

        self.wait().addCallback(ended)
        return result

    @defer.inlineCallbacks
    def end(self, grace_seconds: float, first: Optional[str] = 'TERM'):
        """Ends the child: ``first`` (None: it was already asked, e.g. by closing
        its stdin), SIGTERM after a grace period, SIGKILL after another. Fires
        with its Outcome."""
        for sig in (first, 'TERM', 'KILL'):
            if sig is not None:
                self.signal(sig)
            outcome = yield self.wait_within(grace_seconds)
            if outcome is not None:
                return outcome
        outcome = yield self.wait()
        return outcome

    def wait(self) -> defer.Deferred:
        """Fires with the Outcome when the child has ended (at once if it has)."""
        if self._outcome is not None:
            return defer.succeed(self._outcome)
        waiter: defer.Deferred = defer.Deferred()
        self._waiters.append(waiter)
        return waiter


def spawn(label: str, argv: Sequence[str], env: Optional[Mapping[str, str]] = None,
          stdin: Optional[bytes] = None, close_stdin: bool = True,
          on_line: Optional[Callable[[str], None]] = None) -> ChildProcess:
    """Starts ``argv`` (a list: no shell ever sees it) with the parent-death
    signal set. ``stdin`` is written first; the pipe stays open when
    ``close_stdin`` is False (the lifeline of a worker, see remote.py)."""
    child = ChildProcess(label, on_line)
    full = _CHILD_PREFIX + list(argv)
    environment = dict(os.environ if env is None else env)
    reactor.spawnProcess(child, full[0], full, env=environment,
                         childFDs={0: 'w', 1: 'r', 2: 'r'})
    if stdin:
        child.write(stdin)
    if close_stdin:
        child.close_stdin()
    return child


def run(label: str, argv: Sequence[str], env: Optional[Mapping[str, str]] = None,
        track: Optional[set] = None) -> defer.Deferred:
    """Runs a short command to its end; fires with its Outcome. While it runs
    it is in ``track`` (a set of ChildProcess), so a cancel can end it."""
    child = spawn(label, argv, env)
    if track is None:
        return child.wait()
    track.add(child)

    def untrack(outcome: Outcome) -> Outcome:
        track.discard(child)
        return outcome

    return child.wait().addCallback(untrack)
