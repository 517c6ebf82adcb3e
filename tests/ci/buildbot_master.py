"""A real Buildbot master (Debian's buildbot 3.7) for a test, and its results.

The master listens for workers on 127.0.0.1 only, on a port the OS picks
(``tcp:0``: the latent workers ask the master which one it got, so there is
no free-port race), has no web UI, and keeps its state in SQLite, which the
test reads to see the builds: what finished, with which result, and what the
build step printed about the clone it ran on.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
from dataclasses import dataclass
from typing import List, Tuple

from clonedeck_platform import die_with_parent, end_process, wait_until

SUCCESS = 0  # buildbot.process.results.SUCCESS
RETRY = 5  # buildbot.process.results.RETRY

# The build step: which clone am I on? The domid the platform gave this VM's
# processes, and the working directory, which lies inside the clone's VM directory.
MARKER_STEP = "steps.SetPropertyFromCommand(command=['sh', '-c', 'echo \"$CLONEDECK_DOMID $(pwd)\"'], property='clone')"


def master_config(workers: str, builders: int, package_dir: str, one_worker_per_builder: bool = False,
                  step: str = MARKER_STEP, pb_port: str = 'tcp:0:interface=127.0.0.1',
                  period_s: int = 24 * 3600) -> str:
    """A master.cfg: ``workers`` is a Python expression of the worker list;
    one Periodic scheduler starts one build per builder as the master starts
    (and again every ``period_s``). Every builder may use every worker, or
    builder i only worker i. ``step`` sets the property ``clone``."""
    return f'''
import os
import sys
sys.dont_write_bytecode = True  # no __pycache__ in the checkout the package is imported from
sys.path.insert(0, {package_dir!r})
from buildbot.plugins import schedulers, steps, util
from clonedeck_buildbot import ClonedeckGuestLatentWorker, ClonedeckLatentWorker

c = BuildmasterConfig = {{}}
c['buildbotNetUsageData'] = None
c['title'] = 'clonedeck-ci-test'
c['protocols'] = {{'pb': {{'port': {pb_port!r}}}}}
c['db'] = {{'db_url': 'sqlite:///state.sqlite'}}
c['workers'] = {workers}
names = [w.name for w in c['workers']]
factory = util.BuildFactory([{step}])
c['builders'] = [util.BuilderConfig(name=f'b{{i}}', workernames=[names[i]] if {one_worker_per_builder} else names,
                                    factory=factory)
                 for i in range({builders})]
c['schedulers'] = [schedulers.Periodic(name='at-start', builderNames=[b.name for b in c['builders']],
                                       periodicBuildTimer={period_s})]
'''


@dataclass
class Build:
    builder: str
    results: int
    domid: str
    directory: str


class MasterState:
    """What a master's basedir says: builds from state.sqlite, lines from twistd.log."""

    def __init__(self, basedir: str) -> None:
        self.basedir = basedir

    def log(self) -> str:
        try:
            with open(os.path.join(self.basedir, 'twistd.log'), encoding='utf-8', errors='replace') as f:
                return f.read()
        except OSError:
            return ''

    def finished_builds(self) -> List[Build]:
        path = os.path.join(self.basedir, 'state.sqlite')
        if not os.path.exists(path):
            return []
        try:
            with sqlite3.connect(f'file:{path}?mode=ro', uri=True, timeout=5) as db:
                rows = db.execute(
                    "SELECT builders.name, builds.results, "
                    "(SELECT value FROM build_properties WHERE buildid = builds.id AND name = 'clone') "
                    "FROM builds JOIN builders ON builders.id = builds.builderid "
                    "WHERE builds.complete_at IS NOT NULL").fetchall()
        except sqlite3.OperationalError:
            return []  # the master is still creating its tables
        builds = []
        for builder, results, value in rows:
            marker = json.loads(value) if value else ''  # the property's value, JSON-encoded
            domid, _, directory = str(marker).partition(' ')
            builds.append(Build(builder, results, domid, directory))
        return builds

    def wait_for_builds(self, count: int, timeout: float) -> List[Build]:
        return wait_until(f'{count} finished builds (log: ...{self.log()[-3000:]})',
                          lambda: (lambda b: b if len(b) >= count else None)(self.finished_builds()), timeout)

    def online_times(self) -> List[Tuple[str, str, float]]:
        """(worker, domid, seconds from start_instance to attached), as the latent worker logged them. The domid
        is empty when the clone's session has no $CLONEDECK_DOMID (a QEMU guest's sshd sets none)."""
        return [(w, d, float(s)) for w, d, s in
                re.findall(r'clonedeck: worker (\S+) online on domain (\S*) after ([\d.]+) s', self.log())]


def create_master(basedir: str, config: str, env: dict) -> None:
    subprocess.run(['buildbot', 'create-master', '-q', '--db', 'sqlite:///state.sqlite', basedir],
                   env=env, check=True, capture_output=True, timeout=120)
    with open(os.path.join(basedir, 'master.cfg'), 'w', encoding='utf-8') as f:
        f.write(config)


class HostMaster(MasterState):
    """``buildbot start --nodaemon`` as a child of the test."""

    def __init__(self, basedir: str, env: dict) -> None:
        super().__init__(basedir)
        self.env = env
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(['buildbot', 'start', '--nodaemon', self.basedir], env=self.env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        preexec_fn=die_with_parent)

    def stop(self, grace: float = 60) -> int:
        """SIGTERM (the master stops its workers and so ends their clones); its exit code."""
        if self.process is None:
            return 0
        end_process(self.process, grace)
        return self.process.returncode
