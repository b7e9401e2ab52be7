"""Real LibreOffice recalculates every kit on load and agrees with every cached value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from starterkit.builder import build
from starterkit.spec import Raw, default_spec, load_spec

from conftest import ROOT
from kitdata import midcycle_network
from libreoffice import compare_cached_to_recalculated, convert

pytestmark = pytest.mark.libreoffice

EXAMPLES = sorted((ROOT / "kit_spec" / "examples").glob("*/kit.yaml"))


def now() -> dt.datetime:
    # LibreOffice's TODAY() is the local date, so "today" for cached values must be too.
    return dt.datetime.now()


def messy_network(today: dt.date) -> dict:
    """What stewards really send: text where a date belongs, a formula typed over, odd windows."""
    data = midcycle_network(today, week=14)
    data["sessions"][1]["date"] = Raw("next Tuesday")
    data["sessions"].append({"session_no": 4, "date": Raw("2026-02-30")})
    data["cases"][0]["days_to_solve"] = Raw(3)
    data["cases"][1]["solved_on"] = Raw("soon")
    data["milestones"].append(
        {"milestone": "extra", "title": "Odd window", "window": "weeks 2 to 5"}
    )
    data["milestones"].append({"milestone": "demo_day", "status": "skipped"})
    data["metrics"].append(
        {"week": 9, "metric_value": Raw("n/a"), "patterns_used_in_field": Raw("two")}
    )
    data["charter"]["cadence"] = Raw("fortnightly-ish")
    data["charter"]["target_date"] = today
    return data


CASES = {
    "default-blank": lambda: (default_spec(), None),
    "default-week-7": lambda: (default_spec(), midcycle_network(now().date())),
    "default-week-2": lambda: (default_spec(), midcycle_network(now().date(), week=2)),
    "default-after-cycle": lambda: (default_spec(), midcycle_network(now().date(), week=15)),
    "default-messy": lambda: (default_spec(), messy_network(now().date())),
    **{
        f"example-{path.parent.name}": (lambda path=path: (load_spec(path), None))
        for path in EXAMPLES
    },
    **{
        f"example-{path.parent.name}-week-7": (
            lambda path=path: (load_spec(path), midcycle_network(now().date()))
        )
        for path in EXAMPLES
    },
}


def test_both_example_kits_are_covered():
    assert {p.parent.name for p in EXAMPLES} >= {"branded", "french"}


@pytest.mark.parametrize("case", list(CASES))
def test_recalculated_values_match_cached_values(case: str, tmp_path: Path):
    spec, data = CASES[case]()
    kit = tmp_path / "kit.xlsx"
    kit.write_bytes(build(spec, data, build_time=now()))
    problems = compare_cached_to_recalculated(kit, tmp_path / "recalc")
    assert problems == []


def test_kit_converts_to_ods(tmp_path: Path):
    kit = tmp_path / "kit.xlsx"
    kit.write_bytes(build(default_spec(), midcycle_network(now().date()), build_time=now()))
    before = kit.read_bytes()
    ods = convert(kit, tmp_path / "out", fmt="ods")
    assert ods.stat().st_size > 10_000
    assert kit.read_bytes() == before
