"""What the batch commands share about worker processes: how many, how work is cut into
chunks, and the pool loop that hands results back as they come."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")


def default_jobs() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def ignore_interrupts() -> None:
    """Ctrl-C goes to the parent, which shuts the pool down; workers need not print tracebacks."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def chunks(items: Sequence[Item], jobs: int, most: int, per_job: int) -> list[list[Item]]:
    """``items`` in chunks of at most ``most``, about ``per_job`` chunks for each process: a
    few items per task keeps inter-process traffic small while progress still moves."""
    size = max(1, min(most, len(items) // (jobs * per_job)))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def in_processes(
    work: Callable[[list[Item]], list[Any]],
    parts: list[list[Item]],
    jobs: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[tuple[list[Item], list[Any] | None]]:
    """``work(part)`` for every part in ``jobs`` processes: each part with its results as
    they finish, or with None when the process running it died.

    Workers leave Ctrl-C to this process; an interrupt here drops the parts not started
    (the ones running finish, so what they write is whole).
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_start_worker, initargs=(initializer, initargs)
    ) as pool:
        try:
            futures = {pool.submit(work, part): part for part in parts}
            for future in as_completed(futures):
                try:
                    results = future.result()
                except BrokenProcessPool:  # a worker died (a native crash, say)
                    results = None
                yield futures[future], results
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    ignore_interrupts()
    if initializer is not None:
        initializer(*initargs)
