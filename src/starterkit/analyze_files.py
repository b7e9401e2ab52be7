"""Analyze returned workbooks on disk: gather files, read and analyze them across cores.

The file-touching wrapper around ``reader.read_workbook`` and ``analysis.analyze``: one
unreadable file becomes an error entry and every other file is still analyzed. Files are
only ever read.
"""

from __future__ import annotations

import datetime as dt
import glob
from collections.abc import Callable, Iterable
from pathlib import Path

from starterkit.report import FileError, NetworkReport, Portfolio
from starterkit.workers import ignore_interrupts

#: Extensions picked up when a folder is given (.xls too, so it is explained, not skipped).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".xls")
Result = NetworkReport | FileError


def collect_workbooks(arguments: Iterable[str]) -> tuple[list[Path], list[FileError]]:
    """Files named, files in folders (recursively) and glob matches, in order, once each."""
    files: list[Path] = []
    errors: list[FileError] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in WORKBOOK_SUFFIXES and p.is_file() and not _is_lock_file(p)
            )
            if not found:
                errors.append(
                    FileError(
                        argument,
                        "the folder holds no .xlsx, .xlsm or .ods workbooks",
                        "check the folder",
                    )
                )
            for match in found:
                add(match)
        elif path.exists():
            add(path)
        elif glob.has_magic(argument):
            matches = sorted(
                Path(m)
                for m in glob.glob(argument, recursive=True)
                if Path(m).is_file() and not _is_lock_file(Path(m))
            )
            if not matches:
                errors.append(
                    FileError(argument, "no file matches this pattern", "check the pattern")
                )
            for match in matches:
                add(match)
        else:
            errors.append(FileError(argument, "no such file or folder", "check the path"))
    return files, errors


def _is_lock_file(path: Path) -> bool:
    """Office and LibreOffice leave these beside an open workbook; they are not workbooks."""
    return path.name.startswith(("~$", ".~lock."))


def analyze_files(
    files: list[Path],
    as_of: dt.date,
    *,
    jobs: int = 1,
    password: str | None = None,
    errors: Iterable[FileError] = (),
    on_done: Callable[[Result], None] = lambda result: None,
) -> Portfolio:
    """Read and analyze every file (in ``jobs`` processes) and combine them into a portfolio."""
    from starterkit.analysis import combine

    results: list[tuple[int, Result]] = []
    if jobs <= 1 or len(files) <= 1:
        for index, path in enumerate(files):
            results.append((index, analyze_one(path, as_of, password)))
            on_done(results[-1][1])
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # A few files per task keeps inter-process traffic small while progress still moves.
        size = max(1, min(16, len(files) // (jobs * 8)))
        chunks = [list(enumerate(files))[i : i + size] for i in range(0, len(files), size)]
        with ProcessPoolExecutor(max_workers=jobs, initializer=ignore_interrupts) as pool:
            futures = [pool.submit(_analyze_chunk, chunk, as_of, password) for chunk in chunks]
            for future in as_completed(futures):
                for index, result in future.result():
                    results.append((index, result))
                    on_done(result)
    results.sort(key=lambda pair: pair[0])
    reports = [r for _, r in results if isinstance(r, NetworkReport)]
    failed = [*errors, *(r for _, r in results if isinstance(r, FileError))]
    return combine(reports, errors=failed, as_of=as_of)


def analyze_one(path: Path, as_of: dt.date, password: str | None = None) -> Result:
    """One file's report, or the reason it could not be analyzed; never raises for bad input."""
    from starterkit.analysis import analyze
    from starterkit.reader import UnreadableWorkbook, read_path

    try:
        return analyze(read_path(path, password=password), as_of)
    except UnreadableWorkbook as exc:
        return FileError(str(path), exc.reason, exc.fix)
    except Exception as exc:  # a reader bug must not cost the rest of the batch
        return FileError(
            str(path),
            f"unexpected problem while reading the file ({type(exc).__name__}: {exc})",
            "re-save the workbook from the spreadsheet and try again; report it if it persists",
        )


def _analyze_chunk(
    chunk: list[tuple[int, Path]], as_of: dt.date, password: str | None
) -> list[tuple[int, Result]]:
    return [(index, analyze_one(path, as_of, password)) for index, path in chunk]
