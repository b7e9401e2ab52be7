"""Office and LibreOffice lock files: named as an input, the workbook beside them is meant."""

from __future__ import annotations

from pathlib import Path

from starterkit.errors import InputError

#: Office and LibreOffice leave these beside an open file: what to say about each.
LOCK_FILES = {
    "~$": "an Office lock file — close the workbook in Excel",
    ".~lock.": "a LibreOffice lock file — close the workbook in LibreOffice",
}


def lock_file_kind(path: Path) -> str | None:
    """What kind of lock file ``path`` is, and what to do, or None when it is not one."""
    for prefix, what in LOCK_FILES.items():
        if path.name.startswith(prefix):
            return what
    return None


def refuse_lock_file(path: Path | None) -> None:
    """A named input that is a lock file is refused: its real file is the one meant."""
    what = lock_file_kind(path) if path is not None else None
    if what:
        raise InputError(f"{path} is {what} and give the real file")


def lock_file_error(argument: str):
    """For analyze: a lock file named on the command line is an unreadable file (a
    FileError), or None when ``argument`` is not one."""
    from starterkit.report import FileError

    path = Path(argument)
    what = lock_file_kind(path)
    if not what or path.is_dir():
        return None
    kind, fix = what.split(" — ")
    return FileError(argument, f"this is {kind}, not the workbook", f"{fix} and give the real file")
