"""The HTML report: what the page holds and in what order, that workbook text stays text,
that the page fetches nothing and renders the same bytes each time; then, in Chromium,
that it loads without a request or an error, draws every chart and prints a page per
network.

Report objects come from ``tests/reports.py``; the escaping and browser tests run real
kits through the reader and the analysis (``tests/networks.py``).
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import re
import sys
import warnings
from html.parser import HTMLParser

import pytest
from markupsafe import escape
from PIL import Image

from starterkit.analysis import combine
from starterkit.findings import Severity
from starterkit.report import (
    BusinessMetric,
    CaseFunnel,
    CyclePosition,
    FileError,
    Milestones,
    NetworkReport,
    Portfolio,
    Pulse,
    Sessions,
)
from starterkit.reporters import charts
from starterkit.reporters.html import render_html
from starterkit.spec import Raw

from chromium import chromium, open_html
from networks import (
    analyzed,
    healthy_network,
    with_charter,
    with_session,
    with_week,
    without_sessions,
)
from reports import flag, network, one_network, portfolio_of, three_networks

#: A network section's parts, in the order the page shows them.
PARTS = ("flags", "signals", "sessions", "cases", "metric", "milestones", "pulse", "data")

BROKEN = FileError(
    source="kits/broken.xlsx",
    message="The file is not an Excel workbook.",
    fix="Save it as .xlsx and run again.",
)


# Reading a page


class Outline(HTMLParser):
    """A page's elements (tag and attributes, in document order) and its visible text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._text: list[str] = []
        self._in_style = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        (self.styles if self._in_style else self._text).append(data)

    @property
    def text(self) -> str:
        """The text as a reader sees it: whitespace runs as one space."""
        return " ".join(" ".join(self._text).split())

    @property
    def ids(self) -> list[str]:
        return [attrs["id"] for _, attrs in self.elements if attrs.get("id")]


def text(html: str) -> str:
    return Outline(html).text


def part(html: str, part_id: str) -> str:
    """The markup of one part of the page (a ``<section class="part">``, which never nests)."""
    found = re.search(rf'<section class="part" id="{part_id}">(.*?)</section>', html, re.S)
    assert found, f"no part {part_id!r}"
    return found.group(1)


def network_section(html: str, anchor: str) -> str:
    """The markup of a network's section, from its opening tag to the next section's."""
    start = html.rindex("<section", 0, html.index(f'id="{anchor}"'))
    following = html.find('<section class="network', start + 1)
    return html[start : following if following > 0 else html.index("</main>")]


def in_order(haystack: list[str] | str, *needles: str) -> bool:
    """Each needle comes after the one before it (in a list of strings, or a string)."""
    at = 0
    for needle in needles:
        if isinstance(haystack, str):
            found = haystack.find(needle, at)
            assert found >= 0, f"{needle!r} missing after position {at}"
            at = found + len(needle)
        else:
            assert needle in haystack[at:], f"{needle!r} missing after {haystack[:at]}"
            at = haystack.index(needle, at) + 1
    return True


def ranked_rows(html: str) -> list[str]:
    table = re.search(r'<table class="ranking">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return re.findall(r"<tr>(.*?)</tr>", table, re.S)


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, re.S)


def ranked(portfolio: Portfolio) -> list[NetworkReport]:
    return [portfolio.networks[i] for i in portfolio.ranking]


def sparse_network(**changes) -> NetworkReport:
    """A workbook with nothing usable in it: every value the report may lack is missing."""
    report = network(
        organization=None,
        network=None,
        kit_id=None,
        cycle=CyclePosition(start=None, end=None, week=None, phase="unknown", cycle_number=1),
        health={},
        milestones=Milestones(done=0, total=0, items=()),
        weeks=(),
        signals=(),
        sessions=Sessions(
            held=0,
            planned=0,
            expected=None,
            attendance_by_week=(),
            average_attendance=None,
            with_pattern_share=None,
            recap_on_time_share=None,
            sponsor_present=0,
        ),
        cases=CaseFunnel(submitted=0, discussed=0, pattern=0, applied=0, parked=0),
        business_metric=BusinessMetric(*[None] * 9),
        pulse=Pulse(baseline=None, baseline_week=None, latest=None, latest_week=None),
        flags=(),
        data_findings=(),
    )
    return dataclasses.replace(report, **changes)


