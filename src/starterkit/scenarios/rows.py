"""A network plan shown as its steward had filled it in: builder prefill data as of a cycle
week. Only what had happened by then is filled in, and planned sessions carry their dates;
each event moves to a working day without changing its week (see calendar).
"""

from __future__ import annotations

from typing import Any

from starterkit.kit.names import PLANNER_DECISION
from starterkit.scenarios.calendar import CycleCalendar, as_of_day
from starterkit.scenarios.network import (
    CYCLE_LAST_DAY,
    CYCLE_WEEKS,
    MILESTONE_WINDOW_START,
    NetworkPlan,
)
from starterkit.scenarios.playbook import playbook_rows


def render(plan: NetworkPlan, calendar: CycleCalendar, week: int) -> dict[str, Any]:
    """Builder prefill data: the plan as its steward had filled it in on the analysis date
    of cycle ``week``."""
    today = as_of_day(week)
    shown = _shown_sessions(plan, calendar, week)
    return {
        "charter": _charter(plan, calendar),
        PLANNER_DECISION: plan.decision
        if _milestone_done_day(plan, calendar, "decide_next", today) is not None
        else None,
        "roles": [person.row() for person in plan.people],
        "milestones": [_milestone_row(plan, calendar, key, week) for key in plan.milestones],
        "sessions": _session_rows(plan, calendar, shown, today),
        "cases": _case_rows(plan, calendar, shown, today),
        "playbook": playbook_rows(plan, calendar, shown, today, case_id),
        "metrics": [_metrics_row(plan, n) for n in range(1, min(week - 1, CYCLE_WEEKS) + 1)],
    }


def _charter(plan: NetworkPlan, calendar: CycleCalendar) -> dict[str, Any]:
    charter = dict(plan.charter)
    charter["cycle_start"] = calendar.start
    charter["session_day"] = calendar.session_weekday
    if charter.get("baseline_value") is not None:
        charter["baseline_date"] = calendar.working_day_before_start()
    if charter.get("target_value") is not None:
        charter["target_date"] = calendar.date(CYCLE_LAST_DAY)
    return charter


def _shown_sessions(plan: NetworkPlan, calendar: CycleCalendar, week: int) -> dict[int, int]:
    """Plan index -> cycle day of each session row the planner shows in ``week``."""
    shown = {}
    for index, session in enumerate(plan.sessions):
        shown_week = session.shown_week(week)
        if shown_week is not None:
            shown[index] = calendar.session_day(shown_week)
    return shown


def case_id(index: int) -> str:
    return f"C-{index + 1:03d}"


def _session_rows(
    plan: NetworkPlan, calendar: CycleCalendar, shown: dict[int, int], today: int
) -> list[dict[str, Any]]:
    rows = []
    for number, (index, day) in enumerate(sorted(shown.items(), key=lambda s: s[1]), start=1):
        session = plan.sessions[index]
        listed = [i for i in session.cases if plan.cases[i].day <= today]
        if session.showcase:
            applied = [
                i
                for i, case in enumerate(plan.cases)
                if case.applied_day is not None and calendar.working_day(case.applied_day) < day
            ]
            listed = [*applied, *listed]
        row: dict[str, Any] = {
            "session_no": number,
            "date": calendar.date(day),
            "format": session.format,
            "facilitator": session.facilitator.name,
            "cases": ", ".join(case_id(i) for i in listed) or None,
            "time_slot": session.slot,
        }
        if day <= today:
            row.update(
                attendees=session.attendees,
                members_with_problem=session.members_with_problem,
                slides_used="yes" if session.slides else "no",
                pattern=session.pattern,
                recap_published_on=calendar.date(calendar.recap_day(day, session.recap_next_day)),
                sponsor_present="yes" if session.sponsor_present else "no",
                notes=session.notes,
            )
        rows.append(row)
    return rows


def _case_rows(
    plan: NetworkPlan, calendar: CycleCalendar, shown: dict[int, int], today: int
) -> list[dict[str, Any]]:
    rows = []
    # Cases are planned in the order they arrive, so the ones in so far keep their ids.
    for case in plan.cases:
        if case.day > today:
            break
        session_day = shown.get(case.session) if case.session is not None else None
        discussed = session_day is not None and session_day <= today
        applied = case.applied_day is not None and case.applied_day <= today
        if case.parked_day is not None and case.parked_day <= today:
            status = "parked"
        elif applied:
            status = "applied_in_field"
        elif discussed:
            status = "pattern_extracted" if case.captured else "discussed"
        else:
            status = "scheduled" if session_day is not None else "new"
        captured = discussed and case.captured
        reused = case.reuse_day is not None and case.reuse_day <= today
        rows.append(
            {
                "submitted_on": calendar.working_date(case.day),
                "submitted_by": case.person.name,
                "team": case.person.team,
                "region": case.person.region,
                "problem": case.story.problem,
                "linked_metric": "yes" if case.linked_metric else "no",
                "priority": case.priority,
                "recurring": "yes" if case.recurring else "no",
                "status": status,
                "session_date": calendar.date(session_day) if session_day is not None else None,
                "pattern": case.story.pattern if captured else None,
                "applies_next": case.story.applies_next if captured else None,
                "solved_on": calendar.working_date(case.applied_day) if applied else None,
                "teams_applied": case.teams_applied if reused else None,
            }
        )
    return rows


def _metrics_row(plan: NetworkPlan, week: int) -> dict[str, Any]:
    """One completed week of the tracker; the adoption columns are running totals."""
    week_end = 7 * week - 1
    figures = plan.weeks[week - 1]
    attendance = sum(
        s.attendees for s in plan.sessions if s.week == week and s.shown_week(week) is not None
    )
    row: dict[str, Any] = {
        "week": week,
        "active_members": figures.active_members,
        "attendance": attendance or None,
        "patterns_used_in_field": sum(
            1 for c in plan.cases if c.applied_day is not None and c.applied_day <= week_end
        ),
        "teams_repeating_methods": sum(
            c.teams_applied or 0
            for c in plan.cases
            if c.reuse_day is not None and c.reuse_day <= week_end
        ),
        "sponsor_touchpoints": figures.sponsor_touchpoints,
    }
    if figures.pulse is not None:
        row["pulse_score"] = figures.pulse
    if figures.metric_value is not None:
        row["metric_value"] = figures.metric_value
    return row


def _milestone_done_day(
    plan: NetworkPlan, calendar: CycleCalendar, key: str, today: int
) -> int | None:
    """The cycle day a milestone was done on, if that day has come."""
    milestone = plan.milestones[key]
    if milestone.done_at_session is not None:
        day = calendar.session_day(plan.sessions[milestone.done_at_session].week)
    elif milestone.done_day is not None:
        day = calendar.working_day(milestone.done_day)
    else:
        return None
    return day if day <= today else None


def _milestone_row(
    plan: NetworkPlan, calendar: CycleCalendar, key: str, week: int
) -> dict[str, Any]:
    milestone = plan.milestones[key]
    done_day = _milestone_done_day(plan, calendar, key, as_of_day(week))
    if done_day is not None:
        status = "done"
    elif milestone.skipped_week is not None and week >= milestone.skipped_week:
        status = "skipped"
    elif week >= MILESTONE_WINDOW_START[key]:
        status = "in_progress"
    else:
        status = "not_started"
    note_shows = (
        week >= milestone.note_week
        if milestone.note_week is not None
        else status in ("done", "skipped")
    )
    return {
        "milestone": key,
        "owner": milestone.owner,
        "status": status,
        "done_on": calendar.date(done_day) if done_day is not None else None,
        "notes": milestone.note if note_shows else None,
    }
