"""A kit's ids (kit.md, "Kit version 2 — Identity"): kit_id and network_id are new for
every fresh build unless everything is pinned; given ids are kept; all three ids travel
in the _kit sheet and the custom properties and read back, also after LibreOffice."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest

from starterkit.builder import build
from starterkit.reader import read_path, read_workbook
from starterkit.scenarios.exports import stripped_export
from starterkit.spec import default_spec

from conftest import BUILD_TIME
from libreoffice import convert
from networks import AS_OF, healthy_network
from returned import rewrite_parts, without_kit_sheet

KIT_ID = "3a7d2c1e-9b8f-4e6d-a5c4-2b1e0f9d8c7a"
NETWORK_ID = "8c4b1f2e-7d6a-4c5b-9e3f-0a1b2c3d4e5f"
PREVIOUS_KIT_ID = "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b"


@pytest.fixture(scope="module")
def data():
    return healthy_network(9)


class TestMinting:
    def test_two_unpinned_builds_in_the_same_second_get_their_own_ids(self, spec, data):
        first, second = (read_workbook(build(spec, data), f"{n}.xlsx") for n in "ab")
        assert first.metadata.kit_id != second.metadata.kit_id
        assert first.metadata.network_id != second.metadata.network_id
        for metadata in (first.metadata, second.metadata):
            assert uuid.UUID(metadata.kit_id).version == 4
            assert uuid.UUID(metadata.network_id).version == 4
            assert metadata.previous_kit_id is None

    def test_unpinned_blank_builds_differ_too(self, spec):
        ids = {read_workbook(build(spec), "k.xlsx").metadata.kit_id for _ in range(3)}
        assert len(ids) == 3

    def test_a_pinned_build_is_byte_identical_and_keeps_its_ids(self, spec, data):
        one = build(spec, data, build_time=BUILD_TIME)
        assert build(spec, data, build_time=BUILD_TIME) == one
        metadata = read_workbook(one, "k.xlsx").metadata
        assert metadata.kit_id and metadata.network_id
        assert metadata.kit_id != metadata.network_id

    def test_pinned_builds_of_other_inputs_get_other_ids(self, spec, data):
        one = read_workbook(build(spec, data, build_time=BUILD_TIME), "a.xlsx").metadata
        other = read_workbook(build(spec, build_time=BUILD_TIME), "b.xlsx").metadata
        assert one.kit_id != other.kit_id and one.network_id != other.network_id


class TestGivenIds:
    def test_given_ids_are_written_and_read_back(self, spec, data):
        content = build(
            spec,
            data,
            build_time=BUILD_TIME,
            kit_id=KIT_ID,
            network_id=NETWORK_ID,
            previous_kit_id=PREVIOUS_KIT_ID,
        )
        metadata = read_workbook(content, "next.xlsx").metadata
        assert (metadata.kit_id, metadata.network_id, metadata.previous_kit_id) == (
            KIT_ID,
            NETWORK_ID,
            PREVIOUS_KIT_ID,
        )

    def test_a_later_kit_keeps_the_network_id_and_gets_its_own_kit_id(self, spec, data):
        later = read_workbook(build(spec, data, network_id=NETWORK_ID), "k.xlsx").metadata
        assert later.network_id == NETWORK_ID and later.kit_id != KIT_ID

    def test_the_properties_carry_the_ids_when_the_kit_sheet_is_gone(self, spec, data):
        content = build(spec, data, kit_id=KIT_ID, network_id=NETWORK_ID)
        book = read_workbook(without_kit_sheet(content), "k.xlsx")
        assert (book.metadata.kit_id, book.metadata.network_id) == (KIT_ID, NETWORK_ID)

    def test_damaged_properties_are_read_as_none_and_only_asked_for_without_the_kit_sheet(
        self, spec, data
    ):
        content = build(spec, data, kit_id=KIT_ID, network_id=NETWORK_ID)
        damaged = {"docProps/custom.xml": lambda xml: xml[: len(xml) // 2]}
        kit = read_workbook(rewrite_parts(content, damaged), "k.xlsx")
        assert kit.metadata == read_workbook(content, "k.xlsx").metadata
        assert not kit.data_findings
        gone = read_workbook(rewrite_parts(without_kit_sheet(content), damaged), "k.xlsx")
        assert (gone.metadata.kit_id, gone.metadata.network_id) == (None, None)

    def test_a_stripped_export_has_no_ids(self, spec, data):
        content = build(spec, data, kit_id=KIT_ID, network_id=NETWORK_ID)
        metadata = read_workbook(stripped_export(content), "k.xlsx").metadata
        assert (metadata.kit_id, metadata.network_id, metadata.previous_kit_id) == (None,) * 3


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_the_ids_survive_a_libreoffice_save(spec, tmp_path: Path, fmt):
    content = build(
        spec,
        healthy_network(9),
        build_time=dt.datetime.combine(AS_OF, dt.time(9), tzinfo=dt.timezone.utc),
        kit_id=KIT_ID,
        network_id=NETWORK_ID,
        previous_kit_id=PREVIOUS_KIT_ID,
    )
    source = tmp_path / "kit.xlsx"
    source.write_bytes(content)
    metadata = read_path(convert(source, tmp_path / "lo", fmt)).metadata
    assert (metadata.kit_id, metadata.network_id, metadata.previous_kit_id) == (
        KIT_ID,
        NETWORK_ID,
        PREVIOUS_KIT_ID,
    )


def test_default_spec_builds_are_version_two():
    from starterkit.kit import contract

    metadata = read_workbook(build(default_spec()), "k.xlsx").metadata
    assert metadata.kit_schema_version == contract.KIT_SCHEMA_VERSION == 2