# Real networks


def real_portfolio() -> Portfolio:
    """Four analyzed kits of two organisations with flags of each severity, data findings,
    and a file that failed."""
    steady = analyzed(healthy_network(11), source="kits/steady.xlsx")
    flexible = analyzed(
        with_charter(healthy_network(9), cadence="flexible", organization="Contoso"),
        source="kits/contoso.xlsx",
    )
    drifting = analyzed(without_sessions(healthy_network(10), 2, 3), source="kits/drifting.xlsx")
    messy = analyzed(
        with_session(healthy_network(7), 1, attendees=Raw("twelve"), facilitator="Kofi Mensah"),
        source="kits/messy.xlsx",
    )
    return combine([steady, flexible, drifting, messy], [BROKEN])


#: Markup typed into a workbook, each where a steward could type it.
HOSTILE = {
    "network_name": "<script>alert(1)</script>",
    "organization": '"><img src=x onerror=alert(2)>',
    "facilitator": "<b onmouseover=alert(3)>Ana Souza</b>",
    "attendees": "<svg onload=alert(4)>",
    "problem": "</td></tr></table><script>alert(5)</script>",
    "pattern": "<iframe src=javascript:alert(6)></iframe>",
    "source": "<img src=y onerror=alert(7)>.xlsx",
}


def hostile_portfolio() -> Portfolio:
    data = with_charter(
        healthy_network(9),
        network_name=HOSTILE["network_name"],
        organization=HOSTILE["organization"],
    )
    data = with_session(data, 1, facilitator=HOSTILE["facilitator"], pattern=HOSTILE["pattern"])
    data = with_session(data, 2, attendees=Raw(HOSTILE["attendees"]))
    data["cases"][0]["problem"] = HOSTILE["problem"]
    report = analyzed(data, source=HOSTILE["source"])
    calm = analyzed(healthy_network(11), source="kits/calm.xlsx")
    return combine([report, calm])


@pytest.fixture(scope="module")
def real_html() -> str:
    return render_html(real_portfolio())


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return render_html(hostile_portfolio())


# Content, without a browser


class TestPortfolioPage:
    def test_portfolio_page_comes_first_then_failed_files_then_networks(self):
        html = render_html(three_networks())
        ids = Outline(html).ids
        assert in_order(ids, "portfolio", "errors", "network-1", "network-2", "network-3")
        assert in_order(
            ids, "portfolio-ranking", "portfolio-frequency", "portfolio-flags", "errors"
        )

    def test_ranked_table_follows_the_ranking_and_links_to_each_section(self):
        portfolio = three_networks()
        html = render_html(portfolio)
        rows = ranked_rows(html)
        assert len(rows) == 3
        for rank, (row, report) in enumerate(zip(rows, ranked(portfolio), strict=True), 1):
            assert f'href="#network-{rank}"' in row
            # The ranking names networks and organisations; the file is in the details.
            assert report.source not in row and report.organization in row
            section = network_section(html, f"network-{rank}")
            assert f"Sponsor's brief · {rank} of 3 by risk" in section
            assert f'<span class="rank">{rank}.</span> ' in section
            assert report.source in section[section.index('<details class="details"') :]

    def test_ranked_row_shows_verdict_risk_flag_counts_and_week(self):
        portfolio = three_networks()
        html = render_html(portfolio)
        busiest = ranked(portfolio)[0]
        assert busiest.network == "Depot Safety Network"
        row = text(ranked_rows(html)[0])
        assert row == (
            "1 Depot Safety Network Northwind Utilities At risk "
            f"{busiest.risk_score} 3 1 1 7 of 12 sessions, weeks 4–8"
        )
        assert "On track 0 0 0 0" in text(ranked_rows(html)[2])

    def test_summary_counts_networks_verdicts_failures_and_flags(self):
        html = render_html(three_networks())
        header = text(html[: html.index("<main>")])
        assert "3 networks analyzed · 1 file failed · flags 4 high 3 medium 2 low" in header
        tiles = text(html[html.index('<div class="tiles">') : html.index('<section class="part"')])
        assert tiles == "3 networks analyzed 1 at risk 1 watch 1 on track 1 file failed"

    def test_flags_by_frequency_as_a_chart_and_a_table(self):
        html = render_html(three_networks())
        frequency = part(html, "portfolio-frequency")
        assert 'id="chart-portfolio-flags"' in frequency
        assert in_order(
            text(frequency),
            "Cadence not fixed High 2 of 3",
            "Session captured no pattern Medium 2 of 3",
            "Facilitation not rotating Low 2 of 3",
        )

    def test_portfolio_flags_with_evidence_and_action(self):
        flags = text(part(render_html(three_networks()), "portfolio-flags"))
        assert flags == (
            "Portfolio flags Medium First networks launched in parallel Northwind Utilities runs "
            "two first-cycle networks at once. Evidence Charter!C24 Action Do what "
            "parallel-launch asks."
        )

    def test_failed_files_are_listed_with_their_fix(self):
        html = render_html(three_networks())
        errors = text(html[html.index('id="errors"') : html.index('id="network-1"')])
        assert (
            "kits/broken.xlsx The file is not an Excel workbook. Fix Save it as .xlsx and run again."
            in errors
        )

    def test_only_failed_files_make_a_page_too(self):
        portfolio = dataclasses.replace(three_networks(), networks=(), ranking=())
        html = render_html(portfolio)
        page = text(html)
        assert "No network could be analyzed." in page
        assert "kits/broken.xlsx" in page
        assert 'class="network' not in html


