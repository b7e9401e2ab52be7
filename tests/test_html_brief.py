"""The sponsor's brief of the HTML report, on the 12-network demo portfolio: one printed
page per network, in plain words (no flag id, no file path), readable on a phone; the
verdict rule and the wording the brief uses."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from starterkit import demo
from starterkit.analysis.catalog import FLAGS
from starterkit.findings import Finding, Severity
from starterkit.reporters import wording
from starterkit.reporters.html import render_html

from chromium import chromium, open_html
from reports import flag, network

AS_OF = dt.date(2027, 3, 11)
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return demo.run(tmp_path_factory.mktemp("demo") / "d", AS_OF)


@pytest.fixture(scope="module")
def html(result) -> str:
    return render_html(result.portfolio)


def briefs(html: str) -> list[str]:
    return re.findall(r'<article class="brief".*?</article>', html, re.S)


def visible(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def high(flag_id: str) -> Finding:
    return flag(flag_id, Severity.HIGH)


class TestVerdictRule:
    def test_one_high_flag_is_watch_two_are_at_risk(self):
        assert network(flags=(high("sponsor-passive"),)).verdict == "watch"
        two = network(flags=(high("sponsor-passive"), high("cadence-drift")))
        assert (two.verdict, two.verdict_reason) == ("at_risk", "high_flags")

    def test_no_owner_or_no_metric_is_at_risk_alone(self):
        for flag_id in ("ownership-gap", "charter-no-metric"):
            report = network(flags=(high(flag_id),))
            assert (report.verdict, report.verdict_reason) == ("at_risk", "high_flag_alone")

    def test_a_risk_score_of_twelve_is_at_risk(self):
        medium = flag("session-no-pattern", Severity.MEDIUM)
        report = network(flags=(high("presentation-theater"), *[medium] * 4))
        assert report.risk_score == 13
        assert (report.verdict, report.verdict_reason) == ("at_risk", "risk_score")

    def test_medium_and_low_flags(self):
        medium = flag("session-no-pattern", Severity.MEDIUM)
        low = flag("recap-late", Severity.LOW)
        assert network(flags=(medium, low, low)).verdict == "on_track"
        assert network(flags=(medium, medium)).verdict == "watch"
        assert network(flags=()).verdict == "on_track"

    def test_the_demo_is_no_longer_mostly_red(self, result):
        verdicts = [n.verdict for n in result.portfolio.networks]
        assert verdicts.count("at_risk") == 3
        assert verdicts.count("watch") == 4
        assert verdicts.count("on_track") == 5


class TestWording:
    def test_numbers_as_people_write_them(self):
        assert [wording.figure(v) for v in (14.67, 3.0, 2.25, 0.345, -3.96, None)] == [
            "14.7", "3", "2.3", "0.35", "-4", "—",
        ]  # fmt: skip

    def test_a_week_after_the_cycle_says_so(self, result):
        after = next(n for n in result.portfolio.networks if n.cycle.week > 12)
        assert wording.week_short(after.cycle) == f"{after.cycle.week}, after the 12-week cycle"

    def test_flag_titles_come_from_the_catalog(self):
        assert wording.flag_title("charter-purpose-vague") == "Purpose names no outcome"
        assert wording.flag_title("not-in-catalog") == "Not in catalog"


class TestBriefContent:
    def test_one_brief_per_network_in_ranking_order(self, html, result):
        found = briefs(html)
        ranked = result.portfolio.ranked()
        assert len(found) == len(ranked) == 12
        for brief, report in zip(found, ranked, strict=True):
            assert f"{report.organization} · {report.network}" in visible(brief).replace(
                "&#39;", "'"
            )

    def test_no_flag_id_and_no_file_path_in_any_brief(self, html, result):
        ids = [f.id for f in FLAGS]
        paths = [r.source for r in result.portfolio.returns]
        names = [Path(p).name for p in paths]
        for brief in briefs(html):
            shown = visible(brief)
            for word in (*ids, *paths, *names, ".xlsx"):
                assert word not in shown, word

    def test_the_brief_says_why_what_to_do_and_explains_the_rule(self, html, result):
        first, report = briefs(html)[0], result.portfolio.ranked()[0]
        shown = visible(first)
        assert wording.verdict_why(report) in shown.replace("&#39;", "'")
        assert "Do these first" in shown and shown.count('class="badge severity-') <= 3
        assert "At risk: two or more high flags" in shown
        assert "The risk score adds 5 per high flag" in shown
        for signal in report.signals:
            assert signal.label in shown
        assert "Next milestone" in shown

    def test_the_portfolio_flag_names_networks_not_files(self, html, result):
        flags = html[
            html.index('id="portfolio-flags"') : html.index(
                "</section>", html.index('id="portfolio-flags"')
            )
        ]
        shown = visible(flags)
        assert "Meridian Group runs 4 first-cycle networks" in shown
        for name in ("Warehouse Floor Network", "Field Repair Network"):
            assert re.search(rf"{name} — Charter!\w+\d+", shown), name
        assert ".xlsx" not in shown and "<strong" not in flags


@pytest.mark.chromium
class TestBriefInChromium:
    @pytest.fixture(scope="class")
    @classmethod
    def browser(cls):
        with chromium() as running:
            yield running

    @pytest.fixture(scope="class")
    @classmethod
    def pdf_pages(cls, browser, html, tmp_path_factory) -> list[str]:
        with open_html(browser, html) as opened:
            pdf = opened.page.pdf(format="A4", print_background=True)
        path = tmp_path_factory.mktemp("printed") / "report.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        return [
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(path), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for n in range(1, count + 1)
        ]

    def test_each_brief_prints_on_one_page_of_its_own(self, pdf_pages, result):
        ranked = result.portfolio.ranked()
        starts = [i for i, page in enumerate(pdf_pages) if "SPONSOR'S BRIEF" in page.upper()]
        assert len(starts) == len(ranked)
        for rank, (index, report) in enumerate(zip(starts, ranked, strict=True), start=1):
            page = " ".join(pdf_pages[index].split())
            assert f"{rank} OF 12 BY RISK" in page.upper()
            assert f"{report.organization} · {report.network}" in page
            # The brief ends on its page: the rule closes it, the details start the next.
            assert "On track: otherwise" in page
            assert pdf_pages[index + 1].lstrip().startswith("Details")

    def test_the_printed_briefs_hold_no_flag_id_or_file_path(self, pdf_pages, result):
        words = [f.id for f in FLAGS] + [r.source for r in result.portfolio.returns] + [".xlsx"]
        for page in pdf_pages:
            if "SPONSOR'S BRIEF" in page.upper():
                for word in words:
                    assert word not in page, word

    def test_a_phone_scrolls_the_page_only_down(self, browser, html, tmp_path):
        with open_html(browser, html) as opened:
            page = opened.page
            page.set_viewport_size(PHONE)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            # Verdict and risk of the ranking are on screen, not scrolled away.
            for column in ("Verdict", "Risk"):
                header = page.locator("table.ranking th", has_text=column).first
                box = header.bounding_box()
                assert box and box["x"] + box["width"] <= PHONE["width"], column
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            page.screenshot(path=str(tmp_path / "phone.png"))

    def test_details_are_folded_on_screen(self, browser, html):
        with open_html(browser, html) as opened:
            page = opened.page
            assert page.locator("details.details[open]").count() == 0
            assert not page.locator("details.details section.part").first.is_visible()
            assert page.locator("article.brief").first.is_visible()
            assert page.evaluate("document.documentElement.scrollHeight") < 20000
