"""next: the next cycle's kit for the same network."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from loop_helpers import SAMPLES, read, sample_id, table_values
from starterkit.builder import build
from starterkit.errors import LoopError, NetworkPaused
from starterkit.loop.next_cycle import OPEN_CASES, next_kit, next_start
from starterkit.reader import read_path
from starterkit.scenarios import SCENARIOS, sample_workbook, scenario_data
from starterkit.spec import default_spec

AS_OF = dt.date(2027, 3, 11)
WEEK = 13


def open_cases(kit):
    return [
        values
        for values in table_values(kit, "cases", by_number=False)
        if values.get("status") in OPEN_CASES
    ]


def carried_charter(kit):
    skip = {"cycle_start", "cycle_number", "baseline_value", "baseline_date"}
    return {k: v for k, v in kit.charter.items() if k not in skip}


def check_next(old, made):
    new = read(made.content)
    assert new.metadata.kit_schema_version == 2
    assert new.metadata.previous_kit_id == old.metadata.kit_id
    assert new.metadata.kit_id not in {None, old.metadata.kit_id}
    if old.metadata.network_id:
        assert new.metadata.network_id == old.metadata.network_id
    number = old.charter.get("cycle_number") or 1
    assert new.charter["cycle_number"] == number + 1
    start = old.charter["cycle_start"]
    expected = next_start(start, old.charter.get("session_day"))
    assert new.charter["cycle_start"] == expected
    assert expected > start + dt.timedelta(days=83)
    if old.charter.get("session_day"):
        assert expected.strftime("%A").lower() == old.charter["session_day"]
        assert expected <= start + dt.timedelta(days=83 + 7)
    assert carried_charter(new) == carried_charter(old)
    measured = [
        (r.values["week"], r.values["metric_value"])
        for r in old.rows("metrics")
        if r.values.get("metric_value") is not None
    ]
    if measured:
        week, value = max(measured)
        assert new.charter["baseline_value"] == value
        assert new.charter["baseline_date"] == start + dt.timedelta(days=7 * (week - 1))
    else:
        assert new.charter["baseline_value"] == old.charter["baseline_value"]
    for key in ("roles", "raci", "playbook"):
        if key in old.tables:
            assert table_values(new, key, by_number=False) == table_values(
                old, key, by_number=False
            ), key
    assert open_cases(new) == open_cases(old)
    assert [v for v in table_values(new, "cases", by_number=False)] == open_cases(old)
    ids = [r.values["case_id"] for r in new.rows("cases")]
    assert len(ids) == len(set(ids))
    # Reset: sessions and weekly figures empty, milestones as the spec has them.
    assert table_values(new, "sessions") == {}
    assert all(set(v) <= {"week"} for v in table_values(new, "metrics").values())
    fresh = read(build(default_spec()))
    assert table_values(new, "milestones") == table_values(fresh, "milestones")
    assert new.planner_decision is None
    return new


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_next_of_every_scenario(name):
    old = read(sample_workbook(name, WEEK, as_of=AS_OF), f"{name}.xlsx")
    if old.planner_decision == "pause":
        with pytest.raises(NetworkPaused):
            next_kit(old)
    made = next_kit(old, force=old.planner_decision == "pause")
    check_next(old, made)
    assert bool(made.warnings) == (old.planner_decision is None)


@pytest.mark.parametrize("path", SAMPLES, ids=sample_id)
def test_next_of_every_sample(path):
    old = read_path(path)
    check_next(old, next_kit(old))


def scenario(decision, **charter):
    data = scenario_data("healthy", WEEK, as_of=AS_OF)
    data["planner_decision"] = decision
    data["charter"].update(charter)
    return read(build(default_spec(), data), "kit.xlsx")


def notes_of(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {
        (ws.title, c.coordinate): c.comment.text
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.comment
    }, book


def test_pause_refused_without_force():
    old = scenario("pause")
    with pytest.raises(NetworkPaused, match=r"pause.*--force"):
        next_kit(old)
    check_next(old, next_kit(old, force=True))


def test_redesign_marks_purpose_metric_and_cadence():
    old = scenario("redesign")
    made = next_kit(old)
    assert not made.warnings
    notes, book = notes_of(made.content)
    cells = {c for (sheet, c) in notes if sheet == "Charter"}
    new = read(made.content)
    for key in ("purpose", "business_metric", "cadence"):
        assert new.charter_cells[key].cell in cells
    start_here = book[book.sheetnames[0]]
    links = [c.hyperlink.location for row in start_here.iter_rows() for c in row if c.hyperlink]
    assert {f"Charter!{new.charter_cells[k].cell}" for k in ("purpose", "cadence")} <= set(links)


def test_blank_decision_warns_and_continue_does_not():
    assert next_kit(scenario(None)).warnings
    assert not next_kit(scenario("continue")).warnings


def test_target_reached_is_marked_for_review():
    old = scenario("continue", target_value=1.0, metric_direction="higher_is_better")
    made = next_kit(old)
    assert made.target_reached
    notes, _ = notes_of(made.content)
    new = read(made.content)
    assert ("Charter", new.charter_cells["target_value"].cell) in notes
    assert new.charter["target_value"] == 1.0
    assert not next_kit(scenario("continue", target_value=10**9)).target_reached


def test_start_option_and_missing_start():
    old = scenario("continue")
    made = next_kit(old, start=dt.date(2027, 6, 1))
    assert read(made.content).charter["cycle_start"] == dt.date(2027, 6, 1)
    data = scenario_data("healthy", WEEK, as_of=AS_OF)
    data["charter"]["cycle_start"] = None
    with pytest.raises(LoopError, match="--start"):
        next_kit(read(build(default_spec(), data)))


def test_cycle_number_counts_on():
    old = scenario("continue", cycle_number=3)
    assert read(next_kit(old).content).charter["cycle_number"] == 4