class TestNetworkSection:
    def test_a_single_network_has_no_portfolio_page(self):
        html = render_html(one_network())
        ids = Outline(html).ids
        assert "portfolio" not in ids and "portfolio-ranking" not in ids
        assert "Networks by risk" not in html and 'href="#portfolio"' not in html
        assert ids.count("network-1") == 1 and "network-2" not in ids
        assert '<body class="single">' in html
        assert (
            "<title>Northwind Utilities · Field Repair Network · as of 4 Mar 2026</title>" in html
        )

    def test_a_single_network_still_lists_the_files_that_failed(self):
        html = render_html(portfolio_of(network(), errors=(BROKEN,)))
        assert "portfolio" not in Outline(html).ids
        assert in_order(Outline(html).ids, "errors", "network-1")
        assert "Save it as .xlsx and run again." in text(html)

    def test_every_network_has_its_parts_in_order(self):
        html = render_html(three_networks())
        ids = Outline(html).ids
        for rank in (1, 2, 3):
            assert in_order(ids, f"network-{rank}", *(f"network-{rank}-{p}" for p in PARTS))
        assert in_order(ids, "network-1-data", "network-2", "network-2-flags")

    def test_header_gives_cycle_position_dates_verdict_and_start_here_checks(self):
        section = network_section(render_html(one_network()), "network-1")
        brief = text(section[: section.index('<details class="details"')])
        assert brief.startswith(
            "Sponsor's brief · as of 4 Mar 2026 Northwind Utilities · Field Repair Network "
            "Week 7 of 12 · sessions, weeks 4–8 · 19 Jan 2026 – 12 Apr 2026 · cycle 1 "
            "Watch One high flag: fix it now and the network is back on track. "
            "Risk score 8 · 1 high 1 medium 1 low"
        )
        header = text(section[: section.index('<section class="part"')])
        assert "Cycle Week 7 of 12 · sessions, weeks 4–8" in header
        assert "Dates 19 Jan 2026 – 12 Apr 2026 · cycle 1" in header
        assert "As of 4 Mar 2026" in header
        assert "File kits/northwind.xlsx" in header
        assert (
            "Start Here checks charter OK cadence red flag metric OK RACI OK sessions warning "
            "Demo Day not yet adoption not yet" in header
        )

    def test_cycle_position_before_during_and_after_the_cycle(self):
        def cycle_of(**cycle) -> str:
            report = network(cycle=dataclasses.replace(network().cycle, **cycle))
            return text(render_html(portfolio_of(report))).split("Cycle ", 1)[1]

        assert cycle_of(week=0, phase="not_started").startswith("Starts 19 Jan 2026")
        assert cycle_of(week=14, phase="after_cycle").startswith("Week 14, after the 12-week")
        assert cycle_of(week=None, start=None, end=None).startswith("No cycle start date")

    def test_flags_are_grouped_high_medium_low_with_evidence_and_action(self):
        flags = text(part(render_html(one_network()), "network-1-flags"))
        assert in_order(
            flags,
            "High 1 flag",
            "charter-cadence-flexible The cadence is left flexible.",
            "Evidence Charter!C27",
            "Action Do what charter-cadence-flexible asks.",
            "Medium 1 flag",
            "session-no-pattern Session 2 captured no pattern.",
            "Evidence Sessions row 2, pattern ('90-Day Planner'!K10)",
            "Action Do what session-no-pattern asks.",
            "Low 1 flag",
            "facilitator-not-rotating",
            "Sessions row 1, facilitator ('90-Day Planner'!F9)",
            "Sessions row 5, facilitator ('90-Day Planner'!F13)",
        )

    def test_severity_is_said_in_words_as_well_as_colour(self):
        html = part(render_html(one_network()), "network-1-flags")
        for severity in Severity:
            label = severity.value.capitalize()
            assert f'<span class="badge severity-{severity.value}">{label}</span>' in html

    def test_flags_are_ordered_by_severity_whatever_order_they_come_in(self):
        low, medium, high = (
            flag("facilitator-not-rotating", Severity.LOW),
            flag("session-no-case", Severity.MEDIUM),
            flag("demo-day-skipped", Severity.HIGH),
        )
        flags = text(part(render_html(one_network(flags=(low, medium, high))), "network-1-flags"))
        assert in_order(flags, "demo-day-skipped", "session-no-case", "facilitator-not-rotating")

    def test_a_network_without_flags_says_so(self):
        flags = text(part(render_html(one_network(flags=())), "network-1-flags"))
        assert flags == "Flags No red flags."

    def test_data_findings_give_cell_value_problem_and_fix(self):
        html = render_html(one_network())
        findings = text(part(html, "network-1-data"))
        assert in_order(
            findings,
            "Data findings 2 cells could not be read",
            "Sessions row 3, date ('90-Day Planner'!B11) next tues 'next tues' is not a date. "
            "Type the date as the sheet shows, e.g. 2026-02-10.",
            "Charter!C27 sometimes 'sometimes' is not a cadence. Pick a cadence from the list.",
        )
        assert 'href="#network-1-data"' in html

    def test_fallback_route_and_default_spec_are_noted(self):
        html = render_html(three_networks())
        quiet = next(
            rank
            for rank, report in enumerate(ranked(three_networks()), 1)
            if report.route != "tables"
        )
        notes = text(network_section(html, f"network-{quiet}"))
        assert "Data found by headers, not by the kit's tables" in notes
        assert "it was read with the default spec" in notes
        assert "Data found by" not in text(network_section(html, "network-1"))

    def test_adoption_figures_as_people_write_them(self):
        html = render_html(one_network())
        signals = text(part(html, "network-1-signals"))
        assert "Patterns used in the field 2 ↑ up over weeks 2–6 6" in signals
        assert "Median days to solve 27.5 ↓ down over weeks 4–6 6" in signals
        sessions = text(part(html, "network-1-sessions"))
        assert "2 held 1 planned 3 expected by now" in sessions
        assert "Sessions with a pattern 50 % Recaps on time 50 %" in sessions
        assert "50\u00a0%" in html  # a share never wraps before its sign
        assert "Sponsor present 1 of 2" in sessions
        cases = text(part(html, "network-1-cases"))
        assert "3 submitted → 2 discussed → 1 with a pattern → 1 applied in the field" in cases
        metric = text(part(html, "network-1-metric"))
        assert "First-time fix rate (higher is better) 71 % baseline 73 % latest, week 6" in metric
        assert "22 % of the way from baseline to target · watch" in metric
        milestones = text(part(html, "network-1-milestones"))
        assert "Milestones 1 of 2 done · 1 overdue" in milestones
        assert "Finalize the charter 1–3 8 Feb 2026 Overdue in progress" in milestones
        pulse = text(part(html, "network-1-pulse"))
        # Rounded as people write them: 3.25 → 3.3 (half up, one decimal).
        assert pulse == "Capability pulse 2.5 baseline, week 1 3.3 latest, week 6"

    def test_charts_for_signals_attendance_cases_and_metric(self):
        html = render_html(one_network())
        for name in ("signals", "sessions", "cases", "metric"):
            assert len(svgs(part(html, f"network-1-{name}"))) == 1, name
        assert 'id="chart-network-1-signals"' in html
        assert 'id="chart-network-1-attendance"' in html

    def test_sessions_and_cases_are_listed(self):
        html = render_html(combine([analyzed(healthy_network(9))]))
        sessions = text(part(html, "network-1-sessions"))
        assert in_order(
            sessions,
            "1 4 May 2026 4 held problem solving jam Ana Souza EMEA C-001 11 Pattern 1 on time yes",
            "5 29 Jun 2026 12 planned demo day Ana Souza AMER",
        )
        cases = text(part(html, "network-1-cases"))
        assert in_order(
            cases,
            "C-001 16 Apr 2026 Ana Souza Depot North AMER Problem raised by Ana Souza "
            "applied in field",
            "Problem raised by Kim Lo",
        )


