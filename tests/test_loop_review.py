"""review: the steward's kit rebuilt with its findings at their cells, nothing lost."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from loop_helpers import AS_OF, SAMPLES, read, sample_id, table_values
from starterkit.analysis import analyze
from starterkit.builder import build
from starterkit.builder.sheets.review import REVIEW_TITLE
from starterkit.kit.contract import KIT_SCHEMA_VERSION
from starterkit.loop import prefill_from
from starterkit.loop.carry import as_current_spec
from starterkit.loop.review import fitted_spec, review_kit
from starterkit.reader import read_path
from starterkit.scenarios.exports import stripped_export


def flags_and_cells(report):
    return sorted((f.id, tuple(e.ref for e in f.evidence)) for f in report.flags)


@pytest.fixture(scope="module", params=SAMPLES, ids=sample_id)
def reviewed(request):
    kit = read_path(request.param)
    return kit, review_kit(kit, AS_OF)


def test_every_typed_value_reads_back_unchanged(reviewed):
    kit, result = reviewed
    new = read(result.content)
    assert new.metadata.kit_schema_version == KIT_SCHEMA_VERSION
    assert {k: v for k, v in new.charter.items() if v is not None} == {
        k: v for k, v in kit.charter.items() if v is not None
    }
    assert new.planner_decision == kit.planner_decision
    for key in kit.tables:
        if key == "playbook" and not kit.rows(key):
            continue
        assert table_values(new, key) == table_values(kit, key), key
    assert result.not_carried == []

    # The unusable values are back, with the same findings (a merged range or a lost
    # formula is the file's shape, not a value: the rebuilt kit has neither).
    def typed_findings(kit):
        return sorted((f.id, f.value) for f in kit.data_findings if f.value is not None)

    assert typed_findings(new) == typed_findings(kit)


def test_ids_kept(reviewed):
    kit, result = reviewed
    new = read(result.content)
    if kit.metadata.kit_id:
        assert new.metadata.kit_id == kit.metadata.kit_id
    if kit.metadata.network_id:
        assert new.metadata.network_id == kit.metadata.network_id


def test_same_flags_on_reanalysis(reviewed):
    kit, result = reviewed
    new = read(result.content)
    before, after = analyze(kit, AS_OF), analyze(new, AS_OF)
    assert sorted(f.id for f in after.flags) == sorted(f.id for f in before.flags)
    if kit.route == "tables" and kit.metadata.spec_source == "embedded":
        assert flags_and_cells(after) == flags_and_cells(before)


def test_notes_at_exactly_the_evidence_cells(reviewed):
    _, result = reviewed
    new = read(result.content)
    report = analyze(new, AS_OF)
    expected = {(e.sheet, e.cell) for f in report.flags for e in f.evidence if e.cell}
    expected |= {
        (f.location.sheet, f.location.cell)
        for f in new.data_findings
        if f.location and f.location.cell
    }
    book = openpyxl.load_workbook(io.BytesIO(result.content))
    noted = {
        (ws.title, cell.coordinate)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.comment is not None
    }
    assert noted == expected == set(result.noted)
    for sheet, cell in noted:
        assert book[sheet][cell].comment.text.strip()


def test_review_sheet_links_resolve(reviewed):
    _, result = reviewed
    book = openpyxl.load_workbook(io.BytesIO(result.content))
    assert book.sheetnames[1] == REVIEW_TITLE
    ws = book[REVIEW_TITLE]
    targets = set()
    for row in ws.iter_rows(min_row=6):
        link = row[4].hyperlink
        if link is None:
            continue
        sheet, _, cell = link.location.rpartition("!")
        sheet = sheet.strip("'").replace("''", "'")
        assert sheet in book.sheetnames
        book[sheet][cell]  # a real cell
        targets.add((sheet, cell))
    assert set(result.noted) <= targets


def test_review_of_a_reviewed_kit_changes_no_data(reviewed):
    _, result = reviewed
    once = read(result.content)
    twice = read(review_kit(once, AS_OF).content)
    assert twice.charter == once.charter
    for key in once.tables:
        assert table_values(twice, key) == table_values(once, key)
    data, not_carried = prefill_from(once, once.spec)
    assert prefill_from(twice, twice.spec) == (data, not_carried)


#: The samples that still have their tables (a stripped export has nothing left to strip).
WITH_TABLES = [p for p in SAMPLES if "stripped" not in p.parts and "stripped" not in p.stem]


@pytest.mark.parametrize("path", WITH_TABLES, ids=sample_id)
def test_header_search_ignores_the_review_sheet(path):
    """An export that drops tables and names still reads the reviewed kit like the kit."""
    kit = read_path(path)
    assert kit.route == "tables"
    result = review_kit(kit, AS_OF)
    data, _ = prefill_from(kit, kit.spec)
    rebuilt = build(fitted_spec(kit, as_current_spec(kit.spec)), data)
    stripped = read(stripped_export(result.content), "stripped.xlsx")
    plain = read(stripped_export(rebuilt), "plain.xlsx")
    assert stripped.routes == plain.routes
    assert stripped.charter == plain.charter
    for key in plain.tables:
        assert table_values(stripped, key) == table_values(plain, key), key
    assert analyze(stripped, AS_OF).flags == analyze(plain, AS_OF).flags


def test_notes_are_real_comments_parts(reviewed):
    _, result = reviewed
    names = zipfile.ZipFile(io.BytesIO(result.content)).namelist()
    assert (not result.noted) or any("comments" in name for name in names)
