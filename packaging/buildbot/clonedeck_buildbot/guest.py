"""A Buildbot latent worker for a CI master that runs inside a Clonedeck VM.

The master VM clones *itself*, as in the seed's ``clone_slave_launcher.sh``:
``gc rt`` reserves a ticket, ``gc clone`` forks the VM, ``gc ltd`` gives the
clone's address on the cluster's network, and the master starts the worker
there with OpenSSH. On a real VM, ``gc clone`` returns in the clone too, with
the whole CI master copied: the helper that runs it (CLONE_SCRIPT) asks
``gc ismaster`` and in a clone kills the copied CI master at once, before it
can act. The worker script ends its clone with ``gc join noreport`` when its
lifeline (the master's ssh) goes, so a CI master that dies leaves no clone;
a master that stops one also runs ``gc kill TICKET``.
"""

from __future__ import annotations

import os
import shlex
from typing import List, Optional

from buildbot import config
from twisted.internet import defer, reactor, task
from twisted.python import log

from .gc import ContractError, LtdClone, explain_exit, parse_clone, parse_ltd, parse_rt
from .process import Outcome, run, spawn
from .remote import worker_argv
from .worker import CloneLatentWorkerBase, CloneUnavailable, check_ranges

GUEST_HOST_KEY_POLICIES = ('lineage', 'known-hosts', 'insecure')
ENDED_TICKET_STATES = ('released', 'expired', 'failed')  # docs/protocol.md, "Ticket states"

# $1 gc, $2 ticket, $3 the CI master's pid. After `gc clone` this script runs on
# in the master and, on a real VM, in every clone (fork semantics).
CLONE_SCRIPT = r'''
gc=$1 ticket=$2 ci_pid=$3
"$gc" clone "$ticket" || exit
# A clone's channel may still be reconnecting after its resume: retry, backing off.
for delay in 0.05 0.1 0.2 0.4 0.8 1 1 1 1 1 0; do
    "$gc" ismaster >/dev/null 2>&1
    case $? in
    0) exit 0 ;;
    1) kill -KILL "$ci_pid" 2>/dev/null; exit 0 ;;
    esac
    sleep "$delay"
done
echo "clonedeck: gc ismaster did not answer after gc clone" >&2
exit 75
'''

# ssh exits 255 for its own failures; these say retrying cannot help.
_SSH_FATAL = ('Host key verification failed', 'REMOTE HOST IDENTIFICATION HAS CHANGED',
              'Permission denied', 'No user exists')


