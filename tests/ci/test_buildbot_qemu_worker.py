"""End to end: a Buildbot worker in a real QEMU clone (issue 13).

clonedeckd --backend qemu boots master domain 1 from the debian-worker
guest-image flavour; a Buildbot master on the host (Debian's buildbot 3.7)
substantiates a ClonedeckLatentWorker through `clonectl launch`; the worker
in the clone reaches the master through `[qemu] guest_forward_ports`. Asserts:
the build succeeds, it ran in a clone (`gc ismaster` exits 1 there) that had
taken its own private address (eth1 wears the clone's MAC, not the master's),
the latent worker logged its ticket -> online time, and no clone is left.

Skipped (exit 77, reason printed) when the image is not built: building it
needs root and a debootstrap download, so `make test` never does.
"""

from __future__ import annotations

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from buildbot_master import SUCCESS  # noqa: E402
from buildbot_online import missing_image, run_flow  # noqa: E402

BUILD_DIR = os.path.dirname(os.environ.get('CLONEDECK_BIN_DIR', os.path.join(os.getcwd(), 'bin')))
SKIP_CODE = 77


def mac_of(address: str) -> str:
    """The QEMU backend's MAC for a private address: 52:54 and the address's bytes (docs/qemu-backend.md)."""
    return '52:54:' + ':'.join(f'{int(b):02x}' for b in address.split('.'))


class BuildbotQemuWorkerTest(unittest.TestCase):
    def test_build_runs_in_a_qemu_clone(self) -> None:
        result = run_flow('qemu', 1, BUILD_DIR)
        self.assertEqual([b.results for b in result.builds], [SUCCESS], result.log[-3000:])
        ismaster, mac = result.builds[0].domid, result.builds[0].directory
        self.assertEqual(ismaster, '1', 'the build ran where `gc ismaster` says master')
        self.assertRegex(mac, r'^52:54(:[0-9a-f]{2}){4}$')
        self.assertNotEqual(mac, mac_of(result.master_ip), 'the clone still wears its master\'s MAC')
        self.assertEqual(len(result.online_s), 1, result.log[-3000:])
        print(f'master boot {result.master_boot_s:.1f} s; ticket -> worker online {result.online_s[0]:.2f} s')
        print('\n'.join(result.clone_steps))


if __name__ == '__main__':
    why = missing_image(BUILD_DIR)
    if why:
        print(f'SKIPPED: {why}')
        sys.exit(SKIP_CODE)
    unittest.main(verbosity=2)
