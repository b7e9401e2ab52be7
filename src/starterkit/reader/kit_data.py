"""What the reader hands to the analysis: a returned kit's inputs, typed, with their cells.

Choices are spec keys (``"every_two_weeks"``, not the label a steward saw), dates are
``datetime.date``, numbers are ``int`` or ``float``, text is ``str``. A blank cell, and a
cell the reader could not use, are ``None``; the second also left a data finding.
Computed columns are never read as values: the analysis recomputes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from starterkit.findings import DataFinding, Location
from starterkit.spec.model import KitSpec


@dataclass(frozen=True)
class KitMetadata:
    """The _kit sheet's record (or what stands in for it when the sheet is gone)."""

    kit_id: str | None = None
    kit_schema_version: int | None = None
    spec_hash: str | None = None
    generator_version: str | None = None
    built_at: str | None = None
    #: The network across its cycles; None in a version 1 kit.
    network_id: str | None = None
    #: The kit of the cycle before (a kit made by ``next``).
    previous_kit_id: str | None = None
    #: "embedded" when the spec came from the workbook's _kit sheet, else "default".
    spec_source: str = "embedded"


@dataclass(frozen=True)
class Row:
    """One non-blank table row: typed values and the cell each came from."""

    number: int  # 1-based data row within the table
    values: dict[str, Any]
    sheet: str
    table: str
    #: Column key -> (cell reference such as "K7", the column's label).
    places: dict[str, tuple[str, str]]
    raw: dict[str, Any] = field(default_factory=dict)
    _cited: dict[str, Location] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __init__(
        self,
        number: int,
        values: dict[str, Any],
        sheet: str,
        table: str,
        places: dict[str, tuple[str, str]],
        raw: dict[str, Any] | None = None,
    ) -> None:
        # Every field written at once: the __init__ that dataclass writes for a frozen class
        # sets them one by one through object.__setattr__, which takes twice as long, and
        # the reader makes a Row for each used row of a kit.
        vars(self).update(
            number=number,
            values=values,
            sheet=sheet,
            table=table,
            places=places,
            raw={} if raw is None else raw,
            _cited={},
        )

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key)
        return default if value is None else value

    @property
    def cells(self) -> dict[str, Location]:
        """Column key -> its cell in this row."""
        return {key: self.at(key) for key in self.places}

    def at(self, key: str) -> Location:
        """The cell of a column in this row (the row's first cell if the column is absent).

        Made on first use and kept: most cells are never cited, and a batch keeps every
        cited one in its reports.
        """
        if key not in self.places:
            key = next(iter(self.places))
        cited = self._cited
        if key not in cited:
            cell, label = self.places[key]
            cited[key] = Location(self.sheet, cell, table=self.table, row=self.number, column=label)
        return cited[key]


@dataclass(frozen=True)
class KitData:
    """A returned workbook's inputs, ready for analysis. Built by the reader, no file IO."""

    source: str
    spec: KitSpec
    metadata: KitMetadata
    charter: dict[str, Any]
    charter_cells: dict[str, Location]
    planner_decision: Any
    planner_decision_cell: Location | None
    tables: dict[str, list[Row]]
    #: Table key (and "charter") -> the route that found it, one of ``report.ROUTES``.
    routes: dict[str, str]
    data_findings: list[DataFinding]
    #: Inputs the reader could not find at all (not blank: absent), as ``charter.<key>``,
    #: ``<table>``, ``<table>.<column>`` or ``planner_decision``; flags needing them are
    #: not judged.
    unread: frozenset[str] = frozenset()

    def rows(self, table_key: str) -> list[Row]:
        return self.tables.get(table_key, [])

    def charter_at(self, key: str) -> Location:
        return self.charter_cells.get(key) or Location(self.spec.sheets.charter.title)

    @property
    def cycle_start(self) -> dt.date | None:
        return self.charter.get("cycle_start")

    @property
    def route(self) -> str:
        """ "headers" when any part had to be found by header text, else "tables".

        Tables by name and charter cells by defined name are equally exact; header text is
        the fallback the report must mention.
        """
        return "headers" if "headers" in self.routes.values() else "tables"
