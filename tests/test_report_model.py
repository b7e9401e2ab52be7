"""The report data model: its word lists, severity counts and the ranking every format reads."""

from __future__ import annotations

import dataclasses
from typing import get_args

import pytest

from starterkit import report
from starterkit.findings import SEVERITIES, Severity
from starterkit.kit import contract
from starterkit.report import Portfolio

from reports import AS_OF, flag, network, portfolio_of


class TestWordLists:
    """Each fixed word list of the report is defined once, as a Literal type and its tuple."""

    @pytest.mark.parametrize(
        ("words", "list_key"),
        [
            (get_args(report.HealthStatus), "health"),
            (get_args(report.MetricStatus), "metric_status"),
            (get_args(report.SessionFormat), "session_format"),
            (get_args(report.CasePriority), "priority"),
            (get_args(report.CaseStatus), "case_status"),
        ],
    )
    def test_choice_words_are_the_kits_own_choice_keys(self, words, list_key):
        assert words == contract.LIST_KEYS[list_key]

    def test_verdicts_are_worst_first(self):
        assert report.VERDICTS == ("at_risk", "watch", "on_track")

    def test_routes_are_most_trusted_first(self):
        assert report.ROUTES == ("tables", "defined names", "headers")

    def test_severities_are_most_severe_first(self):
        assert tuple(sorted(Severity, key=lambda s: s.rank)) == SEVERITIES


class TestSeverityCounts:
    """Flags are counted per severity with every severity present, most severe first."""

    def test_a_network_counts_its_own_flags(self):
        counts = network(
            flags=(flag("a", Severity.LOW), flag("b", Severity.HIGH), flag("c", Severity.LOW))
        ).severity_counts()
        assert list(counts.items()) == [
            (Severity.HIGH, 1),
            (Severity.MEDIUM, 0),
            (Severity.LOW, 2),
        ]

    def test_a_portfolio_counts_its_own_flags_and_every_networks(self):
        portfolio = portfolio_of(
            network(flags=(flag("a", Severity.MEDIUM),)),
            network(flags=(flag("b", Severity.MEDIUM), flag("c", Severity.HIGH))),
            flags=(flag("parallel-launch", Severity.HIGH),),
        )
        assert portfolio.severity_counts() == {
            Severity.HIGH: 2,
            Severity.MEDIUM: 2,
            Severity.LOW: 0,
        }


class TestRanked:
    """Portfolio.ranked() is the one order the formats list networks in."""

    def test_follows_the_portfolios_ranking(self):
        first, second, third = (network(network=name, flags=()) for name in "ABC")
        portfolio = portfolio_of(first, second, third, ranking=(2, 0, 1))
        assert [n.network for n in portfolio.ranked()] == ["C", "A", "B"]

    def test_without_a_ranking_networks_go_by_risk_score(self):
        calm = network(network="calm", flags=())
        risky = network(network="risky", flags=(flag("a", Severity.HIGH),))
        portfolio = Portfolio(as_of=AS_OF, networks=(calm, risky))
        assert [n.network for n in portfolio.ranked()] == ["risky", "calm"]

    def test_an_empty_portfolio_ranks_nothing(self):
        portfolio = dataclasses.replace(portfolio_of(), ranking=())
        assert portfolio.ranked() == []
