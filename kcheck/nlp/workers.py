"""Parser worker processes die with the ingest that started them.

spaCy's `nlp.pipe(n_process=N)` forks N workers that wait on a pipe for text. If the ingest
is killed (`kill -9`, the OOM killer), nothing closes that pipe: each worker, holding a
loaded pipeline (~340 MB), would wait forever. On Linux each forked worker asks the kernel
to kill it when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere this is a no-op.
"""

from __future__ import annotations

import os
import signal
import sys

_PR_SET_PDEATHSIG = 1
_parent: int | None = None
_registered = False


def _die_with_parent() -> None:
    global _parent
    parent, _parent = _parent, None  # a worker's own children are not workers
    if parent is None:
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the kernel was asked
        os._exit(1)


def orphan_guard() -> None:
    """Make every process forked from here on (spaCy's workers) die when this one does."""
    global _parent, _registered
    if not sys.platform.startswith("linux"):
        return
    _parent = os.getpid()
    if not _registered:
        os.register_at_fork(after_in_child=_die_with_parent)
        _registered = True
