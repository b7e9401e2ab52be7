"""Where everything sits: sheet titles, table corners, charter input cells.

Worked out once before any sheet is written, because formulas on one sheet point at
cells on another.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from starterkit.kit import contract
from starterkit.kit.names import charter_name, list_name
from starterkit.spec.model import FieldDef, KitSpec

BAND_ROW = 0
HEADING_ROW = 1
GUIDANCE_ROW = 2
TABLE_TITLE_ROW = 4
TABLE_HEADER_ROW = 5
CHARTER_HEADER_ROW = 4
KIT_SHEET = contract.KIT_SHEET

__all__ = ["KIT_SHEET", "Layout", "TablePlace", "charter_name", "list_name", "plan"]


@dataclass(frozen=True)
class TablePlace:
    """One Excel table: its name, sheet, corner and columns."""

    key: str
    name: str
    sheet: str
    header_row: int
    first_col: int
    columns: tuple[FieldDef, ...]
    rows: int

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        return self.header_row + self.rows

    @property
    def last_col(self) -> int:
        return self.first_col + len(self.columns) - 1

    def col(self, key: str) -> int:
        for offset, column in enumerate(self.columns):
            if column.key == key:
                return self.first_col + offset
        raise KeyError(f"{self.key}.{key}")

    def cell(self, key: str, index: int) -> str:
        """Relative reference to row ``index`` (0-based data row) of a column, on its own sheet."""
        return xl_rowcol_to_cell(self.first_row + index, self.col(key))

    def column_range(self, key: str) -> str:
        """Absolute reference to a column's data cells, with the sheet name."""
        col = self.col(key)
        top = xl_rowcol_to_cell(self.first_row, col, row_abs=True, col_abs=True)
        bottom = xl_rowcol_to_cell(self.last_row, col, row_abs=True, col_abs=True)
        return f"{quote_sheetname(self.sheet)}!{top}:{bottom}"


@dataclass(frozen=True)
class Layout:
    tables: dict[str, TablePlace]
    charter_rows: dict[str, int]
    charter_sections: tuple[tuple[int, str], ...]
    decision_row: int

    def table(self, key: str) -> TablePlace:
        return self.tables[key]


def plan(spec: KitSpec) -> Layout:
    sheets = spec.sheets
    tables: dict[str, TablePlace] = {}
    for key, (name, sheet_key, _) in contract.TABLES.items():
        table = spec.table(key)
        first_col = 0
        if key == "raci":
            first_col = len(spec.table("roles").columns) + 1
        elif key == "sessions":
            first_col = len(spec.table("milestones").columns) + 1
        tables[key] = TablePlace(
            key=key,
            name=name,
            sheet=getattr(sheets, sheet_key).title,
            header_row=TABLE_HEADER_ROW,
            first_col=first_col,
            columns=tuple(table.columns),
            rows=table.rows,
        )
    charter_rows: dict[str, int] = {}
    sections: list[tuple[int, str]] = []
    row = CHARTER_HEADER_ROW + 1
    for section in sheets.charter.sections:
        sections.append((row, section.title))
        row += 1
        for field in section.fields:
            charter_rows[field.key] = row
            row += 1
    decision_row = tables["milestones"].last_row + 2
    return Layout(tables, charter_rows, tuple(sections), decision_row)
