"""90-day rhythm checks: the milestones and decisions each phase of the cycle must produce."""

from __future__ import annotations

from collections.abc import Iterator

from starterkit.analysis.catalog import finding
from starterkit.analysis.cycle import (
    CYCLE_WEEKS,
    LAUNCH_END_WEEK,
    SESSIONS_END_WEEK,
    Context,
    day,
    has_text,
    one_line,
)
from starterkit.findings import Finding, Location


def state(ctx: Context, key: str) -> str:
    """A milestone's status in words, or that its row is gone."""
    if key not in ctx.milestones:
        return "missing from the planner"
    status = ctx.milestone_status(key)
    return status.replace("_", " ") if status else "without a status"


def milestone_cell(ctx: Context, key: str) -> Location:
    row = ctx.milestones.get(key)
    return row.at("status") if row else Location(ctx.data.spec.sheets.planner.title)


def milestone_title(ctx: Context, key: str) -> str:
    """The milestone's title in quotes, in the spec's own words."""
    row = ctx.milestones.get(key)
    title = row.get("title") if row else None
    name = one_line(title) if has_text(title) else key.replace("_", " ")
    return f'"{name}"'


def no_baseline_pulse(ctx: Context) -> Iterator[Finding]:
    """After week 3: no baseline pulse milestone done and no pulse in weeks 1–3."""
    if not ctx.after_week(LAUNCH_END_WEEK) or ctx.milestone_status("baseline_pulse") == "done":
        return
    launch = [ctx.metrics[w] for w in range(1, LAUNCH_END_WEEK + 1) if w in ctx.metrics]
    if any(row.get("pulse_score") is not None for row in launch):
        return
    yield finding(
        "no-baseline-pulse",
        f"Week {ctx.week} and no baseline pulse: the milestone "
        f"{milestone_title(ctx, 'baseline_pulse')} is {state(ctx, 'baseline_pulse')} and no "
        f"pulse score was recorded in weeks 1–{LAUNCH_END_WEEK}.",
        [milestone_cell(ctx, "baseline_pulse"), *(row.at("pulse_score") for row in launch)],
    )


def cases_weak(ctx: Context) -> Iterator[Finding]:
    """After the given week: fewer cases submitted than the minimum."""
    t = ctx.thresholds
    if not ctx.after_week(t.cases_week):
        return
    cases = ctx.cases_submitted
    if len(cases) >= t.cases_min:
        return
    evidence = [row.at("submitted_on") for row in cases] or [
        Location(ctx.data.spec.sheets.cases.title)
    ]
    count = f"Only {len(cases)} {'case' if len(cases) == 1 else 'cases'}" if cases else "No case"
    yield finding(
        "cases-weak",
        f"{count} submitted by "
        f"{day(ctx.as_of)} (week {ctx.week}); at least {t.cases_min} were due by the end of "
        f"week {t.cases_week}.",
        evidence,
    )


def no_playbook(ctx: Context) -> Iterator[Finding]:
    """After week 8: playbook v0.1 not done."""
    status = ctx.milestone_status("playbook_v01")
    if ctx.after_week(SESSIONS_END_WEEK) and status != "done":
        yield finding(
            "no-playbook",
            f"Week {ctx.week} and the milestone {milestone_title(ctx, 'playbook_v01')} is "
            f"{state(ctx, 'playbook_v01')}; it belongs to weeks 4–{SESSIONS_END_WEEK}.",
            [milestone_cell(ctx, "playbook_v01")],
        )


def demo_day_skipped(ctx: Context) -> Iterator[Finding]:
    """Demo Day marked skipped, or not done once week 12 is over."""
    status = ctx.milestone_status("demo_day")
    if status == "skipped":
        message = f"The milestone {milestone_title(ctx, 'demo_day')} is marked skipped."
    elif ctx.after_week(CYCLE_WEEKS) and status != "done":
        message = (
            f"The cycle ended on {day(ctx.end)} and the milestone "
            f"{milestone_title(ctx, 'demo_day')} is {state(ctx, 'demo_day')}."
        )
    else:
        return
    yield finding("demo-day-skipped", message, [milestone_cell(ctx, "demo_day")])


def no_next_decision(ctx: Context) -> Iterator[Finding]:
    """After week 12: next-cycle milestones not done or no decision recorded."""
    if not ctx.after_week(CYCLE_WEEKS):
        return
    missing, evidence = [], []
    for key in ("decide_next", "lock_next_goals"):
        if ctx.milestone_status(key) != "done":
            missing.append(f"the milestone {milestone_title(ctx, key)} is {state(ctx, key)}")
            evidence.append(milestone_cell(ctx, key))
    if ctx.data.planner_decision is None:
        missing.append("no decision (continue, pause or redesign) is recorded")
        evidence.append(
            ctx.data.planner_decision_cell or Location(ctx.data.spec.sheets.planner.title)
        )
    if missing:
        yield finding(
            "no-next-decision",
            f"The cycle ended on {day(ctx.end)}, but {'; '.join(missing)}.",
            evidence,
        )
