"""Portfolios: many network reports combined, ranked by risk, and the parallel-launch flag."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from starterkit.analysis import combine
from starterkit.findings import Finding, Severity
from starterkit.report import FileError, NetworkReport

from networks import AS_OF, analyzed, healthy_network, with_charter


def network(
    week: int, name: str, organization: str = "Northwind Utilities", cycle_number: int | None = 1
) -> NetworkReport:
    """A healthy network in ``week`` of its cycle, built and read back as its own file."""
    data = with_charter(
        healthy_network(week),
        network_name=name,
        organization=organization,
        cycle_number=cycle_number,
    )
    return analyzed(data, source=f"{name.lower().replace(' ', '-')}.xlsx")


@pytest.fixture(scope="module")
def base() -> NetworkReport:
    return analyzed(healthy_network(9))


def starting(base: NetworkReport, name: str, start: dt.date, **changes) -> NetworkReport:
    """The base report renamed and moved to a cycle starting on ``start``."""
    cycle = dataclasses.replace(
        base.cycle,
        start=start,
        end=start + dt.timedelta(days=83),
        cycle_number=changes.pop("cycle_number", 1),
    )
    return dataclasses.replace(
        base, network=name, source=f"{name}.xlsx", kit_id=f"kit-{name}", cycle=cycle, **changes
    )


def flagged(base: NetworkReport, name: str, *severities: Severity) -> NetworkReport:
    flags = tuple(
        Finding(f"flag-{i}-{s.value}", s, "fired", "act") for i, s in enumerate(severities)
    )
    return dataclasses.replace(base, network=name, flags=flags)


class TestParallelLaunch:
    def test_fires_for_overlapping_first_cycles_of_one_organisation(self):
        first = network(9, "Field Repair Network")
        second = network(5, "Meter Install Network", organization="  northwind utilities ")
        second_cycle = network(7, "Billing Network", cycle_number=2)
        elsewhere = network(6, "Contoso Network", organization="Contoso")
        portfolio = combine([first, second, second_cycle, elsewhere], as_of=AS_OF)
        [flag] = portfolio.flags
        assert flag.id == "parallel-launch" and flag.severity is Severity.MEDIUM
        assert "Field Repair Network" in flag.message and "Meter Install Network" in flag.message
        assert "Billing" not in flag.message and "Contoso" not in flag.message
        assert flag.evidence == (first.cycle.start_cell, second.cycle.start_cell)
        assert flag.evidence[0].sheet == "Charter"
        assert flag in portfolio.all_flags()

    def test_a_large_group_names_its_first_networks_and_counts_the_rest(self, base):
        launches = [
            starting(base, f"Network {n:02}", AS_OF - dt.timedelta(days=40 + n)) for n in range(13)
        ]
        [flag] = combine(launches, as_of=AS_OF).flags
        assert flag.message.startswith("13 first-cycle networks of ")
        assert flag.message.endswith(" and 3 more.")
        assert sum(f"Network {n:02} (" in flag.message for n in range(13)) == 10
        assert len(flag.evidence) == 13

    def test_one_kit_returned_twice_is_not_a_parallel_launch(self):
        data = with_charter(healthy_network(9), network_name="Field Repair Network")
        first = analyzed(data, source="field-repair.xlsx")
        resaved = analyzed(data, source="field-repair (resaved).xlsx")
        assert first.kit_id == resaved.kit_id
        assert combine([first, resaved], as_of=AS_OF).flags == ()

    def test_blank_cycle_number_counts_as_a_first_cycle(self):
        portfolio = combine(
            [network(9, "Field Repair Network"), network(5, "Meter Network", cycle_number=None)]
        )
        assert [f.id for f in portfolio.flags] == ["parallel-launch"]

    def test_back_to_back_cycles_do_not_overlap(self, base):
        start = dt.date(2026, 1, 5)
        one = starting(base, "One", start)
        after = starting(base, "Two", start + dt.timedelta(days=84))
        same_last_day = starting(base, "Three", start + dt.timedelta(days=83))
        assert combine([one, after]).flags == ()
        assert len(combine([one, same_last_day]).flags) == 1

    def test_overlaps_chain_into_one_finding(self, base):
        start = dt.date(2026, 1, 5)
        reports = [
            starting(base, name, start + dt.timedelta(days=offset))
            for name, offset in (("A", 0), ("B", 60), ("C", 120), ("D", 300))
        ]
        [flag] = combine(reports).flags
        assert flag.message.startswith("3 first-cycle networks of Northwind Utilities")
        assert "D (" not in flag.message

    def test_silent_without_an_organisation_or_a_start(self, base):
        start = dt.date(2026, 1, 5)
        unnamed = [starting(base, n, start, organization=None) for n in ("A", "B")]
        assert combine(unnamed).flags == ()
        undated = dataclasses.replace(
            base, network="B", cycle=dataclasses.replace(base.cycle, start=None, end=None)
        )
        assert combine([starting(base, "A", start), undated]).flags == ()


class TestFlagFrequency:
    def test_flags_by_number_of_networks_most_frequent_first(self, base):
        low = Finding("recap-late", Severity.LOW, "late", "act")
        high = Finding("cadence-drift", Severity.HIGH, "drift", "act")
        reports = [
            dataclasses.replace(base, network=name, organization=name, flags=flags)
            for name, flags in (("A", (high, low, low)), ("B", (low,)), ("C", ()))
        ]
        frequency = combine(reports).flag_frequency
        assert [(f.id, f.severity, f.networks) for f in frequency] == [
            ("recap-late", Severity.LOW, 2),
            ("cadence-drift", Severity.HIGH, 1),
        ]

    def test_parallel_launch_counts_the_networks_it_names(self, base):
        start = dt.date(2026, 1, 5)
        reports = [starting(base, name, start) for name in ("A", "B", "C")]
        frequency = combine(reports).flag_frequency
        assert [(f.id, f.networks) for f in frequency] == [("parallel-launch", 3)]


class TestRanking:
    def test_by_risk_then_high_flags_then_name(self, base):
        reports = [
            flagged(base, "Quiet"),
            flagged(base, "Beta", Severity.HIGH),  # risk 5, one high
            flagged(base, "Alpha", *[Severity.LOW] * 5),  # risk 5, no high
            flagged(base, "Gamma", Severity.HIGH, Severity.MEDIUM),  # risk 7
            flagged(base, "Able", Severity.HIGH),  # risk 5, one high, first by name
        ]
        portfolio = combine(reports)
        assert [reports[i].network for i in portfolio.ranking] == [
            "Gamma",
            "Able",
            "Beta",
            "Alpha",
            "Quiet",
        ]


class TestCombine:
    def test_keeps_every_report_and_file_error(self, base):
        error = FileError("broken.xlsx", "not a workbook", "send the .xlsx")
        portfolio = combine([base], errors=[error], as_of=AS_OF)
        assert portfolio.networks == (base,)
        assert portfolio.errors == (error,)
        assert portfolio.as_of == AS_OF

    def test_as_of_defaults_to_the_reports_date(self, base):
        assert combine([base]).as_of == base.as_of

    def test_an_empty_portfolio(self):
        portfolio = combine([], as_of=AS_OF)
        assert (portfolio.networks, portfolio.flags, portfolio.ranking) == ((), (), ())
