"""The built workbook keeps the kit contract, read back through openpyxl."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
import zipfile

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from starterkit.builder import build, spec_json
from starterkit.errors import SpecError
from starterkit.kit import contract
from starterkit.spec import Raw

from conftest import BUILD_TIME
from kitdata import midcycle_network

VISIBLE = [
    "Start Here",
    "Charter",
    "Roles & RACI",
    "90-Day Planner",
    "Case Intake",
    "Playbook",
    "Metrics Tracker",
]


def table_of(book, name):
    for ws in book.worksheets:
        if name in ws.tables:
            return ws, ws.tables[name]
    raise AssertionError(f"no table {name}")


def defined_cell(book, name):
    destinations = list(book.defined_names[name].destinations)
    assert len(destinations) == 1
    sheet, ref = destinations[0]
    return book[sheet], ref.replace("$", "")


class TestSheets:
    """Sheets come in the contract's order, with the helpers hidden."""

    def test_visible_then_hidden_sheets_in_order(self, blank_book):
        assert blank_book.sheetnames == [*VISIBLE, "Lists", "_kit"]
        states = {ws.title: ws.sheet_state for ws in blank_book.worksheets}
        assert all(states[title] == "visible" for title in VISIBLE)
        assert states["Lists"] == "hidden" and states["_kit"] == "hidden"

    def test_start_here_is_the_active_sheet(self, blank_book):
        assert blank_book.active.title == "Start Here"

    def test_every_visible_sheet_is_protected_with_frozen_header_and_print_setup(self, blank_book):
        for title in VISIBLE:
            ws = blank_book[title]
            assert ws.protection.sheet, title
            assert not ws.protection.password, title
            assert ws.page_setup.orientation == "landscape", title
            # A fixed scale, never below 8 pt type; no fit-to-page shrinking wide tables.
            assert not (
                ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage
            )
            assert 80 <= ws.page_setup.scale <= 100, title
            assert "Page &P of &N" in ws.oddFooter.right.text, title
            if title != "Start Here":
                assert ws.freeze_panes is not None, title

    def test_a_password_is_set_only_when_the_spec_asks(self, spec):
        protected = dataclasses.replace(
            spec, protection=dataclasses.replace(spec.protection, password="s3cret")
        )
        book = openpyxl.load_workbook(io.BytesIO(build(protected, build_time=BUILD_TIME)))
        assert book["Charter"].protection.password


class TestTables:
    """Every table exists under its contract name with its columns in spec order."""

    @pytest.mark.parametrize("table_key", list(contract.TABLES))
    def test_table_has_contract_name_and_spec_headers(self, blank_book, spec, table_key):
        name, sheet_key, columns = contract.TABLES[table_key]
        ws, table = table_of(blank_book, name)
        assert ws.title == getattr(spec.sheets, sheet_key).title
        labels = [c.label for c in spec.table(table_key).columns]
        assert [c.name for c in table.tableColumns] == labels
        keys = [c.key for c in spec.table(table_key).columns]
        assert set(columns) <= set(keys)
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        assert max_row - min_row == spec.table(table_key).rows
        header = [ws.cell(min_row, c).value for c in range(min_col, max_col + 1)]
        assert header == labels

    def test_tables_have_no_calculated_column_formulas(self, blank_kit):
        with zipfile.ZipFile(io.BytesIO(blank_kit)) as package:
            for name in package.namelist():
                if name.startswith("xl/tables/"):
                    assert b"calculatedColumnFormula" not in package.read(name)


class TestDefinedNames:
    """Charter inputs, lists and the planner decision are reachable by name."""

    def test_charter_fields_have_names_on_the_charter_sheet(self, blank_book, spec):
        for field in spec.charter_fields():
            ws, ref = defined_cell(blank_book, f"charter_{field.key}")
            assert ws.title == "Charter"
            assert re.fullmatch(r"B\d+", ref)
            assert ws.cell(int(ref[1:]), 1).value.startswith(field.label)

    def test_every_list_has_a_fixed_range_on_the_hidden_lists_sheet(self, blank_book, spec):
        for key, choices in spec.lists.items():
            ws, ref = defined_cell(blank_book, f"list_{key}")
            assert ws.title == "Lists"
            values = [row[0].value for row in ws[ref]]
            assert values == [c.label for c in choices]

    def test_planner_decision_is_a_named_input(self, blank_book):
        ws, ref = defined_cell(blank_book, "planner_decision")
        assert ws.title == "90-Day Planner"
        assert ws[ref].protection.locked is False


