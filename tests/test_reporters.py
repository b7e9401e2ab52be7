"""The JSON and terminal reports: what they contain, in what order, and that both are safe.

Report objects are built by hand (``tests/reports.py``); the last class runs a real kit
through the reader and the analysis.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import subprocess
import sys

import jsonschema
import pytest
from rich.console import Console

from starterkit import __version__, findings, report
from starterkit.analysis import analyze, combine
from starterkit.analysis.cycle import phase_of
from starterkit.analysis.metrics import trend
from starterkit.builder import build
from starterkit.findings import Location, Severity
from starterkit.kit.contract import HEALTH_CHECKS
from starterkit.reader import read_workbook
from starterkit.report import REPORT_SCHEMA_VERSION, CyclePosition, NetworkReport, Portfolio
from starterkit.reporters.json_report import EXTRAS, report_dict, report_json
from starterkit.reporters.json_schema import PHASES, TRENDS, report_schema, report_schema_json
from starterkit.reporters.text import render_text

from conftest import BUILD_TIME, ROOT
from kitdata import midcycle_network
from reports import (
    AS_OF,
    DATA_FINDINGS,
    flag,
    network,
    one_network,
    portfolio_of,
    three_networks,
)

SCHEMA_FILE = ROOT / "docs" / "report.schema.json"
FORMAT_DOC = ROOT / "docs" / "report-format.md"


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        json.loads(SCHEMA_FILE.read_text(encoding="utf-8")),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def schema_errors(document: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(document)]


def render(portfolio: Portfolio, **console_options) -> str:
    options = {"width": 100, "color_system": None, **console_options}
    console = Console(file=io.StringIO(), **options)
    render_text(portfolio, console)
    return console.file.getvalue()


def in_order(text: str, *needles: str) -> bool:
    """Each needle occurs after the one before it."""
    at = 0
    for needle in needles:
        found = text.find(needle, at)
        assert found >= 0, f"{needle!r} missing after position {at} in:\n{text}"
        at = found + len(needle)
    return True


def flat(text: str) -> str:
    """The text with wrapped lines joined, to look for a sentence wherever it wrapped."""
    return " ".join(text.split())


def section(text: str, heading: str) -> list[str]:
    """The lines under a heading, up to the next blank line."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(heading)) + 1
    end = next((n for n in range(start, len(lines)) if not lines[n].strip()), len(lines))
    return [line.rstrip() for line in lines[start:end]]


def sparse_network() -> NetworkReport:
    """A workbook with almost nothing filled in: no names, no cycle start, no flags."""
    return network(
        organization=None,
        network=None,
        kit_id=None,
        cycle=CyclePosition(start=None, end=None, week=None, phase="unknown", cycle_number=1),
        health=dict.fromkeys(HEALTH_CHECKS, "not_yet"),
        flags=(),
        data_findings=(),
        signals=(),
    )


#: Every dataclass of the report objects: each must be a $defs entry of the schema.
REPORT_CLASSES = [
    cls
    for module in (findings, report)
    for cls in vars(module).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
]

EXAMPLES = {
    "one network": one_network,
    "three networks and a failed file": three_networks,
    "only failed files": lambda: dataclasses.replace(three_networks(), networks=(), ranking=()),
    "a sparse network": lambda: portfolio_of(sparse_network()),
}


