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
