"""A Buildbot latent worker on a clone, through ``clonectl launch``.

For a CI master on a host that runs (or reaches) the Clonedeck platform.
Each substantiation runs one ``clonectl launch``: a ticket, a clone, SSH to
it, the worker there; when the worker ends, clonectl joins the clone and
releases the ticket. The master stops a worker by closing the lifeline (the
launch's stdin, see remote.py); if clonectl does not finish within
``stop_timeout`` it gets SIGTERM (its own teardown), then SIGKILL and, as a
last resort, ``clonectl kill DOMID``.
"""

from __future__ import annotations

from typing import List, Optional

from buildbot import config
from twisted.internet import defer
from twisted.python import log

from .gc import explain_exit
from .process import Outcome, run, spawn
from .remote import worker_argv
from .worker import CloneLatentWorkerBase, CloneUnavailable, check_ranges

HOST_KEY_POLICIES = ('lineage', 'known-hosts', 'trust-on-first-use', 'insecure')
TEARDOWNS = ('join', 'kill')


class ClonedeckLatentWorker(CloneLatentWorkerBase):
    """One build, one fresh clone: ``clonectl launch`` substantiates the worker.

    The arguments after ``password`` are clonectl's (docs/clonectl.md):
    ``domain`` is the master whose clones run the workers (``--domain``),
    ``socket`` the platform's xenstore socket (``--socket``; default
    ``$XENSTORED_PATH``), ``vcpus``/``memory`` (MB)/``timeout`` (ms to wait for
    capacity) the ticket, ``launch_timeout`` (ms) the wait for the clone's SSH,
    ``host_key_policy``/``pins``/``identity``/``user`` the SSH trust and login,
    ``teardown`` how the clone ends, ``log_file`` where clonectl logs (default:
    the master's twistd.log, through its stderr). ``master_address`` is where
    the worker on the clone reaches this master (default 127.0.0.1 and the PB
    port: sandbox clones share the host's network; a QEMU clone needs the
    host's address on its network, e.g. "10.0.2.2:9989").
    """

    def checkConfig(self, name, password=None, domain: Optional[int] = None, socket: Optional[str] = None,
                    clonectl: str = 'clonectl', vcpus: int = 1, memory: int = 512, timeout: int = 60000,
                    launch_timeout: int = 60000, host_key_policy: str = 'lineage', pins: Optional[str] = None,
                    identity: Optional[str] = None, user: Optional[str] = None, teardown: str = 'join',
                    log_file: Optional[str] = None, **kwargs):
        who = f'ClonedeckLatentWorker {name}'
        if domain is not None and (not isinstance(domain, int) or domain < 1):
            config.error(f'{who}: domain must be a master domain id (an integer >= 1)')
        check_ranges(who, vcpus=vcpus, memory=memory, timeout=timeout, launch_timeout=launch_timeout)
        if host_key_policy not in HOST_KEY_POLICIES:
            config.error(f'{who}: host_key_policy must be one of {", ".join(HOST_KEY_POLICIES)}')
        if teardown not in TEARDOWNS:
            config.error(f'{who}: teardown must be "join" or "kill"')
        super().checkConfig(name, password, **kwargs)

    def reconfigService(self, name, password=None, domain: Optional[int] = None, socket: Optional[str] = None,
                        clonectl: str = 'clonectl', vcpus: int = 1, memory: int = 512, timeout: int = 60000,
                        launch_timeout: int = 60000, host_key_policy: str = 'lineage', pins: Optional[str] = None,
                        identity: Optional[str] = None, user: Optional[str] = None, teardown: str = 'join',
                        log_file: Optional[str] = None, **kwargs):
        if host_key_policy == 'insecure':
            log.msg(f'clonedeck: WARNING: worker {name} does not check the clones\' SSH host keys '
                    '(host_key_policy="insecure")')
        self.clonectl_prefix = [clonectl] + _option('--socket', socket) + _option('--domain', domain)
        self.launch_options = (['--count', '1', '--vcpus', str(vcpus), '--memory', str(memory),
                                '--timeout', str(timeout), '--launch-timeout', str(launch_timeout),
                                '--host-key-policy', host_key_policy, '--teardown', teardown]
                               + _option('--pins', pins) + _option('--identity', identity)
                               + _option('--user', user) + _option('--log-file', log_file))
        return super().reconfigService(name, password, **kwargs)

    def launch_argv(self) -> List[str]:
        """The whole ``clonectl launch`` command for one substantiation."""
        remote = worker_argv(self.name, self._master_address('127.0.0.1'), self.worker_dir, self.worker_command)
        return self.clonectl_prefix + ['launch'] + self.launch_options + ['--'] + remote

    def _start_agent(self, build):
        agent = spawn(f'clonectl launch ({self.name})', self.launch_argv(),
                      stdin=self.password.encode() + b'\n', close_stdin=False, on_line=self._on_agent_line)
        return defer.succeed(agent)

    def _why_ended(self, outcome: Outcome) -> str:
        if outcome.exit_code in (2, 3, 13, 16, 69):
            return f'clonectl launch: {explain_exit(outcome.exit_code)}: {outcome.stderr_tail()}'
        return f'clonectl launch: {outcome.describe()}'

    @defer.inlineCallbacks
    def _stop_agent(self, fast):
        agent = self._agent
        if agent is None or not agent.running:
            return
        agent.close_stdin()  # the lifeline: the worker stops, clonectl tears down
        outcome = yield agent.end(self.stop_timeout, first='TERM' if fast else None)
        if outcome.signal == 9 and self.clone is not None and self.clone.domid.isdigit():
            log.msg(f'clonedeck: clonectl launch for {self.name} had to be killed; killing domain '
                    f'{self.clone.domid} directly')
            result = yield run('clonectl kill', self.clonectl_prefix + ['kill', self.clone.domid])
            if result.exit_code != 0:
                raise CloneUnavailable(f'clone {self.clone.domid} may be left: {result.describe()}')


def _option(flag: str, value) -> List[str]:
    return [] if value is None else [flag, str(value)]
