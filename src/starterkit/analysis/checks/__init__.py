"""The red-flag checks, one module per family; each check yields findings for one flag."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from starterkit.analysis.checks import adoption, charter, planner, roles, sessions
from starterkit.analysis.cycle import Context
from starterkit.findings import Finding

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
    """Every finding of every check: all problems are collected, not just the first."""
    return [found for check in CHECKS for found in check(ctx)]
