"""The format registry and the words the reports show, as the command line and formats use them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from starterkit import report
from starterkit.findings import SEVERITIES
from starterkit.kit import contract
from starterkit.kit.contract import HEALTH_CHECKS
from starterkit.reporters import wording
from starterkit.reporters.dashboard import styles
from starterkit.reporters.formats import FORMAT_NAMES, FORMATS, STREAMABLE_FORMATS


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
