"""What the batch commands share about worker processes."""

from __future__ import annotations

import os
import signal


def default_jobs() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def ignore_interrupts() -> None:
    """Ctrl-C goes to the parent, which shuts the pool down; workers need not print tracebacks."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
