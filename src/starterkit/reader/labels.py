"""Which shipped spec's labels a workbook without its own spec shows.

Scored by what a steward never retypes: the sheet titles, the tables' header labels and
the charter's field labels, each counted once when found among the first rows of a sheet.
"""

from __future__ import annotations

from starterkit.kit import contract
from starterkit.reader.book import Book
from starterkit.reader.coerce import normal_text
from starterkit.reader.locate import HEADER_SEARCH_ROWS
from starterkit.spec.model import KitSpec, field_names
from starterkit.spec.shipped import shipped_specs


def best_shipped_spec(book: Book) -> tuple[str, KitSpec]:
    """The shipped spec whose labels the workbook shows most (the default kit on a tie)."""
    texts = _texts(book)
    scored = [
        (_score(spec, texts), -index, name, spec)
        for index, (name, spec) in enumerate(shipped_specs())
    ]
    _, _, name, spec = max(scored, key=lambda item: (item[0], item[1]))
    return name, spec


def _texts(book: Book) -> set[str]:
    """Every text near the top of every sheet, and the sheet titles, compared loosely."""
    found = {normal_text(title) for title in book.sheet_names}
    for title in book.sheet_names:
        for row in book.grid(title).rows[: max(HEADER_SEARCH_ROWS, 60)]:
            found |= {normal_text(value) for value in row if isinstance(value, str) and value}
    return found


def _score(spec: KitSpec, texts: set[str]) -> int:
    labels = {normal_text(field.label) for field in spec.charter_fields()}
    for key, (_, sheet_key, _) in contract.TABLES.items():
        table = getattr(getattr(spec.sheets, sheet_key, None), key, None)
        if table is not None:
            labels |= {normal_text(column.label) for column in table.columns}
    titles = {normal_text(sheet.title) for sheet in _sheets(spec)}
    return len(labels & texts) + len(titles & texts)


def _sheets(spec: KitSpec):
    sheets = spec.sheets
    return [getattr(sheets, key) for key in field_names(sheets) if key != "lists"]
