"""``next``: the next 90-day cycle's kit for the same network, from a returned one.

Kept: the network id, the charter (with a new baseline: the latest business metric value
measured, dated by its week), roles and RACI, the open cases with their ids and dates, and
the Playbook. Reset: milestones, sessions, weekly metrics and the decision. The kit gets a
new kit id and points back at the returned one. The decision recorded in weeks 9–12 rules:
``pause`` stops here unless forced; ``redesign`` marks the purpose, the metric and the
cadence for review on Start Here; a blank decision is a warning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from starterkit.builder.layout import plan
from starterkit.builder.sheets.review import CellNote, Extras, ReviewLine
from starterkit.errors import LoopError, NetworkPaused
from starterkit.kit import contract
from starterkit.kit.names import PLANNER_DECISION
from starterkit.loop.carry import NotCarried, as_current_spec, carry, with_row_ids
from starterkit.loop.review import fitted_spec, not_carried_lines
from starterkit.reader.kit_data import KitData
from starterkit.spec.model import KitSpec

#: Case statuses still open at the end of a cycle (a case typed in with no status yet too).
OPEN_CASES = ("new", "scheduled", "discussed", None)
#: Tables the next cycle starts afresh (the spec's own rows).
RESET = ("milestones", "sessions", "metrics")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: What a redesign puts up for review, in the charter.
REDESIGN_FIELDS = ("purpose", "business_metric", "cadence")


@dataclass(frozen=True)
class NextKit:
    content: bytes
    cycle_number: int
    cycle_start: dt.date
    baseline: tuple[Any, dt.date] | None
    target_reached: bool
    decision: str | None
    warnings: list[str] = field(default_factory=list)
    not_carried: list[NotCarried] = field(default_factory=list)
    open_cases: int = 0


def next_start(cycle_start: dt.date, session_day: str | None) -> dt.date:
    """The first session day after the cycle that began on ``cycle_start`` ends (the day
    after it ends when no session day is set)."""
    day = cycle_start + dt.timedelta(days=contract.CYCLE_WEEKS * 7)
    if session_day in WEEKDAYS:
        day += dt.timedelta(days=(WEEKDAYS.index(session_day) - day.weekday()) % 7)
    return day


def latest_metric(kit_data: KitData) -> tuple[Any, int] | None:
    """The latest measured business metric value and its week."""
    measured = [
        (row.values["week"], row.values["metric_value"])
        for row in kit_data.rows("metrics")
        if isinstance(row.values.get("week"), int) and row.values.get("metric_value") is not None
    ]
    if not measured:
        return None
    week, value = max(measured, key=lambda item: item[0])
    return value, week


def reached(value: Any, target: Any, direction: Any) -> bool:
    if not isinstance(value, int | float) or not isinstance(target, int | float):
        return False
    return value <= target if direction == "lower_is_better" else value >= target


def next_kit(
    kit_data: KitData,
    *,
    start: dt.date | None = None,
    spec: KitSpec | None = None,
    force: bool = False,
    build_time: dt.datetime | None = None,
) -> NextKit:
    from starterkit.builder import build

    source = kit_data.source
    decision = kit_data.planner_decision
    decision_at = kit_data.planner_decision_cell
    where = f" ({decision_at.ref})" if decision_at else ""
    if decision == "pause" and not force:
        raise NetworkPaused(
            f"{source}{where}: the recorded decision is to pause the network, so no next "
            "cycle was built — change the decision, or give --force to build it anyway"
        )
    warnings = []
    if decision is None:
        warnings.append(
            f"{source}{where}: no decision recorded for the next cycle (continue, pause or "
            "redesign); the next kit was built as if to continue — record it in the planner"
        )
    old_start = kit_data.charter.get("cycle_start")
    if start is None:
        if old_start is None:
            at = kit_data.charter_cells.get("cycle_start")
            raise LoopError(
                f"{source}{f' ({at.ref})' if at else ''}: the charter has no cycle start, so "
                "the next cycle's start is unknown — give --start YYYY-MM-DD"
            )
        start = next_start(old_start, kit_data.charter.get("session_day"))

    new_spec = fitted_spec(kit_data, as_current_spec(spec or kit_data.spec))
    carried = carry(kit_data, new_spec)
    data = carried.data
    charter = data["charter"]
    number = kit_data.charter.get("cycle_number")
    cycle_number = (number if isinstance(number, int) and number > 0 else 1) + 1
    charter["cycle_start"] = start
    charter["cycle_number"] = cycle_number

    layout = plan(new_spec)
    charter_title = new_spec.sheets.charter.title

    def charter_cell(key: str) -> str:
        return xl_rowcol_to_cell(layout.charter_rows[key], 1)

    labels = {f.key: f.label for f in new_spec.charter_fields()}
    notes: list[CellNote] = []
    items: list[ReviewLine] = []

    def mark(key: str, text: str) -> None:
        cell = charter_cell(key)
        notes.append(CellNote(charter_title, cell, text))
        items.append(
            ReviewLine(
                "", labels.get(key, key), text, "", charter_title, cell, f"{charter_title}!{cell}"
            )
        )

    latest = latest_metric(kit_data)
    baseline = None
    target_reached = False
    if latest is not None and "baseline_value" in labels:
        value, week = latest
        date = old_start + dt.timedelta(days=7 * (week - 1)) if old_start else None
        charter["baseline_value"] = value
        if date is not None:
            charter["baseline_date"] = date
        baseline = (value, date)
        target = kit_data.charter.get("target_value")
        if reached(value, target, kit_data.charter.get("metric_direction")):
            target_reached = True
            mark(
                "target_value",
                f"The target ({target}) was reached in week {week} of cycle "
                f"{cycle_number - 1} ({value}). Agree a new target with the sponsor.",
            )
    if decision == "redesign":
        for key in REDESIGN_FIELDS:
            if key in labels:
                mark(
                    key,
                    f"The network decided to redesign: look at the {labels[key].lower()} "
                    "again before the first session.",
                )

    for key in RESET:
        data.pop(key, None)
    data[PLANNER_DECISION] = None
    cases = [
        row
        for row in data.get("cases", [])
        if set(row) - {"case_id"}
        and any(v is not None for k, v in row.items() if k != "case_id")
        and row.get("status") in OPEN_CASES
    ]
    if "cases" in data:
        data["cases"] = with_row_ids("cases", cases, new_spec.table("cases").rows)
    for key in ("roles", "raci", "playbook"):
        if key in data:
            rows = [row for row in data[key] if any(v is not None for v in row.values())]
            if key == "playbook":
                rows = with_row_ids(
                    key,
                    [
                        r
                        for r in rows
                        if set(r) - {"pattern_id"}
                        and any(v is not None for k, v in r.items() if k != "pattern_id")
                    ],
                    new_spec.table(key).rows,
                )
            data[key] = rows

    reset_names = {contract.TABLES[key][0] for key in RESET}
    not_carried = [
        item
        for item in carried.not_carried
        if not (item.location and item.location.table in reset_names)
        and "next-cycle decision" not in item.what
    ]
    extras = Extras(notes=notes, for_review=items, not_carried=not_carried_lines(not_carried))
    content = build(
        new_spec,
        data,
        build_time=build_time,
        network_id=kit_data.metadata.network_id,
        previous_kit_id=kit_data.metadata.kit_id,
        data_name=source,
        extras=extras,
    )
    return NextKit(
        content,
        cycle_number,
        start,
        baseline,
        target_reached,
        decision,
        warnings,
        not_carried,
        len(cases),
    )
