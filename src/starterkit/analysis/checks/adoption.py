"""Adoption checks: whether what the network produces is used, and whether the metric moves."""

from __future__ import annotations

from collections.abc import Iterator

from starterkit.analysis.catalog import finding
from starterkit.analysis.cycle import CYCLE_WEEKS, Context, amount, day
from starterkit.findings import Finding, Location
from starterkit.kit import formula_values


def no_adoption_signal(ctx: Context) -> Iterator[Finding]:
    """From the given week: no pattern used, no team repeating a method."""
    if not ctx.from_week(ctx.thresholds.adoption_signal_week):
        return
    # The same sum as the Start Here check, so both give one verdict.
    total = formula_values.adoption_signal_total(
        [row.values for row in ctx.data.rows("metrics")],
        [row.values for row in ctx.data.rows("cases")],
    )
    if total > 0:
        return
    evidence: list[Location] = []
    latest = ctx.metrics.get(min(ctx.week or 1, CYCLE_WEEKS))
    if latest is not None:
        evidence += [latest.at("patterns_used_in_field"), latest.at("teams_repeating_methods")]
    evidence.append(Location(ctx.data.spec.sheets.cases.title))
    yield finding(
        "no-adoption-signal",
        f"Week {ctx.week} and no adoption signal: no pattern used in the field and no team "
        "repeating a method, in the Metrics Tracker or in Case Intake.",
        evidence,
    )


def higher_is_better(ctx: Context) -> bool | None:
    """The metric's direction from the charter, or from baseline and target when blank."""
    direction = ctx.charter.get("metric_direction")
    if direction in ("higher_is_better", "lower_is_better"):
        return direction == "higher_is_better"
    baseline, target = ctx.charter.get("baseline_value"), ctx.charter.get("target_value")
    if isinstance(baseline, int | float) and isinstance(target, int | float) and target != baseline:
        return target > baseline
    return None


def no_measurable_improvement(ctx: Context) -> Iterator[Finding]:
    """After week 12: the metric has not moved from baseline toward target."""
    if not ctx.after_week(CYCLE_WEEKS):
        return
    baseline = ctx.charter.get("baseline_value")
    higher = higher_is_better(ctx)
    # Without a baseline or a direction there is nothing to measure against;
    # charter-no-metric says so.
    if not isinstance(baseline, int | float) or higher is None:
        return
    name = ctx.charter.get("business_metric") or "the business metric"
    evidence = [ctx.data.charter_at("baseline_value")]
    week = ctx.latest_metric_week()
    if week is None:
        message = (
            f"The cycle ended on {day(ctx.end)} and no value of {name} was recorded in the "
            "Metrics Tracker."
        )
        evidence.append(Location(ctx.data.spec.sheets.metrics.title))
    else:
        latest = ctx.metrics[week].get("metric_value")
        if (latest > baseline) if higher else (latest < baseline):
            return
        target = ctx.charter.get("target_value")
        aim = f", target {amount(target)}" if isinstance(target, int | float) else ""
        message = (
            f"The cycle is over and {name} is {amount(latest)} in week {week} against a "
            f"baseline of {amount(baseline)}{aim} ({'higher' if higher else 'lower'} is better)."
        )
        evidence.append(ctx.metrics[week].at("metric_value"))
    yield finding("no-measurable-improvement", message, evidence)