class TestJsonDocument:
    def test_top_level_names_the_format_version_and_generator(self):
        """The document starts with the schema version, the generator and the date."""
        document = report_dict(one_network())
        assert list(document) == [
            "report_schema",
            "generator",
            "generator_version",
            "as_of",
            "summary",
            "networks",
            "portfolio",
            "errors",
        ]
        assert document["report_schema"] == REPORT_SCHEMA_VERSION
        assert document["generator"] == "starterkit"
        assert document["generator_version"] == __version__
        assert document["as_of"] == AS_OF.isoformat()

    def test_json_text_is_the_dict_round_tripped(self):
        """``report_json`` is exactly ``report_dict`` as JSON, with dates and enums as strings."""
        portfolio = three_networks()
        assert json.loads(report_json(portfolio)) == report_dict(portfolio)

    def test_a_single_network_has_the_portfolio_shape(self):
        """One network is a portfolio of one: the same keys at every level."""
        one, three = report_dict(one_network()), report_dict(three_networks())
        assert one.keys() == three.keys()
        assert one["portfolio"].keys() == three["portfolio"].keys()
        assert one["portfolio"]["ranking"] == [0]

    def test_summary_counts_networks_errors_and_flags_by_severity(self):
        """Portfolio flags count in the summary beside every network's flags."""
        summary = report_dict(three_networks())["summary"]
        assert summary == {
            "networks": 3,
            "files": 3,
            "errors": 1,
            "flags": {"high": 4, "medium": 3, "low": 2},
            "data_findings": 4,
        }

    def test_network_carries_risk_score_and_counts_by_severity(self):
        [network_doc] = report_dict(one_network())["networks"]
        assert network_doc["risk_score"] == 5 + 2 + 1
        assert network_doc["flag_counts"] == {"high": 1, "medium": 1, "low": 1}

    def test_findings_have_severity_values_and_locations_with_refs(self):
        """Each location is an object with its parts and its spreadsheet reference."""
        [network_doc] = report_dict(one_network())["networks"]
        high, medium, low = network_doc["flags"]
        assert (high["severity"], medium["severity"], low["severity"]) == ("high", "medium", "low")
        assert medium["evidence"] == [
            {
                "sheet": "90-Day Planner",
                "cell": "K10",
                "table": "Sessions",
                "row": 2,
                "column": "pattern",
                "ref": "'90-Day Planner'!K10",
            }
        ]
        assert high["evidence"][0]["ref"] == "Charter!C27"
        assert len(low["evidence"]) == 5
        finding = network_doc["data_findings"][0]
        assert finding["value"] == "next tues"
        assert finding["location"]["ref"] == "'90-Day Planner'!B11"

    def test_overdue_milestones_are_a_flag_per_item_not_a_second_list(self):
        [network_doc] = report_dict(one_network())["networks"]
        milestones = network_doc["milestones"]
        assert set(milestones) == {"done", "total", "items"}
        assert [m["overdue"] for m in milestones["items"]] == [False, True]

    def test_dates_are_iso_strings(self):
        [network_doc] = report_dict(one_network())["networks"]
        assert network_doc["cycle"]["start"] == "2026-01-19"
        assert network_doc["weeks"][1]["week_start"] == "2026-02-23"

    def test_attendance_by_week_is_a_list_of_named_pairs(self):
        [network_doc] = report_dict(one_network())["networks"]
        assert network_doc["sessions"]["attendance_by_week"] == [
            {"week": 4, "attendance": 12.0},
            {"week": 6, "attendance": 8.0},
        ]

    def test_failed_files_and_portfolio_flags_are_listed(self):
        document = report_dict(three_networks())
        assert document["errors"] == [
            {
                "source": "kits/broken.xlsx",
                "message": "The file is not an Excel workbook.",
                "fix": "Save it as .xlsx and run again.",
            }
        ]
        assert [f["id"] for f in document["portfolio"]["flags"]] == ["parallel-launch"]
        assert document["portfolio"]["ranking"] == [2, 0, 1]
        assert document["portfolio"]["flag_frequency"][0] == {
            "id": "charter-cadence-flexible",
            "severity": "high",
            "networks": 2,
        }

    def test_json_path_imports_nothing_heavy(self):
        """The command line's start-up stays fast: no pydantic, pandas or rich for JSON."""
        code = (
            "import sys, starterkit.reporters.json_report; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'pydantic', 'pandas', 'rich', 'openpyxl', 'yaml', 'jsonschema'}))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == "[]"


class TestJsonSchema:
    def test_committed_schema_is_the_generated_one(self):
        """docs/report.schema.json is regenerated: python -m starterkit.reporters.json_schema."""
        assert SCHEMA_FILE.read_text(encoding="utf-8") == report_schema_json()

    def test_schema_is_valid_draft_2020_12(self):
        schema = report_schema()
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)

    @pytest.mark.parametrize("make", EXAMPLES.values(), ids=EXAMPLES.keys())
    def test_reports_validate(self, make):
        assert schema_errors(json.loads(report_json(make()))) == []

    def test_every_report_field_is_in_the_schema(self):
        """Fields added to the report objects reach the schema, and nothing else is allowed."""
        defs = report_schema()["$defs"]
        for name, definition in defs.items():
            cls = next((c for c in REPORT_CLASSES if c.__name__ == name), None)
            if cls is None:
                continue
            expected = [f.name for f in dataclasses.fields(cls)] + list(EXTRAS.get(cls, {}))
            assert list(definition["properties"]) == expected, name
            assert definition["required"] == expected, name
            assert definition["additionalProperties"] is False, name
        assert {c.__name__ for c in REPORT_CLASSES} - {"Portfolio"} <= set(defs)

    @pytest.mark.parametrize(
        ("change", "where"),
        [
            (lambda d: d["networks"][0]["flags"][0].update(severity="urgent"), "severity"),
            (lambda d: d["networks"][0]["cycle"].update(phase="week seven"), "phase"),
            (lambda d: d["networks"][0]["signals"][0].update(trend="sideways"), "trend"),
            (lambda d: d["networks"][0]["health"].update(cadence_set="fine"), "health verdict"),
            (lambda d: d["networks"][0]["health"].update(mood="ok"), "unknown health check"),
            (lambda d: d["networks"][0]["health"].pop("cadence_set"), "missing health check"),
            (lambda d: d["networks"][0].update(route="guesswork"), "route"),
            (lambda d: d["networks"][0]["flags"][0]["evidence"][0].pop("ref"), "missing ref"),
            (lambda d: d["networks"][0].update(extra=1), "unknown network field"),
            (lambda d: d["summary"].update(networks="one"), "count type"),
            (lambda d: d.update(report_schema=REPORT_SCHEMA_VERSION + 1), "schema version"),
            (lambda d: d["networks"][0]["cycle"].update(start="19/01/2026"), "date format"),
        ],
        ids=lambda value: value if isinstance(value, str) else "",
    )
    def test_schema_rejects_documents_that_break_the_format(self, change, where):
        document = report_dict(one_network())
        change(document)
        assert schema_errors(document), where

    def test_enumerated_words_cover_what_the_analysis_produces(self):
        """The schema's phase and trend lists hold every value the analysis can give."""
        assert {phase_of(week) for week in (None, -1, 0, 1, 3, 4, 8, 9, 12, 13)} == set(PHASES)
        assert {trend(values) for values in ([], [1], [1, 2], [2, 1], [1, 1])} == set(TRENDS)

    def test_format_doc_describes_every_field(self):
        """Every property name in the schema is explained in docs/report-format.md."""
        doc = FORMAT_DOC.read_text(encoding="utf-8")
        names = set()

        def collect(node):
            if isinstance(node, dict):
                names.update(node.get("properties", {}))
                for value in node.values():
                    collect(value)
            elif isinstance(node, list):
                for value in node:
                    collect(value)

        collect(report_schema())
        undocumented = sorted(name for name in names if f"`{name}`" not in doc)
        assert undocumented == []


