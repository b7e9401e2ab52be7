"""Write an output file whole or not at all, only as a regular file, never over an input.

Every command writes through here, so the rules hold in one place: missing parent folders
are created; a temporary file with a unique hidden name is written beside the target and
renamed over it only when complete; a target that exists and is not a regular file (a
folder, a device such as /dev/null, a named pipe) or that is one of the command's inputs
is refused before anything is written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from starterkit.errors import UnsafeOutput, WriteError

__all__ = ["UnsafeOutput", "WriteError", "check_output", "write_all_atomically", "write_atomically"]

#: How many times this process has begun to put outputs in place (itself or through the
#: worker processes it started): an interrupted command says "nothing was written" only
#: when this has not moved since it started.
_writes_begun = 0


def writes_begun() -> int:
    """A count that moves whenever outputs start being put in place; compare two readings."""
    return _writes_begun


def note_writes_begin() -> None:
    """Count outputs about to be put in place by worker processes, which this process does
    not see."""
    global _writes_begun
    _writes_begun += 1


def _current_umask() -> int:
    # os.umask can only be read by setting it; done once, at import, before any threads.
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Temporary files are made private by mkstemp; the finished file gets the usual mode.
FILE_MODE = 0o666 & ~_current_umask()


def check_output(path: Path, inputs: Iterable[Path | str | None] = ()) -> None:
    """Refuse ``path`` as an output when it exists and is not a regular file, or when it is
    the same file as one of ``inputs`` (by inode, so links and other spellings count).

    Raises UnsafeOutput; a path that does not exist yet is always fine.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # nothing there (or not reachable): writing it will say why if it fails
    if not stat.S_ISREG(mode):
        raise UnsafeOutput(f"{path} is {_kind(mode)} — choose another output file")
    for source in inputs:
        if source is None:
            continue
        with contextlib.suppress(OSError):
            if os.path.samefile(path, source):
                raise UnsafeOutput(f"{path} is one of the inputs — choose another output file")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a regular file"
    if stat.S_ISFIFO(mode):
        return "a named pipe, not a regular file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    return "not a regular file"


def write_atomically(
    path: Path, content: bytes | Iterable[str], *, what: str = "", fix: str = ""
) -> None:
    """Write beside the target, then rename over it: a failure leaves no partial file.

    ``content`` is the bytes, or text in pieces (written as UTF-8 as they come, so a large
    report is never whole in memory). Missing parent folders are created. Raises
    UnsafeOutput when the target is not a regular file, and WriteError (naming ``path``,
    ``what`` was being written, the reason and the ``fix``), after removing the partial
    file and any folder it made, when the folder cannot be written.
    """
    path = Path(path)
    write_all_atomically(path.parent, {path.name: content}, what=what, fix=fix, place=path)


def write_all_atomically(
    folder: Path,
    files: dict[str, bytes | Iterable[str]],
    *,
    what: str = "",
    fix: str = "",
    place: Path | None = None,
) -> list[Path]:
    """Write several files into ``folder`` so that a failure leaves none of them changed.

    Names may include subfolders (``kit/peer-learning-kit.xlsx``); missing folders are
    created. Every file is first written beside its target under a unique hidden name
    (so runs writing into one folder at the same time never share a temporary file); only
    when all are complete are they renamed into place, one quick rename each. A failure
    while writing removes the partial files and the folders made for them, and raises,
    leaving any earlier outputs as they were: WriteError, naming ``place`` (default
    ``folder``), ``what`` was being written, the reason and the ``fix``, when the trouble
    is the file system. Returns the paths written, in the order given.
    """
    global _writes_begun
    targets = [Path(folder) / name for name in files]
    for path in targets:
        check_output(path)
    made: list[Path] = []
    written: list[tuple[Path, Path]] = []
    try:
        for path, content in zip(targets, files.values(), strict=True):
            made += _make_folders(path.parent)
            written.append((_write_temporary(path, content), path))
        _writes_begun += 1
        for index, (temporary, path) in enumerate(written):
            temporary.replace(path)
            written[index] = (path, path)  # in place: nothing left to clean up
    except BaseException as exc:
        for temporary, path in written:
            if temporary != path:
                temporary.unlink(missing_ok=True)
        for created in reversed(made):
            with contextlib.suppress(OSError):
                created.rmdir()  # only if still empty
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise WriteError(place or folder, exc, what, fix) from None
        raise
    return targets


def _write_temporary(path: Path, content: bytes | Iterable[str]) -> Path:
    """The content in a new hidden file beside ``path``; removed again if writing fails."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    temporary = Path(name)
    try:
        with open(handle, "wb") as output:
            if isinstance(content, bytes):
                output.write(content)
            else:
                for piece in content:
                    output.write(piece.encode("utf-8"))
        os.chmod(temporary, FILE_MODE)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones made, outermost first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    nearest = folder.parents[len(missing) - 1] if missing else folder
    if not nearest.is_dir():
        # mkdir would say "File exists"; the file is in the way of a folder.
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(nearest))
    folder.mkdir(parents=True, exist_ok=True)
    return list(reversed(missing))
