"""What runs on a clone: a fixed shell script that creates and runs a worker.

The script's text never changes; the worker's name, the master's address and
the paths reach it as positional parameters (``sh -c SCRIPT NAME ARGS...``),
so no value from the user or from xenstore is ever parsed by a shell as
code. Over OpenSSH the argv is joined with :func:`shlex.join`, which quotes
each word; ``clonectl launch`` quotes each word itself.

The password arrives on stdin, not on a command line: the CI host's process
list is readable by every local user. After it, stdin stays open as the
worker's lifeline: the controller (``clonectl launch`` or the master's
``ssh``) holds it for the worker's whole life, and EOF (a stop, or the master
dying) stops the worker, so a clone never runs a worker nobody controls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

# Printed by the script once the worker is created, before it starts: the
# clone's identity as the clone itself sees it.
MARKER = 'clonedeck-worker-starting'

# $1 name, $2 master "host:port" (":port" = the host the SSH client came
# from, i.e. the CI master as the clone sees it), $3 worker directory,
# $4 buildbot-worker command, $5 the ``gc`` command with which the clone ends
# itself when the worker is done ("" = its controller ends it).
WORKER_SCRIPT = r'''
name=$1 master=$2 dir=$3 worker=$4 gc=$5
IFS= read -r password || { echo "clonedeck: no worker password on stdin" >&2; exit 70; }
case $master in
:*) master=${SSH_CONNECTION%% *}$master ;;
esac
case $master in
:*) echo "clonedeck: no master address and no SSH_CONNECTION to derive it" >&2; exit 71 ;;
esac
"$worker" create-worker --force --keepalive=60 "$dir" "$master" "$name" "$password" >/dev/null ||
    { echo "clonedeck: $worker create-worker failed" >&2; exit 72; }
unset password
printf '%s domid=%s host=%s dir=%s\n' clonedeck-worker-starting "${CLONEDECK_DOMID:-}" "$(uname -n)" "$PWD/$dir"
exec 3<&0
"$worker" start --nodaemon "$dir" </dev/null >/dev/null 2>&1 &
worker_pid=$!
(while IFS= read -r _; do :; done; kill -TERM "$worker_pid" 2>/dev/null) <&3 &
watch_pid=$!
exec 3<&-
wait "$worker_pid"
status=$?
kill "$watch_pid" 2>/dev/null
case $status in
0 | 143) ;;
*) tail -n 20 "$dir/twistd.log" >&2 ;;
esac
[ -z "$gc" ] || "$gc" join noreport
exit "$status"
'''


def worker_argv(name: str, master: str, directory: str, worker_command: str, gc: str = '') -> list:
    """The argv that runs WORKER_SCRIPT on a clone. With ``gc`` (the in-guest
    flow) the clone ends itself with ``gc join noreport`` once the worker is
    done, which is what still happens when the CI master died."""
    for label, value in (('worker name', name), ('master address', master),
                         ('worker directory', directory), ('worker command', worker_command)):
        if not value or '\n' in value or '\0' in value:
            raise ValueError(f'bad {label}: {value!r}')
    if '\n' in gc or '\0' in gc:
        raise ValueError(f'bad gc command: {gc!r}')
    return ['sh', '-c', WORKER_SCRIPT, 'clonedeck-worker', name, master, directory, worker_command, gc]


@dataclass
class CloneIdentity:
    """The clone as the worker script saw it (the MARKER line)."""

    domid: str
    host: str
    directory: str


# The directory comes last and takes the rest of the line: it may hold spaces.
_MARKER_LINE = re.compile(MARKER + r' domid=(\S*) host=(\S*) dir=(.*)')


def parse_marker(line: str) -> Optional[CloneIdentity]:
    """The identity in a MARKER line, or None for any other line."""
    match = _MARKER_LINE.fullmatch(line.rstrip('\n'))
    return CloneIdentity(*match.groups()) if match else None
