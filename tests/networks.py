"""A healthy network at any week of its cycle, and the round trip build → read → analyze.

``healthy_network(week)`` is prefill data for a network that raises no flag as of
``AS_OF``, which falls on the third day of ``week``. Flag tests change one thing in it.
Sessions run every two weeks from the first day of week 4; cases, metrics, milestones and
recaps only appear once their day has come.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from starterkit.analysis import analyze
from starterkit.builder import build
from starterkit.reader import read_workbook
from starterkit.report import NetworkReport
from starterkit.spec import KitSpec, default_spec
from starterkit.spec.model import as_json_data

from dates import NETWORK_DAY
from kitdata import northwind_charter

ROOT = Path(__file__).resolve().parents[1]
AS_OF = NETWORK_DAY

STEWARD = "Ravi Menon"
SPONSOR = "Dana Whitfield"

#: Day of the cycle (0 = cycle start) of each session, its slot, facilitator and format.
SESSIONS = (
    (21, "EMEA", "Ana Souza", "problem_solving_jam"),
    (35, "AMER", "Kofi Mensah", "office_hours"),
    (49, "APAC", "Ana Souza", "show_and_tell"),
    (63, "EMEA", "Kofi Mensah", "problem_solving_jam"),
    (77, "AMER", "Ana Souza", "demo_day"),
)
#: Day submitted, who, team, region, status, teams that reused the method.
CASES = (
    (3, "Ana Souza", "Depot North", "AMER", "applied_in_field", 2),
    (5, "Tom Reid", "Depot South", "EMEA", "pattern_extracted", None),
    (10, "Kim Lo", "Depot East", "APAC", "discussed", None),
    (16, "Kofi Mensah", "Depot West", "EMEA", "applied_in_field", 1),
    (30, "Tom Reid", "Depot South", "EMEA", "scheduled", None),
    (44, "Kim Lo", "Depot East", "APAC", "new", None),
)
#: Milestone key -> cycle day it is done on.
MILESTONES_DONE = {
    "baseline_pulse": 6,
    "gather_cases": 16,
    "finalize_charter": 18,
    "sessions": 50,
    "playbook_v01": 54,
    "demo_day": 77,
    "review_signals": 80,
    "decide_next": 82,
    "lock_next_goals": 83,
}
MILESTONE_START_WEEK = {"sessions": 4, "playbook_v01": 4}


def cycle_start(week: int, as_of: dt.date = AS_OF) -> dt.date:
    """The cycle start that puts ``as_of`` on the third day of ``week``."""
    return as_of - dt.timedelta(days=7 * (week - 1) + 2)


def healthy_network(week: int, as_of: dt.date = AS_OF) -> dict[str, Any]:
    """Prefill data for a network with no red flag as of ``as_of`` in cycle ``week``."""
    start = cycle_start(week, as_of)
    today = (as_of - start).days

    def day(offset: int) -> dt.date:
        return start + dt.timedelta(days=offset)

    sessions = []
    for number, (offset, slot, facilitator, kind) in enumerate(SESSIONS, start=1):
        row: dict[str, Any] = {
            "session_no": number,
            "date": day(offset),
            "format": kind,
            "facilitator": facilitator,
            "time_slot": slot,
        }
        if offset <= today:
            row.update(
                cases=f"C-{number:03d}",
                attendees=10 + number,
                members_with_problem=3,
                slides_used="no",
                pattern=f"Pattern {number}",
                sponsor_present="yes" if number % 2 else "no",
            )
            if offset + 1 <= today:
                row["recap_published_on"] = day(offset + 1)
        sessions.append(row)

    cases = []
    for offset, who, team, region, status, applied in CASES:
        if offset > today:
            continue
        settled = offset + 14 <= today
        cases.append(
            {
                "submitted_on": day(offset),
                "submitted_by": who,
                "team": team,
                "region": region,
                "problem": f"Problem raised by {who}",
                "linked_metric": "yes",
                "priority": "medium",
                "recurring": "yes",
                "status": status if settled else "new",
                "solved_on": day(offset + 14) if settled and applied else None,
                "teams_applied": applied if settled else None,
            }
        )

    metrics = []
    for week_no in range(1, min(week - 1, 12) + 1):
        row = {
            "week": week_no,
            "active_members": 10 + week_no,
            "attendance": sum(
                10 + n
                for n, s in enumerate(SESSIONS, start=1)
                if 7 * (week_no - 1) <= s[0] < 7 * week_no
            ),
            "patterns_used_in_field": max(0, week_no - 4),
            "teams_repeating_methods": max(0, week_no - 5),
            "sponsor_touchpoints": 1,
            "metric_value": 71 + 0.7 * (week_no - 1),
        }
        if week_no in (1, 12):
            row["pulse_score"] = 2.5 if week_no == 1 else 3.5
        metrics.append(row)

    milestones = []
    for key, done_day in MILESTONES_DONE.items():
        if done_day <= today:
            milestones.append({"milestone": key, "status": "done", "done_on": day(done_day)})
        elif week >= MILESTONE_START_WEEK.get(key, 1 if done_day < 21 else 9):
            milestones.append({"milestone": key, "status": "in_progress"})

    return {
        "charter": {
            **northwind_charter(start),
            "sponsor": SPONSOR,
            "steward": STEWARD,
            "boundaries": "No new tooling; no training courses.",
        },
        "planner_decision": "continue" if week > 12 else None,
        "roles": [
            _person(SPONSOR, "sponsor", "Operations", "EMEA"),
            _person(STEWARD, "steward", "Field Service", "EMEA", allocation=0.15),
            _person("Ana Souza", "facilitator", "Depot North", "AMER"),
            _person("Kofi Mensah", "facilitator", "Depot West", "EMEA"),
            _person("Lee Park", "data_partner", "Analytics", "APAC"),
            _person("Tom Reid", "member", "Depot South", "EMEA"),
        ],
        "milestones": milestones,
        "sessions": sessions,
        "cases": cases,
        "metrics": metrics,
    }


def _person(
    name: str, role: str, team: str, region: str, allocation: float | None = None
) -> dict[str, Any]:
    person = {
        "person": name,
        "role": role,
        "team": team,
        "region": region,
        "selected_for": "capability",
        "email": name.lower().replace(" ", ".") + "@example.com",
    }
    if allocation is not None:
        person["allocation_pct"] = allocation
    return person


def changed(data: dict[str, Any], **parts: Any) -> dict[str, Any]:
    """A deep copy of prefill data with some top-level parts replaced."""
    result = copy.deepcopy(data)
    result.update(parts)
    return result


_BUILDS: dict[str, bytes] = {}
_REPORTS: dict[tuple[str, dt.date, str], NetworkReport] = {}


def kit_bytes(data: dict[str, Any], as_of: dt.date = AS_OF, spec: KitSpec | None = None) -> bytes:
    """The kit built with ``data`` prefilled, as if on ``as_of`` (its cached values' today)."""
    spec = spec or default_spec()
    key = json.dumps([data, as_of, as_json_data(spec)], default=repr, sort_keys=True)
    if key not in _BUILDS:
        _BUILDS[key] = build(
            spec, data, build_time=dt.datetime.combine(as_of, dt.time(9), tzinfo=dt.timezone.utc)
        )
    return _BUILDS[key]


def analyzed(
    data: dict[str, Any],
    as_of: dt.date = AS_OF,
    spec: KitSpec | None = None,
    source: str = "network.xlsx",
) -> NetworkReport:
    """Build the kit with ``data`` prefilled, read it back and analyze it as of ``as_of``."""
    content = kit_bytes(data, as_of, spec)
    key = (hashlib.sha256(content).hexdigest(), as_of, source)
    if key not in _REPORTS:
        _REPORTS[key] = analyze(read_workbook(content, source), as_of)
    return _REPORTS[key]


def flag_ids(report: NetworkReport) -> list[str]:
    return [flag.id for flag in report.flags]


def spec_with(spec: KitSpec | None = None, **thresholds: Any) -> KitSpec:
    """The spec with some red-flag thresholds changed."""
    spec = spec or default_spec()
    return dataclasses.replace(spec, thresholds=dataclasses.replace(spec.thresholds, **thresholds))


def with_charter(data: dict[str, Any], **values: Any) -> dict[str, Any]:
    result = copy.deepcopy(data)
    result["charter"].update(values)
    return result


def with_session(data: dict[str, Any], number: int, **values: Any) -> dict[str, Any]:
    """Change session ``number`` (1-based); a value of None clears the cell."""
    result = copy.deepcopy(data)
    result["sessions"][number - 1].update(values)
    return result


def without_sessions(data: dict[str, Any], *numbers: int) -> dict[str, Any]:
    result = copy.deepcopy(data)
    result["sessions"] = [s for s in result["sessions"] if s["session_no"] not in numbers]
    return result


def with_milestone(data: dict[str, Any], key: str, **values: Any) -> dict[str, Any]:
    result = copy.deepcopy(data)
    rows = [row for row in result["milestones"] if row["milestone"] != key]
    result["milestones"] = [*rows, {"milestone": key, "done_on": None, **values}]
    return result


def with_metrics(data: dict[str, Any], **values: Any) -> dict[str, Any]:
    """Set columns in every Metrics row given so far."""
    result = copy.deepcopy(data)
    for row in result["metrics"]:
        row.update(values)
    return result


def with_week(data: dict[str, Any], week: int, **values: Any) -> dict[str, Any]:
    """Set columns in one Metrics row (added when the week has none)."""
    result = copy.deepcopy(data)
    rows = {row["week"]: row for row in result["metrics"]}
    if week in rows:
        rows[week].update(values)
    else:
        result["metrics"].append({"week": week, **values})
    return result
