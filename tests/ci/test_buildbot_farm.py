"""End to end: a real Buildbot master runs builds on fresh clones.

Debian's buildbot 3.7 master on the host, three ClonedeckLatentWorkers
(clonectl launch) on a real clonedeckd with sandbox VMs; one scheduler
starts three builds at once. Asserts: all three succeed; each ran on its own
clone (the build step reports the domid and working directory the platform
gave it, and they match what the latent worker saw); the workers were
online; afterwards no clone and no live ticket is left, and the master
stops cleanly. Prints ticket -> worker online per build (docs/ci-servers.md).
And: a worker kept idle (build_wait_timeout) keeps its clone, and a master
killed with SIGKILL still leaves no clone behind; with no capacity, the
substantiation fails with EBUSY, and a master stopped while a ticket is
pending cancels that launch and leaves no ticket.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from buildbot_master import RETRY, SUCCESS, HostMaster, create_master, master_config  # noqa: E402
from clonedeck_platform import BIN_DIR, SOURCE_DIR, Platform, wait_until  # noqa: E402

PACKAGE_DIR = os.path.join(SOURCE_DIR, 'packaging', 'buildbot')
BUILDS = 3


class BuildbotFarmTest(unittest.TestCase):
    def setUp(self) -> None:
        self.platform = Platform()
        self.addCleanup(self.platform.stop)
        self.platform.start()
        self.basedir = tempfile.mkdtemp(prefix='clonedeck-bb-')
        self.addCleanup(shutil.rmtree, self.basedir, True)
        self.addCleanup(lambda: os.environ.get('KEEP') and shutil.copytree(self.basedir, '/tmp/bb-kept', dirs_exist_ok=True))

    def start_master(self, workers: int, builds: int, arguments: str, one_worker_per_builder: bool = False):
        """``arguments``: more constructor arguments, a Python expression that may use ``i``."""
        expression = (f"[ClonedeckLatentWorker(f'clone{{i}}', domain=1, socket={self.platform.socket_path!r}, "
                      f"clonectl={os.path.join(BIN_DIR, 'clonectl')!r}, launch_timeout=60000, attach_timeout=120, "
                      f"{arguments}) for i in range({workers})]")
        env = self.platform.env()
        create_master(self.basedir, master_config(expression, builds, PACKAGE_DIR, one_worker_per_builder), env)
        master = HostMaster(self.basedir, env)
        self.addCleanup(master.stop)
        master.start()
        return master

    def test_three_builds_on_three_clones(self) -> None:
        started = time.monotonic()
        master = self.start_master(BUILDS, BUILDS, 'memory=64, timeout=20000, build_wait_timeout=0')

        builds = master.wait_for_builds(BUILDS, timeout=240)
        self.assertEqual([b.results for b in builds], [SUCCESS] * BUILDS, master.log()[-3000:])
        domids = {b.domid for b in builds}
        self.assertEqual(len(domids), BUILDS, f'builds shared a clone: {builds}')
        for build in builds:
            self.assertNotEqual(build.domid, '1', 'a build ran on the master, not a clone')
            self.assertTrue(build.directory.startswith(self.platform.vm_dir(int(build.domid)) + os.sep),
                            f'{build} did not run in its clone\'s directory')
        online = master.online_times()
        self.assertEqual({d for _, d, _ in online}, domids, 'the latent workers saw other clones')

        # build_wait_timeout=0: each clone goes as soon as its build is done.
        wait_until('no clone and no live ticket left', lambda: not self.platform.clones()
                   and not self.platform.live_tickets(), timeout=60)
        self.assertEqual(master.stop(), 0, master.log()[-3000:])
        self.assertEqual(self.platform.clones(), [])

        for worker, domid, seconds in online:
            print(f'ticket -> worker online: {worker} on domain {domid}: {seconds:.2f} s')
        print(f'test runtime: {time.monotonic() - started:.1f} s')

    def test_killed_master_leaves_no_clone(self) -> None:
        # Idle retention keeps the clone after its build; then the master dies without any cleanup of
        # its own. Its clonectl launch gets SIGTERM (parent-death signal) and tears the clone down.
        master = self.start_master(1, 1, 'memory=64, timeout=20000, build_wait_timeout=600')
        builds = master.wait_for_builds(1, timeout=240)
        self.assertEqual(builds[0].results, SUCCESS, master.log()[-3000:])
        self.assertEqual([str(c['domid']) for c in self.platform.clones()], [builds[0].domid],
                         'the idle worker did not keep its clone')
        master.process.kill()
        master.process.wait(10)
        wait_until('no clone and no live ticket left after the master was killed',
                   lambda: not self.platform.clones() and not self.platform.live_tickets(), timeout=60)

    def test_no_capacity_fails_cleanly_and_a_stop_cancels_the_wait(self) -> None:
        # 64 GiB per clone never fits the fixture's 32 GiB host. clone0 waits 1 s for capacity, fails
        # with EBUSY and is retried; clone1 waits 10 s. The master, stopped while clone1's ticket is
        # pending, cancels that launch (SIGTERM to clonectl) rather than wait for an attach timeout,
        # and leaves no clone and no ticket. clonectl itself still sits out the pending `rt` (it has
        # no way to abandon it, docs/ci-servers.md), hence "within the ticket's timeout".
        master = self.start_master(2, 2, 'memory=65536, timeout=[1000, 10000][i]', one_worker_per_builder=True)
        wait_until('a substantiation failed for lack of capacity',
                   lambda: 'no capacity within the timeout (EBUSY)' in master.log(), timeout=120)
        wait_until('a launch waiting for capacity', lambda: any(
            t['state'] == 'pending' and t['timeout'] == '10000' for t in self.platform.live_tickets()), 60)
        self.assertEqual(self.platform.clones(), [])
        stopping = time.monotonic()
        self.assertEqual(master.stop(), 0, master.log()[-3000:])
        self.assertLess(time.monotonic() - stopping, 10 + 20, 'the master waited for more than the ticket')
        self.assertIn('clone1 could not start: cancelled', master.log())
        wait_until('no live ticket left', lambda: not self.platform.live_tickets(), timeout=30)
        self.assertEqual(self.platform.clones(), [])
        # A failed substantiation ends its build attempt as RETRY; the request stays queued.
        self.assertEqual({b.results for b in master.finished_builds()} - {RETRY}, set())

if __name__ == '__main__':
    unittest.main(verbosity=2)