class ClonedeckGuestLatentWorker(CloneLatentWorkerBase):
    """One build, one fresh clone of the VM this master runs in (``gc``).

    ``gc`` is the in-guest command (``clonectl`` in a sandbox VM); ``vcpus``,
    ``memory`` (MB) and ``timeout`` (ms) go to ``gc rt``; ``launch_timeout`` (s)
    bounds the wait for the clone's SSH. SSH trust, ``host_key_policy``:
    ``lineage`` (default) accepts exactly this VM's own host key
    (``host_key_file``) at the clone's address: a clone is a replica, so it
    presents it; ``known-hosts`` uses OpenSSH's files; ``insecure`` checks
    nothing (logged). ``identity``/``user`` log in (passwordless within the
    cluster, as the seed sets up). ``master_address`` defaults to the address
    the clone sees the SSH connection come from, with the PB port.
    """

    _ticket: Optional[str] = None  # the current substantiation's ticket

    def checkConfig(self, name, password=None, gc: str = 'gc', vcpus: int = 1, memory: int = 512,
                    timeout: int = 60000, launch_timeout: float = 60, host_key_policy: str = 'lineage',
                    host_key_file: str = '/etc/ssh/ssh_host_ed25519_key.pub', known_hosts_file: Optional[str] = None,
                    identity: Optional[str] = None, user: Optional[str] = None, ssh: str = 'ssh', **kwargs):
        who = f'ClonedeckGuestLatentWorker {name}'
        if host_key_policy not in GUEST_HOST_KEY_POLICIES:
            config.error(f'{who}: host_key_policy must be one of {", ".join(GUEST_HOST_KEY_POLICIES)}')
        for label, value in (('gc', gc), ('ssh', ssh), ('host_key_file', host_key_file)):
            if not isinstance(value, str) or not value or '\n' in value:
                config.error(f'{who}: {label} must be a non-empty string')
        check_ranges(who, vcpus=vcpus, memory=memory, timeout=timeout)
        if not isinstance(launch_timeout, (int, float)) or launch_timeout <= 0:
            config.error(f'{who}: launch_timeout must be a positive number of seconds')
        super().checkConfig(name, password, **kwargs)

    def reconfigService(self, name, password=None, gc: str = 'gc', vcpus: int = 1, memory: int = 512,
                        timeout: int = 60000, launch_timeout: float = 60, host_key_policy: str = 'lineage',
                        host_key_file: str = '/etc/ssh/ssh_host_ed25519_key.pub',
                        known_hosts_file: Optional[str] = None, identity: Optional[str] = None,
                        user: Optional[str] = None, ssh: str = 'ssh', **kwargs):
        self.gc = gc
        self.rt_args = [str(vcpus), str(memory), str(timeout)]
        self.launch_timeout = launch_timeout
        self.host_key_policy = host_key_policy
        self.host_key_file = host_key_file
        self.known_hosts_file = known_hosts_file or os.path.join(self.master.basedir,
                                                                 f'clonedeck-{name}.known_hosts')
        self.ssh_login = [ssh, '-T', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', '-o',
                          'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=4']
        self.ssh_login += (['-i', identity] if identity else []) + (['-l', user] if user else [])
        return super().reconfigService(name, password, **kwargs)

    # The steps ---------------------------------------------------------------

    @defer.inlineCallbacks
    def _gc(self, *args: str) -> defer.Deferred:
        outcome = yield run(f'gc {args[0]}', [self.gc, *args], track=self._children)
        self._check_cancelled()
        if outcome.exit_code != 0:
            raise CloneUnavailable(f'gc {args[0]}: {explain_exit(outcome.exit_code)}: {outcome.stderr_tail()}')
        return outcome.stdout.decode('utf-8', 'replace')

    @defer.inlineCallbacks
    def _start_agent(self, build):
        try:
            self._ticket = parse_rt((yield self._gc('rt', '1', *self.rt_args)))
            cloned = yield run('gc clone', ['sh', '-c', CLONE_SCRIPT, 'clonedeck-clone', self.gc, self._ticket,
                                            str(os.getpid())], track=self._children)
            self._check_cancelled()
            if cloned.exit_code != 0:
                raise CloneUnavailable(f'gc clone: {explain_exit(cloned.exit_code)}: {cloned.stderr_tail()}')
            domid = parse_clone(cloned.stdout.decode('utf-8', 'replace'))[0]
            clones = parse_ltd((yield self._gc('ltd', self._ticket))).clones
            clone = next((c for c in clones if c.domid == domid), None)
            if clone is None or not clone.ip:
                raise CloneUnavailable(f'gc ltd {self._ticket} lists no address for domain {domid}')
        except ContractError as e:
            raise CloneUnavailable(str(e)) from e
        log.msg(f'clonedeck: worker {self.name}: ticket {self._ticket}, domain {domid} at {clone.ip}:{clone.port} '
                f'after {self._elapsed():.3f} s')
        ssh = self.ssh_login + ['-p', str(clone.port)] + self._host_key_options(clone)
        yield self._wait_for_ssh(ssh, clone)
        log.msg(f'clonedeck: worker {self.name}: SSH answers on domain {domid} after {self._elapsed():.3f} s')
        # No host given: ":port", and the worker script takes the host from SSH_CONNECTION.
        remote = worker_argv(self.name, self._master_address(''), self.worker_dir, self.worker_command, self.gc)
        return spawn(f'ssh {clone.ip} ({self.name})', ssh + ['--', clone.ip, shlex.join(remote)],
                     stdin=self.password.encode() + b'\n', close_stdin=False, on_line=self._on_agent_line)

    def _host_key_options(self, clone: LtdClone) -> List[str]:
        if self.host_key_policy == 'insecure':
            log.msg(f'clonedeck: WARNING: worker {self.name} does not check {clone.ip}\'s SSH host key')
            return ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null']
        if self.host_key_policy == 'known-hosts':
            return ['-o', 'StrictHostKeyChecking=yes']
        # lineage: the clone is a replica of this VM, so it presents this VM's own host key.
        with open(self.host_key_file, encoding='ascii') as f:
            words = f.readline().split()
        if len(words) < 2 or not words[0].startswith(('ssh-', 'ecdsa-')) or not words[1].isascii():
            raise CloneUnavailable(f'{self.host_key_file} holds no SSH public key')
        host = clone.ip if clone.port == 22 else f'[{clone.ip}]:{clone.port}'
        with open(self.known_hosts_file, 'w', encoding='ascii') as f:
            f.write(f'{host} {words[0]} {words[1]}\n')
        return ['-o', 'StrictHostKeyChecking=yes', '-o', f'UserKnownHostsFile="{self.known_hosts_file}"',
                '-o', 'GlobalKnownHostsFile=/dev/null']

    @defer.inlineCallbacks
    def _wait_for_ssh(self, ssh: List[str], clone: LtdClone):
        """Until the clone's SSH runs a command: retry with backoff, fail at
        once when retrying cannot help (host key, authentication)."""
        deadline = reactor.seconds() + self.launch_timeout
        delay = 0.05
        while True:
            outcome = yield run(f'ssh {clone.ip}', ssh + ['--', clone.ip, 'true'], track=self._children)
            self._check_cancelled()
            if outcome.exit_code == 0:
                return
            reason = outcome.stderr_tail()
            if any(text in reason for text in _SSH_FATAL) or reactor.seconds() + delay > deadline:
                raise CloneUnavailable(f'ssh to {clone.ip}:{clone.port}: {outcome.describe()}')
            yield task.deferLater(reactor, delay, lambda: None)
            delay = min(delay * 2, 2.0)

    def _why_ended(self, outcome: Outcome) -> str:
        return f'ssh: {outcome.describe()}'

    @defer.inlineCallbacks
    def _stop_agent(self, fast):
        agent, ticket = self._agent, self._ticket
        self._ticket = None
        if agent is not None and agent.running:
            agent.close_stdin()  # the lifeline: the worker stops and its clone joins
            yield agent.end(self.stop_timeout, first='TERM' if fast else None)
        if ticket is None:
            return
        # Whatever the clone did, the ticket ends here. Once its clone has joined (the
        # worker script's last act) the ticket is released and kill would refuse it; a
        # join still under way can also win the race against kill: then look again.
        for _ in range(2):
            if (yield self._ticket_state(ticket)) in ENDED_TICKET_STATES:
                return
            outcome = yield run('gc kill', [self.gc, 'kill', ticket])
            if outcome.exit_code == 0:
                return
        raise CloneUnavailable(f'gc kill {ticket}: {explain_exit(outcome.exit_code)}: {outcome.stderr_tail()}')

    @defer.inlineCallbacks
    def _ticket_state(self, ticket: str):
        listed = yield run('gc ltd', [self.gc, 'ltd', ticket])
        try:
            fields = parse_ltd(listed.stdout.decode('utf-8', 'replace')).fields
        except ContractError:
            return ''
        return fields.get('state', '') if listed.exit_code == 0 else ''
