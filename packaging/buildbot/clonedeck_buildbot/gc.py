"""The ``gc``/``clonectl`` verbs' output contract (docs/clonectl.md), parsed.

Only documented output is relied on: ``rt`` prints ``ticket <ID> granted <M>
requested <N>``; ``clone`` prints ``clone <VMID> domid <DOMID>`` per clone;
``ltd`` prints ``key value`` lines, the ticket's keys first, then per clone
``vmid domid ip port status``. Everything read here comes from xenstore, so
it is validated before it is used (an address must parse as one, a port as
a port, an id as digits): a value that does not fit is an error, not a
string passed on.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Dict, List

# clonectl's exit codes (docs/clonectl.md) and what they mean to a CI master.
EXIT_MEANINGS: Dict[int, str] = {
    1: 'failed',
    2: 'usage error',
    3: 'no such ticket or domain',
    13: 'not allowed for this domain',
    16: 'no capacity within the timeout (EBUSY)',
    69: 'platform unreachable',
}


class ContractError(ValueError):
    """Output that does not follow the documented contract."""


def explain_exit(code) -> str:
    return EXIT_MEANINGS.get(code, f'exit {code}')


def _id(text: str, what: str) -> str:
    if not text.isdigit():
        raise ContractError(f'{what} is not a number: {text!r}')
    return text


def parse_rt(stdout: str) -> str:
    """The ticket id from ``rt``'s one line."""
    words = stdout.split()
    if len(words) < 2 or words[0] != 'ticket':
        raise ContractError(f'rt printed {stdout.strip()!r}, not "ticket <ID> ..."')
    ticket = words[1]
    if not ticket or not all(c.isalnum() or c in '-_.' for c in ticket):
        raise ContractError(f'rt printed a ticket id with odd characters: {ticket!r}')
    return ticket


def parse_clone(stdout: str) -> List[str]:
    """The domids ``clone`` printed, in order."""
    domids = []
    for line in stdout.splitlines():
        words = line.split()
        if len(words) == 4 and words[0] == 'clone' and words[2] == 'domid':
            domids.append(_id(words[3], 'domid'))
    if not domids:
        raise ContractError(f'clone printed no "clone <VMID> domid <DOMID>" line: {stdout.strip()!r}')
    return domids


@dataclass
class LtdClone:
    """One clone of a ticket as ``ltd`` lists it (the cluster network's view)."""

    domid: str = ''
    vmid: str = ''
    ip: str = ''
    port: int = 22
    status: str = ''


@dataclass
class LtdTicket:
    fields: Dict[str, str] = field(default_factory=dict)
    clones: List[LtdClone] = field(default_factory=list)


def parse_ltd(stdout: str) -> LtdTicket:
    """``ltd``'s key/value lines: a new clone starts at each ``vmid`` key."""
    ticket = LtdTicket()
    for line in stdout.splitlines():
        key, _, value = line.strip().partition(' ')
        value = value.strip()
        if not key:
            continue
        if key == 'vmid':
            ticket.clones.append(LtdClone(vmid=_id(value, 'vmid')))
        elif not ticket.clones:
            ticket.fields[key] = value
        elif key == 'domid':
            ticket.clones[-1].domid = _id(value, 'domid')
        elif key == 'ip':
            try:
                ticket.clones[-1].ip = str(ipaddress.ip_address(value))
            except ValueError as e:
                raise ContractError(f'ltd gave an address that is none: {value!r}') from e
        elif key == 'port':
            if not value.isdigit() or not 0 < int(value) < 65536:
                raise ContractError(f'ltd gave a port that is none: {value!r}')
            ticket.clones[-1].port = int(value)
        elif key == 'status':
            ticket.clones[-1].status = value
    return ticket
