"""The format registry and the words the reports show, as the command line and formats use them."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from starterkit import report
from starterkit.files.analyze_many import analyze_files
from starterkit.findings import SEVERITIES
from starterkit.kit import contract
from starterkit.kit.contract import HEALTH_CHECKS
from starterkit.reporters import formats, wording
from starterkit.reporters.dashboard import styles
from starterkit.reporters.formats import FORMAT_NAMES, FORMATS, STREAMABLE_FORMATS, render

from conftest import ROOT


class TestRegistry:
    """reporters.formats names every format and says which can go to standard output."""

    def test_names_every_format_in_order(self):
        assert FORMAT_NAMES == ("text", "json", "html", "xlsx", "csv", "parquet")
        assert tuple(FORMATS) == FORMAT_NAMES

    def test_only_single_text_files_stream_to_standard_output(self):
        assert STREAMABLE_FORMATS == ("text", "json", "html")
        assert all(not FORMATS[name].writes_tables for name in STREAMABLE_FORMATS)

    def test_importing_the_registry_imports_no_renderer(self):
        """The command line builds its choices from the registry without paying for them."""
        heavy = ("rich", "jinja2", "xlsxwriter", "pygal", "pyarrow", "pandas", "openpyxl")
        code = (
            "import sys, starterkit.reporters.formats; "
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == "[]"


class TestWording:
    """Every report key has its words, so no format falls back to showing a key."""

    @pytest.mark.parametrize(
        ("words", "keys"),
        [
            (wording.SEVERITY_WORDS, SEVERITIES),
            (wording.VERDICT_WORDS, report.VERDICTS),
            (wording.PHASE_WORDS, report.PHASES),
            (wording.ROUTE_WORDS, report.ROUTES),
            (wording.HEALTH_WORDS, contract.HEALTH_STATUSES),
            (wording.METRIC_STATUS_WORDS, contract.METRIC_STATUSES),
            (wording.TREND_ARROWS, report.TRENDS),
            (wording.HEALTH_CHECK_LABELS, HEALTH_CHECKS),
            (wording.HEALTH_CHECK_TITLES, HEALTH_CHECKS),
        ],
    )
    def test_words_for_every_key_in_the_keys_order(self, words, keys):
        assert tuple(words) == tuple(keys)

    @pytest.mark.parametrize(
        ("fills", "keys"),
        [
            (styles.SEVERITY_FILLS, SEVERITIES),
            (styles.VERDICT_FILLS, report.VERDICTS),
            (styles.HEALTH_FILLS, contract.HEALTH_STATUSES),
            (styles.METRIC_FILLS, contract.METRIC_STATUSES),
        ],
    )
    def test_dashboard_colours_are_keyed_on_report_keys(self, fills, keys):
        assert set(fills) == set(keys)

    def test_dashboard_colours_follow_a_reworded_key(self, monkeypatch):
        """The conditional format matches whatever the wording module shows."""
        monkeypatch.setitem(wording.HEALTH_WORDS, "red_flag", "alarm")
        assert wording.shown(styles.HEALTH_FILLS, wording.HEALTH_WORDS)["alarm"] == "high"


class TestSeveralFormatsAtOnce:
    """With other formats asked for and a second core, the dashboard renders in a worker
    process meanwhile; the files are the same, in the order asked, whichever way."""

    NAMES = ("json", "xlsx", "csv", "text", "html")

    @pytest.fixture(scope="class")
    @classmethod
    def portfolio(cls):
        samples = ROOT / "samples"
        files = [samples / "healthy.xlsx", samples / "sponsor-vanished.xlsx"]
        return analyze_files(files, dt.date(2027, 3, 1))

    @staticmethod
    def contents(files):
        return {
            name: content if isinstance(content, bytes) else "".join(content)
            for name, content in files.items()
        }

    @pytest.fixture(scope="class")
    @classmethod
    def one_by_one(cls, portfolio):
        files = {}
        for name in cls.NAMES:
            files.update(cls.contents(render(portfolio, [name], links_from=".")))
        return files

    def test_the_dashboard_renders_beside_the_others_into_the_same_files(
        self, portfolio, one_by_one, monkeypatch
    ):
        monkeypatch.setattr(formats, "default_jobs", lambda: 2)
        together = render(portfolio, self.NAMES, links_from=".")
        assert list(together) == list(one_by_one)
        assert self.contents(together) == one_by_one

    def test_on_one_core_every_format_renders_here(self, portfolio, one_by_one, monkeypatch):
        monkeypatch.setattr(formats, "default_jobs", lambda: 1)
        monkeypatch.setattr(formats, "_Beside", None)  # would fail if it were used
        assert self.contents(render(portfolio, self.NAMES, links_from=".")) == one_by_one

    def test_a_worker_that_cannot_take_the_work_leaves_it_to_this_process(
        self, portfolio, one_by_one, monkeypatch
    ):
        monkeypatch.setattr(formats, "default_jobs", lambda: 2)
        # A function that cannot be sent to a worker process.
        monkeypatch.setattr(formats, "_render_one", lambda *args: None)
        assert self.contents(render(portfolio, self.NAMES, links_from=".")) == one_by_one
