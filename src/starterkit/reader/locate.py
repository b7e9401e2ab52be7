"""Find the kit's tables and charter cells in a returned workbook, by the most trusted route.

Tables by their Excel table name, charter cells by their defined names, and failing those,
by sheet title and header text — so a sheet renamed, columns inserted, reordered or
renamed, and an export that dropped tables and names still read.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from starterkit.reader.cellref import cell_position
from starterkit.reader.coerce import is_blank, normal_text
from starterkit.spec.model import FieldDef

#: Rows from the top of a sheet searched for a table's header row.
HEADER_SEARCH_ROWS = 40
#: A header row must name at least this share of a table's columns to be taken for it.
HEADER_MATCH_SHARE = 0.5


class Grid:
    """A sheet's cells as a rectangle from A1; blank and error cells read as None."""

    def __init__(self, title: str, rows: list[list[Any]], merged: list[Any] | None = None):
        self.title = title
        self.rows = rows
        self.merged = merged or []

    @property
    def height(self) -> int:
        return len(self.rows)

    def value(self, row: int, col: int) -> Any:
        if row < 0 or row >= len(self.rows):
            return None
        cells = self.rows[row]
        if col < 0 or col >= len(cells):
            return None
        value = cells[col]
        return None if is_blank(value) else value

    def at(self, cell: str) -> Any:
        return self.value(*cell_position(cell))


@dataclass(frozen=True)
class TableFound:
    """Where a table's header sits and which sheet column holds each spec column."""

    sheet: str
    header_row: int
    #: Last data row the table claims (inclusive); None when found by header text.
    last_row: int | None
    columns: dict[str, int]
    missing: tuple[str, ...]
    first_col: int
    last_col: int
    route: str


#: Column maps worked out lately, by header texts, spec columns (their identity) and
#: positional start: every kit built from one spec has the same headers.
MAX_MATCHED = 256
_matched: dict[tuple, tuple[tuple[FieldDef, ...], dict[str, int], tuple[str, ...]]] = {}


def match_columns(
    headers: dict[int, Any], columns: tuple[FieldDef, ...], positional_from: int | None
) -> tuple[dict[str, int], tuple[str, ...]]:
    """Spec column key -> sheet column, by label, then key, then a close label, then place.

    ``positional_from`` is the sheet column of the table's first column when the table
    still has exactly the spec's width, so a renamed header keeps its place.
    """
    texts = tuple(headers.values())
    if not all(type(text) is str for text in texts):
        return _match_columns(headers, columns, positional_from)  # 1 and True are equal keys
    # Flat tuples: hashed in a third of the time a tuple of (column, text) pairs takes.
    key = (tuple(headers), texts, tuple(map(id, columns)), positional_from)
    cached = _matched.get(key)
    if cached is None:
        if len(_matched) >= MAX_MATCHED:  # specs come and go in a long-lived process
            _matched.clear()
        # The columns are kept with their map, so no other object can take their ids.
        _matched[key] = cached = (columns, *_match_columns(headers, columns, positional_from))
    _, found, missing = cached
    return dict(found), missing


def _match_columns(
    headers: dict[int, Any], columns: tuple[FieldDef, ...], positional_from: int | None
) -> tuple[dict[str, int], tuple[str, ...]]:
    texts = {col: normal_text(str(text)) for col, text in headers.items() if not is_blank(text)}
    # Header text (as is, and with "_" for spaces) -> its columns, leftmost first.
    by_text: dict[str, list[int]] = {}
    by_key: dict[str, list[int]] = {}
    for col, text in texts.items():
        by_text.setdefault(text, []).append(col)
        by_key.setdefault(text.replace(" ", "_"), []).append(col)
    found: dict[str, int] = {}
    claimed: set[int] = set()

    def claim(key: str, col: int) -> None:
        found[key] = col
        claimed.add(col)

    def first_free(cols: list[int]) -> int | None:
        return next((c for c in cols if c not in claimed), None)

    for column in columns:
        col = first_free(by_text.get(normal_text(column.label), []))
        if col is None:
            col = first_free(by_key.get(column.key.casefold(), []))
        if col is not None:
            claim(column.key, col)
    for column in columns:
        if column.key in found:
            continue
        free = {t: c for c, t in texts.items() if c not in claimed}
        label = normal_text(column.label)
        close = difflib.get_close_matches(label, list(free), n=1, cutoff=0.8)
        # A header that keeps the label and adds words ("The problem") is the same column.
        close = close or [t for t in free if f" {label} " in f" {t} " or f" {t} " in f" {label} "]
        if close:
            claim(column.key, free[close[0]])
    if positional_from is not None:
        for offset, column in enumerate(columns):
            col = positional_from + offset
            if column.key not in found and col not in claimed:
                claim(column.key, col)
    missing = tuple(c.key for c in columns if c.key not in found)
    return found, missing


#: How alike a header and a label must be (difflib's ratio) to be taken for each other.
CLOSE_LABEL = 0.85


def close_label(text: str, labels: dict[str, str]) -> str | None:
    """The key whose label ``text`` is, exactly or nearly ("Sesion date", "Pattern captured:"),
    compared without case and spacing; None when no label is close."""
    normal = normal_text(text).rstrip(":.").strip()
    if normal in labels:
        return labels[normal]
    if normal.replace(" ", "_") in labels:
        return labels[normal.replace(" ", "_")]
    close = difflib.get_close_matches(normal, list(labels), n=1, cutoff=CLOSE_LABEL)
    return labels[close[0]] if close else None


def find_by_headers(
    grids: list[Grid], preferred_sheet: str | None, columns: tuple[FieldDef, ...]
) -> TableFound | None:
    """The header row that names most of a table's columns (exactly or nearly), on the sheet
    most likely to hold it."""
    labels = {normal_text(c.label): c.key for c in columns} | {
        c.key.casefold(): c.key for c in columns
    }
    best: tuple[int, int, Grid, int] | None = None  # (score, preference, grid, row)
    for grid in grids:
        preference = 1 if preferred_sheet and grid.title == preferred_sheet else 0
        for row in range(min(grid.height, HEADER_SEARCH_ROWS)):
            cells = grid.rows[row]
            named = {
                close_label(value, labels)
                for value in cells
                if isinstance(value, str) and not is_blank(value) and len(value) < 80
            }
            score = len(named - {None})
            if score and (best is None or (score, preference) > (best[0], best[1])):
                best = (score, preference, grid, row)
    if best is None or best[0] < max(2, HEADER_MATCH_SHARE * len(columns)):
        return None
    _, _, grid, row = best
    headers = {col: value for col, value in enumerate(grid.rows[row]) if not is_blank(value)}
    found, missing = match_columns(headers, columns, None)
    # Keep only the run of header cells around the matches: a neighbouring table's
    # headers on the same row belong to that table.
    first, last = min(found.values()), max(found.values())
    return TableFound(grid.title, row, None, found, missing, first, last, "headers")


def find_sheet(grids: list[Grid], title: str) -> Grid | None:
    """A sheet by title, ignoring case and spacing, or the one closest to it."""
    by_text = {normal_text(g.title): g for g in grids}
    if normal_text(title) in by_text:
        return by_text[normal_text(title)]
    close = difflib.get_close_matches(normal_text(title), list(by_text), n=1, cutoff=0.75)
    return by_text[close[0]] if close else None
