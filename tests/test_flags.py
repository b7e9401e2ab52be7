"""The red-flag catalog: each flag fires on its trigger, not on a healthy network, not early.

Every kit here is built with the builder's prefill, read back by the reader and analyzed,
so the flags are checked on the same cells a steward would return. ``healthy_network(week)``
puts the analysis date (``AS_OF``) on the third day of that cycle week.
"""

from __future__ import annotations

import datetime as dt

import pytest

from starterkit.analysis import FLAGS, analyze
from starterkit.analysis.checks.charter import describes_change, metric_linked
from starterkit.builder import build
from starterkit.findings import Finding, Severity
from starterkit.reader import read_workbook
from starterkit.spec import default_spec, default_spec_text, load_spec, load_spec_text

from networks import (
    AS_OF,
    ROOT,
    STEWARD,
    analyzed,
    cycle_start,
    flag_ids,
    healthy_network,
    spec_with,
    with_charter,
    with_metrics,
    with_milestone,
    with_session,
    with_week,
    without_sessions,
)


def found(flag_id: str, data: dict, as_of: dt.date = AS_OF, spec=None) -> list[Finding]:
    """The findings of one flag for a network built from ``data``."""
    return [f for f in analyzed(data, as_of, spec).flags if f.id == flag_id]


def day_of_cycle(week: int, offset: int) -> dt.date:
    """The date ``offset`` days after the start of the healthy network in ``week``."""
    return cycle_start(week) + dt.timedelta(days=offset)


TESTED: set[str] = set()


def covers(flag_id: str):
    """Mark a test class as the specification of one flag."""

    def mark(cls):
        TESTED.add(flag_id)
        cls.flag = flag_id
        return cls

    return mark


class TestHealthyNetwork:
    @pytest.mark.parametrize("week", [2, 5, 9, 13, 16])
    def test_raises_no_flag_at_any_stage(self, week):
        report = analyzed(healthy_network(week))
        assert report.cycle.week == week
        assert flag_ids(report) == []
        assert report.data_findings == ()

    def test_raises_no_flag_on_the_first_day_of_the_cycle(self):
        assert flag_ids(analyzed(healthy_network(1), as_of=cycle_start(1))) == []

    def test_french_kit_with_a_french_purpose_raises_no_flag(self):
        french = load_spec(ROOT / "kit_spec" / "examples" / "french" / "kit.yaml")
        data = with_charter(
            healthy_network(9),
            purpose="Faire passer le taux de réparation au premier passage de 71 % à 80 %.",
            business_metric="Taux de réparation au premier passage",
        )
        assert flag_ids(analyzed(data, spec=french)) == []


class TestFindingShape:
    def test_every_finding_carries_catalog_severity_message_evidence_and_action(self):
        data = with_charter(healthy_network(10), cadence="flexible", target_value=None)
        data = with_session(data, 2, pattern=None, format="presentation")
        report = analyzed(data)
        severities = {flag.id: flag.severity for flag in FLAGS}
        assert report.flags
        for flag in report.flags:
            assert flag.severity is severities[flag.id]
            assert flag.message and "\n" not in flag.message
            assert flag.action
            assert flag.evidence

    def test_flags_are_sorted_most_severe_first(self):
        data = with_charter(
            healthy_network(10), member_selection="open_volunteers", cadence="flexible"
        )
        data = with_session(data, 2, pattern=None)
        ranks = [flag.severity.rank for flag in analyzed(data).flags]
        assert ranks == sorted(ranks)
        assert len(set(ranks)) == 3

    def test_every_catalog_flag_has_its_tests(self):
        network_flags = {flag.id for flag in FLAGS} - {"parallel-launch"}  # test_portfolio.py
        assert network_flags == TESTED


# --- Charter -----------------------------------------------------------------------------


