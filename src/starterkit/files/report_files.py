"""Where `starterkit analyze` writes its reports: checked before any work, written whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from starterkit.errors import FormatUnavailable, UsageProblem

if TYPE_CHECKING:
    from starterkit.report import Portfolio

REPORT_WRITE_FIX = "check that the folder can be written"


def check_available(formats: tuple[str, ...]) -> None:
    """Refuse a format whose optional dependency is not installed, saying how to get it."""
    from starterkit.reporters.formats import unavailable

    for name in formats:
        reason = unavailable(name)
        if reason:
            raise FormatUnavailable(reason)


def report_destination(formats: tuple[str, ...], output: Path | None) -> bool:
    """Refuse, before any work, what cannot be written; True when the reports go into the
    folder ``output`` (several formats, tables, or an existing folder given)."""
    from starterkit.reporters.formats import FORMATS, STREAMABLE_FORMATS

    check_available(formats)
    to_folder = len(formats) > 1 or any(FORMATS[name].writes_tables for name in formats)
    if output is None:
        if to_folder:
            raise UsageProblem(
                "several formats, csv and parquet write a set of files: add -o FOLDER"
            )
        if formats[0] not in STREAMABLE_FORMATS:
            raise UsageProblem(f"--format {formats[0]} writes a file: add -o FILE")
    elif not to_folder and output.is_dir():
        to_folder = True  # an existing folder: the report goes in it under its usual name
    elif to_folder and output.exists() and not output.is_dir():
        raise UsageProblem(f"{output} is a file; -o must name a folder for these formats")
    return to_folder


def report_pieces(portfolio: Portfolio, name: str) -> Iterator[str]:
    """A streamable format's report as text, in pieces, for standard output."""
    from starterkit.reporters.formats import render

    for content in render(portfolio, [name]).values():
        if isinstance(content, bytes):
            yield content.decode("utf-8")
        else:
            yield from content


def check_report_paths(
    formats: tuple[str, ...], output: Path, to_folder: bool, inputs: list[Path]
) -> None:
    """Refuse, before any work, a report file that is a workbook being analyzed or that is
    not a regular file."""
    from starterkit.files.atomic import check_output
    from starterkit.reporters.formats import FORMATS
    from starterkit.reporters.tables import TABLES

    if not to_folder:
        check_output(output, inputs)
        return
    for name in formats:
        file_name = FORMATS[name].file_name
        for each in [file_name] if file_name else [f"{table}.{name}" for table in TABLES]:
            check_output(output / each, inputs)


def write_reports(
    portfolio: Portfolio, formats: tuple[str, ...], output: Path, to_folder: bool
) -> tuple[Path, list[Path]]:
    """Every format's files written whole, all of them or none: the folder and the paths."""
    from starterkit.files.atomic import write_all_atomically
    from starterkit.reporters.formats import render

    folder = output if to_folder else output.parent
    files = render(portfolio, formats, links_from=str(folder))
    if not to_folder:
        # One file under the name the user gave.
        files = {output.name: next(iter(files.values()))}
    written = write_all_atomically(
        folder, files, what="the report", fix=REPORT_WRITE_FIX, place=output
    )
    return folder, written
