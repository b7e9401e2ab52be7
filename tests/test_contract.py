"""The workbook contract round-trips: what the builder writes under each key, the reader reads
back under the same key, from one definition of it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io

import pytest
from python_calamine import CalamineWorkbook
from xlsxwriter.utility import xl_rowcol_to_cell

from starterkit import __version__
from starterkit.builder import build, spec_json
from starterkit.builder.layout import plan
from starterkit.findings import Location
from starterkit.kit import contract
from starterkit.kit.names import PLANNER_DECISION, charter_name, list_name
from starterkit.kit.record import GENERATOR, JSON_CHUNK, KitRecord, spec_part
from starterkit.reader import read_workbook
from starterkit.reader import record as reader_record
from starterkit.reader.book import Book
from starterkit.reader.findings import DATA_FINDING_IDS, DATA_FINDINGS
from starterkit.reader.package import open_package
from starterkit.spec.prefill import Raw

from conftest import BUILD_TIME
from dates import RETURN_DAY
from kitdata import midcycle_network, northwind_charter

TODAY = RETURN_DAY
KIT_ID = "0b5e4f4e-2f1c-4c53-9d6e-3a1f8c2b7d10"
NETWORK_ID = "5d2a9c71-8e3b-4f60-a1d4-7c9e0b3f2a65"
PREVIOUS_KIT_ID = "e7c1b0a9-4d5f-4a2e-8b3c-1f6d9e8a7b54"


@pytest.fixture(scope="module")
def charter():
    return northwind_charter(dt.date(2027, 1, 4))


@pytest.fixture(scope="module")
def kit_bytes(spec, charter):
    return build(
        spec,
        {"charter": charter, PLANNER_DECISION: "redesign"},
        build_time=BUILD_TIME,
        kit_id=KIT_ID,
        network_id=NETWORK_ID,
        previous_kit_id=PREVIOUS_KIT_ID,
    )


@pytest.fixture(scope="module")
def package(kit_bytes):
    return open_package(kit_bytes, "kit.xlsx")


@pytest.fixture(scope="module")
def book(kit_bytes, package):
    return Book(CalamineWorkbook.from_filelike(io.BytesIO(package.content)), package, "kit.xlsx")


def built_record(spec) -> KitRecord:
    """The record the builder writes for the default spec at BUILD_TIME with the ids."""
    text = spec_json(spec)
    return KitRecord(
        kit_schema_version=contract.KIT_SCHEMA_VERSION,
        kit_id=KIT_ID,
        network_id=NETWORK_ID,
        previous_kit_id=PREVIOUS_KIT_ID,
        spec_hash=hashlib.sha256(text.encode()).hexdigest(),
        generator=GENERATOR,
        generator_version=__version__,
        built_at=BUILD_TIME.isoformat(),
        spec_json=text,
    )


class TestCharterNames:
    def test_each_charter_cell_is_named_where_the_builder_wrote_it(self, spec, package):
        layout = plan(spec)
        title = spec.sheets.charter.title
        for field in spec.charter_fields():
            cell = xl_rowcol_to_cell(layout.charter_rows[field.key], 1)
            assert package.defined_names[charter_name(field.key)] == (title, cell), field.key

    def test_the_reader_finds_every_charter_value_by_its_name(self, kit_bytes, charter):
        kit = read_workbook(kit_bytes, "kit.xlsx")
        assert kit.routes["charter"] == "defined names"
        assert {key: kit.charter[key] for key in charter} == charter
        for key in charter:
            sheet, cell = open_package(kit_bytes, "kit.xlsx").defined_names[charter_name(key)]
            assert (kit.charter_cells[key].sheet, kit.charter_cells[key].cell) == (sheet, cell)


class TestListNames:
    def test_each_list_is_named_over_its_labels_on_the_lists_sheet(self, spec, package, book):
        title = spec.sheets.lists.title
        for key, choices in spec.lists.items():
            sheet, cell = package.defined_names[list_name(key)]
            assert sheet == title
            assert book.grid(sheet).at(cell) == choices[0].label, key


class TestPlannerDecision:
    @pytest.mark.parametrize("decision", contract.LIST_KEYS[PLANNER_DECISION])
    def test_the_decision_written_is_the_decision_read(self, spec, decision):
        kit = read_workbook(
            build(spec, {PLANNER_DECISION: decision}, build_time=BUILD_TIME), "kit.xlsx"
        )
        assert kit.planner_decision == decision

    def test_the_decision_is_read_from_its_defined_name(self, kit_bytes, package, spec):
        kit = read_workbook(kit_bytes, "kit.xlsx")
        sheet, cell = package.defined_names[PLANNER_DECISION]
        label = spec.sheets.planner.decision_label
        assert kit.planner_decision_cell == Location(sheet, cell, column=label)
        assert kit.planner_decision == "redesign"


class TestKitRecord:
    def test_rows_read_back_as_the_record_written(self, spec):
        record = built_record(spec)
        assert KitRecord.from_rows(record.to_rows()) == record

    def test_a_long_spec_is_split_into_parts_and_joined_again(self):
        record = KitRecord(kit_id="k", spec_json="x" * (2 * JSON_CHUNK + 5))
        rows = dict(record.to_rows())
        assert rows["spec_json_parts"] == 3 and len(rows[spec_part(3)]) == 5
        assert KitRecord.from_rows(record.to_rows()) == record

    def test_the_builders_kit_sheet_reads_back_as_its_record(self, spec, book):
        rows = book.grid(contract.KIT_SHEET).rows[1:]
        assert KitRecord.from_rows(rows) == built_record(spec)

    def test_no_more_parts_are_read_than_the_sheet_holds(self):
        rows = [("spec_json_parts", 1_000_000), (spec_part(1), "{}")]
        assert KitRecord.from_rows(rows).spec_json == "{}"
        assert (
            KitRecord.from_rows([("spec_json_parts", "many"), (spec_part(1), "{}")]).spec_json == ""
        )

    @pytest.mark.parametrize("value", ["two", -1, 1e9, float("nan"), "1e400"])
    def test_a_damaged_version_reads_as_unknown_and_is_kept_to_be_said(self, value):
        record = KitRecord.from_rows([("kit_schema_version", value)])
        assert record.kit_schema_version is None
        assert record.damaged_version is value

    @pytest.mark.parametrize(("value", "version"), [(1, 1), (1.0, 1), ("1", 1), ("", None)])
    def test_a_plausible_version_reads_as_a_whole_number(self, value, version):
        record = KitRecord.from_rows([("kit_schema_version", value)])
        assert (record.kit_schema_version, record.damaged_version) == (version, None)


class TestCustomProperties:
    def test_properties_read_back_as_the_record_without_its_spec(self, spec):
        record = built_record(spec)
        assert KitRecord.from_properties(record.to_properties()) == dataclasses.replace(
            record, spec_json=""
        )

    def test_the_builders_properties_read_back_as_its_record(self, spec, package):
        assert KitRecord.from_properties(package.properties) == dataclasses.replace(
            built_record(spec), spec_json=""
        )

    def test_every_property_is_a_prefixed_record_key(self, spec):
        assert set(built_record(spec).to_properties()) == {
            "starterkit_kit_schema_version",
            "starterkit_kit_id",
            "starterkit_network_id",
            "starterkit_previous_kit_id",
            "starterkit_spec_hash",
            "starterkit_generator",
            "starterkit_generator_version",
            "starterkit_built_at",
        }


class TestEmbeddedSpec:
    def test_a_spec_is_parsed_once_and_the_cache_stays_bounded(self, spec):
        text = spec_json(spec)
        first = reader_record.embedded_spec(text)
        assert reader_record.embedded_spec(text) is first
        for n in range(reader_record.MAX_CACHED_SPECS + 5):
            reader_record.embedded_spec(spec_json(dataclasses.replace(spec, name=f"kit {n}")))
        assert len(reader_record._specs) == reader_record.MAX_CACHED_SPECS

    def test_a_damaged_spec_is_none_and_not_kept(self):
        before = len(reader_record._specs)
        assert reader_record.embedded_spec("{not json") is None
        assert len(reader_record._specs) == before


class TestDataFindingCatalogue:
    def test_each_case_is_listed_once(self):
        cases = [(case.id, case.message, case.fix) for case in DATA_FINDINGS]
        assert len(cases) == len(set(cases))

    def test_the_reader_gives_only_catalogue_ids(self, spec):
        data = midcycle_network(TODAY, week=7)
        data["sessions"][0] = {**data["sessions"][0], "attendees": Raw("twelve")}
        data["sessions"][1] = {**data["sessions"][1], "week": Raw(3)}
        data["cases"][0] = {**data["cases"][0], "submitted_on": Raw("next Tuesday")}
        kit = read_workbook(build(spec, data, build_time=BUILD_TIME), "messy.xlsx")
        ids = [finding.id for finding in kit.data_findings]
        assert len(ids) == 3 and set(ids) <= set(DATA_FINDING_IDS)
