"""The data-finding catalogue: every problem the reader reports about a cell or a file part.

Each entry is one case: its id, its message and its fix, as templates filled with the case's
details. An id can have more than one case (a number that is implausible, a percentage out
of 0–100 %); reports group by id. ``docs/findings.md`` documents every id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starterkit.findings import DataFinding


@dataclass(frozen=True)
class Unusable:
    """Why a cell could not be used: a message and what the steward should do."""

    id: str
    message: str
    fix: str


@dataclass(frozen=True)
class DataFindingDef:
    """One case of a data finding: its id, and its message and fix as ``str.format`` templates."""

    id: str
    message: str
    fix: str

    def texts(self, **details: Any) -> tuple[str, str]:
        """The message and the fix with the case's details filled in."""
        return self.message.format(**details), self.fix.format(**details)

    def unusable(self, **details: Any) -> Unusable:
        return Unusable(self.id, *self.texts(**details))


_DATE_FIX = "type a real date, e.g. 2027-01-04, or pick one from the date picker"
_NUMBER_FIX = "type the number as it is, e.g. 12 or 4.5"
_RESAVE = "re-save the file from the spreadsheet"
_REBUILD = "rebuild the kit from its spec for the next cycle"

# --- one cell's value (``shown`` is the value, quoted and cut short) -------------------------

NOT_A_DATE = DataFindingDef("not-a-date", "{shown} is not a date", _DATE_FIX)
DATE_IMPLAUSIBLE = DataFindingDef(
    "not-a-date",
    "{shown} is not a plausible date (years {first} to {last} are read)",
    _DATE_FIX,
)
NOT_A_NUMBER = DataFindingDef(
    "not-a-number", "{shown} is not a number", "type a number such as {example}"
)
NOT_A_WHOLE_NUMBER = DataFindingDef(
    "not-a-whole-number", "{shown} is not a whole number", "type a whole number"
)
NUMBER_IMPLAUSIBLE = DataFindingDef(
    "out-of-range",
    "{shown} is not a plausible number (at most {largest:,.0f} either way)",
    _NUMBER_FIX,
)
PERCENT_OUT_OF_RANGE = DataFindingDef(
    "out-of-range",
    "{shown} is not a percentage between 0 and 100 %",
    "type a percentage such as 15 %",
)
NOT_IN_LIST = DataFindingDef(
    "not-in-list",
    "{shown} is not one of the choices for this cell",
    "pick a value from the dropdown: {hint}",
)
FORMULA_REPLACED = DataFindingDef(
    "formula-replaced",
    "a typed value replaced the kit's formula for '{column}'; it was ignored and the "
    "figure recomputed",
    "copy the formula back from the row above (or from a fresh kit)",
)

# --- values the package scan left out (``shown`` is the raw text, cut to 40 characters) -----

NUMBER_NOT_READ = DataFindingDef(
    "out-of-range", "{shown!r} is not a plausible number; the cell was not read", _NUMBER_FIX
)
REPEAT_COUNT_DAMAGED = DataFindingDef(
    "repeat-count-damaged",
    "a repeat count that is not a number ({shown!r}) was read as 1",
    _RESAVE,
)
VALUE_OUTSIDE_SHEET = DataFindingDef(
    "value-outside-sheet",
    "a value at {cell!r}, which is not a cell any spreadsheet has, was not read",
    _RESAVE,
)
VALUE_FAR_OUTSIDE = DataFindingDef(
    "value-far-outside",
    "a value far outside the kit's tables (beyond {area}) was not read",
    "move it into the kit's tables, or delete it if it was typed by mistake",
)
MORE_VALUES_FAR_OUTSIDE = DataFindingDef(
    "value-far-outside",
    "{more:,} more values far outside the kit's tables (beyond {area}) were not read",
    "delete the stray values outside the kit's tables",
)

# --- sheets and tables ---------------------------------------------------------------------

