"""End to end: the CI master runs *inside* the cluster's master VM.

The Buildbot master is started over SSH (stock OpenSSH, the master VM's host
key pinned) in sandbox master VM 1, where ``clonectl`` stands for the
in-guest ``gc``. Its ClonedeckGuestLatentWorkers run ``gc rt``/``clone``/
``ltd`` as domain 1 and start each worker on its clone with OpenSSH, trusting
exactly the master VM's own host key (lineage). Asserts: two builds succeed
on two distinct clones; clone0's clone goes when its build is done;
clone1's stays (idle retention, build_wait_timeout) until the master stops;
when the master stops (its session's lifeline closes), that clone ends too
and no clone or live ticket is left.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from buildbot_master import SUCCESS, MasterState, master_config  # noqa: E402
from clonedeck_platform import SOURCE_DIR, Platform, die_with_parent, end_process, wait_until  # noqa: E402

PACKAGE_DIR = os.path.join(SOURCE_DIR, 'packaging', 'buildbot')
MASTER_DOMID = 1

# In the master VM, as its lifeline-held session: stdin EOF stops the master (SIGTERM, a clean stop).
RUN_MASTER = r'''
exec 3<&0
buildbot start --nodaemon bbmaster </dev/null >bbmaster/start.log 2>&1 &
pid=$!
(while IFS= read -r _; do :; done; kill -TERM "$pid") <&3 &
exec 3<&-
wait "$pid"
'''

WORKERS = ("[ClonedeckGuestLatentWorker(f'clone{i}', gc='clonectl', memory=64, timeout=20000, launch_timeout=60,"
           " attach_timeout=120, master_address='127.0.0.1', build_wait_timeout=[0, 600][i],"
           " host_key_file=os.environ['HOME'] + '/.clonedeck/ssh_host_ed25519_key.pub',"
           " identity=os.environ['HOME'] + '/.ssh/id_ed25519') for i in range(2)]")


class BuildbotInGuestTest(unittest.TestCase):
    def setUp(self) -> None:
        self.platform = Platform()
        self.addCleanup(self.platform.stop)
        self.platform.start()
        master = next(d for d in self.platform.listing('domains') if d['domid'] == MASTER_DOMID)
        self.host = master.get('ssh_host') or master['ip']
        self.port = str(master.get('ssh_port') or master['port'])
        known_hosts = os.path.join(self.platform.run_dir, 'test-known-hosts')
        with open(os.path.join(self.platform.vm_dir(MASTER_DOMID), '.clonedeck', 'ssh_host_ed25519_key.pub')) as f:
            key = ' '.join(f.read().split()[:2])
        with open(known_hosts, 'w') as f:
            f.write(f'[{self.host}]:{self.port} {key}\n' if self.port != '22' else f'{self.host} {key}\n')
        self.ssh = ['ssh', '-T', '-i', self.platform.client_key, '-p', self.port, '-o', 'BatchMode=yes',
                    '-o', 'IdentitiesOnly=yes', '-o', 'StrictHostKeyChecking=yes',
                    '-o', f'UserKnownHostsFile={known_hosts}', '-o', 'GlobalKnownHostsFile=/dev/null']

    def in_master_vm(self, command: str, stdin: bytes = b'') -> None:
        result = subprocess.run(self.ssh + ['--', self.host, command], input=stdin, capture_output=True,
                                timeout=120)
        self.assertEqual(result.returncode, 0, f'{command}: {result.stderr.decode(errors="replace")}')

    def test_builds_on_clones_of_the_vm_the_master_runs_in(self) -> None:
        started = time.monotonic()
        # The master VM's user key, as the seed sets up: its clones (replicas) accept it.
        with open(self.platform.client_key, 'rb') as f:
            self.in_master_vm('umask 077 && mkdir -p .ssh && cat > .ssh/id_ed25519', f.read())
        config = master_config(WORKERS, 2, PACKAGE_DIR).encode()
        self.in_master_vm('buildbot create-master -q --db sqlite:///state.sqlite bbmaster && '
                          'cat > bbmaster/master.cfg', config)
        session = subprocess.Popen(self.ssh + ['--', self.host, RUN_MASTER], stdin=subprocess.PIPE,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=die_with_parent)
        self.addCleanup(end_process, session)
        state = MasterState(os.path.join(self.platform.vm_dir(MASTER_DOMID), 'bbmaster'))

        builds = state.wait_for_builds(2, timeout=240)
        self.assertEqual([b.results for b in builds], [SUCCESS, SUCCESS], state.log()[-3000:])
        domids = {b.domid for b in builds}
        self.assertEqual(len(domids), 2, f'builds shared a clone: {builds}')
        self.assertNotIn(str(MASTER_DOMID), domids)
        for build in builds:
            self.assertTrue(build.directory.startswith(self.platform.vm_dir(int(build.domid)) + os.sep), build)

        # clone0 (build_wait_timeout=0) gives its clone back; clone1 keeps its clone idle.
        retained = wait_until('only the idle worker\'s clone left',
                              lambda: (lambda c: c if len(c) == 1 else None)(self.platform.clones()), 60)
        online = dict((w, d) for w, d, _ in state.online_times())
        self.assertEqual(str(retained[0]['domid']), online['clone1'])

        session.stdin.close()  # the lifeline: the master stops, and with it its workers' clones
        self.assertEqual(session.wait(60), 0, session.stderr.read().decode(errors='replace'))
        wait_until('no clone and no live ticket left', lambda: not self.platform.clones()
                   and not self.platform.live_tickets(), timeout=30)

        for worker, domid, seconds in state.online_times():
            print(f'ticket -> worker online (in guest): {worker} on domain {domid}: {seconds:.2f} s')
        print(f'test runtime: {time.monotonic() - started:.1f} s')


if __name__ == '__main__':
    unittest.main(verbosity=2)
