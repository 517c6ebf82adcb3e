"""What both Clonedeck latent workers share: one clone per substantiation.

``start_instance`` returns only once the worker on the clone has attached
(or failed): the clone, the SSH session and the worker are one unit, and
the master should not count a clone as started before its worker could run
a build. The time from ``start_instance`` to attach is logged as "online
after N s" (docs/ci-servers.md quotes those figures). A subclass provides
``_start_agent`` (returns the running :class:`ChildProcess` that holds the
worker's lifeline) and ``_stop_agent`` (ends it and its clone).
"""

from __future__ import annotations

import time
from typing import Optional

from buildbot import config
from buildbot.interfaces import LatentWorkerFailedToSubstantiate
from buildbot.worker.latent import AbstractLatentWorker, States
from twisted.internet import defer, reactor
from twisted.python import log

from .process import ChildProcess, Outcome
from .remote import CloneIdentity, parse_marker


def check_ranges(who: str, **values) -> None:
    """Config errors for integer arguments outside the protocol's ranges
    (docs/protocol.md: what ``rt`` accepts)."""
    limits = {'vcpus': (1, 64), 'memory': (1, 1048576), 'timeout': (0, 3600000), 'launch_timeout': (1, 3600000)}
    for label, value in values.items():
        low, high = limits[label]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            config.error(f'{who}: {label} must be an integer in {low}..{high}')


class CloneUnavailable(Exception):
    """Why no clone could run the worker this time (a message for the log)."""


