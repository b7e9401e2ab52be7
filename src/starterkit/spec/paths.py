"""Where in a spec a value is: a path of keys and list positions, and how it is written."""

from __future__ import annotations

PathKey = tuple[str | int, ...]


def format_path(path: PathKey) -> str:
    """('sheets', 'charter', 'sections', 2) -> 'sheets.charter.sections[2]'."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