class TestValidation:
    """Every choice, date and number input has a validation; text inputs have guidance."""

    def validations(self, ws):
        found = {}
        for dv in ws.data_validations.dataValidation:
            for cell_range in dv.sqref.ranges:
                found[cell_range.coord] = dv
        return found

    def test_every_table_input_column_is_validated(self, blank_book, spec):
        for table_key, (name, _, _) in contract.TABLES.items():
            ws, table = table_of(blank_book, name)
            min_col, min_row, _, max_row = range_boundaries(table.ref)
            found = self.validations(ws)
            for offset, column in enumerate(spec.table(table_key).columns):
                if column.type == "formula" or (table_key, column.key) in {
                    ("metrics", "week"),
                    ("milestones", "milestone"),  # keys are locked, not typed
                }:
                    continue
                letter = openpyxl.utils.get_column_letter(min_col + offset)
                dv = found[f"{letter}{min_row + 1}:{letter}{max_row}"]
                expected = {
                    "choice": "list",
                    "date": "date",
                    "whole": "whole",
                    "number": "decimal",
                    "percent": "decimal",
                }.get(column.type)
                assert dv.type == expected, (table_key, column.key)
                if column.type == "choice":
                    assert dv.formula1 == f"list_{column.list}"
                    assert dv.showErrorMessage
                assert dv.prompt == column.help

    def test_every_charter_input_is_validated(self, blank_book, spec):
        ws = blank_book["Charter"]
        found = self.validations(ws)
        for field in spec.charter_fields():
            _, ref = defined_cell(blank_book, f"charter_{field.key}")
            assert ref in found, field.key
            if field.type == "choice":
                assert found[ref].formula1 == f"list_{field.list}"

    def test_pulse_score_is_limited_to_one_to_five(self, blank_book):
        ws, _ = table_of(blank_book, "Metrics")
        pulse = [dv for dv in ws.data_validations.dataValidation if dv.promptTitle == "Pulse (1–5)"]
        assert pulse and float(pulse[0].formula1) == 1 and float(pulse[0].formula2) == 5


class TestLocking:
    """Inputs are unlocked; labels and formulas are locked."""

    def test_table_inputs_unlocked_and_formulas_locked(self, blank_book, spec):
        for table_key, (name, _, _) in contract.TABLES.items():
            ws, table = table_of(blank_book, name)
            min_col, min_row, _, _ = range_boundaries(table.ref)
            for offset, column in enumerate(spec.table(table_key).columns):
                cell = ws.cell(min_row + 1, min_col + offset)
                header = ws.cell(min_row, min_col + offset)
                assert header.protection.locked
                if column.type == "formula":
                    assert cell.protection.locked, column.key
                    assert str(getattr(cell.value, "text", cell.value)).startswith("="), column.key
                elif (table_key, column.key) in {("metrics", "week"), ("milestones", "milestone")}:
                    assert cell.protection.locked, (table_key, column.key)
                else:
                    assert cell.protection.locked is False, (table_key, column.key)

    def test_charter_inputs_unlocked_labels_locked(self, blank_book, spec):
        for field in spec.charter_fields():
            ws, ref = defined_cell(blank_book, f"charter_{field.key}")
            assert ws[ref].protection.locked is False
            assert ws[f"A{ref[1:]}"].protection.locked


