"""Read a returned kit workbook into typed kit data, read only and never trusting formulas.

``read_workbook(content, source)`` does no file IO; ``read_path`` reads the file's bytes
(never writing them) and calls it. Anything that makes the whole file unusable raises
``UnreadableWorkbook``; anything wrong with single cells becomes a data finding.
"""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from starterkit.errors import UnreadableWorkbook
from starterkit.findings import DataFinding, Location
from starterkit.kit import contract
from starterkit.kit.contract import KIT_SHEET
from starterkit.kit.names import PLANNER_DECISION, charter_name, decision_field
from starterkit.kit.record import KitRecord
from starterkit.reader import coerce
from starterkit.reader.cellref import cell_name, column_name
from starterkit.reader.kit_data import KitData, KitMetadata, Row
from starterkit.reader.locate import (
    Grid,
    TableFound,
    find_by_headers,
    find_sheet,
    match_columns,
)
from starterkit.reader.package import MAX_FILE_BYTES, Package, open_package
from starterkit.reader.sanitize import MAX_COLUMNS, MAX_ROWS
from starterkit.spec.model import FieldDef, KitSpec

__all__ = ["KitData", "UnreadableWorkbook", "read_path", "read_workbook"]

#: Columns the kit prefills in every row, so they alone do not make a row count as used.
ROW_MARKERS = {"cases": ("case_id",), "metrics": ("week",)}
_spec_cache: dict[str, KitSpec] = {}
DECISION = decision_field()


def read_path(path: str | Path, password: str | None = None) -> KitData:
    """Read a workbook file (opened read only) into kit data."""
    path = Path(path)
    return read_workbook(read_file_bytes(path), str(path), password=password)


def read_file_bytes(path: Path) -> bytes:
    """A regular file's bytes, up to MAX_FILE_BYTES; anything else is refused, never waited on.

    The file is opened without blocking (a named pipe would wait for a writer) and checked
    on the open descriptor, so what is read is what was checked.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise UnreadableWorkbook(str(path), "this is a folder", "give a workbook file") from None
    except OSError as exc:
        raise UnreadableWorkbook(
            str(path),
            f"cannot open the file ({exc.strerror or exc})",
            "check the path and permissions",
        ) from None
    with os.fdopen(descriptor, "rb", buffering=0) as file:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableWorkbook(str(path), "this is a folder", "give a workbook file")
        if not stat.S_ISREG(mode):
            raise UnreadableWorkbook(
                str(path),
                f"this is not a regular file but a {_file_kind(mode)}, so it was not read",
                "give the workbook file itself",
            )
        content = file.read(MAX_FILE_BYTES + 1) or b""
    if len(content) > MAX_FILE_BYTES:
        raise UnreadableWorkbook(
            str(path),
            f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB, far beyond any kit "
            "workbook; it was not read",
            "analyze the kit workbook the steward filled in",
        )
    return content


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def read_workbook(content: bytes, source: str, *, password: str | None = None) -> KitData:
    """The kit data in a returned workbook's bytes; ``source`` names it in every message."""
    package = open_package(content, source, password)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(package.content))
    except (CalamineError, ValueError, OSError) as exc:
        raise UnreadableWorkbook(
            source,
            f"the spreadsheet cannot be read ({exc})",
            "re-save it from Excel or LibreOffice and send it again",
        ) from None
    return _Reader(book, package, source).read()


