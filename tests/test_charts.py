"""The report's charts drawn lean (reporters/pygal_lean.py: no stylesheet, script or tooltip
data, pygal's bookkeeping shortened) are exactly pygal's own drawing with what the page strips
from it stripped."""

from __future__ import annotations

import datetime as dt
import functools

import pytest

from starterkit.files.analyze_many import analyze_files
from starterkit.reporters import charts

from conftest import ROOT


@pytest.fixture(scope="module")
def portfolio():
    samples = ROOT / "samples"
    files = [samples / "healthy.xlsx", samples / "steward-bottleneck.xlsx"]
    return analyze_files(files, dt.date(2027, 3, 1))


def drawn_by_pygal(chart: charts.Chart, chart_id: str, title: str) -> str:
    """``charts.svg`` without the lean drawing: pygal renders everything, the page strips."""
    chart.uuid = chart_id
    chart.add_xml_filter(functools.partial(charts._inline, title=title))
    return charts.LONG_DECIMALS.sub(r"\1", chart.render(is_unicode=True))


def every_chart(portfolio):
    for network in portfolio.networks:
        yield charts.signals, (network.weeks,)
        yield charts.attendance, (network.sessions,)
        yield charts.case_funnel, (network.cases,)
        yield charts.business_metric, (network.business_metric, network.weeks)
    yield charts.flag_frequency, (portfolio.flag_frequency,)


def test_lean_charts_are_pygals_own_drawing_as_the_page_shows_it(portfolio):
    drawn = 0
    for make, data in every_chart(portfolio):
        if make(*data) is None:
            continue
        lean = charts.svg(make(*data), "chart", "Title")
        assert lean == drawn_by_pygal(make(*data), "chart", "Title"), make.__name__
        drawn += 1
    assert drawn >= 8