class TestFormulas:
    """Formulas use only what LibreOffice 7.4 computes, and blank rows show blank."""

    FORBIDDEN = (
        "XLOOKUP",
        "XMATCH",
        "LET(",
        "FILTER(",
        "SORT(",
        "UNIQUE(",
        "[@",
        "#This Row",
        "_xlfn",
    )

    def test_no_function_libreoffice_cannot_compute(self, blank_book):
        for ws in blank_book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    text = getattr(cell.value, "text", cell.value)
                    if isinstance(text, str) and text.startswith("="):
                        for word in self.FORBIDDEN:
                            assert word not in text, (ws.title, cell.coordinate, word)

    def test_blank_rows_compute_to_blank(self, blank_values):
        ws = blank_values["Case Intake"]
        table = ws.tables["Cases"]
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        days = [ws.cell(min_row, c).value for c in range(min_col, max_col + 1)].index(
            "Days to solve"
        )
        assert all(
            ws.cell(r, min_col + days).value in (None, "") for r in range(min_row + 1, max_row + 1)
        )

    def test_blank_kit_health_check_has_cached_verdicts(self, blank_values, spec):
        ws = blank_values["Start Here"]
        labels = {c.label for c in spec.lists["health"]}
        verdicts = [ws.cell(r, 2).value for r in range(1, 40) if ws.cell(r, 2).value in labels]
        assert len(verdicts) == len(contract.HEALTH_CHECKS)
        # A blank kit is a start: the charter checks are to do, the RACI is prefilled.
        assert verdicts == ["To do", "To do", "To do", "OK", "To do", "To do", "To do"]

    def test_blank_kit_banner_names_the_kit_and_the_week_is_not_set(self, blank_values, spec):
        ws = blank_values["Start Here"]
        assert ws["A1"].value == spec.name
        rows = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 12)}
        assert rows[spec.sheets.start_here.current_week_label] == "not set"

    def test_milestone_keys_are_locked(self, blank_book):
        ws, table = table_of(blank_book, "Milestones")
        min_col, min_row, _, max_row = range_boundaries(table.ref)
        assert all(ws.cell(r, min_col).protection.locked for r in range(min_row + 1, max_row + 1))

    def test_case_ids_are_prefilled(self, blank_values, spec):
        ws, table = table_of(blank_values, "Cases")
        min_col, min_row, _, max_row = range_boundaries(table.ref)
        ids = [ws.cell(r, min_col).value for r in range(min_row + 1, max_row + 1)]
        assert ids[:3] == ["C-001", "C-002", "C-003"] and len(ids) == spec.table("cases").rows


class TestPrefill:
    """Prefill data lands in the input cells, with labels for choices and computed formulas."""

    @pytest.fixture(scope="class")
    @classmethod
    def book(cls, spec):
        data = midcycle_network(dt.date(2026, 11, 23))
        return openpyxl.load_workbook(
            io.BytesIO(build(spec, data, build_time=BUILD_TIME)), data_only=True
        )

    def test_charter_values_and_choice_labels(self, book):
        ws, ref = defined_cell(book, "charter_cadence")
        assert ws[ref].value == "Every two weeks"
        ws, ref = defined_cell(book, "charter_network_name")
        assert ws[ref].value == "Field Repair Network"

    def test_header_band_names_organisation_and_network(self, book):
        assert book["Charter"]["A1"].value == "Northwind Utilities · Field Repair Network"

    def test_current_week_before_the_cycle_says_when_it_starts(self, spec):
        data = midcycle_network(dt.date(2026, 11, 23))
        data["charter"]["cycle_start"] = dt.date(2027, 1, 4)
        book = openpyxl.load_workbook(
            io.BytesIO(build(spec, data, build_time=BUILD_TIME)), data_only=True
        )
        ws = book["Start Here"]
        rows = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 12)}
        assert rows[spec.sheets.start_here.current_week_label] == "starts 2027-01-04"

    def test_milestones_merge_by_key_and_keep_spec_titles(self, book):
        ws, table = table_of(book, "Milestones")
        min_col, min_row, _, _ = range_boundaries(table.ref)
        rows = {
            ws.cell(r, min_col).value: [ws.cell(r, c).value for c in range(min_col, min_col + 8)]
            for r in range(min_row + 1, min_row + 12)
        }
        assert rows["baseline_pulse"][5] == "Done"
        assert rows["demo_day"][1] == "Run Demo Day for leaders"
        assert rows["custom_review"][2] == "6"
        assert isinstance(rows["custom_review"][3], dt.datetime)

    def test_raw_value_replaces_a_formula_with_a_constant(self, spec):
        data = midcycle_network(dt.date(2026, 11, 23))
        data["cases"][0]["days_to_solve"] = Raw(3)
        book = openpyxl.load_workbook(io.BytesIO(build(spec, data, build_time=BUILD_TIME)))
        ws, table = table_of(book, "Cases")
        min_col, min_row, _, _ = range_boundaries(table.ref)
        offset = [c.key for c in spec.table("cases").columns].index("days_to_solve")
        assert ws.cell(min_row + 1, min_col + offset).value == 3
        assert str(ws.cell(min_row + 2, min_col + offset).value).startswith("=")

    def test_bad_prefill_is_refused_with_every_problem_named(self, spec):
        data = {
            "charter": {"cadence": "fortnightly", "cycle_start": "next monday"},
            "sessions": [{"dates": "2026-01-05"}],
        }
        with pytest.raises(SpecError) as caught:
            build(spec, data, data_name="acme.yaml")
        text = str(caught.value)
        assert "acme.yaml: charter.cadence: 'fortnightly' is not in the list 'cadence'" in text
        assert "charter.cycle_start: 'next monday' is not a date" in text
        assert "sessions[0].dates: no sessions column 'dates' — did you mean 'date'?" in text