class TestTextReport:
    def test_summary_comes_before_flags(self):
        """Names, counts, cycle and health open the report; flags follow, then the detail."""
        text = render(one_network())
        assert in_order(
            text,
            "Northwind Utilities · Field Repair Network",
            "1 network analyzed · 0 files failed · flags 1 high · 1 medium · 1 low",
            "week 7 of 12 (sessions, weeks 4–8)",
            "health",
            "High · 1 flag",
            "Data findings",
            "Adoption",
        )

    def test_health_verdicts_are_shown_compactly(self):
        text = render(one_network())
        assert "charter OK · cadence red flag · metric OK · RACI OK · sessions warning" in text

    def test_flags_are_grouped_high_then_medium_then_low(self):
        text = render(one_network())
        assert in_order(
            text,
            "High · 1 flag",
            "charter-cadence-flexible",
            "Medium · 1 flag",
            "session-no-pattern",
            "Low · 1 flag",
            "facilitator-not-rotating",
        )

    def test_flags_show_message_evidence_and_action(self):
        text = render(one_network())
        assert "The cadence is left flexible." in text
        assert "evidence  Charter!C27" in text
        assert "Sessions row 2, pattern ('90-Day Planner'!K10)" in text
        assert "action    Do what session-no-pattern asks." in text

    def test_long_evidence_lists_are_capped(self):
        text = flat(render(one_network()))
        assert "Sessions row 1, facilitator ('90-Day Planner'!F9)" in text
        assert "… and 2 more" in text

    def test_data_findings_show_cell_message_and_fix(self):
        text = flat(render(one_network()))
        assert "Sessions row 3, date ('90-Day Planner'!B11)" in text
        assert "'next tues' is not a date. — Type the date as the sheet shows" in text

    def test_long_data_finding_lists_end_with_a_count(self):
        findings = tuple(
            dataclasses.replace(DATA_FINDINGS[0], location=Location("Cases", f"B{row}"))
            for row in range(5, 20)
        )
        text = render(one_network(data_findings=findings))
        assert "Cases!B14" in text
        assert "Cases!B15" not in text
        assert "… and 5 more" in text

    def test_adoption_headlines_are_brief(self):
        text = render(one_network())
        assert "Patterns used in the field" in text
        assert "27.5  ↓" in text
        assert "2 held · 1 planned · 3 expected by now" in text
        assert "attendance 8 in week 6 ↓" in flat(text)
        assert "3 submitted → 2 discussed → 1 pattern → 1 applied" in text
        assert "First-time fix rate: 71 % → 73 % (week 6) → 80 % · 22 % of the way" in text
        assert "2.5 (week 1) → 3.25 (week 6)" in text
        assert "overdue: Finalize the charter" in text

    def test_fallback_route_and_default_spec_are_said(self):
        """A report read from headers or with the default spec says so; a normal one does not."""
        assert "data found by headers" in render(one_network(route="headers"))
        assert "read with the default spec" in render(one_network(spec_source="default"))
        normal = render(one_network())
        assert "data found by" not in normal
        assert "spec of its own" not in normal

    @pytest.mark.parametrize(
        ("week", "phase", "shown"),
        [
            (None, "unknown", "no cycle start date · cycle 1"),
            (0, "not_started", "starts 2026-01-19 · cycle 1"),
            (3, "launch", "week 3 of 12 (launch, weeks 1–3) · cycle 1"),
            (11, "demo_and_review", "week 11 of 12 (Demo Day and review, weeks 9–12)"),
            (14, "after_cycle", "week 14, after the 12-week cycle · cycle 1"),
        ],
    )
    def test_cycle_position_reads_plainly(self, week, phase, shown):
        cycle = dataclasses.replace(network().cycle, week=week, phase=phase)
        assert shown in render(one_network(cycle=cycle))

    def test_numbers_read_as_people_write_them(self):
        metric = dataclasses.replace(
            network().business_metric,
            name="Backlog",
            unit=None,
            baseline=1250000.0,
            latest=1187500.456,
        )
        assert "Backlog: 1250000 → 1187500.46 (week 6) → 80" in render(
            one_network(business_metric=metric)
        )

    def test_a_sparse_network_renders(self):
        text = render(portfolio_of(sparse_network()))
        assert "Organisation not named · Network not named" in text
        assert "no cycle start date" in text
        assert "No red flags." in text

    def test_markup_typed_in_the_workbook_is_shown_literally(self):
        """Text from cells is never read as rich markup, not even a stray closing tag."""
        typed = network(
            organization="[bold]Acme[/bold] :warning:",
            flags=(
                flag(
                    "ownership-gap",
                    Severity.HIGH,
                    message="Sponsor '[red]Dana[/]' is not in Roles.",
                ),
            ),
            data_findings=(
                dataclasses.replace(
                    DATA_FINDINGS[0], message="'[link=x]soon[/link]' is not a date."
                ),
            ),
        )
        for portfolio in (portfolio_of(typed), portfolio_of(typed, network())):
            for options in ({}, {"force_terminal": True, "color_system": "truecolor"}):
                text = render(portfolio, **options)
                assert "[bold]Acme[/bold] :warning:" in text
                assert text.count("Acme") == text.count("[bold]Acme[/bold] :warning:")
                assert "Sponsor '[red]Dana[/]' is not in Roles." in text
        assert "'[link=x]soon[/link]' is not a date." in render(portfolio_of(typed))

    def test_colour_only_on_a_terminal(self):
        coloured = render(three_networks(), force_terminal=True, color_system="truecolor")
        plain = render(three_networks())
        assert "\x1b[" in coloured
        assert "\x1b" not in plain