@covers("charter-purpose-vague")
class TestCharterPurposeVague:
    def test_fires_on_a_community_purpose(self):
        data = with_charter(
            healthy_network(5),
            purpose="A community where field engineers share best practices and learn together.",
        )
        [flag] = found("charter-purpose-vague", data)
        assert flag.severity is Severity.HIGH
        assert "community" in flag.message
        assert [e.ref for e in flag.evidence] == ["Charter!" + flag.evidence[0].cell]

    def test_fires_on_a_blank_purpose(self):
        [flag] = found("charter-purpose-vague", with_charter(healthy_network(5), purpose=None))
        assert "blank" in flag.message

    def test_fires_when_the_change_is_only_to_sharing(self):
        data = with_charter(healthy_network(5), purpose="Improve knowledge sharing across depots.")
        assert found("charter-purpose-vague", data)

    @pytest.mark.parametrize(
        "purpose",
        [
            "Cut repeat truck rolls for meter faults.",
            "Move the first-time fix rate for meter faults.",
            "Réduire les retours chez le client après une réparation.",
        ],
    )
    def test_silent_when_the_purpose_names_a_change_or_the_metric(self, purpose):
        assert not found("charter-purpose-vague", with_charter(healthy_network(5), purpose=purpose))

    @pytest.mark.parametrize(
        "purpose",
        [
            "Bring our 40 technicians together to share best practices.",
            "A community of 25 engineers across 3 depots, launched in Q3 2027.",
            "Share what works between our 12 sites by 31 March 2027.",
            "Réunir nos 30 techniciens pour partager les bonnes pratiques en 2027.",
        ],
    )
    def test_a_head_count_or_a_date_is_not_a_measurable_change(self, purpose):
        assert not describes_change(purpose)
        [flag] = found("charter-purpose-vague", with_charter(healthy_network(5), purpose=purpose))
        assert "names no figure, no change" in flag.message

    @pytest.mark.parametrize(
        "purpose",
        [
            "Take first-visit resolution from 71 to 80.",
            "Onboarding in under 30 days for every new hire.",
            "20% fewer callbacks on meter installs.",
            "Save $200k a year in rework.",
            "Defect rate 4.2 down to 3 on line 2.",
        ],
    )
    def test_a_figure_that_moves_is_a_measurable_change(self, purpose):
        assert describes_change(purpose)

    def test_french_measurable_purpose_counts_as_an_outcome(self):
        purpose = "Faire passer le taux de réparation au premier passage de 71 % à 80 %"
        assert describes_change(purpose)
        assert metric_linked(purpose, "Taux de réparation au premier passage")
        assert not describes_change("Partager les bonnes pratiques entre techniciens")
        assert not metric_linked("Partager les bonnes pratiques", "Taux de réparation")


@covers("charter-no-metric")
class TestCharterNoMetric:
    def test_fires_when_the_target_is_missing(self):
        [flag] = found("charter-no-metric", with_charter(healthy_network(2), target_value=None))
        assert "target value" in flag.message
        assert "baseline" not in flag.message
        assert len(flag.evidence) == 1 and flag.evidence[0].sheet == "Charter"

    def test_fires_when_metric_and_baseline_are_missing(self):
        data = with_charter(healthy_network(2), business_metric=None, baseline_value=None)
        [flag] = found("charter-no-metric", data)
        assert "no business metric or baseline value," in flag.message
        assert len(flag.evidence) == 2

    def test_silent_when_all_three_are_set(self):
        assert not found("charter-no-metric", healthy_network(2))


@covers("charter-cadence-flexible")
class TestCharterCadenceFlexible:
    @pytest.mark.parametrize("cadence", ["flexible", None])
    def test_fires_when_cadence_is_flexible_or_blank(self, cadence):
        [flag] = found(
            "charter-cadence-flexible", with_charter(healthy_network(2), cadence=cadence)
        )
        assert flag.severity is Severity.HIGH

    @pytest.mark.parametrize("cadence", ["weekly", "monthly"])
    def test_silent_with_a_fixed_cadence(self, cadence):
        assert not found(
            "charter-cadence-flexible", with_charter(healthy_network(2), cadence=cadence)
        )


@covers("leadership-heavy")
class TestLeadershipHeavy:
    def test_fires_when_the_sponsor_spends_too_long(self):
        data = with_charter(healthy_network(2), sponsor_minutes_per_month=45)
        [flag] = found("leadership-heavy", data)
        assert "45 min" in flag.message

    @pytest.mark.parametrize("allocation", [0.05, 0.35])
    def test_fires_when_the_steward_allocation_is_outside_the_range(self, allocation):
        data = with_charter(healthy_network(2), steward_allocation_pct=allocation)
        [flag] = found("leadership-heavy", data)
        assert f"{round(allocation * 100)} %" in flag.message

    def test_silent_at_the_edges_of_the_guidance(self):
        data = with_charter(
            healthy_network(2), sponsor_minutes_per_month=30, steward_allocation_pct=0.2
        )
        assert not found("leadership-heavy", data)

    def test_threshold_comes_from_the_spec(self):
        data = with_charter(healthy_network(2), sponsor_minutes_per_month=45)
        assert not found("leadership-heavy", data, spec=spec_with(sponsor_minutes_per_month_max=60))


