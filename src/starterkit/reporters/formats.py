"""Every report format the analyzer writes, and the files each one makes.

A format renders a portfolio into named file contents (bytes, or text in pieces for the
streamed JSON); the caller decides where they go and writes them. Renderers are imported
only when their format is asked for, so the command line stays quick to start and can
take its choices from here: ``FORMAT_NAMES`` (every format, in order) and
``STREAMABLE_FORMATS`` (those that can go to standard output).
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from starterkit.files.workers import default_jobs, ignore_interrupts
from starterkit.report import Portfolio

#: File contents by file name: bytes, or text in pieces (written as UTF-8).
Files = dict[str, bytes | Iterable[str]]


@dataclass(frozen=True)
class ReportFormat:
    name: str
    description: str
    #: The one file the format writes; None for a format that writes a set of tables.
    file_name: str | None
    render: Callable[[Portfolio, str | None], Files]
    #: The module it needs that is an optional dependency, and the extra that installs it.
    needs: tuple[str, str] | None = None
    #: One text file that can go to standard output instead of a file.
    streamable: bool = False

    @property
    def writes_tables(self) -> bool:
        return self.file_name is None


def _text(portfolio: Portfolio, links_from: str | None) -> Files:
    return {"report.txt": plain_text(portfolio).encode("utf-8")}


def _json(portfolio: Portfolio, links_from: str | None) -> Files:
    from starterkit.reporters.json_report import iter_report_json

    def pieces() -> Iterable[str]:
        yield from iter_report_json(portfolio)
        yield "\n"

    return {"report.json": pieces()}


def _html(portfolio: Portfolio, links_from: str | None) -> Files:
    from starterkit.reporters.html import render_html

    return {"report.html": render_html(portfolio).encode("utf-8")}


def _xlsx(portfolio: Portfolio, links_from: str | None) -> Files:
    from starterkit.reporters.dashboard import render_dashboard

    return {"report.xlsx": render_dashboard(portfolio, links_from=links_from)}


def _csv(portfolio: Portfolio, links_from: str | None) -> Files:
    from starterkit.reporters.tables import render_csv

    return dict(render_csv(portfolio))


def _parquet(portfolio: Portfolio, links_from: str | None) -> Files:
    from starterkit.reporters.tables import render_parquet

    return dict(render_parquet(portfolio))


FORMATS: dict[str, ReportFormat] = {
    f.name: f
    for f in (
        ReportFormat(
            "text", "the terminal report, as plain text", "report.txt", _text, streamable=True
        ),
        ReportFormat("json", "the versioned JSON document", "report.json", _json, streamable=True),
        ReportFormat(
            "html", "one self-contained page with charts", "report.html", _html, streamable=True
        ),
        ReportFormat("xlsx", "an Excel dashboard with native charts", "report.xlsx", _xlsx),
        ReportFormat("csv", "tidy tables, one CSV file each", None, _csv),
        ReportFormat(
            "parquet",
            "tidy tables, one Parquet file each",
            None,
            _parquet,
            needs=("pyarrow", "parquet"),
        ),
    )
}

#: Every format's name, in the order the formats are listed and written.
FORMAT_NAMES: tuple[str, ...] = tuple(FORMATS)
#: The formats that can go to standard output (the others write files).
STREAMABLE_FORMATS: tuple[str, ...] = tuple(name for name, f in FORMATS.items() if f.streamable)


def unavailable(name: str) -> str | None:
    """Why a format cannot be written here (an optional dependency is missing), or None."""
    needs = FORMATS[name].needs
    if needs is None:
        return None
    module, extra = needs
    try:
        importlib.import_module(module)
    except ImportError:
        return f"--format {name} needs {module}: pip install 'starterkit[{extra}]'"
    return None


#: The format that takes most of the time when several are written (the dashboard writes
#: every cell and chart of a sheet per network): it is rendered in a process of its own,
#: beside the others, when the machine has a second core.
SLOWEST_FORMAT = "xlsx"


def render(portfolio: Portfolio, names: Iterable[str], links_from: str | None = None) -> Files:
    """The files of every format asked for, in the order asked.

    ``links_from`` is the folder the files will be saved in: the dashboard's links to the
    returned workbooks are made relative to it. With other formats asked for too and a
    second core to use, the dashboard renders in a worker process meanwhile.
    """
    names = list(names)
    beside = None
    if SLOWEST_FORMAT in names and len(names) > 1 and default_jobs() > 1:
        beside = _Beside(portfolio, SLOWEST_FORMAT, links_from)
    by_format: dict[str, Files] = {}
    try:
        for name in names:
            if beside is None or name != beside.name:
                by_format[name] = FORMATS[name].render(portfolio, links_from)
        if beside is not None:
            by_format[beside.name] = beside.result()
    finally:
        if beside is not None:
            beside.close()
    return {file: content for name in names for file, content in by_format[name].items()}


def _render_one(portfolio: Portfolio, name: str, links_from: str | None) -> Files:
    """One format's files in a worker process: streamed text is joined to send it back."""
    files = FORMATS[name].render(portfolio, links_from)
    return {
        file: content if isinstance(content, bytes) else "".join(content)
        for file, content in files.items()
    }


class _Beside:
    """One format rendering in a worker process (the portfolio's networks are packed, so
    it travels there cheaply); if the worker cannot do it, it is rendered here instead."""

    def __init__(self, portfolio: Portfolio, name: str, links_from: str | None) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.portfolio, self.name, self.links_from = portfolio, name, links_from
        self.pool = ProcessPoolExecutor(max_workers=1, initializer=ignore_interrupts)
        self.future = self.pool.submit(_render_one, portfolio, name, links_from)

    def result(self) -> Files:
        try:
            return self.future.result()
        except Exception:
            # The worker died, could not start or could not be sent the work (or the format
            # itself failed): render it here, where an error in the format is raised as usual.
            return FORMATS[self.name].render(self.portfolio, self.links_from)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def plain_text(portfolio: Portfolio) -> str:
    """The terminal report without colour, for a file."""
    from rich.console import Console

    from starterkit.reporters.text import render_text

    console = Console(record=True, width=100, color_system=None, file=io.StringIO())
    render_text(portfolio, console)
    # Table cells are padded to their column's width; a file needs no trailing spaces.
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"
