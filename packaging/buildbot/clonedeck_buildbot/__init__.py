"""Buildbot latent workers on Clonedeck clones (docs/ci-servers.md).

In master.cfg::

    from clonedeck_buildbot import ClonedeckLatentWorker
    c['workers'] = [ClonedeckLatentWorker(f'clone{i}', domain=1) for i in range(3)]

``ClonedeckLatentWorker`` runs on the host, through ``clonectl launch``;
``ClonedeckGuestLatentWorker`` when the CI master itself runs in a VM of the
cluster and clones that VM with ``gc``.
"""

from .guest import ClonedeckGuestLatentWorker
from .launch import ClonedeckLatentWorker

__all__ = ['ClonedeckLatentWorker', 'ClonedeckGuestLatentWorker']
