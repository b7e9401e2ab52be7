"""A1 cell references, without importing a workbook writer just to spell them."""

from __future__ import annotations

import functools
import re

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


@functools.cache
def column_name(col: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    name = ""
    col += 1
    while col:
        col, remainder = divmod(col - 1, 26)
        name = chr(65 + remainder) + name
    return name


def cell_name(row: int, col: int) -> str:
    """(0-based row, 0-based column) -> 'B7'."""
    return f"{column_name(col)}{row + 1}"


def cell_position(cell: str) -> tuple[int, int]:
    """'B7' (or '$B$7') -> (6, 1); raises ValueError for anything else."""
    match = _CELL.match(cell.strip())
    if not match:
        raise ValueError(f"{cell!r} is not a cell reference")
    letters, digits = match.groups()
    col = 0
    for letter in letters.upper():
        col = col * 26 + ord(letter) - 64
    return int(digits) - 1, col - 1
