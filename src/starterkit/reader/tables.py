"""The kit's tables: found by Excel table name, else by their header row; their used rows
read with every cell typed; formulas the steward typed over, or lost, said so."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starterkit.findings import Location
from starterkit.kit import contract
from starterkit.kit.contract import KIT_SHEET
from starterkit.reader import coerce, findings
from starterkit.reader.book import Book
from starterkit.reader.cellref import cell_name, column_name
from starterkit.reader.findings import Unusable
from starterkit.reader.kit_data import Row
from starterkit.reader.locate import Grid, TableFound, find_by_headers, find_sheet, match_columns
from starterkit.spec.model import FieldDef, KitSpec

#: Columns the kit prefills in every row, so they alone do not make a row count as used.
ROW_MARKERS = {"cases": ("case_id",), "playbook": ("pattern_id",), "metrics": ("week",)}


def find_table(book: Book, spec: KitSpec, key: str) -> TableFound | None:
    """Where a table is: by its Excel table name, else by a header row with its column names."""
    name = contract.TABLES[key][0]
    columns = tuple(spec.table(key).columns)
    table = book.package.tables.get(name)
    if table is not None and table.sheet in book.sheet_names:
        header_cells = table.columns or [
            book.grid(table.sheet).value(table.header_row, col)
            for col in range(table.first_col, table.last_col + 1)
        ]
        headers = dict(enumerate(header_cells, start=table.first_col))
        same_width = table.last_col - table.first_col + 1 == len(columns)
        found, missing = match_columns(headers, columns, table.first_col if same_width else None)
        return TableFound(
            table.sheet,
            table.header_row,
            table.last_row,
            found,
            missing,
            table.first_col,
            table.last_col,
            "tables",
        )
    grids = [book.grid(title) for title in book.sheet_names if title != KIT_SHEET]
    sheet_key = contract.TABLES[key][1]
    preferred = find_sheet(grids, getattr(spec.sheets, sheet_key).title)
    return find_by_headers(grids, preferred.title if preferred else None, columns)


def read_table(book: Book, spec: KitSpec, key: str) -> tuple[list[Row], TableFound | None]:
    """A table's used rows (a table not found reads as empty, and is said so) and its place."""
    place = find_table(book, spec, key)
    table_name = contract.TABLES[key][0]
    if place is None:
        book.note(findings.TABLE_MISSING, None, table=table_name)
        return [], None
    columns = {c.key: c for c in spec.table(key).columns}
    for missing in place.missing:
        if columns[missing].type != "formula":
            book.note(
                findings.COLUMN_MISSING,
                Location(
                    place.sheet, cell_name(place.header_row, place.first_col), table=table_name
                ),
                table=table_name,
                column=columns[missing].label,
            )
    grid = book.grid(place.sheet)
    _check_merged(book, grid, place, table_name)
    stop_label = (
        coerce.normal_text(spec.sheets.planner.decision_label) if key == "milestones" else None
    )
    end = place.last_row if place.last_row is not None else grid.height - 1
    # The sheet columns of the inputs found, but for the ones the kit prefills.
    markers = ROW_MARKERS.get(key, ())
    counted_cols = [
        place.columns[k]
        for k, c in columns.items()
        if c.type != "formula" and k in place.columns and k not in markers
    ]
    # The sheet columns from the first counted input to the last, other columns between.
    counted_span = slice(min(counted_cols, default=0), max(counted_cols, default=-1) + 1)
    reader = _RowReader(book, spec, place, columns, table_name)
    rows: list[Row] = []
    grid_rows = grid.rows
    for row_index in range(place.header_row + 1, grid.height):
        cells = grid_rows[row_index]
        below = row_index > end
        if _row_is_used(cells, counted_cols, counted_span):
            if stop_label and _row_has_label(cells, place, stop_label):
                break
            rows.append(reader.read(cells, row_index))
            if below:
                book.note(
                    findings.ROW_OUTSIDE_TABLE,
                    Location(
                        place.sheet,
                        cell_name(row_index, place.first_col),
                        table=table_name,
                        row=row_index - place.header_row,
                    ),
                    row=row_index + 1,
                    table=table_name,
                )
        elif below and place.route == "tables":
            break
    return rows, place


