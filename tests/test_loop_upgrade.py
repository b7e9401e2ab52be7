"""upgrade: a filled kit on a newer spec; what cannot be carried is listed exactly."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import openpyxl
import pytest

from loop_helpers import read, table_values
from starterkit.builder import build
from starterkit.builder.sheets.review import NOT_CARRIED_TITLE
from starterkit.loop.upgrade import upgrade_kit
from starterkit.reader import read_path
from starterkit.scenarios import scenario_data
from starterkit.spec import default_spec, load_spec
from starterkit.spec.load import validated
from starterkit.spec.model import KitSpec

from conftest import ROOT

AS_OF = dt.date(2027, 3, 11)
EXAMPLES = ["french", "branded"]


@pytest.fixture(scope="module")
def filled():
    data = scenario_data("healthy", 9, as_of=AS_OF)
    return read(build(default_spec(), data), "healthy.xlsx")


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("source", ["filled", "sample"])
def test_upgrade_to_an_example_carries_everything(example, source, filled):
    old = filled if source == "filled" else read_path(ROOT / "samples" / "healthy.xlsx")
    spec = load_spec(ROOT / "kit_spec" / "examples" / example / "kit.yaml")
    made = upgrade_kit(old, spec)
    assert made.not_carried == []
    new = read(made.content)
    assert new.metadata.kit_id == old.metadata.kit_id
    if old.metadata.network_id:
        assert new.metadata.network_id == old.metadata.network_id
    assert {k: v for k, v in new.charter.items() if v is not None} == {
        k: v for k, v in old.charter.items() if v is not None
    }
    for key in old.tables:
        assert table_values(new, key) == table_values(old, key), key
    assert NOT_CARRIED_TITLE not in openpyxl.load_workbook(io.BytesIO(made.content)).sheetnames


def narrower_spec() -> KitSpec:
    """The default spec without the charter's success measures field (a spec may add
    fields, so it may drop the ones it added; the test drops a contract one to see the
    list), without the 'parked' case status, and with a Roles table of 3 rows."""
    spec = default_spec()
    data = dataclasses.asdict(spec)
    for section in data["sheets"]["charter"]["sections"]:
        section["fields"] = [f for f in section["fields"] if f["key"] != "success_measures"]
    data["lists"]["case_status"] = [c for c in data["lists"]["case_status"] if c["key"] != "parked"]
    data["sheets"]["roles"]["roles"]["rows"] = 3
    return validated(KitSpec, data)


def test_removed_field_choice_and_rows_are_listed_exactly():
    data = scenario_data("healthy", 9, as_of=AS_OF)
    data["cases"][1]["status"] = "parked"
    filled = read(build(default_spec(), data), "healthy.xlsx")
    spec = narrower_spec()
    parked = [r for r in filled.rows("cases") if r.values.get("status") == "parked"]
    assert parked and filled.charter["success_measures"]
    made = upgrade_kit(filled, spec)
    expected = {(filled.charter_cells["success_measures"].ref, filled.charter["success_measures"])}
    expected |= {(r.at("status").ref, "parked") for r in parked}
    expected |= {
        (row.at(key).ref, value)
        for row in filled.rows("roles")[3:]
        for key, value in row.values.items()
        if value is not None
    }
    assert {(i.location.ref, i.value) for i in made.not_carried} == expected
    book = openpyxl.load_workbook(io.BytesIO(made.content))
    sheet = book[NOT_CARRIED_TITLE]
    listed = {row[0].value for row in sheet.iter_rows(min_row=6) if row[0].value}
    assert listed == {ref for ref, _ in expected}
    new = read(made.content)
    assert len(table_values(new, "roles")) == 3
    assert "success_measures" not in new.charter