SHEET_UNREADABLE = DataFindingDef(
    "sheet-unreadable", "sheet {title!r} cannot be read ({error})", "re-save the file"
)
SHEET_XML_DAMAGED = DataFindingDef(
    "sheet-unreadable",
    "sheet {title!r} cannot be read: its XML is damaged ({error}); it was read as empty",
    "re-save the file from the spreadsheet and send it again",
)
TABLE_MISSING = DataFindingDef(
    "table-missing",
    "the {table} table was not found (no table of that name, no header row with its column "
    "names); it is read as empty",
    "restore the {table} table's header row from a fresh kit",
)
COLUMN_MISSING = DataFindingDef(
    "column-missing",
    "the {table} table has no '{column}' column; it is read as blank",
    "restore the column (copy its header from a fresh kit)",
)
ROW_OUTSIDE_TABLE = DataFindingDef(
    "row-outside-table",
    "row {row} was typed below the {table} table, where the kit's formulas do not reach; it "
    "was read anyway",
    "insert rows inside the table instead of typing below it",
)
MERGED_CELLS = DataFindingDef(
    "merged-cells",
    "cells {span} in the {table} table are merged; only the first cell's value was read",
    "unmerge the cells and give each its own value",
)
FORMULAS_REMOVED = DataFindingDef(
    "formulas-removed",
    "the workbook holds no formulas at all (saved as values only); every computed figure was "
    "recomputed from the inputs",
    "send the workbook as saved by the spreadsheet, not a values-only export",
)

# --- the kit's record of itself ------------------------------------------------------------

KIT_SHEET_MISSING = DataFindingDef(
    "kit-sheet-missing",
    "the hidden _kit sheet is gone (some tools drop hidden sheets on export), so the kit was "
    "read with the {spec_name} spec, by sheet and header text",
    "send the workbook as saved by Excel or LibreOffice, not an export, to read it exactly",
)
KIT_SHEET_DAMAGED = DataFindingDef(
    "kit-sheet-damaged",
    "the kit's record of its own spec (hidden _kit sheet) is damaged; read with the default "
    "kit spec instead",
    _REBUILD,
)
KIT_VERSION_DAMAGED = DataFindingDef(
    "kit-version-damaged",
    "the kit's version {shown!r} is not a version number; the kit was read as this "
    "starterkit's version",
    _REBUILD,
)

# --- what the analysis could not judge ------------------------------------------------------

CANNOT_JUDGE = DataFindingDef(
    "cannot-judge",
    "{missing} could not be read, so {count} not judged: {flags}",
    "restore it from a fresh kit (or send the workbook as saved by the spreadsheet) so "
    "every flag can be judged",
)


def cannot_judge(missing: str, flags: list[str]) -> DataFinding:
    """The finding that stands for the flags an input that was not read leaves unjudged."""
    count = "this red flag was" if len(flags) == 1 else f"these {len(flags)} red flags were"
    message, fix = CANNOT_JUDGE.texts(missing=missing, count=count, flags="; ".join(flags))
    return DataFinding(CANNOT_JUDGE.id, message, fix)


#: Every case, in the order of the documentation's table of ids.
DATA_FINDINGS: tuple[DataFindingDef, ...] = (
    NOT_A_DATE,
    DATE_IMPLAUSIBLE,
    NOT_A_NUMBER,
    NOT_A_WHOLE_NUMBER,
    NUMBER_IMPLAUSIBLE,
    PERCENT_OUT_OF_RANGE,
    NUMBER_NOT_READ,
    NOT_IN_LIST,
    FORMULA_REPLACED,
    FORMULAS_REMOVED,
    MERGED_CELLS,
    ROW_OUTSIDE_TABLE,
    TABLE_MISSING,
    COLUMN_MISSING,
    KIT_SHEET_MISSING,
    KIT_SHEET_DAMAGED,
    SHEET_UNREADABLE,
    SHEET_XML_DAMAGED,
    VALUE_FAR_OUTSIDE,
    MORE_VALUES_FAR_OUTSIDE,
    VALUE_OUTSIDE_SHEET,
    REPEAT_COUNT_DAMAGED,
    KIT_VERSION_DAMAGED,
    CANNOT_JUDGE,
)

#: Every data-finding id, once each, in catalogue order.
DATA_FINDING_IDS: tuple[str, ...] = tuple(dict.fromkeys(case.id for case in DATA_FINDINGS))
