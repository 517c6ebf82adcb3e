"""The pieces of clonedeck_buildbot that need no cluster, run for real.

The worker script and the clone helper run under a real ``sh`` with
stand-ins for ``buildbot-worker`` and ``gc`` that record their arguments:
the clone half of CLONE_SCRIPT cannot happen with sandbox VMs (they do not
fork processes), and a hostile worker name is easiest to aim at the script
directly. Asserts that hostile values arrive as data, never as code, both
as clonectl passes them and as OpenSSH's remote shell parses them; that the
lifeline stops the worker; that the clone half kills the copied CI master
and the master half does not; that gc output outside the documented
contract is refused; and that bad configuration is a config error.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clonedeck_platform import SOURCE_DIR, wait_until  # noqa: E402

sys.path.insert(0, os.path.join(SOURCE_DIR, 'packaging', 'buildbot'))
from buildbot.config.errors import ConfigErrors  # noqa: E402

from clonedeck_buildbot import ClonedeckGuestLatentWorker, ClonedeckLatentWorker  # noqa: E402
from clonedeck_buildbot.gc import ContractError, parse_clone, parse_ltd, parse_rt  # noqa: E402
from clonedeck_buildbot.guest import CLONE_SCRIPT  # noqa: E402
from clonedeck_buildbot.remote import parse_marker, worker_argv  # noqa: E402

# Records its argv (NUL-separated, one call per line) and, for `start`, stands in for a running worker.
RECORDER = '''#!/bin/sh
{ printf '%s\\0' "$@"; echo; } >> "$RECORD"
case $1 in
start) exec sleep 3600 ;;
ismaster) exit "${ISMASTER:-0}" ;;
clone) echo "clone 1 domid 7" ;;
esac
'''

HOSTILE = '$(touch pwned); `touch pwned` "; touch pwned; \' x'


class WorkerScriptTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp(prefix='clonedeck-units-')
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.record = os.path.join(self.dir, 'record')
        self.tool = os.path.join(self.dir, 'tool')
        with open(self.tool, 'w') as f:
            f.write(RECORDER)
        os.chmod(self.tool, 0o755)
        self.env = dict(os.environ, RECORD=self.record, CLONEDECK_DOMID='7')

    def calls(self) -> list:
        if not os.path.exists(self.record):
            return []
        with open(self.record) as f:
            return [line.split('\0')[:-1] for line in f.read().splitlines()]

    def run_worker(self, argv: list, gc_expected: bool) -> None:
        process = subprocess.Popen(argv, cwd=self.dir, env=self.env, stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        process.stdin.write(b'pass word\n')
        process.stdin.flush()
        identity = parse_marker(process.stdout.readline().decode())
        self.assertIsNotNone(identity)
        self.assertEqual(identity.domid, '7')
        self.assertEqual(identity.directory, os.path.join(self.dir, HOSTILE))
        wait_until('the stand-in worker started', lambda: len(self.calls()) >= 2, 30)
        process.stdin.close()  # the lifeline: the stand-in worker must be stopped
        self.assertEqual(process.wait(30), 128 + signal.SIGTERM, process.stderr.read())
        process.stdout.close()
        process.stderr.close()
        calls = self.calls()
        self.assertEqual(calls[0], ['create-worker', '--force', '--keepalive=60', HOSTILE, '127.0.0.1:9989',
                                    HOSTILE, 'pass word'])
        self.assertEqual(calls[1], ['start', '--nodaemon', HOSTILE])
        self.assertEqual(calls[2:], [['join', 'noreport']] if gc_expected else [])
        self.assertFalse(os.path.exists(os.path.join(self.dir, 'pwned')), 'a value ran as code')

    def test_hostile_values_stay_data_as_clonectl_passes_them(self) -> None:
        # clonectl launch gets the argv and quotes each word itself.
        self.run_worker(worker_argv(HOSTILE, '127.0.0.1:9989', HOSTILE, self.tool), gc_expected=False)

    def test_hostile_values_stay_data_through_a_remote_shell(self) -> None:
        # OpenSSH hands the remote shell one string: the in-guest worker joins the argv with shlex.join.
        remote = shlex.join(worker_argv(HOSTILE, '127.0.0.1:9989', HOSTILE, self.tool, gc=self.tool))
        self.run_worker(['sh', '-c', remote], gc_expected=True)

    def test_values_with_newlines_are_refused(self) -> None:
        with self.assertRaises(ValueError):
            worker_argv('a\nb', '127.0.0.1:1', 'dir', 'buildbot-worker')

    def run_clone_helper(self, ismaster: int) -> subprocess.CompletedProcess:
        ci_master = subprocess.Popen(['sleep', '3600'])  # stands in for the copied CI master
        self.addCleanup(lambda: ci_master.poll() is None and (ci_master.kill(), ci_master.wait()))
        result = subprocess.run(['sh', '-c', CLONE_SCRIPT, 'clonedeck-clone', self.tool, 't1', str(ci_master.pid)],
                                env=dict(self.env, ISMASTER=str(ismaster)), capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.ci_master_status = ci_master.wait(10) if ismaster == 1 else ci_master.poll()
        return result

    def test_clone_half_kills_the_copied_ci_master(self) -> None:
        self.run_clone_helper(ismaster=1)
        self.assertEqual(self.ci_master_status, -signal.SIGKILL)

    def test_master_half_keeps_the_ci_master_and_reports_the_clone(self) -> None:
        result = self.run_clone_helper(ismaster=0)
        self.assertIsNone(self.ci_master_status, 'the real CI master was killed')
        self.assertEqual(parse_clone(result.stdout), ['7'])
        self.assertEqual(self.calls()[:2], [['clone', 't1'], ['ismaster']])


class GcContractTest(unittest.TestCase):
    LTD = ('ticket t4\nstate used\nowner 1\nrequested 1\ngranted 1\nvcpus 1\nmemory 64\nclones 1\n'
           'vmid 1\ndomid 5\nip 127.150.0.5\nport 2222\nstatus running\n')

    def test_documented_output_parses(self) -> None:
        self.assertEqual(parse_rt('ticket t4 granted 1 requested 1\n'), 't4')
        self.assertEqual(parse_clone('clone 1 domid 5\nclone 2 domid 6\n'), ['5', '6'])
        ticket = parse_ltd(self.LTD)
        self.assertEqual(ticket.fields['state'], 'used')
        self.assertEqual([(c.domid, c.ip, c.port, c.status) for c in ticket.clones],
                         [('5', '127.150.0.5', 2222, 'running')])

    def test_output_outside_the_contract_is_refused(self) -> None:
        for bad in ('', 'granted t4', 'ticket $(id) granted 1'):
            with self.assertRaises(ContractError, msg=bad):
                parse_rt(bad)
        with self.assertRaises(ContractError):
            parse_clone('clone 1 domid 5;reboot\n')
        for line in ('ip 127.0.0.1;id', 'ip -oProxyCommand=x', 'port 0', 'port 70000', 'domid 5x'):
            with self.assertRaises(ContractError, msg=line):
                parse_ltd('ticket t4\nvmid 1\n' + line + '\n')


class ConfigTest(unittest.TestCase):
    def test_bad_arguments_are_config_errors(self) -> None:
        for make in (lambda: ClonedeckLatentWorker('w', host_key_policy='trust-everyone'),
                     lambda: ClonedeckLatentWorker('w', domain=0),
                     lambda: ClonedeckLatentWorker('w', vcpus=0),
                     lambda: ClonedeckLatentWorker('w', teardown='forget'),
                     lambda: ClonedeckGuestLatentWorker('w', host_key_policy='trust-on-first-use'),
                     lambda: ClonedeckGuestLatentWorker('w', memory='lots')):
            with self.assertRaises(ConfigErrors):
                make()


if __name__ == '__main__':
    unittest.main(verbosity=2)
