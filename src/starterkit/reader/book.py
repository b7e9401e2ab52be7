"""One workbook being read: its sheets as grids (each read once), its cells typed, and the
data findings collected so far."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from starterkit.findings import DataFinding, Location
from starterkit.reader import coerce, findings, sanitize
from starterkit.reader.cellref import column_name
from starterkit.reader.findings import DataFindingDef, Unusable
from starterkit.reader.locate import Grid
from starterkit.reader.package import Package
from starterkit.reader.sanitize import MAX_COLUMNS, MAX_ROWS
from starterkit.spec.model import FieldDef, KitSpec


class Book:
    """The cell reader's workbook and the package scan's findings, for one returned file."""

    def __init__(self, workbook: CalamineWorkbook, package: Package, source: str):
        self.workbook, self.package, self.source = workbook, package, source
        #: Asked for once: the cell reader makes a new list each time, and the reader asks
        #: some forty times a kit.
        self.sheet_names: list[str] = workbook.sheet_names
        self.findings: list[DataFinding] = []
        self.grids: dict[str, Grid] = {}

    def grid(self, title: str) -> Grid:
        """A sheet's cells; a sheet the cell reader cannot read is empty, and said so."""
        if title not in self.grids:
            try:
                sheet = self.workbook.get_sheet_by_name(title)
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
        """A sheet the cell reader refused reads as empty; damaged XML is named as such."""
        xml = self.package.unparsed_sheets.get(title)
        damage = None if xml is None else sanitize.xml_error(xml)
        if damage is None:
            self.note(findings.SHEET_UNREADABLE, Location(title), title=title, error=exc)
        else:
            self.note(findings.SHEET_XML_DAMAGED, Location(title), title=title, error=damage)
            self.package.formula_cells[title] = set()  # as for a sheet the walk found damaged
        return [], []

    def note(
        self, kind: DataFindingDef, location: Location | None, value: Any = None, **details: Any
    ) -> None:
        """A data finding of a catalogue case, its templates filled with ``details``."""
        self.add(Unusable(kind.id, *kind.texts(**details)), location, value)

    def add(self, problem: Unusable, location: Location | None, value: Any = None) -> None:
        shown = None if value is None else coerce.to_text(value)
        self.findings.append(DataFinding(problem.id, problem.message, problem.fix, location, shown))

    def note_bounded(self) -> None:
        """What the package scan left out for the cell reader's sake, as data findings."""
        for title, error in self.package.damaged_sheets.items():
            location = Location(title) if title in self.sheet_names else None
            self.note(findings.SHEET_XML_DAMAGED, location, title=title, error=error)
        area = f"A1:{column_name(MAX_COLUMNS - 1)}{MAX_ROWS}"
        for item in self.package.outside:
            location = Location(item.sheet, item.cell) if item.cell else Location(item.sheet)
            if item.kind == "repeat":
                shown = coerce.to_text(item.value)[:40]
                self.note(findings.REPEAT_COUNT_DAMAGED, location, shown=shown)
            elif item.kind == "number":
                shown = coerce.to_text(item.value)[:40]
                self.note(findings.NUMBER_NOT_READ, location, item.value, shown=shown)
            elif item.kind == "reference":
                self.note(
                    findings.VALUE_OUTSIDE_SHEET,
                    Location(item.sheet),
                    item.value,
                    cell=item.cell[:40],
                )
            else:
                self.note(findings.VALUE_FAR_OUTSIDE, location, item.value, area=area)
        for title, more in self.package.outside_more.items():
            self.note(findings.MORE_VALUES_FAR_OUTSIDE, Location(title), more=more, area=area)

    def typed(self, spec: KitSpec, field: FieldDef, value: Any, location: Location) -> Any:
        """A cell's value as its field's type, or None (and a data finding) when it cannot be."""
        if coerce.is_blank(value):
            return None
        result = self.converter(spec, field)(value)
        if isinstance(result, Unusable):
            self.add(result, location, value)
            return None
        return result

    def converter(self, spec: KitSpec, field: FieldDef) -> Callable[[Any], Any]:
        """How a field's cells, known not to be blank, are typed: each to its value, or to
        why it cannot be (``Unusable``). The field's type, its list of choices and the kit's
        date settings are looked up once, so a table reads a column's cells with one."""
        kind = field.type
        if kind == "choice":
            return coerce.choice_reader(spec.lists.get(field.list or "", []))
        if kind == "date":
            day_first, date1904 = spec.locale.day_first, self.package.date1904
            return lambda value: coerce.to_date(value, day_first, date1904)
        if kind in ("whole", "number", "percent"):
            return lambda value: coerce.to_number(value, kind)
        return coerce.to_text
