"""Scenario networks: clean, repeatable kits that raise exactly the flags they document."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

import pytest

from starterkit.analysis import FLAGS, analyze, combine
from starterkit.reader import read_workbook
from starterkit.report import NetworkReport
from starterkit.scenarios import (
    LAST_WEEK,
    PORTFOLIO,
    SCENARIOS,
    portfolio_expected_flags,
    portfolio_networks,
    portfolio_workbooks,
    sample_workbook,
    scenario_data,
)
from starterkit.spec import default_spec, load_spec
from starterkit.spec.prefill import check_prefill

from conftest import ROOT
from dates import SCENARIO_DAY

#: A Thursday, so every cycle starts on a Monday.
AS_OF = SCENARIO_DAY
WEEKS = range(1, 17)
CATALOG = {flag.id for flag in FLAGS}


@cache
def report(name: str, week: int, as_of: dt.date = AS_OF, seed: int = 0) -> NetworkReport:
    content = sample_workbook(name, week, as_of=as_of, seed=seed)
    return analyze(read_workbook(content, f"{name}.xlsx"), as_of)


def flag_ids(found: NetworkReport) -> tuple[str, ...]:
    return tuple(sorted({flag.id for flag in found.flags}))


def boundary_weeks(name: str) -> list[int]:
    """The sample week and, for each flag, the week it first shows and the week before."""
    scenario = SCENARIOS[name]
    weeks = {scenario.sample_week}
    for _, first in scenario.flags:
        weeks.update(week for week in (first - 1, first) if week >= 1)
    return sorted(weeks)


class TestCatalogue:
    def test_healthy_comes_first_and_names_are_kebab_case(self):
        assert next(iter(SCENARIOS)) == "healthy"
        for name, scenario in SCENARIOS.items():
            assert scenario.name == name
            assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name)
            assert scenario.title and scenario.story.endswith(".")

    def test_documented_flags_are_catalog_flags(self):
        for scenario in SCENARIOS.values():
            for week in WEEKS:
                assert set(scenario.expected_flags(week)) <= CATALOG
        assert set(portfolio_expected_flags()) <= CATALOG

    def test_each_problem_scenario_shows_its_flags_at_its_sample_week(self):
        for scenario in SCENARIOS.values():
            shown = scenario.expected_flags(scenario.sample_week)
            assert bool(shown) == (scenario.name != "healthy"), scenario.name

    def test_expected_flags_are_sorted_ids_each_once(self):
        flags = SCENARIOS["presentation-theater"].expected_flags(9)
        assert flags == ("no-playbook", "presentation-theater", "session-no-pattern")


class TestFlags:
    @pytest.mark.parametrize("week", WEEKS)
    @pytest.mark.parametrize("name", list(SCENARIOS))
    def test_raises_exactly_the_documented_flags_on_clean_data(self, name, week):
        found = report(name, week)
        assert flag_ids(found) == SCENARIOS[name].expected_flags(week)
        assert found.data_findings == ()
        assert found.cycle.week == week

    @pytest.mark.parametrize("name", list(SCENARIOS))
    def test_flags_do_not_depend_on_the_weekday_of_the_analysis(self, name):
        """The cycle starts on any weekday; events move to working days, never across weeks."""
        for shift in range(1, 7):
            as_of = AS_OF + dt.timedelta(days=shift)
            for week in boundary_weeks(name):
                found = report(name, week, as_of)
                assert flag_ids(found) == SCENARIOS[name].expected_flags(week), (as_of, week)

    def test_flags_stay_the_same_long_after_the_cycle(self):
        for name, scenario in SCENARIOS.items():
            assert (
                flag_ids(report(name, 30))
                == scenario.expected_flags(30)
                == (scenario.expected_flags(16))
            )

    @pytest.mark.parametrize("name", list(SCENARIOS))
    def test_every_prefill_passes_the_prefill_check(self, name):
        spec = default_spec()
        for week in WEEKS:
            data = scenario_data(name, week, as_of=AS_OF)
            assert list(check_prefill(spec, data)) == [], week


class TestSeeds:
    def test_same_arguments_give_the_same_bytes(self):
        for name, scenario in SCENARIOS.items():
            first = sample_workbook(name, scenario.sample_week, as_of=AS_OF, seed=3)
            again = sample_workbook(name, scenario.sample_week, as_of=AS_OF, seed=3)
            assert first == again, name

    @pytest.mark.parametrize("name", list(SCENARIOS))
    def test_seeds_change_the_network_and_people_but_not_the_flags(self, name):
        week = SCENARIOS[name].sample_week
        networks, stewards, people = set(), set(), set()
        for seed in range(5):
            data = scenario_data(name, week, as_of=AS_OF, seed=seed)
            charter = data["charter"]
            networks.add((charter["organization"], charter["network_name"]))
            stewards.add(charter["steward"])
            people.add(tuple(row["person"] for row in data["roles"]))
            found = report(name, week, seed=seed)
            assert flag_ids(found) == SCENARIOS[name].expected_flags(week), seed
        assert len(networks) == len(stewards) == len(people) == 5

    def test_one_seed_tells_one_story_at_every_week(self):
        """Later weeks add to what earlier weeks showed; people and cases stay who they were."""
        early = scenario_data("healthy", 5, as_of=AS_OF)
        late = scenario_data("healthy", 13, as_of=AS_OF + dt.timedelta(weeks=8))
        assert early["roles"] == late["roles"]
        assert early["charter"]["cycle_start"] == late["charter"]["cycle_start"]
        problems = [case["problem"] for case in late["cases"]]
        assert [case["problem"] for case in early["cases"]] == problems[: len(early["cases"])]

    @pytest.mark.parametrize("example", ["branded", "french"])
    def test_a_rebranded_or_translated_spec_builds_the_same_network(self, example):
        spec = load_spec(ROOT / "kit_spec" / "examples" / example / "kit.yaml")
        for name in ("healthy", "region-excluded"):
            week = SCENARIOS[name].sample_week
            content = sample_workbook(name, week, as_of=AS_OF, spec=spec)
            found = analyze(read_workbook(content, f"{name}.xlsx"), AS_OF)
            assert flag_ids(found) == SCENARIOS[name].expected_flags(week)
            assert (
                found.network == scenario_data(name, week, as_of=AS_OF)["charter"]["network_name"]
            )

    def test_data_is_new_on_every_call(self):
        first = scenario_data("healthy", 9, as_of=AS_OF)
        first["roles"].clear()
        assert scenario_data("healthy", 9, as_of=AS_OF)["roles"]


class TestCalendar:
    @pytest.mark.parametrize("shift", range(7))
    def test_work_happens_on_working_days(self, shift):
        as_of = AS_OF + dt.timedelta(days=shift)
        for name in SCENARIOS:
            data = scenario_data(name, 13, as_of=as_of)
            dates = [
                row[key]
                for table, keys in (
                    ("sessions", ("date", "recap_published_on")),
                    ("cases", ("submitted_on", "solved_on")),
                    ("milestones", ("done_on",)),
                )
                for row in data[table]
                for key in keys
                if row.get(key) is not None
            ]
            assert dates and all(day.weekday() < 5 for day in dates), name
            weekdays = {row["date"].strftime("%A").lower() for row in data["sessions"]}
            assert weekdays == {data["charter"]["session_day"]}

    def test_the_analysis_date_falls_in_the_asked_week(self):
        for week in (1, 7, 12, 13):
            start = scenario_data("healthy", week, as_of=AS_OF)["charter"]["cycle_start"]
            assert (AS_OF - start).days // 7 + 1 == week
            assert start.weekday() == 0


class TestPortfolio:
    @pytest.mark.parametrize("seed", [0, 1])
    def test_overlapping_launches_raise_parallel_launch_and_each_network_its_own(self, seed):
        workbooks = portfolio_workbooks(as_of=AS_OF, seed=seed)
        networks = portfolio_networks(seed=seed)
        assert list(workbooks) == [network.stem for network in networks]
        assert 3 <= len(networks) <= 4
        reports = []
        for network in networks:
            found = analyze(read_workbook(workbooks[network.stem], f"{network.stem}.xlsx"), AS_OF)
            assert flag_ids(found) == network.expected_flags(), network
            assert found.data_findings == ()
            assert found.cycle.week == network.week and found.cycle.cycle_number == 1
            reports.append(found)
        assert len({found.organization for found in reports}) == 1
        portfolio = combine(reports, as_of=AS_OF)
        assert tuple(sorted({flag.id for flag in portfolio.flags})) == portfolio_expected_flags()
        assert portfolio_expected_flags() == (PORTFOLIO,)

    def test_the_portfolio_is_repeatable(self):
        assert portfolio_workbooks(as_of=AS_OF, seed=2) == portfolio_workbooks(as_of=AS_OF, seed=2)


class TestBadArguments:
    def test_an_unknown_scenario_names_the_valid_ones(self):
        with pytest.raises(ValueError, match="unknown scenario 'theater'") as raised:
            scenario_data("theater", 9, as_of=AS_OF)
        for name in SCENARIOS:
            assert name in str(raised.value)
        with pytest.raises(ValueError, match="healthy, presentation-theater"):
            sample_workbook("Healthy", 9, as_of=AS_OF)

    @pytest.mark.parametrize("week", [0, -1, LAST_WEEK + 1, 2.0, True, "9"])
    def test_a_week_outside_the_range_says_which_weeks_are_allowed(self, week):
        message = f"week must be a whole number from 1 to {LAST_WEEK}"
        with pytest.raises(ValueError, match=message):
            scenario_data("healthy", week, as_of=AS_OF)
        with pytest.raises(ValueError, match=message):
            SCENARIOS["healthy"].expected_flags(week)

    def test_as_of_must_be_a_date(self):
        with pytest.raises(TypeError, match="as_of must be a date"):
            scenario_data("healthy", 9, as_of=dt.datetime(2026, 3, 5, 9))
