"""The adoption report's sections, checked against figures worked out by hand, and the
health check's agreement with the workbook's own Start Here verdicts."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from starterkit.analysis.cycle import phase_of
from starterkit.findings import Severity
from starterkit.kit import contract
from starterkit.kit.formula_values import median
from starterkit.spec import Raw, default_spec

from networks import (
    AS_OF,
    analyzed,
    cycle_start,
    healthy_network,
    kit_bytes,
    with_charter,
    with_milestone,
    with_session,
    with_week,
    without_sessions,
)

START = cycle_start(9)  # AS_OF is day 58 of the cycle, in week 9


def on(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


@pytest.fixture(scope="module")
def report():
    """Week 9 of the healthy network, with one more solved case and one milestone late."""
    data = with_milestone(healthy_network(9), "sessions", status="in_progress")
    data["cases"][1]["solved_on"] = on(25)  # submitted on day 5: 20 days to solve
    return analyzed(data)


class TestCyclePosition:
    def test_week_phase_and_dates(self, report):
        cycle = report.cycle
        assert (cycle.start, cycle.end, cycle.week) == (START, on(83), 9)
        assert cycle.phase == "demo_and_review"
        assert cycle.cycle_number == 1
        assert cycle.start_cell.sheet == "Charter"

    @pytest.mark.parametrize(
        ("week", "phase"),
        [
            (None, "unknown"),
            (0, "not_started"),
            (1, "launch"),
            (3, "launch"),
            (4, "sessions"),
            (8, "sessions"),
            (9, "demo_and_review"),
            (12, "demo_and_review"),
            (13, "after_cycle"),
        ],
    )
    def test_phase_of_each_week(self, week, phase):
        assert phase_of(week) == phase

    def test_before_the_start_the_cycle_has_not_started(self):
        report = analyzed(healthy_network(0))
        assert (report.cycle.week, report.cycle.phase) == (0, "not_started")
        assert report.flags == ()

    def test_blank_cycle_number_counts_as_first(self):
        report = analyzed(with_charter(healthy_network(2), cycle_number=None))
        assert report.cycle.cycle_number == 1


class TestMilestones:
    def test_done_total_and_overdue(self, report):
        milestones = report.milestones
        assert (milestones.done, milestones.total) == (4, 9)
        [late] = milestones.overdue
        assert late.milestone == "sessions"
        assert late.due == on(55)  # end of week 8
        assert late.location.table == "Milestones"

    def test_due_dates_follow_the_window(self, report):
        due = {m.milestone: m.due for m in report.milestones.items}
        assert due["baseline_pulse"] == on(20)
        assert due["demo_day"] == on(83)


class TestWeeks:
    def test_twelve_weeks_with_recomputed_columns(self, report):
        weeks = report.weeks
        assert [w.week for w in weeks] == list(range(1, 13))
        assert weeks[0].week_start == START and weeks[11].week_start == on(77)
        assert [w.cases_submitted for w in weeks] == [2, 1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0]
        assert [w.patterns_captured for w in weeks] == [0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0]

    def test_a_pattern_typed_ahead_for_a_planned_session_is_not_captured(self):
        data = with_session(healthy_network(9), 4, pattern="Planned pattern")
        assert [w.patterns_captured for w in analyzed(data).weeks][9] == 0

    def test_median_days_to_solve_runs_to_date(self, report):
        medians = [w.median_days_to_solve for w in report.weeks]
        # Solved: day 17 (14 days), day 25 (20 days), day 30 (14 days); weeks 10+ not begun.
        assert medians == [None, None, 14, 17, 14, 14, 14, 14, 14, None, None, None]

    @pytest.mark.parametrize(
        ("days", "middle"),
        [([9], 9), ([20, 14], 17), ([30, 2, 14], 14), ([1.5, 4, 2, 8], 3), ([5, 5, 1, 9, 7, 3], 5)],
    )
    def test_median_is_the_middle_day_or_the_mean_of_the_two(self, days, middle):
        assert median(days) == middle

    def test_inputs_are_carried_as_typed(self, report):
        week8 = report.weeks[7]
        assert (week8.patterns_used_in_field, week8.teams_repeating_methods) == (4, 3)
        assert week8.sponsor_touchpoints == 1
        assert report.weeks[8].metric_value is None


class TestSignals:
    def test_three_headline_signals_with_trend(self, report):
        signals = {s.key: s for s in report.signals}
        assert list(signals) == [
            "patterns_used_in_field",
            "median_days_to_solve",
            "teams_repeating_methods",
        ]
        used = signals["patterns_used_in_field"]
        assert (used.latest, used.latest_week, used.trend, used.higher_is_better) == (
            4,
            8,
            "up",
            True,
        )
        days = signals["median_days_to_solve"]
        assert (days.latest, days.latest_week, days.trend, days.higher_is_better) == (
            14,
            9,
            "flat",
            False,
        )
        teams = signals["teams_repeating_methods"]
        assert (teams.latest, teams.trend) == (3, "up")
        assert used.label == "Patterns used in the field"

    def test_the_trend_compares_the_first_and_the_latest_filled_week(self):
        data = healthy_network(5)
        for week, used in ((1, 0), (2, 2), (3, 2), (4, 2)):
            data = with_week(data, week, patterns_used_in_field=used)
        signals = {s.key: s for s in analyzed(data).signals}
        assert signals["patterns_used_in_field"].trend == "up"
        assert (
            signals["patterns_used_in_field"].first_week,
            signals["patterns_used_in_field"].latest_week,
        ) == (1, 4)
        for week, used in ((1, 3), (2, 1), (3, 1), (4, 1)):
            data = with_week(data, week, patterns_used_in_field=used)
        assert {s.key: s for s in analyzed(data).signals}["patterns_used_in_field"].trend == "down"

    def test_no_values_no_trend(self):
        signals = {s.key: s for s in analyzed(healthy_network(2)).signals}
        assert signals["median_days_to_solve"].latest is None
        assert signals["median_days_to_solve"].trend == "none"


class TestSessions:
    def test_held_planned_expected_and_shares(self, report):
        sessions = report.sessions
        assert (sessions.held, sessions.planned, sessions.expected) == (3, 2, 2)
        assert sessions.average_attendance == 12
        assert sessions.with_pattern_share == 1
        assert sessions.recap_on_time_share == 1
        assert sessions.sponsor_present == 2
        assert sessions.attendance_by_week == (
            (1, 0),
            (2, 0),
            (3, 0),
            (4, 11),
            (5, 0),
            (6, 12),
            (7, 0),
            (8, 13),
        )

    def test_shares_count_missing_patterns_and_late_recaps(self):
        data = with_session(healthy_network(9), 2, pattern=None, recap_published_on=on(40))
        sessions = analyzed(data).sessions
        assert sessions.with_pattern_share == pytest.approx(2 / 3)
        assert sessions.recap_on_time_share == pytest.approx(2 / 3)

    def test_a_recap_not_yet_due_is_left_out(self):
        data = with_session(healthy_network(4), 1, recap_published_on=None)
        sessions = analyzed(data, as_of=cycle_start(4) + dt.timedelta(days=22)).sessions
        assert sessions.held == 1
        assert sessions.recap_on_time_share is None


class TestCaseFunnel:
    def test_each_stage_counts_the_cases_that_reached_it(self, report):
        cases = report.cases
        # Statuses: applied ×2, pattern extracted, discussed, scheduled, new.
        assert (cases.submitted, cases.discussed, cases.pattern, cases.applied) == (6, 4, 3, 2)
        assert cases.parked == 0


class TestRecords:
    def test_each_dated_session_with_its_week_and_recap(self, report):
        items = report.sessions.items
        assert [(s.session_no, s.date, s.week, s.held) for s in items] == [
            (1, on(21), 4, True),
            (2, on(35), 6, True),
            (3, on(49), 8, True),
            (4, on(63), 10, False),
            (5, on(77), 12, False),
        ]
        first = items[0]
        assert (first.format, first.facilitator, first.time_slot) == (
            "problem_solving_jam",
            "Ana Souza",
            "EMEA",
        )
        assert (first.case_ids, first.attendees, first.members_with_problem) == (("C-001",), 11, 3)
        assert (first.slides_used, first.sponsor_present, first.pattern) == (
            False,
            True,
            "Pattern 1",
        )
        assert (first.recap_published_on, first.recap_on_time) == (on(22), True)
        assert first.location.table == "Sessions" and first.location.row == 1
        planned = items[3]
        assert (planned.recap_on_time, planned.attendees, planned.case_ids) == (None, None, ())

    def test_case_ids_are_split_on_commas_and_spaces(self):
        data = with_session(healthy_network(9), 1, cases="C-001, C-004;C-006  C-002")
        first = analyzed(data).sessions.items[0]
        assert first.case_ids == ("C-001", "C-004", "C-006", "C-002")

    def test_each_submitted_case_with_its_days_to_solve(self, report):
        items = report.cases.items
        assert len(items) == report.cases.submitted == 6
        assert [c.case_id for c in items] == [f"C-{n:03d}" for n in range(1, 7)]
        first, second = items[0], items[1]
        assert (first.submitted_on, first.solved_on, first.days_to_solve) == (on(3), on(17), 14)
        assert (second.days_to_solve, second.teams_applied) == (20, None)
        assert (first.submitted_by, first.team, first.region) == (
            "Ana Souza",
            "Depot North",
            "AMER",
        )
        assert (first.status, first.priority, first.recurring, first.linked_metric) == (
            "applied_in_field",
            "medium",
            True,
            True,
        )
        assert first.teams_applied == 2
        assert first.location.table == "Cases" and first.location.row == 1


class TestVerdict:
    def test_a_healthy_network_is_on_track(self):
        assert analyzed(healthy_network(9)).verdict == "on_track"

    def test_a_high_flag_puts_it_at_risk(self):
        report = analyzed(with_charter(healthy_network(9), sponsor=None))
        assert report.count(Severity.HIGH)
        assert report.verdict == "at_risk"

    def test_one_medium_flag_is_on_track_and_two_mean_watch(self):
        one = analyzed(with_session(healthy_network(9), 2, pattern=None))
        assert not one.count(Severity.HIGH) and one.count(Severity.MEDIUM) == 1
        assert one.verdict == "on_track"
        two = analyzed(
            with_session(with_session(healthy_network(9), 2, pattern=None), 3, pattern=None)
        )
        assert not two.count(Severity.HIGH) and two.count(Severity.MEDIUM) >= 2
        assert two.verdict == "watch"


class TestBusinessMetric:
    def test_baseline_latest_target_progress_and_status(self, report):
        metric = report.business_metric
        assert (metric.name, metric.unit, metric.direction) == (
            "First-time fix rate",
            "%",
            "higher_is_better",
        )
        assert (metric.baseline, metric.target, metric.latest_week) == (71, 80, 8)
        assert metric.latest == pytest.approx(75.9)
        assert metric.progress_share == pytest.approx(4.9 / 9)
        # Expected by the end of week 8: 55 of 83 days (66 %); 54 % is more than 10 points behind.
        assert metric.status == "off_track"

    def test_on_track_when_ahead_of_the_line(self):
        data = healthy_network(9)
        data["metrics"][-1]["metric_value"] = 78
        metric = analyzed(data).business_metric
        assert metric.progress_share == pytest.approx(7 / 9)
        assert metric.status == "on_track"


class TestPulse:
    def test_baseline_and_latest(self, report):
        pulse = report.pulse
        assert (pulse.baseline, pulse.baseline_week, pulse.latest, pulse.latest_week) == (
            2.5,
            1,
            2.5,
            1,
        )
        after = analyzed(healthy_network(13)).pulse
        assert (after.baseline, after.latest, after.latest_week) == (2.5, 3.5, 12)


class TestReportHeader:
    def test_names_source_and_route(self, report):
        assert (report.organization, report.network) == (
            "Northwind Utilities",
            "Field Repair Network",
        )
        assert report.source == "network.xlsx"
        assert report.as_of == AS_OF
        assert report.route == "tables"
        assert report.spec_source == "embedded"
        assert report.kit_id

    def test_data_findings_come_from_the_reader(self):
        data = with_session(healthy_network(6), 1, attendees=Raw("twelve"))
        report = analyzed(data)
        assert len(report.data_findings) == 1
        assert report.data_findings[0].location.table == "Sessions"


# --- Health check: the analyzer agrees with the workbook ---------------------------------


def workbook_health(content: bytes) -> dict[str, str]:
    """The Start Here verdicts the builder cached in the workbook, as health keys."""
    spec = default_spec()
    sheet = openpyxl.load_workbook(io.BytesIO(content), data_only=True)[
        spec.sheets.start_here.title
    ]
    labels = {c.label: c.key for c in spec.lists["health"]}
    checks = {spec.sheets.start_here.health_checks[k].label: k for k in contract.HEALTH_CHECKS}
    return {
        checks[row[0]]: labels[row[1]]
        for row in sheet.iter_rows(min_col=1, max_col=2, values_only=True)
        if row[0] in checks
    }


def _raci_without_a() -> dict:
    data = healthy_network(5)
    data["raci"] = [{"activity": "Run Demo Day", "sponsor": "R", "steward": "R"}]
    return data


HEALTH_CASES = {
    **{f"healthy week {week}": healthy_network(week) for week in (0, 1, 4, 8, 9, 12, 13)},
    "two charter gaps": with_charter(healthy_network(5), capability=None, boundaries=None),
    "three charter gaps": with_charter(
        healthy_network(5), capability=None, purpose=None, success_measures=None
    ),
    "flexible cadence": with_charter(healthy_network(5), cadence="flexible"),
    "no cadence": with_charter(healthy_network(7), cadence=None),
    "no target": with_charter(healthy_network(5), target_value=None),
    "raci without an A": _raci_without_a(),
    "sessions behind plan": without_sessions(healthy_network(11), 2, 3),
    "sessions far behind": without_sessions(healthy_network(11), 1, 2, 3),
    "demo day skipped": with_milestone(healthy_network(5), "demo_day", status="skipped"),
    "demo day not done after the cycle": with_milestone(
        healthy_network(13), "demo_day", status="in_progress"
    ),
    "no cycle start": with_charter(healthy_network(9), cycle_start=None),
    "cycle start typed as words": with_charter(healthy_network(9), cycle_start=Raw("soon")),
    "cadence typed as words": with_charter(healthy_network(9), cadence=Raw("Sometimes")),
}


@pytest.mark.parametrize("case", list(HEALTH_CASES))
def test_health_agrees_with_the_workbook_start_here(case):
    data = HEALTH_CASES[case]
    expected = workbook_health(kit_bytes(data))
    assert set(expected) == set(contract.HEALTH_CHECKS)
    assert analyzed(data).health == expected


def test_health_cases_cover_every_verdict():
    verdicts = {
        (key, verdict)
        for data in HEALTH_CASES.values()
        for key, verdict in analyzed(data).health.items()
    }
    assert {v for _, v in verdicts} == set(contract.LIST_KEYS["health"])
    for key in contract.HEALTH_CHECKS:
        assert any(k == key and v != "ok" for k, v in verdicts), key
