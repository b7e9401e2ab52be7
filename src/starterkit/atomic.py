"""Write an output file whole or not at all."""

from __future__ import annotations

from pathlib import Path


def write_atomically(path: Path, content: bytes) -> None:
    """Write beside the target, then rename over it: a failure leaves no partial file.

    Raises OSError (after removing the partial file) when the folder cannot be written.
    """
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_bytes(content)
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
