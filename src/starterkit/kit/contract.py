"""The kit contract: the stable keys every spec must keep and every reader relies on.

Labels, help text and colours belong to the spec; the keys and types below do not.
A spec may add fields, columns and choices of its own, but it may not drop or retype these.
"""

from __future__ import annotations

from typing import Literal, get_args

KIT_SCHEMA_VERSION = 2

#: The hidden sheet holding the kit's metadata and its whole resolved spec.
KIT_SHEET = "_kit"

#: Visible sheets in workbook order (spec keys under ``sheets``); Lists and _kit follow, hidden.
VISIBLE_SHEETS = ("start_here", "charter", "roles", "planner", "cases", "playbook", "metrics")

#: Charter fields: key -> (type, list key for choices).
CHARTER_FIELDS: dict[str, tuple[str, str | None]] = {
    "organization": ("text", None),
    "network_name": ("text", None),
    "capability": ("text", None),
    "purpose": ("long_text", None),
    "business_priority": ("choice", "business_priority"),
    "business_metric": ("text", None),
    "metric_unit": ("text", None),
    "metric_direction": ("choice", "metric_direction"),
    "baseline_value": ("number", None),
    "baseline_date": ("date", None),
    "target_value": ("number", None),
    "target_date": ("date", None),
    "sponsor": ("text", None),
    "steward": ("text", None),
    "data_partner": ("text", None),
    "sponsor_minutes_per_month": ("number", None),
    "steward_allocation_pct": ("percent", None),
    "cadence": ("choice", "cadence"),
    "session_day": ("choice", "session_day"),
    "session_length_min": ("whole", None),
    "session_output": ("text", None),
    "cycle_start": ("date", None),
    "cycle_number": ("whole", None),
    "success_measures": ("long_text", None),
    "boundaries": ("long_text", None),
    "member_selection": ("choice", "member_selection"),
}

#: Tables: table key -> (Excel table name, sheet key, {column key: (type, list key)}).
TABLES: dict[str, tuple[str, str, dict[str, tuple[str, str | None]]]] = {
    "roles": (
        "Roles",
        "roles",
        {
            "person": ("text", None),
            "role": ("choice", "role"),
            "team": ("text", None),
            "region": ("choice", "region"),
            "selected_for": ("choice", "selected_for"),
            "allocation_pct": ("percent", None),
            "email": ("email", None),
        },
    ),
    "raci": (
        "RACI",
        "roles",
        {
            "activity": ("text", None),
            "sponsor": ("choice", "raci"),
            "steward": ("choice", "raci"),
            "facilitators": ("choice", "raci"),
            "data_partner": ("choice", "raci"),
        },
    ),
    "milestones": (
        "Milestones",
        "planner",
        {
            "milestone": ("text", None),
            "title": ("text", None),
            "window": ("text", None),
            "due": ("formula", None),
            "owner": ("text", None),
            "status": ("choice", "milestone_status"),
            "done_on": ("date", None),
            "notes": ("long_text", None),
        },
    ),
    "sessions": (
        "Sessions",
        "planner",
        {
            "session_no": ("whole", None),
            "date": ("date", None),
            "week": ("formula", None),
            "format": ("choice", "session_format"),
            "facilitator": ("text", None),
            "cases": ("text", None),
            "time_slot": ("choice", "region"),
            "attendees": ("whole", None),
            "members_with_problem": ("whole", None),
            "slides_used": ("choice", "yes_no"),
            "pattern": ("text", None),
            "recap_published_on": ("date", None),
            "sponsor_present": ("choice", "yes_no"),
            "notes": ("long_text", None),
        },
    ),
    "cases": (
        "Cases",
        "cases",
        {
            "case_id": ("text", None),
            "submitted_on": ("date", None),
            "submitted_by": ("text", None),
            "team": ("text", None),
            "region": ("choice", "region"),
            "problem": ("long_text", None),
            "linked_metric": ("choice", "yes_no"),
            "priority": ("choice", "priority"),
            "recurring": ("choice", "yes_no"),
            "status": ("choice", "case_status"),
            "session_date": ("date", None),
            "pattern": ("text", None),
            "applies_next": ("text", None),
            "solved_on": ("date", None),
            "days_to_solve": ("formula", None),
            "teams_applied": ("whole", None),
        },
    ),
    "playbook": (
        "Playbook",
        "playbook",
        {
            "pattern_id": ("text", None),
            "pattern": ("text", None),
            "problem": ("long_text", None),
            "method": ("long_text", None),
            "applies_to": ("text", None),
            "source_cases": ("text", None),
            "captured_on": ("date", None),
            "owner": ("text", None),
            "status": ("choice", "playbook_status"),
            "teams_using": ("whole", None),
            "last_reviewed": ("date", None),
        },
    ),
    "metrics": (
        "Metrics",
        "metrics",
        {
            "week": ("whole", None),
            "week_start": ("formula", None),
            "active_members": ("whole", None),
            "attendance": ("whole", None),
            "cases_submitted": ("formula", None),
            "patterns_captured": ("formula", None),
            "patterns_used_in_field": ("whole", None),
            "median_days_to_solve": ("formula", None),
            "teams_repeating_methods": ("whole", None),
            "sponsor_touchpoints": ("whole", None),
            "pulse_score": ("number", None),
            "metric_value": ("number", None),
            "delta_vs_baseline": ("formula", None),
            "status": ("formula", None),
        },
    ),
}

