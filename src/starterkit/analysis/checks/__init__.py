"""The red-flag checks, one module per family; each check yields findings for one flag."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from starterkit.analysis.catalog import BY_ID, NEEDS
from starterkit.analysis.checks import adoption, charter, planner, roles, sessions
from starterkit.analysis.cycle import Context
from starterkit.findings import DataFinding, Finding
from starterkit.kit import contract
from starterkit.kit.names import PLANNER_DECISION
from starterkit.reader.findings import cannot_judge

Check = Callable[[Context], Iterator[Finding]]

#: Every network check, in catalog order.
CHECKS: tuple[Check, ...] = (
    charter.charter_purpose_vague,
    charter.charter_no_metric,
    charter.charter_cadence_flexible,
    roles.roles_by_availability,
    roles.ownership_gap,
    roles.raci_accountability,
    roles.sponsor_passive,
    roles.steward_bottleneck,
    roles.facilitator_not_rotating,
    charter.leadership_heavy,
    charter.volunteer_membership,
    sessions.presentation_theater,
    sessions.session_no_pattern,
    sessions.session_no_case,
    sessions.recap_late,
    sessions.region_excluded,
    planner.no_baseline_pulse,
    planner.cases_weak,
    sessions.cadence_drift,
    planner.no_playbook,
    planner.demo_day_skipped,
    planner.no_next_decision,
    adoption.no_adoption_signal,
    adoption.no_measurable_improvement,
)


def run_checks(ctx: Context) -> list[Finding]:
    """Every finding of every check whose inputs were read: all problems are collected, not
    just the first."""
    skipped = set(not_judged(ctx))
    return [found for check in CHECKS for found in check(ctx) if found.id not in skipped]


def not_judged(ctx: Context) -> dict[str, tuple[str, ...]]:
    """Flag id -> the inputs it needs that the reader could not find."""
    unread = ctx.data.unread
    if not unread:
        return {}
    missing: dict[str, tuple[str, ...]] = {}
    for flag_id, needs in NEEDS.items():
        lost = tuple(n for n in needs if n in unread or n.split(".")[0] in unread)
        if lost:
            missing[flag_id] = lost
    return missing


def unjudged(ctx: Context) -> list[DataFinding]:
    """One "cannot judge" data finding per input not read, naming the flags it left unjudged."""
    stopped: dict[str, list[str]] = {}
    for flag_id, lost in not_judged(ctx).items():
        for need in lost:
            stopped.setdefault(_input_name(ctx, need), []).append(flag_id)
    return [
        cannot_judge(name, [f"{BY_ID[flag_id].title} ({flag_id})" for flag_id in flag_ids])
        for name, flag_ids in stopped.items()
    ]


def _input_name(ctx: Context, need: str) -> str:
    """An input as the steward sees it: the field's label, the table's title and column."""
    spec = ctx.data.spec
    if need == PLANNER_DECISION:
        return f"the decision ({spec.sheets.planner.decision_label})"
    head, _, column = need.partition(".")
    if head == "charter":
        labels = {f.key: f.label for f in spec.charter_fields()}
        return f"Charter: {labels.get(column, column)}"
    table = spec.table(head)
    if head in ctx.data.unread or not column:
        return f"the {contract.TABLES[head][0]} table"
    labels = {c.key: c.label for c in table.columns}
    return f"{contract.TABLES[head][0]}: {labels.get(column, column)}"