class TestTextPortfolio:
    def test_summary_then_ranking_frequency_portfolio_flags_errors_and_detail(self):
        text = render(three_networks())
        assert in_order(
            text,
            "3 networks analyzed · 1 file failed · flags 4 high · 3 medium · 2 low",
            "Networks by risk",
            "Flags by frequency",
            "Portfolio flags",
            "Files that failed",
            "1. Northwind Utilities · Depot Safety Network",
        )

    def test_ranked_table_has_one_row_per_network_highest_risk_first(self):
        header, *rows = section(render(three_networks()), "Networks by risk")
        assert header.split() == [
            "#",
            "Organisation",
            "Network",
            "Week",
            "High",
            "Medium",
            "Low",
            "Risk",
        ]
        table = [row.split() for row in rows]
        assert [row[:1] + row[-5:] for row in table] == [
            ["1", "7/12", "3", "1", "1", "18"],
            ["2", "7/12", "1", "1", "1", "8"],
            ["3", "7/12", "0", "0", "0", "0"],
        ]
        assert "Depot Safety Network" in " ".join(table[0])
        assert "Contoso" in table[2]

    def test_flag_frequency_counts_networks(self):
        rows = [row.split() for row in section(render(three_networks()), "Flags by frequency")]
        assert rows[0] == ["Flag", "Severity", "Networks"]
        assert ["charter-cadence-flexible", "high", "2", "of", "3"] in rows
        assert ["demo-day-skipped", "high", "1", "of", "3"] in rows

    def test_portfolio_flags_and_failed_files_are_listed(self):
        text = flat(render(three_networks()))
        assert "parallel-launch Northwind Utilities runs two first-cycle networks at once." in text
        assert "kits/broken.xlsx The file is not an Excel workbook. — Save it as .xlsx" in text

    def test_each_network_lists_its_flags_in_rank_order(self):
        text = render(three_networks())
        assert in_order(
            text,
            "1. Northwind Utilities · Depot Safety Network",
            "charter-no-metric",
            "2. Northwind Utilities · Field Repair Network",
            "3. Contoso · Onboarding Circle",
            "data found by headers",
            "No red flags.",
        )

    def test_only_failed_files(self):
        portfolio = Portfolio(as_of=AS_OF, networks=(), errors=three_networks().errors)
        text = render(portfolio)
        assert "0 networks analyzed · 1 file failed" in text
        assert "kits/broken.xlsx" in text
        assert "Networks by risk" not in text


