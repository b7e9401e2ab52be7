"""The adoption report's sections: cycle position, milestones, weekly signals, sessions,
case funnel, business metric and pulse. Computed columns are recomputed with calc."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from starterkit.analysis.cycle import (
    CYCLE_WEEKS,
    Context,
    case_references,
    has_text,
    one_line,
    phase_of,
)
from starterkit.kit import contract, formula_values
from starterkit.report import (
    BusinessMetric,
    CaseFunnel,
    CaseRecord,
    CyclePosition,
    Milestones,
    MilestoneStatus,
    Pulse,
    SessionRecord,
    Sessions,
    Signal,
    WeeklySignals,
)

#: The three headline adoption signals and whether a rise is good news.
SIGNALS = (
    ("patterns_used_in_field", True),
    ("median_days_to_solve", False),
    ("teams_repeating_methods", True),
)
DISCUSSED = ("discussed", "pattern_extracted", "applied_in_field")
WITH_PATTERN = ("pattern_extracted", "applied_in_field")


def number(value: Any) -> float | None:
    """A numeric cell, or None for blanks and anything else."""
    if isinstance(value, bool) or not isinstance(value, formula_values.NUMBER_TYPES):
        return None
    return value


def text(value: Any) -> str | None:
    """A text cell as typed (trimmed), or None when blank (see ``has_text``)."""
    if value is None:
        return None
    # Trimmed once, where has_text and then the answer would each trim it.
    return str(value).strip() or None


#: A yes/no choice key as a bool.
YES_NO = {"yes": True, "no": False}


def yes_no(value: Any) -> bool | None:
    return YES_NO.get(value)


def date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def from_serial(value: Any) -> dt.date | None:
    """A calc result that is a date serial number, as a date ("" stays None)."""
    if isinstance(value, formula_values.NUMBER_TYPES):
        return formula_values.EXCEL_EPOCH + dt.timedelta(days=int(value))
    return None


def cycle_position(ctx: Context) -> CyclePosition:
    given = ctx.charter.get("cycle_number")
    # A blank cycle number counts as the network's first cycle.
    cycle_number = int(given) if isinstance(given, int | float) and given >= 1 else 1
    return CyclePosition(
        start=ctx.start,
        end=ctx.end,
        week=ctx.week,
        phase=phase_of(ctx.week),
        cycle_number=cycle_number,
        start_cell=ctx.data.charter_at("cycle_start"),
    )


def milestones(ctx: Context) -> Milestones:
    rows = ctx.data.rows("milestones")
    windows = [formula_values.text(row.get("window")) for row in rows]
    # Milestones share a few windows (1–3, 4–8, 9–12), so each window's due date is worked
    # out once; the Due formula reads the window as text, so its text gives the same date.
    due_by_window: dict[str, dt.date | None] = {}
    if ctx.start:
        for window in set(windows):
            due_by_window[window] = from_serial(formula_values.milestone_due(ctx.start, window))
    items = []
    for row, window in zip(rows, windows, strict=True):
        due = due_by_window.get(window)
        status = row.get("status")
        done_on = row.get("done_on")
        items.append(
            MilestoneStatus(
                milestone=str(row.get("milestone", "")).strip(),
                title=str(row.get("title", "")).strip(),
                window=window,
                due=due,
                status=status,
                done_on=done_on if isinstance(done_on, dt.date) else None,
                overdue=status not in ("done", "skipped") and due is not None and due < ctx.as_of,
                location=row.at("status"),
            )
        )
    done = sum(1 for item in items if item.status == "done")
    return Milestones(done=done, total=len(items), items=tuple(items))


def weeks(ctx: Context) -> tuple[WeeklySignals, ...]:
    """The twelve Metrics rows with their computed columns worked out again."""
    cases = [row.values for row in ctx.data.rows("cases")]
    submitted_days = [case.get("submitted_on") for case in cases]
    days_to_solve = [
        formula_values.days_between(c.get("submitted_on"), c.get("solved_on")) for c in cases
    ]
    sessions = ctx.data.rows("sessions")
    session_days = [row.get("date") for row in sessions]
    # Only held sessions count: a pattern cannot come from a session still to come.
    captured = [
        has_text(row.get("pattern"))
        and isinstance(row.get("date"), dt.date)
        and row.get("date") <= ctx.as_of
        for row in sessions
    ]
    # Each computed column is worked out for the twelve weeks at once, so every day cell is
    # converted once rather than once a week.
    week_numbers = range(1, CYCLE_WEEKS + 1)
    starts = [ctx.week_start(week) for week in week_numbers]
    if ctx.start is None:
        cases_submitted = patterns_captured = medians = [None] * CYCLE_WEEKS
    else:
        cases_submitted = formula_values.count_by_week(starts, submitted_days)
        patterns_captured = formula_values.count_by_week(starts, session_days, captured)
        medians = [
            None if found == "" else float(found)
            for found in formula_values.median_days_to_solve_by_week(
                starts, ctx.as_of, cases, days_to_solve, "yes"
            )
        ]
    result = []
    for week, start, submitted_count, captured_count, median in zip(
        week_numbers, starts, cases_submitted, patterns_captured, medians, strict=True
    ):
        row = ctx.metrics.get(week)
        values = row.values if row else {}
        result.append(
            WeeklySignals(
                week=week,
                week_start=start,
                active_members=number(values.get("active_members")),
                attendance=number(values.get("attendance")),
                cases_submitted=submitted_count,
                patterns_captured=captured_count,
                patterns_used_in_field=number(values.get("patterns_used_in_field")),
                median_days_to_solve=median,
                teams_repeating_methods=number(values.get("teams_repeating_methods")),
                sponsor_touchpoints=number(values.get("sponsor_touchpoints")),
                pulse_score=number(values.get("pulse_score")),
                metric_value=number(values.get("metric_value")),
            )
        )
    return tuple(result)


def trend(values: list[float]) -> str:
    """Where the first filled week of the cycle and the latest one stand to each other: a
    signal that went from 0 to 2 is up, however flat its last two weeks."""
    if len(values) < 2:
        return "none"
    first, last = values[0], values[-1]
    return "up" if last > first else "down" if last < first else "flat"


def signals(ctx: Context, weekly: tuple[WeeklySignals, ...]) -> tuple[Signal, ...]:
    labels = {column.key: column.label for column in ctx.data.spec.table("metrics").columns}
    result = []
    for key, higher in SIGNALS:
        recorded = [(w.week, getattr(w, key)) for w in weekly if getattr(w, key) is not None]
        latest_week, latest = recorded[-1] if recorded else (None, None)
        result.append(
            Signal(
                key=key,
                label=labels.get(key, key.replace("_", " ")),
                latest=latest,
                latest_week=latest_week,
                trend=trend([value for _, value in recorded]),
                higher_is_better=higher,
                first_week=recorded[0][0] if recorded else None,
            )
        )
    return tuple(result)


def recap_due(ctx: Context, row: Any) -> bool:
    """The recap is published, or the day it was due has passed."""
    return isinstance(row.get("recap_published_on"), dt.date) or (
        (ctx.as_of - row.get("date")).days > ctx.thresholds.recap_days
    )


def recap_on_time(ctx: Context, row: Any) -> bool:
    recap = row.get("recap_published_on")
    return (
        isinstance(recap, dt.date) and (recap - row.get("date")).days <= ctx.thresholds.recap_days
    )


def sessions(ctx: Context, weekly: tuple[WeeklySignals, ...]) -> Sessions:
    held = ctx.held
    expected = None
    if ctx.start is not None:
        every = contract.CADENCE_DAYS.get(
            ctx.charter.get("cadence"), contract.CADENCE_DAYS["flexible"]
        )
        expected = max(0, formula_values.sessions_expected(ctx.start, ctx.as_of, every))
    attendees = [a for row in held if (a := number(row.get("attendees"))) is not None]
    due = [row for row in held if recap_due(ctx, row)]
    return Sessions(
        held=len(held),
        planned=len(ctx.planned),
        expected=expected,
        attendance_by_week=tuple(
            (w.week, w.attendance) for w in weekly if w.attendance is not None
        ),
        # statistics.fmean's own definition, without importing statistics at start-up
        average_attendance=math.fsum(attendees) / len(attendees) if attendees else None,
        with_pattern_share=(
            sum(1 for row in held if has_text(row.get("pattern"))) / len(held) if held else None
        ),
        recap_on_time_share=(
            sum(1 for row in due if recap_on_time(ctx, row)) / len(due) if due else None
        ),
        sponsor_present=sum(1 for row in held if row.get("sponsor_present") == "yes"),
        items=session_records(ctx),
    )


def session_records(ctx: Context) -> tuple[SessionRecord, ...]:
    """Every dated session, held and planned, earliest first."""
    records = []
    for row in (*ctx.held, *ctx.planned):
        day = row.get("date")
        held = day <= ctx.as_of
        records.append(
            SessionRecord(
                session_no=int(no) if (no := number(row.get("session_no"))) is not None else None,
                date=day,
                week=(day - ctx.start).days // 7 + 1 if ctx.start else None,
                held=held,
                format=row.get("format"),
                facilitator=text(row.get("facilitator")),
                case_ids=case_references(row.get("cases")),
                time_slot=text(row.get("time_slot")),
                attendees=number(row.get("attendees")),
                members_with_problem=number(row.get("members_with_problem")),
                slides_used=yes_no(row.get("slides_used")),
                pattern=text(row.get("pattern")),
                recap_published_on=date(row.get("recap_published_on")),
                recap_on_time=recap_on_time(ctx, row) if held and recap_due(ctx, row) else None,
                sponsor_present=yes_no(row.get("sponsor_present")),
                location=row.at("session_no"),
            )
        )
    return tuple(records)


def case_funnel(ctx: Context) -> CaseFunnel:
    """Each stage counts the cases that reached it: an applied case was also discussed."""
    statuses = [row.get("status") for row in ctx.cases_submitted]
    return CaseFunnel(
        submitted=len(statuses),
        discussed=sum(1 for s in statuses if s in DISCUSSED),
        pattern=sum(1 for s in statuses if s in WITH_PATTERN),
        applied=sum(1 for s in statuses if s == "applied_in_field"),
        parked=sum(1 for s in statuses if s == "parked"),
        items=tuple(case_record(row) for row in ctx.cases_submitted),
    )


def case_record(row: Any) -> CaseRecord:
    submitted, solved = date(row.get("submitted_on")), date(row.get("solved_on"))
    return CaseRecord(
        case_id=text(row.get("case_id")),
        submitted_on=submitted,
        submitted_by=text(row.get("submitted_by")),
        team=text(row.get("team")),
        region=text(row.get("region")),
        problem=text(row.get("problem")),
        linked_metric=yes_no(row.get("linked_metric")),
        priority=row.get("priority"),
        recurring=yes_no(row.get("recurring")),
        status=row.get("status"),
        session_date=date(row.get("session_date")),
        pattern=text(row.get("pattern")),
        applies_next=text(row.get("applies_next")),
        solved_on=solved,
        days_to_solve=(solved - submitted).days if submitted and solved else None,
        teams_applied=number(row.get("teams_applied")),
        location=row.at("case_id"),
    )


def business_metric(ctx: Context) -> BusinessMetric:
    charter = ctx.charter
    baseline, target = number(charter.get("baseline_value")), number(charter.get("target_value"))
    latest_week = ctx.latest_metric_week()
    latest = number(ctx.metrics[latest_week].get("metric_value")) if latest_week else None
    progress = None
    if latest is not None and baseline is not None and target is not None and target != baseline:
        progress = (latest - baseline) / (target - baseline)
    status = None
    if latest_week is not None and ctx.start is not None:
        labels = {key: key for key in contract.LIST_KEYS["metric_status"]}
        found = formula_values.metric_status(
            latest,
            ctx.week_start(latest_week),
            charter,
            ctx.thresholds.metric_watch_margin,
            labels,
        )
        status = found or None
    name, unit = charter.get("business_metric"), charter.get("metric_unit")
    return BusinessMetric(
        name=one_line(name) if has_text(name) else None,
        unit=one_line(unit) if has_text(unit) else None,
        direction=charter.get("metric_direction"),
        baseline=baseline,
        latest=latest,
        latest_week=latest_week,
        target=target,
        progress_share=progress,
        status=status,
    )


def pulse(weekly: tuple[WeeklySignals, ...]) -> Pulse:
    taken = [(w.week, w.pulse_score) for w in weekly if w.pulse_score is not None]
    if not taken:
        return Pulse(baseline=None, baseline_week=None, latest=None, latest_week=None)
    (first_week, first), (last_week, last) = taken[0], taken[-1]
    return Pulse(baseline=first, baseline_week=first_week, latest=last, latest_week=last_week)
