"""The loop's kits in real LibreOffice: the next kit recalculates to its cached values, and
a reviewed kit opens without error."""

from __future__ import annotations

import datetime as dt

import pytest

from loop_helpers import read
from starterkit.builder import build
from starterkit.loop.next_cycle import next_kit
from starterkit.loop.review import review_kit
from starterkit.scenarios import scenario_data
from starterkit.spec import default_spec

from libreoffice import compare_cached_to_recalculated

pytestmark = pytest.mark.libreoffice


def returned(name: str, week: int):
    today = dt.datetime.now()
    data = scenario_data(name, week, as_of=today.date())
    data["planner_decision"] = "redesign"
    return read(build(default_spec(), data, build_time=today), f"{name}.xlsx")


@pytest.mark.parametrize("name", ["healthy", "region-excluded"])
def test_next_kit_recalculates_to_its_cached_values(name, tmp_path):
    made = next_kit(returned(name, 13), build_time=dt.datetime.now())
    path = tmp_path / "next.xlsx"
    path.write_bytes(made.content)
    assert compare_cached_to_recalculated(path, tmp_path / "lo") == []


def test_reviewed_kit_opens_and_recalculates(tmp_path):
    kit = returned("sponsor-vanished", 9)
    reviewed = review_kit(kit, dt.date.today(), build_time=dt.datetime.now())
    assert reviewed.noted
    path = tmp_path / "reviewed.xlsx"
    path.write_bytes(reviewed.content)
    assert compare_cached_to_recalculated(path, tmp_path / "lo") == []