class TestSparseData:
    def test_a_network_with_nothing_filled_in_says_no_data_yet(self):
        html = render_html(portfolio_of(sparse_network()))
        page = text(html)
        assert "Organisation not named · Network not named" in page
        assert "Cycle No cycle start date Dates no cycle start date" in page
        for expected in (
            "No data yet: no week has an adoption signal recorded.",
            "No data yet: no attendance recorded.",
            "No sessions logged yet.",
            "No data yet: no case submitted.",
            "No data yet: no business metric set in the charter.",
            "No milestones in the planner.",
            "No data yet: no pulse taken.",
            "Every cell could be read.",
        ):
            assert expected in page
        assert svgs(html) == []

    def test_sparse_networks_in_a_portfolio(self):
        portfolio = portfolio_of(sparse_network(), sparse_network(source="kits/other.xlsx"))
        html = render_html(portfolio)
        assert text(ranked_rows(html)[0]).startswith(
            "1 Network not named Organisation not named On track 0 0 0 0 —"
        )
        assert "No network raised a flag." in text(part(html, "portfolio-frequency"))
        assert svgs(html) == []

    def test_a_metric_without_weekly_values_shows_its_figures_and_no_chart(self):
        report = network(
            weeks=tuple(dataclasses.replace(w, metric_value=None) for w in network().weeks)
        )
        metric = part(render_html(portfolio_of(report)), "network-1-metric")
        assert "No data yet: no weekly value recorded." in text(metric)
        assert "71 % baseline" in text(metric)
        assert svgs(metric) == []

    def test_a_blank_kit_read_back_renders(self):
        html = render_html(combine([analyzed({}, source="blank.xlsx")]))
        assert "No data yet: no week has an adoption signal recorded." in text(html)
        assert "charter-no-metric" in text(html)

    def test_a_week_with_a_single_value_still_draws(self):
        data = with_week(healthy_network(2), 1, patterns_used_in_field=1)
        html = render_html(combine([analyzed(data)]))
        assert len(svgs(part(html, "network-1-signals"))) == 1