class CloneLatentWorkerBase(AbstractLatentWorker):
    """A latent worker whose instance is a fresh clone of a Clonedeck master."""

    # State of the current substantiation (class defaults: a reconfig must not reset them).
    clone: Optional[CloneIdentity] = None  # what the worker script reported
    online_seconds: Optional[float] = None  # start_instance -> attached, last time
    _agent: Optional[ChildProcess] = None  # holds the worker's lifeline
    _online: Optional[defer.Deferred] = None  # fires when the worker attached
    _children: frozenset = frozenset()  # short commands in flight (a set during a start)
    _cancelled = False
    _started_at = 0.0  # time.monotonic() at start_instance

    # The shared keyword arguments, with the defaults that make sense for clones:
    # build_wait_timeout=0 gives each build a fresh clone (a clone starts in about a
    # second, docs/ci-servers.md), max_builds=1 keeps one build per clone.
    def checkConfig(self, name, password=None, master_address: Optional[str] = None,
                    worker_dir: str = 'buildbot-worker', worker_command: str = 'buildbot-worker',
                    attach_timeout: float = 300, stop_timeout: float = 30, **kwargs):
        kwargs.setdefault('build_wait_timeout', 0)
        kwargs.setdefault('max_builds', 1)
        for label, value in (('worker_dir', worker_dir), ('worker_command', worker_command)):
            if not isinstance(value, str) or not value or '\n' in value:
                config.error(f'{type(self).__name__} {name}: {label} must be a non-empty string')
        if master_address is not None and (not isinstance(master_address, str) or '\n' in master_address):
            config.error(f'{type(self).__name__} {name}: master_address must be "host[:port]"')
        for label, value in (('attach_timeout', attach_timeout), ('stop_timeout', stop_timeout)):
            if not isinstance(value, (int, float)) or value <= 0:
                config.error(f'{type(self).__name__} {name}: {label} must be a positive number of seconds')
        super().checkConfig(name, password, **kwargs)

    def reconfigService(self, name, password=None, master_address: Optional[str] = None,
                        worker_dir: str = 'buildbot-worker', worker_command: str = 'buildbot-worker',
                        attach_timeout: float = 300, stop_timeout: float = 30, **kwargs):
        kwargs.setdefault('build_wait_timeout', 0)
        kwargs.setdefault('max_builds', 1)
        if password is None:
            password = self.getRandomPass()
        self.master_address = master_address
        self.worker_dir = worker_dir
        self.worker_command = worker_command
        self.attach_timeout = attach_timeout
        self.stop_timeout = stop_timeout
        return super().reconfigService(name, password, **kwargs)

    # For subclasses ----------------------------------------------------------

    def _start_agent(self, build) -> defer.Deferred:
        """Builds the clone and starts the worker there; fires with the
        ChildProcess that holds its lifeline."""
        raise NotImplementedError

    def _stop_agent(self, fast: bool) -> defer.Deferred:
        """Ends the worker and its clone (idempotent)."""
        raise NotImplementedError

    def _why_ended(self, outcome: Outcome) -> str:
        return outcome.describe()

    def _master_address(self, default_host: str) -> str:
        """Where the worker on the clone reaches this master: ``host:port``."""
        port = self.registration.getPBPort() if self.registration is not None else 9989
        address = self.master_address
        if address is None:
            return f'{default_host}:{port}'
        return address if ':' in address else f'{address}:{port}'

    def _check_cancelled(self) -> None:
        if self._cancelled:
            raise CloneUnavailable('cancelled')

    def _on_agent_line(self, line: str) -> None:
        identity = parse_marker(line)
        if identity is not None:
            self.clone = identity
            log.msg(f'clonedeck: worker {self.name} starting on domain {identity.domid} ({identity.directory}) '
                    f'after {self._elapsed():.3f} s')

    # AbstractLatentWorker ----------------------------------------------------

    @defer.inlineCallbacks
    def start_instance(self, build):
        self._cancelled = False
        self._children = set()
        self.clone = None
        self.online_seconds = None
        self._started_at = time.monotonic()
        self._online = defer.Deferred()
        timer = None
        try:
            self._agent = yield self._start_agent(build)
            self._check_cancelled()
            self._agent.wait().addCallback(self._agent_ended)
            timer = reactor.callLater(self.attach_timeout, self._fail_online,
                                      f'the worker did not connect within {self.attach_timeout} s')
            yield self._online
        except Exception as e:
            log.msg(f'clonedeck: worker {self.name} could not start: {e}')
            raise LatentWorkerFailedToSubstantiate(self.name, str(e)) from e
        finally:
            if timer is not None and timer.active():
                timer.cancel()
        self.online_seconds = self._elapsed()
        domid = self.clone.domid if self.clone else '?'
        log.msg(f'clonedeck: worker {self.name} online on domain {domid} after {self.online_seconds:.3f} s')
        return True

    @defer.inlineCallbacks
    def attached(self, conn):
        yield super().attached(conn)
        if self.state == States.SUBSTANTIATED and self.conn is not None:
            if self._online is not None and not self._online.called:
                self._online.callback(None)
        else:
            self._fail_online('the worker connected but could not be set up')

    def insubstantiate(self, fast=False, force_substantiation_build=None):
        # The base waits for a start_instance in progress before it stops anything, and a
        # master's clean shutdown stops builds (so insubstantiates) before it stops workers:
        # measured, a stop then waited a whole attach_timeout (60 s) or ticket timeout. End
        # the start instead; its clone is torn down by stop_instance as usual.
        if self.state == States.SUBSTANTIATING_STARTING:
            self._cancel('cancelled: the worker is being stopped')
        return super().insubstantiate(fast, force_substantiation_build)

    @defer.inlineCallbacks
    def stop_instance(self, fast=False):
        self._cancel('cancelled: the worker is being stopped')
        try:
            yield self._stop_agent(fast)
        finally:
            self._agent = None

    def stopService(self):
        # The base waits for a substantiation in progress to finish; end it now
        # instead, so a master shutting down does not wait for a ticket or SSH.
        self._cancel('cancelled: the master is shutting down')
        return super().stopService()

    # Internals ---------------------------------------------------------------

    def _elapsed(self) -> float:
        return time.monotonic() - self._started_at

    def _agent_ended(self, outcome: Outcome) -> None:
        self._fail_online(f'the worker\'s session ended before it connected ({self._why_ended(outcome)})')

    def _fail_online(self, reason: str) -> None:
        if self._online is not None and not self._online.called:
            self._online.errback(CloneUnavailable(reason))

    def _cancel(self, reason: str) -> None:
        self._cancelled = True
        for child in list(self._children):
            child.signal('TERM')
        if self._online is not None and not self._online.called and self._agent is not None:
            self._agent.signal('TERM')  # clonectl launch (or ssh) stops where it is and undoes its work
        self._fail_online(reason)
