"""The file side of ``starterkit playbook``: gather and read returned kits the way
``analyze`` does; a file that cannot be read is listed, the others are compiled."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from starterkit.reader.kit_data import KitData


def read_kits(
    arguments: Iterable[str], password: str | None = None
) -> tuple[list[KitData], list[tuple[str, str, str]]]:
    """Kit data of every workbook the arguments name, and (file, reason, fix) of the rest."""
    from starterkit.files.analyze_many import collect_inputs
    from starterkit.reader import UnreadableWorkbook, read_path

    files, missing = collect_inputs(arguments)
    errors = [(error.source, error.message, error.fix) for error in missing]
    kits = []
    for path in files:
        try:
            kits.append(read_path(path, password=password))
        except UnreadableWorkbook as exc:
            errors.append((str(path), exc.reason, exc.fix))
        except Exception as exc:  # a reader bug must not cost the rest of the playbook
            errors.append(
                (
                    str(path),
                    f"unexpected problem while reading the file ({type(exc).__name__}: {exc})",
                    "re-save the workbook from the spreadsheet and try again",
                )
            )
    return kits, errors


def output_format(path: Path) -> str:
    return {".html": "html", ".htm": "html", ".md": "markdown", ".xlsx": "xlsx"}.get(
        path.suffix.lower(), ""
    )