def _row_is_used(cells: list[Any], counted: list[int], span: slice) -> bool:
    """Whether a counted input cell holds something. Calamine reads empty and error cells
    as "": a row with nothing else across ``span`` (most rows) is ruled out by one count;
    otherwise a loop stops at the first counted cell that holds something, only texts
    other than "" needing the fuller test."""
    across = cells[span]
    if across.count("") == len(across):
        return False
    width = len(cells)
    for col in counted:
        if col < width:
            value = cells[col]
            if value != "" and not coerce.is_blank(value):
                return True
    return False


def _row_has_label(cells: list[Any], place: TableFound, label: str) -> bool:
    """Whether a cell of the table's columns holds ``label`` (normal text, never "")."""
    for value in cells[place.first_col : place.last_col + 1]:
        if isinstance(value, str) and value != "" and coerce.normal_text(value) == label:
            return True
    return False


class _RowReader:
    """Reads a table's rows: what is the same for every row (each column's letter, label
    and how its cells are typed) worked out once per table, not for each cell."""

    def __init__(
        self,
        book: Book,
        spec: KitSpec,
        place: TableFound,
        columns: dict[str, FieldDef],
        table_name: str,
    ):
        self.book, self.place, self.table_name = book, place, table_name
        self.formula_cells = book.package.formula_cells.get(place.sheet)
        #: (key, sheet column, its letter, its label, how its cells are typed, or None for a
        #: computed column)
        self.columns: list[tuple[str, int, str, str, Callable[[Any], Any] | None]] = []
        for key, col in place.columns.items():
            field = columns[key]
            convert = None if field.type == "formula" else book.converter(spec, field)
            self.columns.append((key, col, column_name(col), field.label, convert))

    def read(self, cells: list[Any], row_index: int) -> Row:
        book, place, formula_cells = self.book, self.place, self.formula_cells
        number = row_index - place.header_row
        row_text = str(row_index + 1)
        width = len(cells)
        values: dict[str, Any] = {}
        places: dict[str, tuple[str, str]] = {}
        raw: dict[str, Any] = {}
        for key, col, letter, label, convert in self.columns:
            cell = letter + row_text
            places[key] = (cell, label)
            value = cells[col] if col < width else None
            if coerce.is_blank(value):
                value = None
            raw[key] = value
            if convert is None:
                if value is not None and formula_cells and cell not in formula_cells:
                    book.note(
                        findings.FORMULA_REPLACED,
                        self.location(cell, label, number),
                        value,
                        column=label,
                    )
                continue
            if value is None:
                values[key] = None
                continue
            result = convert(value)
            if isinstance(result, Unusable):
                book.add(result, self.location(cell, label, number), value)
                result = None
            values[key] = result
        return Row(number, values, place.sheet, self.table_name, places, raw)

    def location(self, cell: str, label: str, number: int) -> Location:
        return Location(self.place.sheet, cell, table=self.table_name, row=number, column=label)


def _check_merged(book: Book, grid: Grid, place: TableFound, table_name: str) -> None:
    for (top, left), (bottom, right) in grid.merged:
        if bottom <= place.header_row or right < place.first_col or left > place.last_col:
            continue
        if place.last_row is not None and top > place.last_row:
            continue
        span = f"{cell_name(top, left)}:{cell_name(bottom, right)}"
        book.note(
            findings.MERGED_CELLS,
            Location(place.sheet, cell_name(top, left), table=table_name),
            span=span,
            table=table_name,
        )


def check_formulas_kept(book: Book) -> None:
    """A file saved as values only (an export) lost every formula: say so once."""
    if book.package.kind == "xlsx" and not any(book.package.formula_cells.values()):
        book.note(findings.FORMULAS_REMOVED, None)
