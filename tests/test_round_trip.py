"""Build → fill → return → analyze: other clients and other languages give the same verdict."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from starterkit.analysis import analyze
from starterkit.builder import build
from starterkit.kit import contract
from starterkit.reader import read_workbook
from starterkit.report import NetworkReport
from starterkit.spec import default_spec, load_spec
from starterkit.spec.prefill import Raw

from conftest import ROOT
from dates import RETURN_DAY
from kitdata import midcycle_network
from libreoffice import convert

AS_OF = RETURN_DAY


def troubled_network(as_of: dt.date) -> dict:
    """A week-9 network with flags of every severity and two unreadable cells."""
    data = midcycle_network(as_of, week=9)
    data["charter"] = {**data["charter"], "cadence": "flexible", "sponsor_minutes_per_month": 45}
    data["roles"][2] = {**data["roles"][2], "selected_for": "availability"}
    data["sessions"][1] = {**data["sessions"][1], "format": "presentation", "slides_used": "yes"}
    data["sessions"][0] = {**data["sessions"][0], "attendees": Raw("twelve")}
    data["cases"][2] = {**data["cases"][2], "submitted_on": Raw("next Tuesday")}
    return data


def findings(report: NetworkReport) -> list[tuple]:
    """Everything a reader of the report sees, in order."""
    flags = [
        (f.id, f.severity.value, f.message, f.action, tuple(map(str, f.evidence)))
        for f in report.flags
    ]
    data = [(f.id, f.message, str(f.location)) for f in report.data_findings]
    return flags + data


def health_in_workbook(path: Path, spec) -> dict[str, str]:
    """The Start Here health check as the recalculated workbook shows it, by check key."""
    book = openpyxl.load_workbook(path, data_only=True)
    sheet = book[spec.sheets.start_here.title]
    labels = {check.label: key for key, check in spec.sheets.start_here.health_checks.items()}
    verdicts = {choice.label: choice.key for choice in spec.lists["health"]}
    shown = {}
    for label_cell, result_cell in sheet.iter_rows(min_col=1, max_col=2):
        if label_cell.value in labels:
            shown[labels[label_cell.value]] = verdicts.get(result_cell.value, result_cell.value)
    return shown


@pytest.mark.libreoffice
def test_libreoffice_resaves_as_xlsx_and_ods_give_the_same_findings(tmp_path):
    spec = default_spec()
    original = tmp_path / "troubled.xlsx"
    original.write_bytes(build(spec, troubled_network(AS_OF)))
    expected = findings(analyze(read_workbook(original.read_bytes(), "troubled"), AS_OF))
    assert {"high", "medium", "low"} <= {f[1] for f in expected}
    assert sum(1 for f in expected if len(f) == 3) == 2  # the two unreadable cells
    for fmt in ("xlsx", "ods"):
        returned = convert(original, tmp_path / fmt, fmt, recalc=False)
        kit = read_workbook(returned.read_bytes(), "troubled")
        assert kit.route == "tables", fmt
        assert findings(analyze(kit, AS_OF)) == expected, fmt


def health_scenarios(today: dt.date) -> dict[str, dict]:
    """Networks that drive each Start Here check through its verdicts."""
    base = midcycle_network(today, week=7)
    late = midcycle_network(today, week=13)
    early = midcycle_network(today, week=2)
    return {
        "mid-cycle": base,
        "vague": {
            **base,
            "charter": {
                **base["charter"],
                "cadence": "flexible",
                "business_metric": None,
                "capability": None,
            },
            "raci": [{"activity": "Run Demo Day", "sponsor": "A", "steward": "A"}],
        },
        "after-cycle": {
            **late,
            "milestones": [{"milestone": "demo_day", "status": "in_progress"}],
            "metrics": [{"week": 1, "pulse_score": 3}],
            "cases": [{**case, "teams_applied": None} for case in late["cases"]],
        },
        "skipped": {**base, "milestones": [{"milestone": "demo_day", "status": "skipped"}]},
        "early": {**early, "sessions": [], "charter": {**early["charter"], "cadence": "weekly"}},
    }


@pytest.mark.libreoffice
def test_start_here_health_check_agrees_with_the_analyzer_check_by_check(tmp_path):
    spec = default_spec()
    # LibreOffice's TODAY() is the local date, which is what the analysis uses here too.
    today = dt.date.today()
    seen: dict[str, set[str]] = {key: set() for key in contract.HEALTH_CHECKS}
    for name, data in health_scenarios(today).items():
        source = tmp_path / f"{name}.xlsx"
        source.write_bytes(build(spec, data))
        recalculated = convert(source, tmp_path / "recalculated", "xlsx", recalc=True)
        in_workbook = health_in_workbook(recalculated, spec)
        analyzed = analyze(read_workbook(source.read_bytes(), name), today).health
        assert in_workbook == analyzed, name
        for key, verdict in analyzed.items():
            seen[key].add(verdict)
    # The scenarios exercise more than one verdict of every check.
    assert all(len(verdicts) >= 2 for verdicts in seen.values()), seen


def test_the_translated_kit_raises_the_same_flags_as_the_english_one():
    english, french = default_spec(), load_spec(ROOT / "kit_spec/examples/french/kit.yaml")
    data = troubled_network(AS_OF)
    reports = [
        analyze(read_workbook(build(spec, data), spec.name), AS_OF) for spec in (english, french)
    ]

    def verdict(report: NetworkReport) -> list[tuple]:
        flags = [(f.id, f.severity, tuple(e.cell for e in f.evidence)) for f in report.flags]
        return flags + [(f.id, f.location.cell) for f in report.data_findings]

    assert verdict(reports[0]) == verdict(reports[1])
    assert len(reports[0].flags) >= 5
    assert reports[0].health == reports[1].health