# Choice keys the report carries as well: one definition each, typed for the report.

#: A Start Here check's verdict (the values of ``NetworkReport.health``).
HealthStatus = Literal["ok", "warning", "red_flag", "not_yet"]
HEALTH_STATUSES: tuple[HealthStatus, ...] = get_args(HealthStatus)

#: Where the business metric stands (``BusinessMetric.status``).
MetricStatus = Literal["on_track", "watch", "off_track"]
METRIC_STATUSES: tuple[MetricStatus, ...] = get_args(MetricStatus)

#: How a session was run (``SessionRecord.format``).
SessionFormat = Literal[
    "problem_solving_jam",
    "office_hours",
    "show_and_tell",
    "demo_day",
    "presentation",
    "status_update",
]
SESSION_FORMATS: tuple[SessionFormat, ...] = get_args(SessionFormat)

#: A case's priority (``CaseRecord.priority``).
CasePriority = Literal["high", "medium", "low"]
CASE_PRIORITIES: tuple[CasePriority, ...] = get_args(CasePriority)

#: Where a case stands (``CaseRecord.status``).
CaseStatus = Literal[
    "new", "scheduled", "discussed", "pattern_extracted", "applied_in_field", "parked"
]
CASE_STATUSES: tuple[CaseStatus, ...] = get_args(CaseStatus)


#: Where a written-up pattern stands (``Playbook.status``), from first draft to retired.
PlaybookStatus = Literal["draft", "tested", "proven", "retired"]
PLAYBOOK_STATUSES: tuple[PlaybookStatus, ...] = get_args(PlaybookStatus)

#: Tables a kit of an older version may lack: table key -> the kit version that added it.
TABLES_SINCE = {"playbook": 2}


#: Choice keys that formulas and checks depend on; a spec may relabel them, not remove them.
LIST_KEYS: dict[str, tuple[str, ...]] = {
    "business_priority": (
        "reduce_defect_rates",
        "improve_time_to_proficiency",
        "strengthen_customer_experience",
        "reduce_operational_cycle_time",
        "other",
    ),
    "metric_direction": ("higher_is_better", "lower_is_better"),
    "cadence": ("weekly", "every_two_weeks", "monthly", "flexible"),
    "session_day": ("monday", "tuesday", "wednesday", "thursday", "friday"),
    "member_selection": ("problem_owners", "open_volunteers"),
    "role": ("sponsor", "steward", "facilitator", "sme", "data_partner", "member"),
    "region": (),
    "selected_for": ("capability", "availability", "volunteered"),
    "raci": ("R", "A", "C", "I"),
    "milestone_status": ("not_started", "in_progress", "done", "skipped"),
    "planner_decision": ("continue", "pause", "redesign"),
    "session_format": SESSION_FORMATS,
    "yes_no": ("yes", "no"),
    "priority": CASE_PRIORITIES,
    "case_status": CASE_STATUSES,
    "playbook_status": PLAYBOOK_STATUSES,
    "health": HEALTH_STATUSES,
    "metric_status": METRIC_STATUSES,
}

#: Days between sessions for each cadence; "flexible" plans like every two weeks,
#: the pace of the two to three sessions the rhythm asks for in weeks 4–8.
CADENCE_DAYS = {"weekly": 7, "every_two_weeks": 14, "monthly": 28, "flexible": 14}

#: Milestones every kit carries, with the cycle window they belong to.
MILESTONE_KEYS = (
    "baseline_pulse",
    "gather_cases",
    "finalize_charter",
    "sessions",
    "playbook_v01",
    "demo_day",
    "review_signals",
    "decide_next",
    "lock_next_goals",
)

RACI_ROLE_COLUMNS = ("sponsor", "steward", "facilitators", "data_partner")

#: Start Here health checks, in display order.
HEALTH_CHECKS = (
    "charter_complete",
    "cadence_set",
    "business_metric",
    "raci_accountable",
    "sessions_on_plan",
    "demo_day_done",
    "adoption_signal",
)

CYCLE_WEEKS = 12