class TestRealKit:
    """A kit built, filled in, read back and analyzed goes through both reporters."""

    @pytest.fixture(scope="class")
    @classmethod
    def portfolio(cls, spec, blank_kit) -> Portfolio:
        as_of = dt.date(2026, 3, 4)
        filled = build(spec, midcycle_network(as_of, 7), build_time=BUILD_TIME)
        return combine(
            [
                analyze(read_workbook(filled, "kits/field-repair.xlsx"), as_of),
                analyze(read_workbook(blank_kit, "kits/blank.xlsx"), as_of),
            ]
        )

    def test_json_validates_against_the_published_schema(self, portfolio):
        for part in (portfolio, combine(portfolio.networks[:1])):
            document = json.loads(report_json(part))
            assert schema_errors(document) == []
            assert [f["id"] for f in document["networks"][0]["flags"]] == [
                f.id for f in part.networks[0].flags
            ]

    def test_text_shows_each_network_with_its_flags_and_evidence(self, portfolio):
        filled = portfolio.networks[0]
        assert filled.flags, "the mid-cycle kit is expected to raise flags"
        single = flat(render(combine([filled])))
        assert in_order(single, "Northwind Utilities · Field Repair Network", "week 7 of 12")
        for finding in filled.flags:
            assert finding.evidence[0].ref in single, finding.id
        overview = render(portfolio)
        assert "2 networks analyzed" in overview
        assert "kits/blank.xlsx" in overview


def test_the_text_report_says_over_which_weeks_each_signal_moved():
    text = render(one_network())
    assert "Patterns used in the field" in text
    assert "weeks 2–6" in text and "weeks 4–6" in text
