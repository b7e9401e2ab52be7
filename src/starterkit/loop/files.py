"""``next`` over many returned files: one next kit per file into a folder, in worker
processes, one bad file never stopping the rest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from starterkit.errors import StarterkitError
from starterkit.spec.model import KitSpec


@dataclass(frozen=True)
class Outcome:
    source: str
    output: str | None
    error: str | None = None
    warnings: tuple[str, ...] = ()
    not_carried: tuple[str, ...] = ()
    summary: str = ""


@dataclass
class Batch:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error]

    def __str__(self) -> str:
        built = len(self.outcomes) - len(self.failed)
        failed = f", {len(self.failed)} failed" if self.failed else ""
        return f"built {built} next-cycle kit{'s' if built != 1 else ''}{failed}"


def output_names(inputs: list[Path], folder: Path) -> list[Path]:
    """One .xlsx per input in ``folder``, named after it, never two the same."""
    taken: set[str] = set()
    names = []
    for path in inputs:
        stem, number = path.stem, 1
        name = f"{stem}.xlsx"
        while name.casefold() in taken:
            number += 1
            name = f"{stem}-{number}.xlsx"
        taken.add(name.casefold())
        names.append(folder / name)
    return names


def next_one(
    path: Path,
    output: Path,
    start: dt.date | None,
    spec: KitSpec | None,
    force: bool,
    password: str | None = None,
) -> Outcome:
    """Build the next kit of one returned file and write it whole; errors become an Outcome."""
    from starterkit.files.atomic import write_atomically
    from starterkit.loop.next_cycle import next_kit
    from starterkit.reader import read_path

    try:
        kit = read_path(path, password=password)
        made = next_kit(kit, start=start, spec=spec, force=force)
        write_atomically(output, made.content, what="the next-cycle kit")
    except StarterkitError as exc:
        return Outcome(str(path), None, str(exc))
    baseline = (
        f", baseline {made.baseline[0]}"
        + (f" on {made.baseline[1].isoformat()}" if made.baseline[1] else "")
        if made.baseline
        else ""
    )
    summary = (
        f"cycle {made.cycle_number} from {made.cycle_start.isoformat()}{baseline}, "
        f"{made.open_cases} open case{'s' if made.open_cases != 1 else ''} carried"
    )
    return Outcome(
        str(path),
        str(output),
        None,
        tuple(made.warnings),
        tuple(str(item) for item in made.not_carried),
        summary,
    )


def _next_chunk(items: list[tuple]) -> list[Outcome]:
    return [next_one(*item) for item in items]


def next_many(
    inputs: list[Path],
    folder: Path,
    start: dt.date | None,
    spec: KitSpec | None,
    force: bool,
    jobs: int,
    password: str | None = None,
    on_done: Callable[[int], None] | None = None,
) -> Batch:
    from starterkit.files.workers import chunks, in_processes

    items = [
        (path, output, start, spec, force, password)
        for path, output in zip(inputs, output_names(inputs, folder), strict=True)
    ]
    batch = Batch()
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            batch.outcomes.append(next_one(*item))
            if on_done:
                on_done(batch.outcomes[-1])
        return batch
    for part, results in in_processes(_next_chunk, chunks(items, jobs, 8, 2), jobs):
        if results is None:
            results = [
                Outcome(str(i[0]), None, f"{i[0]}: the worker building it stopped") for i in part
            ]
        batch.outcomes.extend(results)
        for outcome in results:
            if on_done:
                on_done(outcome)
    order = {str(item[0]): index for index, item in enumerate(items)}
    batch.outcomes.sort(key=lambda o: order.get(o.source, 0))
    return batch