@covers("volunteer-membership")
class TestVolunteerMembership:
    def test_fires_when_membership_is_open_to_all(self):
        data = with_charter(healthy_network(2), member_selection="open_volunteers")
        [flag] = found("volunteer-membership", data)
        assert flag.severity is Severity.LOW

    def test_silent_when_problem_owners_are_chosen(self):
        assert not found("volunteer-membership", healthy_network(2))


# --- Roles -------------------------------------------------------------------------------


def with_role(data: dict, person: str, **values) -> dict:
    data = with_charter(data)
    for row in data["roles"]:
        if row["person"] == person:
            row.update(values)
    return data


@covers("roles-by-availability")
class TestRolesByAvailability:
    def test_fires_when_the_steward_was_chosen_for_availability(self):
        data = with_role(healthy_network(2), STEWARD, selected_for="availability")
        [flag] = found("roles-by-availability", data)
        assert STEWARD in flag.message and "steward" in flag.message
        assert flag.evidence[0].table == "Roles"

    def test_silent_when_only_a_member_was_chosen_for_availability(self):
        data = with_role(healthy_network(2), "Tom Reid", selected_for="availability")
        assert not found("roles-by-availability", data)


@covers("ownership-gap")
class TestOwnershipGap:
    def test_fires_when_no_sponsor_is_named(self):
        [flag] = found("ownership-gap", with_charter(healthy_network(2), sponsor=None))
        assert "no sponsor" in flag.message.lower()

    def test_fires_when_the_steward_is_missing_from_roles(self):
        data = with_charter(healthy_network(2), steward="Priya Shah")
        [flag] = found("ownership-gap", data)
        assert "Priya Shah" in flag.message and "Roles" in flag.message

    def test_silent_when_names_differ_only_in_case_and_spaces(self):
        data = with_charter(healthy_network(2), steward="  ravi menon ")
        assert not found("ownership-gap", data)


@covers("raci-accountability")
class TestRaciAccountability:
    def test_fires_for_activities_without_one_a_or_without_an_r(self):
        raci = [
            {"activity": "Set direction", "sponsor": "A", "steward": "A", "facilitators": "R"},
            {"activity": "Run Demo Day", "sponsor": "A", "steward": "C", "facilitators": "I"},
            {"activity": "Facilitate sessions", "sponsor": "A", "steward": "R"},
        ]
        data = dict(healthy_network(2), raci=raci)
        [flag] = found("raci-accountability", data)
        assert flag.message.startswith("2 of 3 RACI activities")
        assert "Set direction (2 A)" in flag.message and "Run Demo Day (no R)" in flag.message
        assert [e.row for e in flag.evidence] == [1, 2]

    def test_silent_with_the_prefilled_raci(self):
        assert not found("raci-accountability", healthy_network(2))