class TestSafeAndRepeatable:
    def test_the_same_report_renders_the_same_bytes(self, real_html):
        assert render_html(real_portfolio()) == real_html
        assert render_html(three_networks()) == render_html(three_networks())

    def test_ids_are_unique(self, real_html):
        ids = Outline(real_html).ids
        assert len(ids) == len(set(ids))

    def test_no_script_no_comments_no_random_ids(self, real_html):
        assert "<script" not in real_html.lower()
        assert "<!--" not in real_html
        assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-", real_html)

    def test_nothing_is_fetched_from_anywhere(self, real_html):
        outline = Outline(real_html)
        tags = {tag for tag, _ in outline.elements}
        assert not tags & {"link", "img", "iframe", "object", "embed", "image", "use", "script"}
        for tag, attrs in outline.elements:
            assert "src" not in attrs and "srcset" not in attrs, tag
            for name in ("href", "xlink:href", "action", "data"):
                if name in attrs:
                    assert attrs[name].startswith("#"), (tag, name, attrs[name])
        css = "".join(outline.styles).lower()
        assert "@import" not in css and "url(" not in css
        assert not re.search(r"url\(|@import|@font-face", real_html, re.I)
        # The only web address in the page is the SVG namespace, which is never fetched.
        addresses = set(re.findall(r"(?:https?:)?//[\w.-]+[^\s\"'<>)]*", real_html))
        assert addresses == {"http://www.w3.org/2000/svg"}

    def test_workbook_markup_is_escaped_everywhere(self, hostile_html):
        for value in HOSTILE.values():
            assert value not in hostile_html, value
            assert str(escape(value)) in hostile_html, value
        outline = Outline(hostile_html)
        assert not [tag for tag, _ in outline.elements if tag in ("script", "img", "iframe")]
        assert not [
            (tag, name)
            for tag, attrs in outline.elements
            for name in attrs
            if name.startswith("on")
        ]
        assert HOSTILE["network_name"] in outline.text

    def test_charts_hold_no_workbook_text(self, hostile_html):
        drawn = svgs(hostile_html)
        assert len(drawn) >= 2 * 4
        for chart in drawn:
            assert "alert" not in chart and "Ana Souza" not in chart

    def test_chart_text_is_escaped_by_pygal(self):
        """Should a chart ever label something with outside text, pygal escapes it."""
        chart = charts.attendance(network().sessions)
        chart.x_labels = ["<i>W4</i>", "W6"]
        drawn = charts.svg(chart, "escaped", "<b>title</b>")
        assert "<i>" not in drawn and "<b>" not in drawn
        assert "&lt;i&gt;W4&lt;/i&gt;" in drawn
        assert "&lt;b&gt;title&lt;/b&gt;" in drawn


