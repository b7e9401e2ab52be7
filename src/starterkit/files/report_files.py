"""Where `starterkit analyze` writes its reports: checked before any work, written whole."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from starterkit.errors import FormatUnavailable

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


def writes_a_folder(formats: tuple[str, ...]) -> bool:
    """True when the formats make a set of files (several formats, or tables)."""
    from starterkit.reporters.formats import FORMATS

    return len(formats) > 1 or any(FORMATS[name].writes_tables for name in formats)


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