@covers("sponsor-passive")
class TestSponsorPassive:
    @staticmethod
    def passive(week: int) -> dict:
        data = with_metrics(healthy_network(week), sponsor_touchpoints=None)
        for number in range(1, 6):
            data = with_session(data, number, sponsor_present="no")
        return data

    def test_fires_once_the_cycle_is_thirty_days_old(self):
        data = self.passive(5)
        as_of = day_of_cycle(5, 29)  # the cycle's 30th day
        [flag] = found("sponsor-passive", data, as_of)
        assert "30 days" in flag.message and "none recorded" in flag.message

    def test_does_not_fire_before_the_cycle_is_thirty_days_old(self):
        assert not found("sponsor-passive", self.passive(5), day_of_cycle(5, 28))

    def test_an_old_touchpoint_is_named_as_the_last_contact(self):
        data = with_week(self.passive(7), 1, sponsor_touchpoints=2)
        [flag] = found("sponsor-passive", data)
        assert f"last contact {day_of_cycle(7, 6).isoformat()}" in flag.message
        assert flag.evidence[-1].table == "Metrics"

    def test_a_session_with_the_sponsor_counts_as_contact(self):
        data = with_session(self.passive(7), 2, sponsor_present="yes")  # held on day 35
        assert not found("sponsor-passive", data)

    def test_a_touchpoint_counts_from_the_last_day_of_its_week(self):
        # In week 7 a touchpoint logged for week 7 has not counted yet.
        data = with_week(self.passive(7), 7, sponsor_touchpoints=1)
        assert found("sponsor-passive", data)
        data = with_week(self.passive(7), 6, sponsor_touchpoints=1)
        assert not found("sponsor-passive", data)

    def test_after_the_cycle_the_days_end_with_the_cycle(self):
        # As of day 121 the week 12 touchpoint (day 83) is 38 days old, yet within the
        # cycle's last 30 days; one from week 7 (day 48) is not.
        data = with_metrics(healthy_network(18), sponsor_touchpoints=None)
        data = with_week(data, 12, sponsor_touchpoints=1)
        for number in range(1, 6):
            data = with_session(data, number, sponsor_present="no")
        assert not found("sponsor-passive", data)
        data = with_week(data, 12, sponsor_touchpoints=None)
        data = with_week(data, 7, sponsor_touchpoints=1)
        assert found("sponsor-passive", data)

    def test_threshold_comes_from_the_spec(self):
        data = self.passive(4)
        assert not found("sponsor-passive", data)
        assert found("sponsor-passive", data, spec=spec_with(sponsor_passive_days=14))

    def test_threshold_comes_from_spec_yaml(self):
        text = default_spec_text().replace("sponsor_passive_days: 30", "sponsor_passive_days: 14")
        spec = load_spec_text(text)
        assert spec.thresholds.sponsor_passive_days == 14
        [flag] = found("sponsor-passive", self.passive(4), spec=spec)
        assert "14 days" in flag.message


@covers("steward-bottleneck")
class TestStewardBottleneck:
    def test_fires_when_the_steward_facilitates_most_sessions(self):
        data = healthy_network(10)  # four sessions held
        for number in (1, 2, 3):
            data = with_session(data, number, facilitator=STEWARD)
        [flag] = found("steward-bottleneck", data)
        assert "facilitated 3 of 4 held sessions" in flag.message
        assert len(flag.evidence) == 3

    def test_silent_at_half_of_the_sessions(self):
        data = healthy_network(10)
        for number in (1, 2):
            data = with_session(data, number, facilitator=STEWARD)
        assert not found("steward-bottleneck", data)

    def test_silent_with_fewer_than_three_sessions_held(self):
        data = healthy_network(7)  # two sessions held
        for number in (1, 2):
            data = with_session(data, number, facilitator=STEWARD)
        assert not found("steward-bottleneck", data)

    def test_fires_when_the_steward_submits_most_cases(self):
        data = healthy_network(9)  # six cases
        for case in data["cases"][:4]:
            case["submitted_by"] = STEWARD
        [flag] = found("steward-bottleneck", data)
        assert "submitted 4 of 6 cases" in flag.message

    def test_silent_when_the_steward_submits_half_of_the_cases(self):
        data = healthy_network(9)
        for case in data["cases"][:3]:
            case["submitted_by"] = STEWARD
        assert not found("steward-bottleneck", data)


@covers("facilitator-not-rotating")
class TestFacilitatorNotRotating:
    def test_fires_when_one_person_facilitates_three_sessions(self):
        data = with_session(healthy_network(9), 2, facilitator="Ana Souza")
        [flag] = found("facilitator-not-rotating", data)
        assert "All 3 held sessions" in flag.message and "Ana Souza" in flag.message

    def test_does_not_fire_before_the_third_session(self):
        data = with_session(healthy_network(7), 2, facilitator="Ana Souza")
        assert not found("facilitator-not-rotating", data)


# --- Sessions ----------------------------------------------------------------------------


@covers("presentation-theater")
class TestPresentationTheater:
    def test_fires_when_a_third_of_sessions_are_presentations(self):
        data = with_session(healthy_network(9), 2, format="status_update")
        [flag] = found("presentation-theater", data)
        assert flag.message.startswith("1 of 3 held sessions")

    def test_slides_count_as_a_presentation(self):
        data = with_session(healthy_network(9), 1, slides_used="yes")
        [flag] = found("presentation-theater", data)
        assert flag.evidence[0].column == "Slides used"

    def test_silent_below_a_third(self):
        data = with_session(healthy_network(10), 2, format="presentation")  # 1 of 4
        assert not found("presentation-theater", data)

    def test_a_planned_presentation_does_not_count(self):
        data = with_session(healthy_network(9), 4, format="presentation")
        assert not found("presentation-theater", data)