class TestMetadata:
    """The _kit sheet and the document properties identify the kit and carry the spec."""

    def test_kit_sheet_holds_ids_and_the_whole_spec(self, blank_book, spec):
        ws = blank_book["_kit"]
        meta = {row[0].value: row[1].value for row in ws.iter_rows(min_row=2) if row[0].value}
        assert meta["kit_schema_version"] == contract.KIT_SCHEMA_VERSION
        assert meta["generator"] == "starterkit"
        assert meta["built_at"] == BUILD_TIME.isoformat()
        parts = int(meta["spec_json_parts"])
        text = "".join(meta[f"spec_json_{i}"] for i in range(1, parts + 1))
        assert text == spec_json(spec)
        assert json.loads(text)["name"] == spec.name

    def test_custom_properties_repeat_the_ids(self, blank_book):
        props = {p.name: p.value for p in blank_book.custom_doc_props.props}
        meta = {row[0].value: row[1].value for row in blank_book["_kit"].iter_rows(min_row=2)}
        assert props["starterkit_kit_id"] == meta["kit_id"]
        assert props["starterkit_spec_hash"] == meta["spec_hash"]
        assert props["starterkit_kit_schema_version"] == contract.KIT_SCHEMA_VERSION


class TestRepeatability:
    """A pinned build time gives byte-identical files; anything else changes the bytes."""

    def test_same_inputs_same_bytes(self, spec, blank_kit):
        assert build(spec, build_time=BUILD_TIME) == blank_kit

    def test_another_build_time_gives_another_kit_id(self, spec, blank_kit):
        later = build(spec, build_time=BUILD_TIME + dt.timedelta(days=1))
        assert later != blank_kit

    def test_prefilled_builds_are_repeatable(self, spec):
        data = midcycle_network(dt.date(2026, 11, 23))
        assert build(spec, data, build_time=BUILD_TIME) == build(spec, data, build_time=BUILD_TIME)


class TestCompatRules:
    """Builder rules from the compatibility notes that can be seen in the package."""

    def test_no_extension_blocks_for_validation_or_data_bars(self, blank_kit):
        with zipfile.ZipFile(io.BytesIO(blank_kit)) as package:
            for name in package.namelist():
                if name.startswith("xl/worksheets/"):
                    body = package.read(name)
                    assert b"x14:dataValidation" not in body and b"x14:dataBar" not in body

    def test_every_formula_has_a_cached_value_element(self, blank_kit):
        with zipfile.ZipFile(io.BytesIO(blank_kit)) as package:
            for name in package.namelist():
                if name.startswith("xl/worksheets/sheet"):
                    body = package.read(name).decode()
                    for cell in re.findall(
                        r"<c [^>]*>(?:(?!</c>).)*<f[ >](?:(?!</c>).)*</c>", body
                    ):
                        assert "<v>" in cell or "<v/>" in cell or "<v></v>" in cell, cell[:200]
