"""Write an output file whole or not at all."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def write_atomically(path: Path, content: bytes | Iterable[str]) -> None:
    """Write beside the target, then rename over it: a failure leaves no partial file.

    ``content`` is the bytes, or text in pieces (written as UTF-8 as they come, so a large
    report is never whole in memory). Raises OSError, after removing the partial file,
    when the folder cannot be written.
    """
    temporary = path.with_name(f".{path.name}.partial")
    try:
        if isinstance(content, bytes):
            temporary.write_bytes(content)
        else:
            with temporary.open("w", encoding="utf-8", newline="\n") as output:
                for piece in content:
                    output.write(piece)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_all_atomically(folder: Path, files: dict[str, bytes | Iterable[str]]) -> list[Path]:
    """Write several files into ``folder`` so that a failure leaves none of them changed.

    Every file is first written beside its target under a hidden partial name; only when
    all are complete are they renamed into place, one quick rename each. A failure while
    writing removes the partial files and raises, leaving any earlier outputs as they were.
    Returns the paths written, in the order given.
    """
    written: list[tuple[Path, Path]] = []
    try:
        for name, content in files.items():
            path = folder / name
            temporary = path.with_name(f".{path.name}.partial")
            written.append((temporary, path))
            if isinstance(content, bytes):
                temporary.write_bytes(content)
            else:
                with temporary.open("w", encoding="utf-8", newline="\n") as output:
                    for piece in content:
                        output.write(piece)
    except BaseException:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, path in written:
        temporary.replace(path)
    return [path for _, path in written]