@covers("session-no-pattern")
class TestSessionNoPattern:
    def test_fires_once_per_held_session_without_a_pattern(self):
        data = with_session(with_session(healthy_network(9), 1, pattern=None), 3, pattern=None)
        flags = found("session-no-pattern", data)
        assert len(flags) == 2
        assert flags[0].message.startswith("Session 1 (")
        assert flags[1].evidence[0].row == 3

    def test_a_planned_session_needs_no_pattern_yet(self):
        assert not found("session-no-pattern", healthy_network(9))


@covers("session-no-case")
class TestSessionNoCase:
    def test_fires_when_a_session_had_no_case_and_no_problem_owner(self):
        data = with_session(healthy_network(6), 1, cases=None, members_with_problem=0)
        [flag] = found("session-no-case", data)
        assert "no case" in flag.message
        assert len(flag.evidence) == 2

    @pytest.mark.parametrize("placeholder", ["n/a", "N/A", "none", "-", "—", "tbd", "aucun"])
    def test_a_placeholder_is_no_case(self, placeholder):
        data = with_session(healthy_network(6), 1, cases=placeholder, members_with_problem=0)
        [flag] = found("session-no-case", data)
        assert "had no case" in flag.message

    def test_an_id_that_is_not_in_case_intake_is_no_case(self):
        data = with_session(healthy_network(6), 1, cases="C-099", members_with_problem=0)
        [flag] = found("session-no-case", data)
        assert "named only C-099, not in Case Intake" in flag.message

    def test_a_submitted_case_counts_however_its_id_is_written(self):
        data = healthy_network(6)
        assert data["cases"], "the first Case Intake row (prefilled C-001) is submitted"
        for written in ("C-001", "c1", "C 001", "n/a; c-001"):
            data = with_session(data, 1, cases=written, members_with_problem=0)
            assert not found("session-no-case", data), written

    def test_silent_when_members_brought_problems(self):
        data = with_session(healthy_network(6), 1, cases=None, members_with_problem=2)
        assert not found("session-no-case", data)


@covers("recap-late")
class TestRecapLate:
    def test_fires_when_the_recap_came_days_later(self):
        data = with_session(healthy_network(6), 1, recap_published_on=day_of_cycle(6, 24))
        [flag] = found("recap-late", data)
        assert "3 days after" in flag.message

    def test_fires_when_no_recap_once_the_day_has_passed(self):
        data = with_session(healthy_network(4), 1, recap_published_on=None)  # held 2 days ago
        [flag] = found("recap-late", data)
        assert "not published" in flag.message

    def test_does_not_fire_while_the_recap_day_runs(self):
        data = with_session(healthy_network(4), 1, recap_published_on=None)
        assert not found("recap-late", data, day_of_cycle(4, 22))

    def test_threshold_comes_from_the_spec(self):
        data = with_session(healthy_network(6), 1, recap_published_on=day_of_cycle(6, 24))
        assert not found("recap-late", data, spec=spec_with(recap_days=3))


@covers("region-excluded")
class TestRegionExcluded:
    @staticmethod
    def without_apac(week: int) -> dict:
        return with_session(healthy_network(week), 3, time_slot="EMEA")

    def test_fires_from_week_8_for_a_region_never_served(self):
        [flag] = found("region-excluded", self.without_apac(8))
        assert "APAC" in flag.message and "1 person" in flag.message
        assert flag.evidence[0].table == "Roles"

    def test_does_not_fire_before_week_8(self):
        assert not found("region-excluded", self.without_apac(7))

    def test_threshold_comes_from_the_spec(self):
        data = with_session(healthy_network(7), 3, time_slot="EMEA")
        data = without_sessions(data, 2)  # AMER not served by week 7 either
        flags = found("region-excluded", data, spec=spec_with(region_access_week=6))
        assert {f.message.split(" for ")[1].split(",")[0] for f in flags} == {"AMER", "APAC"}


