"""Findings are data: red flags about the network and data findings about the cells.

Checks yield them, reporters only read them. Every finding points at where its evidence
is, as a workbook cell (``'90-Day Planner'!B8``) or a table row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """Sort key: most severe first."""
        return {"high": 0, "medium": 1, "low": 2}[self.value]

    def at_least(self, other: Severity) -> bool:
        return self.rank <= other.rank


#: Every severity, most severe first: the order reports list and count them in.
SEVERITIES: tuple[Severity, ...] = (Severity.HIGH, Severity.MEDIUM, Severity.LOW)


def quote_sheet(sheet: str) -> str:
    """A sheet name as a cell reference needs it: quoted unless it is a plain word."""
    if sheet.replace("_", "").isalnum() and not sheet[:1].isdigit():
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class Location:
    """Where evidence sits: a sheet and cell, optionally a table row (1-based data row)."""

    sheet: str
    cell: str | None = None
    table: str | None = None
    row: int | None = None
    column: str | None = None

    @property
    def ref(self) -> str:
        """'Sheet'!A1 when the cell is known, else the sheet name."""
        return f"{quote_sheet(self.sheet)}!{self.cell}" if self.cell else quote_sheet(self.sheet)

    def __str__(self) -> str:
        if self.table is not None and self.row is not None:
            column = f", {self.column}" if self.column else ""
            return f"{self.table} row {self.row}{column} ({self.ref})"
        return self.ref


@dataclass(frozen=True, slots=True)
class Finding:
    """A red flag from the kit's catalog: what is going wrong and what to do about it."""

    id: str
    severity: Severity
    message: str
    action: str
    evidence: tuple[Location, ...] = ()


@dataclass(frozen=True, slots=True)
class DataFinding:
    """A cell the reader could not use as the kit intended; the rest is still analyzed."""

    id: str
    message: str
    fix: str
    location: Location | None = None
    value: str | None = field(default=None)

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.message} — {self.fix}"


def by_severity(findings: list[Finding]) -> list[Finding]:
    """Most severe first; the catalog order (stable sort) within a severity."""
    return sorted(findings, key=lambda f: f.severity.rank)
