"""The Start Here health check, computed with the same functions the workbook formulas mirror.

The kit data holds choice keys where the sheet holds labels; calc compares text without
regard to case, so the keys stand in for the labels. A cell the reader could not use is
None in the kit data but not blank on the sheet, so it counts as filled here too.
"""

from __future__ import annotations

from typing import Any

from starterkit.analysis.cycle import Context
from starterkit.kit import contract, formula_values

#: Cadence keys standing in for their labels.
CADENCE_KEYS = {key: key for key in contract.CADENCE_DAYS}


def charter_as_sheet(ctx: Context) -> dict[str, Any]:
    """Charter values with unreadable cells filled back in with what the steward typed."""
    unreadable = {
        (f.location.sheet, f.location.cell): f.value
        for f in ctx.data.data_findings
        if f.location is not None and f.location.cell
    }
    charter = dict(ctx.charter)
    for key, where in ctx.data.charter_cells.items():
        cell = (where.sheet, where.cell)
        if charter.get(key) is None and cell in unreadable:
            charter[key] = unreadable[cell] or "?"
    return charter


def health(ctx: Context) -> dict[str, str]:
    """Verdict of each Start Here check: ok · warning · red_flag · not_yet."""
    spec = ctx.data.spec
    charter = charter_as_sheet(ctx)
    start = charter.get("cycle_start")
    required = [f.key for f in spec.charter_fields() if f.required]
    metrics = [row.values for row in ctx.data.rows("metrics")]
    cases = [row.values for row in ctx.data.rows("cases")]
    return {
        "charter_complete": formula_values.charter_complete(charter, required),
        "cadence_set": formula_values.cadence_set(charter.get("cadence"), "flexible", start),
        "business_metric": formula_values.business_metric(charter),
        "raci_accountable": formula_values.raci_accountable(
            [row.values for row in ctx.data.rows("raci")], "A", "R"
        ),
        "sessions_on_plan": formula_values.sessions_on_plan(
            [row.get("date") for row in ctx.data.rows("sessions")],
            start,
            charter.get("cadence"),
            CADENCE_KEYS,
            ctx.as_of,
        ),
        "demo_day_done": formula_values.demo_day_done(
            [row.values for row in ctx.data.rows("milestones")],
            start,
            ctx.as_of,
            "done",
            "skipped",
        ),
        "adoption_signal": formula_values.adoption_signal(
            metrics, cases, start, ctx.as_of, spec.thresholds.adoption_signal_week
        ),
    }