class _Reader:
    def __init__(self, book: CalamineWorkbook, package: Package, source: str):
        self.book, self.package, self.source = book, package, source
        self.findings: list[DataFinding] = []
        self.grids: dict[str, Grid] = {}
        self.routes: dict[str, str] = {}

    def grid(self, title: str) -> Grid:
        if title not in self.grids:
            try:
                sheet = self.book.get_sheet_by_name(title)
                rows = sheet.to_python(skip_empty_area=False)
                merged = sheet.merged_cell_ranges or []
            except (CalamineError, ValueError, ArithmeticError) as exc:
                rows, merged = self.unreadable(title, exc)
            except BaseException as exc:  # a Rust panic in the cell reader is a BaseException
                if type(exc).__name__ != "PanicException":
                    raise
                rows, merged = self.unreadable(title, exc)
            self.grids[title] = Grid(title, rows, merged)
        return self.grids[title]

    def unreadable(self, title: str, exc: BaseException) -> tuple[list, list]:
        self.note(
            "sheet-unreadable",
            f"sheet {title!r} cannot be read ({exc})",
            "re-save the file",
            Location(title),
        )
        return [], []

    def note(
        self, id: str, message: str, fix: str, location: Location | None, value: Any = None
    ) -> None:
        shown = None if value is None else coerce.to_text(value)
        self.findings.append(DataFinding(id, message, fix, location, shown))

    # --- the whole workbook ------------------------------------------------------------------

    def read(self) -> KitData:
        self.note_bounded()
        metadata, spec = self.kit_record()
        self.spec = spec
        charter, charter_cells = self.read_charter()
        tables = {key: self.read_table(key) for key in contract.TABLES}
        decision, decision_cell = self.read_decision(tables["milestones"][1])
        if not self.looks_like_a_kit(charter, tables):
            raise UnreadableWorkbook(
                self.source,
                "this workbook is not a peer learning kit: none of the kit's sheets, tables "
                "or charter fields were found",
                "analyze a workbook made with `starterkit build` and filled in by a steward",
            )
        self.check_formulas_kept()
        return KitData(
            source=self.source,
            spec=spec,
            metadata=metadata,
            charter=charter,
            charter_cells=charter_cells,
            planner_decision=decision,
            planner_decision_cell=decision_cell,
            tables={key: rows for key, (rows, _) in tables.items()},
            routes=self.routes,
            data_findings=self.findings,
        )

    def note_bounded(self) -> None:
        """What the package scan left out for the cell reader's sake, as data findings."""
        for title, error in self.package.damaged_sheets.items():
            self.note(
                "sheet-unreadable",
                f"sheet {title!r} cannot be read: its XML is damaged ({error}); it was read "
                "as empty",
                "re-save the file from the spreadsheet and send it again",
                Location(title) if title in self.book.sheet_names else None,
            )
        area = f"A1:{column_name(MAX_COLUMNS - 1)}{MAX_ROWS}"
        for item in self.package.outside:
            location = Location(item.sheet, item.cell) if item.cell else Location(item.sheet)
            if item.kind == "repeat":
                self.note(
                    "repeat-count-damaged",
                    f"a repeat count that is not a number ({coerce.to_text(item.value)[:40]!r}) "
                    "was read as 1",
                    "re-save the file from the spreadsheet",
                    location,
                )
            elif item.kind == "number":
                self.note(
                    "out-of-range",
                    f"{coerce.to_text(item.value)[:40]!r} is not a plausible number; the cell "
                    "was not read",
                    "type the number as it is, e.g. 12 or 4.5",
                    location,
                    item.value,
                )
            elif item.kind == "reference":
                self.note(
                    "value-outside-sheet",
                    f"a value at {item.cell[:40]!r}, which is not a cell any spreadsheet has, "
                    "was not read",
                    "re-save the file from the spreadsheet",
                    Location(item.sheet),
                    item.value,
                )
            else:
                self.note(
                    "value-far-outside",
                    f"a value far outside the kit's tables (beyond {area}) was not read",
                    "move it into the kit's tables, or delete it if it was typed by mistake",
                    location,
                    item.value,
                )
        for title, more in self.package.outside_more.items():
            self.note(
                "value-far-outside",
                f"{more:,} more values far outside the kit's tables (beyond {area}) were not read",
                "delete the stray values outside the kit's tables",
                Location(title),
            )

    def looks_like_a_kit(self, charter: dict[str, Any], tables: dict[str, Any]) -> bool:
        if KIT_SHEET in self.book.sheet_names:
            return True
        found_tables = sum(1 for _, place in tables.values() if place is not None)
        return found_tables >= 2 or sum(v is not None for v in charter.values()) >= 3

    def kit_record(self) -> tuple[KitMetadata, KitSpec]:
        if KIT_SHEET not in self.book.sheet_names:
            return self.without_kit_sheet()
        record = KitRecord.from_rows(self.grid(KIT_SHEET).rows[1:])
        self.check_version(record, Location(KIT_SHEET, "B2"))
        spec = self.embedded_spec(record.spec_json)
        metadata = _metadata(record, "embedded" if spec is not None else "default")
        if spec is None:
            self.note(
                "kit-sheet-damaged",
                "the kit's record of its own spec (hidden _kit sheet) is damaged; "
                "read with the default kit spec instead",
                "rebuild the kit from its spec for the next cycle",
                Location(KIT_SHEET, "B2"),
            )
            spec = _default_spec()
        return metadata, spec

    def embedded_spec(self, text: str) -> KitSpec | None:
        """The spec the kit was built from; parsed once per distinct spec in a batch."""
        if text in _spec_cache:
            return _spec_cache[text]
        try:
            spec = KitSpec.model_validate(json.loads(text))
        except (ValueError, RecursionError):  # json and pydantic errors are ValueErrors;
            return None  # JSON nested thousands deep exhausts the parser's recursion
        if len(_spec_cache) >= 64:  # a batch has a few distinct specs; never grow unbounded
            _spec_cache.clear()
        _spec_cache[text] = spec
        return spec

    def check_version(self, record: KitRecord, location: Location | None) -> None:
        """A version that is not a plausible version is said so (and read as unknown); one
        newer than this starterkit reads is refused."""
        if record.damaged_version is not None:
            value = record.damaged_version
            self.note(
                "kit-version-damaged",
                f"the kit's version {coerce.to_text(value)[:40]!r} is not a version number; "
                "the kit was read as this starterkit's version",
                "rebuild the kit from its spec for the next cycle",
                location,
                value,
            )
        self.refuse_newer(record.kit_schema_version)

    def without_kit_sheet(self) -> tuple[KitMetadata, KitSpec]:
        record = KitRecord.from_properties(self.package.properties)
        self.check_version(record, None)
        self.note(
            "kit-sheet-missing",
            "the hidden _kit sheet is gone (some tools drop hidden sheets on export), so the "
            "kit was read with the default kit spec, by sheet and header text",
            "send the workbook as saved by Excel or LibreOffice, not an export, to read it exactly",
            None,
        )
        return _metadata(record, "default"), _default_spec()

    def refuse_newer(self, version: int | None) -> None:
        if version is not None and version > contract.KIT_SCHEMA_VERSION:
            raise UnreadableWorkbook(
                self.source,
                f"the kit was made by a newer starterkit (kit version {version}; this one reads "
                f"up to version {contract.KIT_SCHEMA_VERSION})",
                "upgrade starterkit (pip install --upgrade starterkit) and analyze it again",
            )

    # --- charter -----------------------------------------------------------------------------

    def read_charter(self) -> tuple[dict[str, Any], dict[str, Location]]:
        fields = self.spec.charter_fields()
        names = self.package.defined_names
        places: dict[str, tuple[str, str]] = {}
        for field in fields:
            name = charter_name(field.key)
            if name in names and names[name][0] in self.book.sheet_names:
                places[field.key] = names[name]
        route = "defined names"
        if not places:
            places = self.charter_by_labels(fields)
            route = "headers"
        self.routes["charter"] = route
        charter: dict[str, Any] = {}
        cells: dict[str, Location] = {}
        for field in fields:
            if field.key not in places:
                charter[field.key] = None
                continue
            sheet, cell = places[field.key]
            location = Location(sheet, cell, column=field.label)
            cells[field.key] = location
            charter[field.key] = self.typed(field, self.grid(sheet).at(cell), location)
        return charter, cells

    def charter_by_labels(self, fields: list[FieldDef]) -> dict[str, tuple[str, str]]:
        grids = [self.grid(title) for title in self.book.sheet_names]
        sheet = find_sheet(grids, self.spec.sheets.charter.title)
        candidates = [sheet] if sheet else grids
        labels = {coerce.normal_text(f.label): f.key for f in fields}
        best: dict[str, tuple[str, str]] = {}
        for grid in candidates:
            places: dict[str, tuple[str, str]] = {}
            for row_index, row in enumerate(grid.rows):
                for col, value in enumerate(row[:4]):
                    key = (
                        labels.get(coerce.normal_text(str(value)))
                        if isinstance(value, str)
                        else None
                    )
                    # A section title can repeat a field's label; the field comes after it.
                    if key:
                        places[key] = (grid.title, cell_name(row_index, col + 1))
                        break
            if len(places) > len(best):
                best = places
        return best

    def read_decision(self, milestones: TableFound | None) -> tuple[Any, Location | None]:
        field = DECISION
        place = self.package.defined_names.get(PLANNER_DECISION)
        if place is None or place[0] not in self.book.sheet_names:
            place = self.decision_by_label(milestones)
        if place is None:
            return None, None
        location = Location(place[0], place[1], column=self.spec.sheets.planner.decision_label)
        return self.typed(field, self.grid(place[0]).at(place[1]), location), location

    def decision_by_label(self, milestones: TableFound | None) -> tuple[str, str] | None:
        """The cell right of the decision label; when all blank, the one under Due, as the kit lays it out."""
        label = coerce.normal_text(self.spec.sheets.planner.decision_label)
        grids = [self.grid(title) for title in self.book.sheet_names]
        sheet = find_sheet(grids, self.spec.sheets.planner.title)
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

    # --- tables ------------------------------------------------------------------------------

    def find_table(self, key: str) -> TableFound | None:
        name = contract.TABLES[key][0]
        columns = tuple(self.spec.table(key).columns)
        table = self.package.tables.get(name)
        if table is not None and table.sheet in self.book.sheet_names:
            header_cells = table.columns or [
                self.grid(table.sheet).value(table.header_row, col)
                for col in range(table.first_col, table.last_col + 1)
            ]
            headers = dict(enumerate(header_cells, start=table.first_col))
            same_width = table.last_col - table.first_col + 1 == len(columns)
            found, missing = match_columns(
                headers, columns, table.first_col if same_width else None
            )
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
        grids = [self.grid(title) for title in self.book.sheet_names if title != KIT_SHEET]
        sheet_key = contract.TABLES[key][1]
        preferred = find_sheet(grids, getattr(self.spec.sheets, sheet_key).title)
        return find_by_headers(grids, preferred.title if preferred else None, columns)

    def read_table(self, key: str) -> tuple[list[Row], TableFound | None]:
        place = self.find_table(key)
        table_name = contract.TABLES[key][0]
        if place is None:
            self.routes[key] = "headers"
            self.note(
                "table-missing",
                f"the {table_name} table was not found (no table of that name, no header row "
                "with its column names); it is read as empty",
                f"restore the {table_name} table's header row from a fresh kit",
                None,
            )
            return [], None
        self.routes[key] = place.route
        columns = {c.key: c for c in self.spec.table(key).columns}
        for missing in place.missing:
            if columns[missing].type != "formula":
                self.note(
                    "column-missing",
                    f"the {table_name} table has no '{columns[missing].label}' column; "
                    "it is read as blank",
                    "restore the column (copy its header from a fresh kit)",
                    Location(
                        place.sheet,
                        cell_name(place.header_row, place.first_col),
                        table=table_name,
                    ),
                )
        grid = self.grid(place.sheet)
        self.check_merged(grid, place, table_name)
        inputs = [k for k, c in columns.items() if c.type != "formula" and k in place.columns]
        counted = [k for k in inputs if k not in ROW_MARKERS.get(key, ())]
        stop_label = (
            coerce.normal_text(self.spec.sheets.planner.decision_label)
            if key == "milestones"
            else None
        )
        end = place.last_row if place.last_row is not None else grid.height - 1
        rows: list[Row] = []
        row_index = place.header_row + 1
        counted_cols = {place.columns[k] for k in counted}
        other_cols = [
            c for c in range(place.first_col, place.last_col + 1) if c not in counted_cols
        ]
        while row_index < grid.height:
            below = row_index > end
            if self.row_is_used(grid.rows[row_index], place, counted_cols, other_cols):
                if stop_label and self.row_has_label(grid, row_index, place, stop_label):
                    break
                number = row_index - place.header_row
                rows.append(self.read_row(grid, row_index, number, place, columns, table_name))
                if below:
                    self.note(
                        "row-outside-table",
                        f"row {row_index + 1} was typed below the {table_name} table, where the "
                        "kit's formulas do not reach; it was read anyway",
                        "insert rows inside the table instead of typing below it",
                        Location(
                            place.sheet,
                            cell_name(row_index, place.first_col),
                            table=table_name,
                            row=number,
                        ),
                    )
            elif below and place.route == "tables":
                break
            row_index += 1
        return rows, place

    @staticmethod
    def row_is_used(
        cells: list[Any], place: TableFound, counted: set[int], others: list[int]
    ) -> bool:
        """Whether a counted input cell holds something; blank rows, the most, are ruled out fast."""
        span = cells[place.first_col : place.last_col + 1]
        filled = len(span) - span.count("")  # calamine reads empty and error cells as ""
        if filled == 0:
            return False
        width = len(cells)
        if filled <= sum(1 for c in others if c < width and not coerce.is_blank(cells[c])):
            return False
        return any(c < width and not coerce.is_blank(cells[c]) for c in counted)

    @staticmethod
    def row_has_label(grid: Grid, row: int, place: TableFound, label: str) -> bool:
        return any(
            isinstance(grid.value(row, col), str)
            and coerce.normal_text(grid.value(row, col)) == label
            for col in range(place.first_col, place.last_col + 1)
        )

    def read_row(
        self,
        grid: Grid,
        row_index: int,
        number: int,
        place: TableFound,
        columns: dict[str, FieldDef],
        table_name: str,
    ) -> Row:
        values: dict[str, Any] = {}
        places: dict[str, tuple[str, str]] = {}
        raw: dict[str, Any] = {}
        formula_cells = self.package.formula_cells.get(place.sheet)
        row_text = str(row_index + 1)
        cells = grid.rows[row_index]
        width = len(cells)

        def location(cell: str, label: str) -> Location:
            return Location(place.sheet, cell, table=table_name, row=number, column=label)

        for key, col in place.columns.items():
            column = columns[key]
            cell = column_name(col) + row_text
            places[key] = (cell, column.label)
            value = cells[col] if col < width else None
            if coerce.is_blank(value):
                value = None
            raw[key] = value
            if column.type == "formula":
                if value is not None and formula_cells and cell not in formula_cells:
                    self.note(
                        "formula-replaced",
                        f"a typed value replaced the kit's formula for '{column.label}'; "
                        "it was ignored and the figure recomputed",
                        "copy the formula back from the row above (or from a fresh kit)",
                        location(cell, column.label),
                        value,
                    )
                continue
            result = self.typed_value(column, value)
            if isinstance(result, coerce.Unusable):
                self.note(
                    result.id, result.message, result.fix, location(cell, column.label), value
                )
                result = None
            values[key] = result
        return Row(number, values, place.sheet, table_name, places, raw)

    def check_merged(self, grid: Grid, place: TableFound, table_name: str) -> None:
        for (top, left), (bottom, right) in grid.merged:
            if bottom <= place.header_row or right < place.first_col or left > place.last_col:
                continue
            if place.last_row is not None and top > place.last_row:
                continue
            span = f"{cell_name(top, left)}:{cell_name(bottom, right)}"
            self.note(
                "merged-cells",
                f"cells {span} in the {table_name} table are merged; only the first cell's "
                "value was read",
                "unmerge the cells and give each its own value",
                Location(place.sheet, cell_name(top, left), table=table_name),
            )

    def check_formulas_kept(self) -> None:
        """A file saved as values only (an export) lost every formula: say so once."""
        if self.package.kind == "xlsx" and not any(self.package.formula_cells.values()):
            self.note(
                "formulas-removed",
                "the workbook holds no formulas at all (saved as values only); every computed "
                "figure was recomputed from the inputs",
                "send the workbook as saved by the spreadsheet, not a values-only export",
                None,
            )

    # --- one cell ----------------------------------------------------------------------------

    def typed(self, field: FieldDef, value: Any, location: Location) -> Any:
        """A cell's value as its field's type, or None (and a data finding) when it cannot be."""
        result = self.typed_value(field, value)
        if isinstance(result, coerce.Unusable):
            self.note(result.id, result.message, result.fix, location, value)
            return None
        return result

    def typed_value(self, field: FieldDef, value: Any) -> Any:
        if value is None or coerce.is_blank(value):
            return None
        kind = field.type
        if kind == "choice":
            return coerce.to_choice(
                value, self.spec.lists.get(field.list or "", []), field.list or ""
            )
        if kind == "date":
            return coerce.to_date(value, self.spec.locale.day_first, self.package.date1904)
        if kind in ("whole", "number", "percent"):
            return coerce.to_number(value, kind)
        return coerce.to_text(value)


def _metadata(record: KitRecord, spec_source: str) -> KitMetadata:
    return KitMetadata(
        kit_id=record.kit_id,
        kit_schema_version=record.kit_schema_version,
        spec_hash=record.spec_hash,
        generator_version=record.generator_version,
        built_at=record.built_at,
        spec_source=spec_source,
    )


def _default_spec() -> KitSpec:
    from starterkit.spec import default_spec

    return default_spec()