class TestCharts:
    def test_charts_share_one_stylesheet_that_covers_their_own(self):
        """Each chart's CSS, as pygal would have inlined it, is in the page's one copy."""
        report = network()
        shared = set(charts.stylesheet().split("}"))
        made = [
            charts.signals(report.weeks),
            charts.attendance(report.sessions),
            charts.case_funnel(report.cases),
            charts.business_metric(report.business_metric, report.weeks),
            charts.flag_frequency(three_networks().flag_frequency),
        ]
        for index, chart in enumerate(made):
            chart.uuid = f"own{index}"
            own = re.search(r"<style[^>]*>(.*?)</style>", chart.render(is_unicode=True), re.S)
            css = own.group(1).replace("&gt;", ">").replace(f"#chart-own{index}", ".pygal-chart")
            assert set(css.split("}")) <= shared

    def test_a_chart_has_no_script_comment_or_style_of_its_own(self):
        drawn = charts.svg(charts.signals(network().weeks), "n1-signals", "Signals")
        assert drawn.startswith('<svg xmlns="http://www.w3.org/2000/svg" id="chart-n1-signals"')
        for absent in ("<script", "<!--", "<style", "<desc", "pygal.org", 'id="activate'):
            assert absent not in drawn
        assert "<title>Signals</title>" in drawn

    def test_both_axes_of_the_signals_chart_are_labelled_in_round_numbers(self):
        drawn = charts.svg(charts.signals(network().weeks), "n1-signals", "Signals")
        for axis in ("y", "y2"):
            axis_svg = re.search(
                rf'<g class="axis {axis}[ "].*?</g></g>(?!<g class="guides")', drawn
            )
            labels = re.findall(r"<text[^>]*>([^<]*)</text>", axis_svg.group(0))
            assert labels and all(label.isdigit() for label in labels), (axis, labels)

    def test_importing_the_charts_leaves_every_import_finder_modern(self):
        """pygal's legacy finder would make each failed import elsewhere warn."""
        assert all(hasattr(finder, "find_spec") for finder in sys.meta_path)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(ModuleNotFoundError):
                importlib.import_module("starterkit_no_such_module")

    def test_nothing_to_draw_gives_no_chart(self):
        empty = sparse_network()
        assert charts.signals(empty.weeks) is None
        assert charts.attendance(empty.sessions) is None
        assert charts.case_funnel(empty.cases) is None
        assert charts.business_metric(empty.business_metric, empty.weeks) is None
        assert charts.flag_frequency(()) is None

    def test_a_chart_of_data_drawn_before_is_the_same_svg_under_its_own_id(self):
        report, other = network(), three_networks().networks[1]
        drawings = charts.Drawings()
        first = drawings.svg(charts.signals, (report.weeks,), "n1-signals", "Signals")
        again = drawings.svg(charts.signals, (report.weeks,), "n2-signals", "Signals")
        assert first == charts.svg(charts.signals(report.weeks), "n1-signals", "Signals")
        assert again == charts.svg(charts.signals(report.weeks), "n2-signals", "Signals")
        assert 'id="chart-n2-signals"' in again and "n1-signals" not in again
        # Other data, another title or another chart is drawn afresh.
        assert drawings.svg(charts.signals, (other.weeks,), "n3-signals", "Signals") == (
            charts.svg(charts.signals(other.weeks), "n3-signals", "Signals")
        )
        assert "<title>Weeks</title>" in drawings.svg(
            charts.signals, (report.weeks,), "n4-signals", "Weeks"
        )
        assert drawings.svg(charts.attendance, (sparse_network().sessions,), "n5", "A") is None


