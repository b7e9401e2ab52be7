"""Prefill data for tests: a network part-way through its cycle, relative to a given day."""

from __future__ import annotations

import datetime as dt
from typing import Any


def northwind_charter(start: dt.date) -> dict[str, Any]:
    """The charter of a well-set-up network whose cycle starts on ``start``."""
    return {
        "organization": "Northwind Utilities",
        "network_name": "Field Repair Network",
        "capability": "First-visit fault diagnosis",
        "purpose": "Raise the first-time fix rate for meter faults from 71 % to 80 % by the end of the cycle.",
        "business_priority": "reduce_defect_rates",
        "business_metric": "First-time fix rate",
        "metric_unit": "%",
        "metric_direction": "higher_is_better",
        "baseline_value": 71,
        "baseline_date": start,
        "target_value": 80,
        "sponsor": "Dana Whitfield",
        "steward": "Ravi Menon",
        "data_partner": "Lee Park",
        "sponsor_minutes_per_month": 25,
        "steward_allocation_pct": 0.15,
        "cadence": "every_two_weeks",
        "session_day": "wednesday",
        "session_length_min": 60,
        "session_output": "A pattern for the playbook",
        "cycle_start": start,
        "cycle_number": 1,
        "success_measures": "Fix rate at 80 %; three patterns reused by other depots.",
        "member_selection": "problem_owners",
    }


def midcycle_network(today: dt.date, week: int = 7) -> dict[str, Any]:
    """A filled kit in ``week`` of its cycle on ``today``, exercising every formula."""
    start = today - dt.timedelta(days=7 * (week - 1) + 2)

    def day(offset: int) -> dt.date:
        return start + dt.timedelta(days=offset)

    return {
        "charter": northwind_charter(start),
        "roles": [
            {
                "person": "Dana Whitfield",
                "role": "sponsor",
                "team": "Operations",
                "region": "EMEA",
                "selected_for": "capability",
            },
            {
                "person": "Ravi Menon",
                "role": "steward",
                "team": "Field Service",
                "region": "EMEA",
                "selected_for": "capability",
                "allocation_pct": 0.15,
                "email": "ravi@example.com",
            },
            {
                "person": "Ana Souza",
                "role": "facilitator",
                "team": "Depot North",
                "region": "AMER",
                "selected_for": "capability",
            },
            {
                "person": "Lee Park",
                "role": "data_partner",
                "team": "Analytics",
                "region": "APAC",
                "selected_for": "capability",
            },
        ],
        "milestones": [
            {"milestone": "baseline_pulse", "status": "done", "done_on": day(10)},
            {"milestone": "gather_cases", "status": "done", "done_on": day(18)},
            {"milestone": "finalize_charter", "status": "in_progress"},
            {
                "milestone": "custom_review",
                "title": "Mid-cycle check-in",
                "window": "6",
                "status": "not_started",
            },
        ],
        "sessions": [
            {
                "session_no": 1,
                "date": day(22),
                "format": "problem_solving_jam",
                "facilitator": "Ana Souza",
                "cases": "C-001, C-002",
                "time_slot": "EMEA",
                "attendees": 12,
                "members_with_problem": 5,
                "slides_used": "no",
                "pattern": "Check the seal first",
                "recap_published_on": day(23),
                "sponsor_present": "yes",
            },
            {
                "session_no": 2,
                "date": day(36),
                "format": "office_hours",
                "facilitator": "Ravi Menon",
                "cases": "C-003",
                "time_slot": "AMER",
                "attendees": 8,
                "members_with_problem": 3,
                "slides_used": "no",
                "pattern": "",
                "recap_published_on": day(39),
                "sponsor_present": "no",
            },
            {
                "session_no": 3,
                "date": day(60),
                "format": "show_and_tell",
                "facilitator": "Ana Souza",
                "time_slot": "APAC",
            },
        ],
        "cases": [
            {
                "submitted_on": day(3),
                "submitted_by": "Ana Souza",
                "team": "Depot North",
                "region": "AMER",
                "problem": "Meters fail again within a week.",
                "linked_metric": "yes",
                "priority": "high",
                "recurring": "yes",
                "status": "applied_in_field",
                "session_date": day(22),
                "pattern": "Check the seal first",
                "solved_on": day(30),
                "teams_applied": 2,
            },
            {
                "submitted_on": day(5),
                "submitted_by": "Tom Reid",
                "team": "Depot South",
                "region": "EMEA",
                "problem": "Wrong part on the van.",
                "linked_metric": "yes",
                "priority": "medium",
                "recurring": "yes",
                "status": "discussed",
                "solved_on": day(40),
            },
            {
                "submitted_on": day(12),
                "submitted_by": "Kim Lo",
                "team": "Depot East",
                "region": "APAC",
                "problem": "Customer not home.",
                "linked_metric": "no",
                "priority": "low",
                "recurring": "no",
                "status": "new",
            },
        ],
        "metrics": [
            {
                "week": 1,
                "active_members": 10,
                "attendance": 0,
                "pulse_score": 2.5,
                "metric_value": 71,
            },
            {"week": 2, "active_members": 11, "metric_value": 71.5, "sponsor_touchpoints": 1},
            {
                "week": 4,
                "active_members": 12,
                "attendance": 12,
                "patterns_used_in_field": 1,
                "metric_value": 73,
            },
            {
                "week": 6,
                "active_members": 12,
                "attendance": 8,
                "patterns_used_in_field": 2,
                "teams_repeating_methods": 1,
                "metric_value": 72,
            },
        ],
    }