# --- Planner ----------------------------------------------------------------------------


@covers("no-baseline-pulse")
class TestNoBaselinePulse:
    @staticmethod
    def no_pulse(week: int) -> dict:
        data = with_milestone(healthy_network(week), "baseline_pulse", status="in_progress")
        return with_week(data, 1, pulse_score=None)

    def test_fires_after_week_3(self):
        [flag] = found("no-baseline-pulse", self.no_pulse(4))
        assert "in progress" in flag.message

    def test_does_not_fire_in_week_3(self):
        assert not found("no-baseline-pulse", self.no_pulse(3))

    def test_a_pulse_score_in_week_2_is_enough(self):
        assert not found("no-baseline-pulse", with_week(self.no_pulse(5), 2, pulse_score=3))


@covers("cases-weak")
class TestCasesWeak:
    @staticmethod
    def two_cases(week: int) -> dict:
        data = healthy_network(week)
        data["cases"] = data["cases"][:2]
        return data

    def test_fires_after_week_3(self):
        [flag] = found("cases-weak", self.two_cases(4))
        assert flag.message.startswith("Only 2 cases submitted")

    def test_does_not_fire_in_week_3(self):
        assert not found("cases-weak", self.two_cases(3))

    def test_a_case_dated_after_as_of_does_not_count(self):
        data = self.two_cases(4)
        data["cases"].append({**data["cases"][0], "submitted_on": AS_OF + dt.timedelta(days=3)})
        assert found("cases-weak", data)

    def test_thresholds_come_from_the_spec(self):
        assert not found("cases-weak", self.two_cases(4), spec=spec_with(cases_min=2))
        assert not found("cases-weak", self.two_cases(4), spec=spec_with(cases_week=4))


@covers("cadence-drift")
class TestCadenceDrift:
    def test_fires_on_a_long_gap_between_held_sessions(self):
        data = with_session(healthy_network(11), 3, date=day_of_cycle(11, 60))
        [flag] = found("cadence-drift", data)
        assert "25 days between session 2" in flag.message
        assert "21 days apart" in flag.message

    def test_fires_on_a_long_time_since_the_last_session(self):
        data = without_sessions(healthy_network(9), 3)  # last held on day 35, as of day 58
        [flag] = found("cadence-drift", data)
        assert "23 days since the last session" in flag.message

    def test_the_weeks_before_the_first_session_are_launch(self):
        data = without_sessions(healthy_network(6), 1)  # nothing held by day 37
        assert not found("cadence-drift", data)

    def test_time_since_the_last_session_stops_counting_after_week_12(self):
        data = without_sessions(healthy_network(13), 5)  # last held on day 63, as of day 86
        assert not found("cadence-drift", data)

    def test_fires_with_fewer_than_two_sessions_by_the_end_of_week_8(self):
        data = without_sessions(healthy_network(9), 1, 2)
        [flag] = found("cadence-drift", data)
        assert "only 1 held by the end of week 8" in flag.message

    def test_does_not_count_week_8_before_it_is_over(self):
        assert not found("cadence-drift", without_sessions(healthy_network(8), 1, 2))

    def test_gap_limit_follows_the_charter_cadence(self):
        assert found("cadence-drift", with_charter(healthy_network(7), cadence="weekly"))
        assert not found("cadence-drift", with_charter(healthy_network(7), cadence="monthly"))

    def test_threshold_comes_from_the_spec(self):
        data = with_session(healthy_network(11), 3, date=day_of_cycle(11, 60))
        assert not found("cadence-drift", data, spec=spec_with(cadence_gap_factor=2))


@covers("no-playbook")
class TestNoPlaybook:
    @staticmethod
    def no_playbook(week: int) -> dict:
        return with_milestone(healthy_network(week), "playbook_v01", status="in_progress")

    def test_fires_after_week_8(self):
        [flag] = found("no-playbook", self.no_playbook(9))
        assert "in progress" in flag.message
        assert flag.evidence[0].table == "Milestones"

    def test_does_not_fire_in_week_8(self):
        assert not found("no-playbook", self.no_playbook(8))


