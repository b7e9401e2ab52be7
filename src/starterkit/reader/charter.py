"""The charter's inputs and the planner's decision: by defined name, else by their labels."""

from __future__ import annotations

from typing import Any

from starterkit.findings import Location
from starterkit.kit.names import PLANNER_DECISION, charter_name, decision_field
from starterkit.reader import coerce
from starterkit.reader.book import Book
from starterkit.reader.cellref import cell_name
from starterkit.reader.locate import TableFound, close_label, find_sheet
from starterkit.spec.model import FieldDef, KitSpec

DECISION = decision_field()


def read_charter(book: Book, spec: KitSpec) -> tuple[dict[str, Any], dict[str, Location], str]:
    """Each charter field's value (None when blank or not found), its cell, and the route."""
    fields = spec.charter_fields()
    names = book.package.defined_names
    places: dict[str, tuple[str, str]] = {}
    for field in fields:
        name = charter_name(field.key)
        if name in names and names[name][0] in book.sheet_names:
            places[field.key] = names[name]
    route = "defined names"
    if not places:
        places = _charter_by_labels(book, spec, fields)
        route = "headers"
    charter: dict[str, Any] = {}
    cells: dict[str, Location] = {}
    for field in fields:
        if field.key not in places:
            charter[field.key] = None
            continue
        sheet, cell = places[field.key]
        location = Location(sheet, cell, column=field.label)
        cells[field.key] = location
        charter[field.key] = book.typed(spec, field, book.grid(sheet).at(cell), location)
    return charter, cells, route


def _charter_by_labels(
    book: Book, spec: KitSpec, fields: list[FieldDef]
) -> dict[str, tuple[str, str]]:
    grids = [book.grid(title) for title in book.sheet_names]
    sheet = find_sheet(grids, spec.sheets.charter.title)
    candidates = [sheet] if sheet else grids
    labels = {coerce.normal_text(f.label): f.key for f in fields}
    best: dict[str, tuple[str, str]] = {}
    for grid in candidates:
        places: dict[str, tuple[str, str]] = {}
        for row_index, row in enumerate(grid.rows):
            for col, value in enumerate(row[:4]):
                key = (
                    close_label(value, labels)
                    if isinstance(value, str) and len(value) < 80
                    else None
                )
                # A section title can repeat a field's label; the field comes after it.
                if key:
                    places[key] = (grid.title, cell_name(row_index, col + 1))
                    break
        if len(places) > len(best):
            best = places
    return best


def read_decision(
    book: Book, spec: KitSpec, milestones: TableFound | None
) -> tuple[Any, Location | None]:
    """The planner's next-cycle decision and its cell (None, None when not found)."""
    place = book.package.defined_names.get(PLANNER_DECISION)
    if place is None or place[0] not in book.sheet_names:
        place = _decision_by_label(book, spec, milestones)
    if place is None:
        return None, None
    location = Location(place[0], place[1], column=spec.sheets.planner.decision_label)
    return book.typed(spec, DECISION, book.grid(place[0]).at(place[1]), location), location


def _decision_by_label(
    book: Book, spec: KitSpec, milestones: TableFound | None
) -> tuple[str, str] | None:
    """The cell right of the decision label; when all blank, the one under Due, as the kit lays it out."""
    label = coerce.normal_text(spec.sheets.planner.decision_label)
    grids = [book.grid(title) for title in book.sheet_names]
    sheet = find_sheet(grids, spec.sheets.planner.title)
    for grid in [sheet] if sheet else grids:
        for row_index, row in enumerate(grid.rows):
            for col, value in enumerate(row):
                if isinstance(value, str) and coerce.normal_text(value) == label:
                    for right in range(col + 1, len(row)):
                        if not coerce.is_blank(row[right]):
                            return grid.title, cell_name(row_index, right)
                    under_due = milestones.columns.get("due") if milestones else None
                    if under_due is None or under_due <= col:
                        under_due = col + 1
                    return grid.title, cell_name(row_index, under_due)
    return None
