"""Analyze returned workbooks on disk: gather files, read and analyze them across cores.

The file-touching wrapper around ``reader.read_workbook`` and ``analysis.analyze``: one
unreadable file becomes an error entry and every other file is still analyzed. Files are
only ever read.
"""

from __future__ import annotations

import datetime as dt
import functools
import glob
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from starterkit.files.lock_files import lock_file_error, lock_file_kind
from starterkit.files.workers import chunks, ignore_interrupts, in_processes
from starterkit.report import FileError, NetworkReport, Portfolio

#: Extensions picked up when a folder is given (.xls too, so it is explained, not skipped).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".xls")
Result = NetworkReport | FileError

if TYPE_CHECKING:
    from starterkit.analysis.portfolio import Packed

#: A file's outcome as a batch keeps it: its report packed, or why it could not be analyzed.
Kept: TypeAlias = "Packed | FileError"


def collect_inputs(arguments: Iterable[str]) -> tuple[list[Path], list[FileError]]:
    """``collect_workbooks``, except that an Office or LibreOffice lock file named as an
    argument is an unreadable file (listed first), not a workbook."""
    arguments = list(arguments)
    locked = [error for error in map(lock_file_error, arguments) if error]
    named = {error.source for error in locked}
    files, errors = collect_workbooks(path for path in arguments if path not in named)
    return files, [*locked, *errors]


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
            found, odd = _walk(path)
            errors.extend(odd)
            if not found and not odd:
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
                if not Path(m).is_dir() and not _is_lock_file(Path(m))
            )
            if not matches:
                errors.append(
                    FileError(argument, "no file matches this pattern", "check the pattern")
                )
            for match in matches:
                add(match)
        elif path.is_symlink():
            errors.append(_broken_link(path))
        else:
            errors.append(FileError(argument, "no such file or folder", "check the path"))
    return files, errors


def _walk(folder: Path) -> tuple[list[Path], list[FileError]]:
    """Workbooks under a folder (following folder links once each), and the entries with a
    workbook's name that cannot be read as one: broken links, link loops, pipes, devices."""
    found: list[Path] = []
    odd: list[FileError] = []
    visited: set[str] = set()

    def visit(directory: Path) -> None:
        real = os.path.realpath(directory)
        if real in visited:
            odd.append(
                FileError(
                    str(directory),
                    "this folder link leads back to a folder already searched (a link loop); "
                    "it was skipped",
                    "remove the link, or give the folder it points to",
                )
            )
            return
        visited.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as exc:
            odd.append(
                FileError(
                    str(directory),
                    f"cannot list this folder ({exc.strerror})",
                    "check its permissions",
                )
            )
            return
        for entry in entries:
            path = Path(entry.path)
            try:
                mode = os.stat(entry.path).st_mode  # follows links
            except OSError as exc:
                if entry.is_symlink():
                    odd.append(_broken_link(path, exc))
                continue
            if stat.S_ISDIR(mode):
                visit(path)
            elif path.suffix.lower() not in WORKBOOK_SUFFIXES or _is_lock_file(path):
                continue
            elif stat.S_ISREG(mode):
                found.append(path)
            else:
                odd.append(
                    FileError(
                        str(path),
                        "this is not a regular file (a named pipe, socket or device), so it "
                        "was not read",
                        "put the workbook file itself in the folder",
                    )
                )

    visit(folder)
    return found, odd


def _broken_link(path: Path, exc: OSError | None = None) -> FileError:
    if exc is not None and exc.errno == 40:  # ELOOP
        what = "this link is part of a link loop and leads to no file"
    else:
        target = os.readlink(path) if path.is_symlink() else "?"
        what = f"this link is broken: it points to {target}, which does not exist"
    return FileError(str(path), what, "fix or remove the link")


def _is_lock_file(path: Path) -> bool:
    """Office and LibreOffice leave these beside an open workbook; they are not workbooks."""
    return lock_file_kind(path) is not None


def analyze_files(
    files: list[Path],
    as_of: dt.date,
    *,
    jobs: int = 1,
    password: str | None = None,
    errors: Iterable[FileError] = (),
    on_done: Callable[[Kept], None] = lambda result: None,
) -> Portfolio:
    """Read and analyze every file (in ``jobs`` processes) and combine them into a portfolio.

    Each report is packed as soon as it is here, so the batch's reports are never all
    whole in memory.
    """
    from starterkit.analysis.portfolio import combine_packed, packing

    pack = packing()

    results: list[tuple[int, Kept]] = []

    def keep(index: int, result: Result) -> None:
        kept = result if isinstance(result, FileError) else pack(result)
        results.append((index, kept))
        on_done(kept)

    if jobs <= 1 or len(files) <= 1:
        for index, path in enumerate(files):
            keep(index, analyze_one(path, as_of, password))
    else:
        work = functools.partial(_analyze_chunk, as_of=as_of, password=password)
        unfinished: list[tuple[int, Path]] = []
        for part, done in in_processes(work, chunks(list(enumerate(files)), jobs, 16, 8), jobs):
            if done is None:  # a worker died (a native crash in a reader)
                unfinished.extend(part)
                continue
            for index, result in done:
                keep(index, result)
        # Which file killed the worker is unknown: each unfinished file gets its own process,
        # so the one that crashes it fails alone and every other file is still analyzed.
        for index, result in isolated(unfinished, as_of, password, jobs):
            keep(index, result)
    results.sort(key=lambda pair: pair[0])
    reports = [r for _, r in results if not isinstance(r, FileError)]
    failed = [*errors, *(r for _, r in results if isinstance(r, FileError))]
    return combine_packed(reports, errors=failed, as_of=as_of)


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


def isolated(
    files: list[tuple[int, Path]], as_of: dt.date, password: str | None, jobs: int
) -> Iterable[tuple[int, Result]]:
    """Each file analyzed in a process of its own; a file whose process dies is an error."""
    from concurrent.futures import ThreadPoolExecutor

    def one(item: tuple[int, Path]) -> tuple[int, Result]:
        index, path = item
        return index, _in_own_process(path, as_of, password)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as threads:
        yield from threads.map(one, sorted(files))


def _in_own_process(path: Path, as_of: dt.date, password: str | None) -> Result:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=1, initializer=ignore_interrupts) as pool:
            return pool.submit(analyze_one, path, as_of, password).result()
    except BrokenProcessPool:
        return FileError(
            str(path),
            "the reader crashed on this file (the spreadsheet library stopped the process); "
            "nothing in it was analyzed",
            "re-save the workbook from Excel or LibreOffice and send it again; report the "
            "file to the starterkit maintainers if it persists",
        )


def _analyze_chunk(
    chunk: list[tuple[int, Path]], as_of: dt.date, password: str | None
) -> list[tuple[int, Result]]:
    return [(index, analyze_one(path, as_of, password)) for index, path in chunk]