# In Chromium


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


@pytest.fixture(scope="module")
def real_page(browser, real_html):
    opened = open_html(browser, real_html)
    yield opened
    opened.close()


CHART_SHAPES = """svg => {
    const shapes = [...svg.querySelectorAll('.series path, .series rect, .series circle')];
    return shapes.filter(shape => {
        if (shape.tagName === 'path' && !(shape.getAttribute('d') || '').trim()) return false;
        const box = shape.getBBox();
        return box.width > 0 || box.height > 0;
    }).length;
}"""


def colours(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return len(image.getcolors(maxcolors=1 << 20) or [])


@pytest.mark.chromium
class TestInChromium:
    def test_the_page_requests_nothing_and_reports_no_error(self, real_page):
        assert real_page.requests == []
        assert real_page.console == []
        assert real_page.errors == []
        assert real_page.dialogs == []
        assert real_page.page.locator("script").count() == 0
        assert real_page.page.title().startswith("Portfolio report")

    def test_every_chart_is_drawn(self, real_page, tmp_path):
        page = real_page.page
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        image = Image.open(shot).convert("RGB")
        assert image.height > 2000
        assert colours(shot.read_bytes()) > 50
        assert image.getbbox() is not None

        # The charts of a network are in its details, folded until a reader opens them.
        page.locator("details.details > summary").first.click()
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        drawn = page.locator("svg.pygal-chart")
        assert drawn.count() == 1 + 4 * 4
        for index in range(drawn.count()):
            chart = drawn.nth(index)
            chart_id = chart.get_attribute("id")
            chart.scroll_into_view_if_needed()
            assert chart.is_visible(), chart_id
            box = chart.bounding_box()
            assert box["width"] > 200 and box["height"] > 100, chart_id
            assert chart.evaluate(CHART_SHAPES) > 0, chart_id
            assert colours(chart.screenshot()) > 1, chart_id

    def test_sections_link_from_the_ranked_table(self, real_page):
        page = real_page.page
        links = page.locator("table.ranking a")
        assert links.count() == 4
        for index in range(4):
            target = links.nth(index).get_attribute("href")
            assert page.locator(f"section{target}.network").count() == 1

    def test_nothing_overflows_a_laptop_screen(self, browser, real_html):
        for width in (1366, 1024):
            with open_html(browser, real_html) as opened:
                opened.page.set_viewport_size({"width": width, "height": 800})
                scroll_width = opened.page.evaluate("document.documentElement.scrollWidth")
                assert scroll_width <= width

    def test_print_starts_each_network_on_a_new_page(self, real_page, tmp_path):
        page = real_page.page
        page.emulate_media(media="print")
        try:
            breaks = page.locator("section.network").evaluate_all(
                "sections => sections.map(s => getComputedStyle(s).breakBefore)"
            )
            assert breaks == ["page"] * 4
            assert page.locator("svg.pygal-chart").first.is_visible()
            shot = page.screenshot(full_page=True)
            assert colours(shot) > 50
            pdf = page.pdf(format="A4", print_background=True)
        finally:
            page.emulate_media(media="screen")
        assert pdf.startswith(b"%PDF")
        pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
        assert pages >= 1 + 4
        (tmp_path / "report.pdf").write_bytes(pdf)

    def test_a_single_network_does_not_break_before_its_section(self, browser):
        with open_html(browser, render_html(one_network())) as opened:
            opened.page.emulate_media(media="print")
            section = opened.page.locator("section.network")
            assert section.evaluate("s => getComputedStyle(s).breakBefore") == "auto"

    def test_workbook_markup_does_nothing(self, browser, hostile_html):
        with open_html(browser, hostile_html) as opened:
            page = opened.page
            assert opened.dialogs == []
            assert opened.requests == []
            assert opened.errors == []
            assert page.locator("script").count() == 0
            assert page.locator("img").count() == 0
            assert page.locator("[onerror], [onload], [onmouseover], iframe").count() == 0
            assert page.get_by_text(HOSTILE["network_name"]).count() >= 1
