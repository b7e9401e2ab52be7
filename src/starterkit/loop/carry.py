"""Kit data back into builder prefill: the one road every loop command takes.

``prefill_from(kit_data, spec)`` turns what the reader found in a returned kit into the
builder's prefill for ``spec`` (the kit's own spec, or a newer one), and lists everything
it could not carry, each with its cell in the returned file and its value. Nothing is
dropped without a line in that list.

The rules, the same for ``next``, ``review`` and ``upgrade``:

- charter fields by key, table cells by column key; choices by their key (a label the new
  spec rewords or translates still finds its choice); dates stay dates, numbers keep their
  exact value;
- a value the reader could not use (a date written as words, a choice not in its list) is
  written back exactly as typed, so its data finding is still there to fix;
- a constant typed over a formula is not carried: the formula is rebuilt, and the value
  is listed;
- a field, column or choice the spec does not have, and rows beyond a table's size, are
  listed;
- table rows keep their place when they fit (so a cell cited in a report is the same
  cell in the new file); milestones merge with the spec's by key, metrics by week.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from starterkit.builder.cells import ROW_IDS
from starterkit.builder.layout import Layout, plan
from starterkit.findings import DataFinding, Location
from starterkit.kit import contract
from starterkit.kit.names import PLANNER_DECISION
from starterkit.reader.kit_data import KitData, Row
from starterkit.spec.model import FieldDef, KitSpec
from starterkit.spec.prefill import Raw, coerce

__all__ = ["Carried", "NotCarried", "as_current_spec", "carry", "prefill_from"]

#: Tables carried by a key column rather than by row position.
MERGED_BY = {"milestones": "milestone", "metrics": "week"}


@dataclass(frozen=True)
class NotCarried:
    """A value of the returned kit the new file does not hold, where it was and why."""

    location: Location | None
    what: str
    value: Any
    reason: str

    @property
    def shown(self) -> str:
        if isinstance(self.value, dt.date):
            return self.value.isoformat()
        return "" if self.value is None else str(self.value)

    def __str__(self) -> str:
        where = self.location.ref if self.location else "(no cell)"
        return f"{where}: {self.what} = {self.shown!r} not carried — {self.reason}"


@dataclass
class Carried:
    """Prefill for the builder, what was left behind, and where each read cell landed."""

    data: dict[str, Any]
    not_carried: list[NotCarried] = field(default_factory=list)
    #: (sheet, cell) in the returned file -> (sheet, cell) in the new one.
    places: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)


def prefill_from(kit_data: KitData, spec: KitSpec) -> tuple[dict[str, Any], list[NotCarried]]:
    """The builder prefill for ``spec`` holding every value of ``kit_data`` it can, and the
    list of those it cannot (see the module's rules)."""
    carried = carry(kit_data, spec)
    return carried.data, carried.not_carried


def as_current_spec(spec: KitSpec) -> KitSpec:
    """A spec the builder of this version builds: a version 1 kit's spec gains the Playbook
    sheet and its status list from the default spec, everything else as it was."""
    if spec.has_table("playbook") and "playbook_status" in spec.lists:
        return spec
    from starterkit.spec import default_spec

    default = default_spec()
    sheets = spec.sheets
    if not spec.has_table("playbook"):
        sheets = dataclasses.replace(sheets, playbook=default.sheets.playbook)
    lists = dict(spec.lists)
    lists.setdefault("playbook_status", default.lists["playbook_status"])
    return dataclasses.replace(spec, sheets=sheets, lists=lists)


def carry(kit_data: KitData, spec: KitSpec) -> Carried:
    """``prefill_from`` with the cell map ``review`` needs to put notes where they belong."""
    spec = as_current_spec(spec)
    layout = plan(spec)
    unusable = _unusable_values(kit_data.data_findings)
    result = Carried(data={})
    _carry_charter(kit_data, spec, layout, unusable, result)
    _carry_decision(kit_data, spec, layout, unusable, result)
    for table_key in contract.TABLES:
        # A table the reader could not find leaves the spec's own rows, not an empty table.
        if table_key in kit_data.tables and table_key not in kit_data.unread:
            _carry_table(kit_data, spec, layout, table_key, result)
    return result


def _unusable_values(findings: list[DataFinding]) -> dict[tuple[str, str], str]:
    """Cells whose value the reader could not use, with the text it saw there."""
    return {
        (f.location.sheet, f.location.cell): f.value
        for f in findings
        if f.location is not None and f.location.cell and f.value is not None
    }


def _value_for(
    spec: KitSpec, column: FieldDef, value: Any, raw: Any, place: tuple[str, str] | None
) -> tuple[Any, str | None]:
    """The value to write for ``column``, or None with the reason it cannot be carried."""
    if value is None:
        if raw is None:
            return None, None
        # Unusable as typed: carried as typed, unless the new spec can read it now.
        typed, issue = coerce(spec, column, raw)
        if issue is None and not (column.type == "choice" and typed is None):
            return typed, None
        return Raw(raw), None
    if column.type == "choice":
        keys = {choice.key for choice in spec.lists.get(column.list or "", [])}
        if value not in keys:
            return None, f"the choice '{value}' is not in the list '{column.list}' of the new spec"
        return value, None
    typed, issue = coerce(spec, column, value)
    if issue is not None:
        return Raw(value), None
    if column.type in {"number", "percent"} and isinstance(value, int | float):
        return value, None  # exactly as read, never re-rounded
    return typed, None


def _carry_charter(kit_data, spec, layout: Layout, unusable, result: Carried) -> None:
    fields = {f.key: f for f in spec.charter_fields()}
    # Every field written, blank ones as blank (the spec's prefill must not come back over
    # a value the steward cleared), unless the reader could not find the field at all.
    charter: dict[str, Any] = {
        key: None for key in fields if f"charter.{key}" not in kit_data.unread
    }
    title = spec.sheets.charter.title
    for key, value in kit_data.charter.items():
        location = kit_data.charter_cells.get(key)
        place = (location.sheet, location.cell) if location and location.cell else None
        raw = unusable.get(place) if place else None
        if value is None and raw is None:
            if key in fields and place:
                result.places[place] = (title, xl_rowcol_to_cell(layout.charter_rows[key], 1))
            continue
        if key not in fields:
            result.not_carried.append(
                NotCarried(
                    location,
                    f"charter field '{key}'",
                    value if value is not None else raw,
                    "the new spec has no such charter field",
                )
            )
            continue
        carried, reason = _value_for(spec, fields[key], value, raw, place)
        if reason:
            result.not_carried.append(NotCarried(location, f"charter field '{key}'", value, reason))
            continue
        charter[key] = carried
        if place:
            result.places[place] = (title, xl_rowcol_to_cell(layout.charter_rows[key], 1))
    result.data["charter"] = charter


def _carry_decision(kit_data, spec, layout: Layout, unusable, result: Carried) -> None:
    location = kit_data.planner_decision_cell
    place = (location.sheet, location.cell) if location and location.cell else None
    decision = kit_data.planner_decision
    raw = unusable.get(place) if place else None
    milestones = layout.table("milestones")
    if place:
        new = xl_rowcol_to_cell(layout.decision_row, milestones.col("due"))
        result.places[place] = (milestones.sheet, new)
    if decision is None:
        result.data[PLANNER_DECISION] = Raw(raw) if raw is not None else None
        return
    keys = {choice.key for choice in spec.lists.get(PLANNER_DECISION, [])}
    if decision not in keys:
        result.not_carried.append(
            NotCarried(
                location, "the next-cycle decision", decision, "not a choice of the new spec"
            )
        )
        decision = None
    result.data[PLANNER_DECISION] = decision


def _carry_table(kit_data: KitData, spec: KitSpec, layout: Layout, table_key: str, result) -> None:
    rows = kit_data.rows(table_key)
    if not spec.has_table(table_key):
        return
    table = spec.table(table_key)
    columns = {c.key: c for c in table.columns}
    place = layout.table(table_key)
    name = contract.TABLES[table_key][0]
    unusable = _unusable_values(kit_data.data_findings)

    def lost(row: Row, key: str, value: Any, reason: str) -> None:
        if value is None:
            return
        result.not_carried.append(
            NotCarried(row.at(key), f"{name} row {row.number}, column '{key}'", value, reason)
        )

    def carried_row(row: Row) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, (cell, _) in row.places.items():
            value = row.values.get(key)
            raw = row.raw.get(key)
            column = columns.get(key)
            if column is None:
                if value is not None or raw is not None:
                    lost(
                        row, key, raw if value is None else value, "the new spec has no such column"
                    )
                continue
            if column.type == "formula":
                if raw is not None and (row.sheet, cell) in unusable:
                    lost(row, key, raw, "typed over a formula; the formula is rebuilt")
                continue
            if value is None and (row.sheet, cell) not in unusable:
                raw = None  # blank, or a value the reader chose not to use without a finding
            new, reason = _value_for(spec, column, value, raw, (row.sheet, cell))
            if reason:
                lost(row, key, value, reason)
            else:
                out[key] = new  # None too: a cell the steward cleared stays clear
        return out

    if table_key in MERGED_BY:
        merge_key = MERGED_BY[table_key]
        base = [r.get(merge_key) for r in getattr(spec.prefill, table_key)]
        given: list[dict[str, Any]] = []
        seen: set[Any] = set()
        for row in rows:
            out = carried_row(row)
            key = out.get(merge_key)
            if table_key == "metrics" and not (
                isinstance(key, int) and 1 <= key <= min(table.rows, contract.CYCLE_WEEKS)
            ):
                for column, value in out.items():
                    if column != "week":
                        lost(row, column, value, "its week is not one of the tracker's weeks")
                continue
            if key is not None and key in seen:
                for column, value in out.items():
                    if column != merge_key:
                        lost(row, column, value, f"a second row for '{key}'")
                continue
            seen.add(key)
            if table_key == "metrics":
                index = key - 1
            elif key in base:
                index = base.index(key)
            else:
                index = len(base) + sum(1 for g in given if g.get(merge_key) not in base)
            if table_key == "milestones" and index >= table.rows:
                for column, value in out.items():
                    lost(row, column, value, f"the new {name} table holds {table.rows} rows")
                continue
            given.append(out)
            _map_row(result, row, place, index)
        result.data[table_key] = given
        return

    capacity = table.rows
    used = [(row, carried_row(row)) for row in rows]
    keep_places = all(1 <= row.number <= capacity for row, _ in used)
    out_rows: list[dict[str, Any]] = []
    for position, (row, out) in enumerate(used):
        index = row.number - 1 if keep_places else position
        if index >= capacity:
            for column, value in out.items():
                lost(row, column, value, f"the new {name} table holds {capacity} rows")
            continue
        while len(out_rows) < index:
            out_rows.append({})
        out_rows.append(out)
        _map_row(result, row, place, index)
    if table_key in ROW_IDS:
        out_rows = with_row_ids(table_key, out_rows, capacity)
    result.data[table_key] = out_rows


def with_row_ids(table_key: str, rows: list[dict[str, Any]], capacity: int) -> list[dict]:
    """``rows`` padded to ``capacity``, every row with an id and no id twice (carried ids
    are kept; blank rows take the kit's id for their place, or the next one free)."""
    column, make_id = ROW_IDS[table_key]
    rows = [dict(row) for row in rows] + [{} for _ in range(capacity - len(rows))]
    taken = {row[column] for row in rows if row.get(column) is not None}
    counter = 0
    for index, row in enumerate(rows):
        if row.get(column) is not None:
            continue
        candidate = make_id(index)
        if candidate in taken:
            while make_id(counter) in taken:
                counter += 1
            candidate = make_id(counter)
        row[column] = candidate
        taken.add(candidate)
    return rows


def _map_row(result: Carried, row: Row, place, index: int) -> None:
    for key, (cell, _) in row.places.items():
        try:
            col = place.col(key)
        except KeyError:
            continue
        result.places[(row.sheet, cell)] = (
            place.sheet,
            xl_rowcol_to_cell(place.first_row + index, col),
        )