@covers("demo-day-skipped")
class TestDemoDaySkipped:
    def test_fires_as_soon_as_demo_day_is_marked_skipped(self):
        data = with_milestone(healthy_network(5), "demo_day", status="skipped")
        [flag] = found("demo-day-skipped", data)
        assert "skipped" in flag.message

    def test_fires_when_not_done_once_week_12_is_over(self):
        data = with_milestone(healthy_network(13), "demo_day", status="in_progress")
        assert found("demo-day-skipped", data)

    def test_does_not_fire_while_week_12_runs(self):
        data = with_milestone(healthy_network(12), "demo_day", status="in_progress")
        assert not found("demo-day-skipped", data)


@covers("no-next-decision")
class TestNoNextDecision:
    def test_fires_after_week_12_without_a_decision(self):
        data = dict(healthy_network(13), planner_decision=None)
        [flag] = found("no-next-decision", data)
        assert "no decision" in flag.message
        assert flag.evidence[0].sheet == "90-Day Planner"

    def test_fires_when_next_goals_are_not_locked(self):
        data = with_milestone(healthy_network(13), "lock_next_goals", status="in_progress")
        [flag] = found("no-next-decision", data)
        assert "in progress" in flag.message

    def test_does_not_fire_during_week_12(self):
        data = dict(healthy_network(12), planner_decision=None)
        assert not found("no-next-decision", data)


# --- Adoption ---------------------------------------------------------------------------


@covers("no-adoption-signal")
class TestNoAdoptionSignal:
    @staticmethod
    def no_signal(week: int) -> dict:
        data = with_metrics(
            healthy_network(week), patterns_used_in_field=0, teams_repeating_methods=None
        )
        for case in data["cases"]:
            case["teams_applied"] = None
        return data

    def test_fires_from_week_8(self):
        report = analyzed(self.no_signal(8))
        assert "no-adoption-signal" in flag_ids(report)
        assert report.health["adoption_signal"] == "red_flag"

    def test_does_not_fire_in_week_7(self):
        assert not found("no-adoption-signal", self.no_signal(7))

    def test_one_team_applying_a_method_is_a_signal(self):
        data = self.no_signal(9)
        data["cases"][0]["teams_applied"] = 1
        assert not found("no-adoption-signal", data)

    def test_threshold_comes_from_the_spec(self):
        assert found(
            "no-adoption-signal", self.no_signal(7), spec=spec_with(adoption_signal_week=6)
        )


@covers("no-measurable-improvement")
class TestNoMeasurableImprovement:
    def test_fires_after_week_12_when_the_metric_has_not_moved(self):
        data = with_week(healthy_network(13), 12, metric_value=70)
        [flag] = found("no-measurable-improvement", data)
        assert "70 in week 12 against a baseline of 71" in flag.message

    def test_does_not_fire_during_the_cycle(self):
        data = with_week(healthy_network(12), 11, metric_value=70)
        assert not found("no-measurable-improvement", data)

    def test_direction_follows_the_charter(self):
        lower = with_charter(
            healthy_network(13), metric_direction="lower_is_better", target_value=60
        )
        assert not found("no-measurable-improvement", with_week(lower, 12, metric_value=65))
        assert found("no-measurable-improvement", with_week(lower, 12, metric_value=72))

    def test_fires_when_no_value_was_recorded(self):
        data = with_metrics(healthy_network(13), metric_value=None)
        [flag] = found("no-measurable-improvement", data)
        assert "no value" in flag.message


# --- Without a cycle start ---------------------------------------------------------------


class TestMissingCycleStart:
    def test_time_based_flags_stay_silent_but_charter_flags_fire(self):
        data = with_charter(healthy_network(13), cycle_start=None, cadence="flexible")
        data = with_milestone(data, "playbook_v01", status="in_progress")
        data = without_sessions(data, 2, 3, 4)
        data["cases"] = data["cases"][:1]
        report = analyzed(data)
        assert report.cycle.week is None and report.cycle.phase == "unknown"
        assert set(flag_ids(report)) == {"charter-cadence-flexible"}

    def test_session_flags_still_fire(self):
        data = with_charter(healthy_network(9), cycle_start=None)
        data = with_session(data, 1, pattern=None)
        assert flag_ids(analyzed(data)) == ["session-no-pattern"]


def test_analyze_is_pure_and_repeatable():
    content = build(default_spec(), healthy_network(9))
    kit = read_workbook(content, "again.xlsx")
    assert analyze(kit, AS_OF) == analyze(kit, AS_OF)
