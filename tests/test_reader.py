"""The reader: a returned workbook becomes typed kit data with every value's cell."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from starterkit.builder import build
from starterkit.kit import contract
from starterkit.reader import read_workbook
from starterkit.reader.coerce import EPOCH_1904, Unusable, choice_reader, to_date, to_number
from starterkit.spec import default_spec, load_spec
from starterkit.spec.prefill import Raw

from conftest import BUILD_TIME, ROOT
from dates import RETURN_DAY
from kitdata import midcycle_network
from returned import rewrite_parts, values_only_export, without_kit_sheet

TODAY = RETURN_DAY


@pytest.fixture(scope="module")
def network():
    return midcycle_network(TODAY, week=7)


@pytest.fixture(scope="module")
def kit_bytes(spec, network):
    return build(spec, network, build_time=BUILD_TIME)


@pytest.fixture(scope="module")
def kit(kit_bytes):
    return read_workbook(kit_bytes, "northwind.xlsx")


def messy(spec, network, changes):
    """The network with some cells typed over as a steward might, built and read back."""
    data = {
        key: [dict(r) for r in value] if isinstance(value, list) else value
        for key, value in network.items()
    }
    for table, index, column, value in changes:
        data[table][index][column] = Raw(value)
    return read_workbook(build(spec, data, build_time=BUILD_TIME), "messy.xlsx")


class TestBuiltKit:
    def test_charter_values_are_typed_with_choice_keys(self, kit, network):
        assert kit.charter["network_name"] == "Field Repair Network"
        assert kit.charter["cadence"] == "every_two_weeks"
        assert kit.charter["cycle_start"] == network["charter"]["cycle_start"]
        assert kit.charter["steward_allocation_pct"] == pytest.approx(0.15)
        assert kit.charter["session_length_min"] == 60
        assert kit.charter["boundaries"] is None

    def test_every_filled_row_is_read_and_blank_rows_are_not(self, kit, network):
        assert len(kit.rows("roles")) == len(network["roles"])
        assert len(kit.rows("sessions")) == len(network["sessions"])
        assert len(kit.rows("cases")) == len(network["cases"])
        assert len(kit.rows("milestones")) == 10  # nine from the spec and one custom
        assert [row.get("week") for row in kit.rows("metrics")] == [1, 2, 4, 6]

    def test_each_value_knows_its_cell(self, kit):
        session = kit.rows("sessions")[0]
        assert session.get("format") == "problem_solving_jam"
        assert str(session.at("format")) == "Sessions row 1, Format ('90-Day Planner'!M7)"
        assert kit.charter_at("cadence").ref == "Charter!B27"
        assert kit.planner_decision_cell.ref == "'90-Day Planner'!D24"

    def test_computed_columns_are_not_read(self, kit):
        assert "week" not in kit.rows("sessions")[0].values
        assert "days_to_solve" not in kit.rows("cases")[0].values

    def test_the_embedded_spec_and_metadata_are_used(self, kit, spec):
        assert kit.spec == spec
        assert kit.metadata.spec_source == "embedded"
        assert kit.metadata.kit_schema_version == contract.KIT_SCHEMA_VERSION
        assert kit.metadata.kit_id
        assert kit.route == "tables"
        assert kit.routes["charter"] == "defined names"
        assert kit.data_findings == []


class TestCoercion:
    @pytest.mark.parametrize(
        ("value", "day_first", "expected"),
        [
            (dt.datetime(2027, 1, 4, 9, 30), False, dt.date(2027, 1, 4)),
            (46391, False, dt.date(2027, 1, 4)),
            ("46391", False, dt.date(2027, 1, 4)),
            ("2027-01-04", False, dt.date(2027, 1, 4)),
            ("2027/1/4", False, dt.date(2027, 1, 4)),
            ("2027-01-04 00:00:00", False, dt.date(2027, 1, 4)),
            ("01/04/2027", False, dt.date(2027, 1, 4)),
            ("04/01/2027", True, dt.date(2027, 1, 4)),
            ("25/01/2027", False, dt.date(2027, 1, 25)),
            ("04.01.2027", False, dt.date(2027, 1, 4)),
            ("4 Jan 2027", False, dt.date(2027, 1, 4)),
            ("4 janvier 2027", True, dt.date(2027, 1, 4)),
            ("January 4, 2027", False, dt.date(2027, 1, 4)),
            ("1/4/27", False, dt.date(2027, 1, 4)),
        ],
    )
    def test_dates_in_the_forms_spreadsheets_return(self, value, day_first, expected):
        assert to_date(value, day_first) == expected

    def test_serials_follow_the_1904_system_when_the_workbook_uses_it(self):
        assert to_date(45000, False, date1904=True) == EPOCH_1904 + dt.timedelta(days=45000)

    @pytest.mark.parametrize("value", ["next week", "31/02/2027", "2027-13-01", True, 12, "TBC"])
    def test_what_is_not_a_date_is_said_so(self, value):
        result = to_date(value, False)
        assert isinstance(result, Unusable) and result.id == "not-a-date"

    @pytest.mark.parametrize(
        ("value", "kind", "expected"),
        [
            ("20 %", "percent", 0.2),
            ("20%", "number", 0.2),
            (15, "percent", 0.15),
            (0.15, "percent", 0.15),
            ("1,5", "number", 1.5),
            ("1,200", "number", 1200),
            ("1.200,5", "number", 1200.5),
            ("1 200", "whole", 1200),
            ("12", "whole", 12),
            (12.0, "whole", 12),
            ("-3.5", "number", -3.5),
        ],
    )
    def test_numbers_typed_as_text(self, value, kind, expected):
        assert to_number(value, kind) == pytest.approx(expected)

    @pytest.mark.parametrize(
        ("value", "kind", "problem"),
        [
            ("twelve", "whole", "not-a-number"),
            (2.5, "whole", "not-a-whole-number"),
            (True, "number", "not-a-number"),
            ("150 %", "percent", "out-of-range"),
        ],
    )
    def test_numbers_that_cannot_be_used(self, value, kind, problem):
        result = to_number(value, kind)
        assert isinstance(result, Unusable) and result.id == problem

    def test_choices_by_label_or_key_in_any_case(self, spec):
        read_cadence = choice_reader(spec.lists["cadence"])
        assert read_cadence("Every two weeks") == "every_two_weeks"
        assert read_cadence("  every TWO weeks ") == "every_two_weeks"
        assert read_cadence("every_two_weeks") == "every_two_weeks"

    def test_a_choice_off_the_list_suggests_the_nearest(self, spec):
        result = choice_reader(spec.lists["cadence"])("Every 2 weeks")
        assert isinstance(result, Unusable)
        assert result.id == "not-in-list"
        assert "did you mean 'Every two weeks'?" in result.fix


class TestMessyCells:
    def test_unusable_cells_become_data_findings_and_the_rest_is_read(self, spec, network):
        kit = messy(
            spec,
            network,
            [
                ("sessions", 0, "date", "sometime in March"),
                ("sessions", 1, "format", "Jam session"),
                ("cases", 0, "teams_applied", "two"),
                ("sessions", 0, "week", 3),
            ],
        )
        found = {(f.id, f.location.ref) for f in kit.data_findings}
        assert found == {
            ("not-a-date", "'90-Day Planner'!K7"),
            ("not-in-list", "'90-Day Planner'!M8"),
            ("not-a-number", "'Case Intake'!P7"),
            ("formula-replaced", "'90-Day Planner'!L7"),
        }
        first, second = kit.rows("sessions")[:2]
        assert first.get("date") is None and first.get("facilitator") == "Ana Souza"
        assert second.get("format") is None and second.get("attendees") == 8
        assert len(kit.rows("sessions")) == 3

    def test_each_finding_says_what_and_what_to_do(self, spec, network):
        kit = messy(spec, network, [("sessions", 0, "date", "sometime in March")])
        (finding,) = kit.data_findings
        assert str(finding) == (
            "Sessions row 1, Date ('90-Day Planner'!K7): 'sometime in March' is not a date — "
            "type a real date, e.g. 2027-01-04, or pick one from the date picker"
        )
        assert finding.value == "sometime in March"

    def test_text_dates_follow_the_spec_locale(self, network):
        french = load_spec(ROOT / "kit_spec/examples/french/kit.yaml")
        english = default_spec()
        changes = [("cases", 0, "submitted_on", "03/02/2027")]
        assert messy(english, network, changes).rows("cases")[0].get("submitted_on") == dt.date(
            2027, 3, 2
        )
        assert messy(french, network, changes).rows("cases")[0].get("submitted_on") == dt.date(
            2027, 2, 3
        )

    def test_a_1904_workbook_reads_typed_serials_in_that_system(self, spec, network):
        data = {**network, "sessions": [{**network["sessions"][0], "date": Raw("45000")}]}
        content = build(spec, data, build_time=BUILD_TIME)
        content = rewrite_parts(
            content,
            {
                "xl/workbook.xml": lambda xml: xml.replace(
                    b"<workbookPr ", b'<workbookPr date1904="1" '
                )
            },
        )
        kit = read_workbook(content, "mac.xlsx")
        assert kit.rows("sessions")[0].get("date") == EPOCH_1904 + dt.timedelta(days=45000)


class TestFallbacks:
    def test_without_the_kit_sheet_the_default_spec_reads_it_and_says_so(self, kit_bytes, kit):
        stripped = read_workbook(without_kit_sheet(kit_bytes), "stripped.xlsx")
        assert stripped.metadata.spec_source == "default"
        assert stripped.metadata.kit_id == kit.metadata.kit_id  # from the custom properties
        assert [f.id for f in stripped.data_findings] == ["kit-sheet-missing"]
        assert stripped.charter == kit.charter
        assert [r.values for r in stripped.rows("sessions")] == [
            r.values for r in kit.rows("sessions")
        ]

    def test_a_values_only_export_is_read_by_sheet_and_header_text(self, kit_bytes, kit):
        export = read_workbook(values_only_export(kit_bytes), "export.xlsx")
        assert export.route == "headers"
        assert export.routes["charter"] == "headers"
        assert {f.id for f in export.data_findings} == {"kit-sheet-missing", "formulas-removed"}
        assert export.charter == kit.charter
        assert export.planner_decision_cell == kit.planner_decision_cell
        for table in kit.tables:
            assert [r.values for r in export.rows(table)] == [r.values for r in kit.rows(table)], (
                table
            )

    def test_renamed_sheets_and_inserted_moved_and_renamed_columns_are_tolerated(
        self, kit_bytes, kit
    ):
        def rework_cases(rows):
            # Insert a column after "Submitted by", swap Team and Region, rename "Problem".
            header = 5
            edited = []
            for index, row in enumerate(rows):
                row = list(row)
                row.insert(3, "Local notes" if index == header else None)
                row[4], row[5] = row[5], row[4]
                if index == header:
                    row[6] = "The problem"
                edited.append(row)
            return edited

        export = read_workbook(
            values_only_export(
                kit_bytes,
                renames={"Case Intake": "Cases (Q1)", "Charter": "Our charter"},
                column_edits={"Case Intake": rework_cases},
            ),
            "reworked.xlsx",
        )
        assert [r.values for r in export.rows("cases")] == [r.values for r in kit.rows("cases")]
        assert export.rows("cases")[0].at("region").ref == "'Cases (Q1)'!E7"
        assert export.charter == kit.charter

    def test_a_row_typed_below_a_table_is_read_and_noted(self, spec, network):
        content = build(spec, network, build_time=BUILD_TIME)
        below = 5 + spec.table("cases").rows + 2  # first row under the Cases table (1-based)
        part = "xl/worksheets/sheet5.xml"

        def add_row(xml: bytes) -> bytes:
            row = (
                f'<row r="{below}"><c r="B{below}" t="inlineStr"><is><t>2027-02-20</t></is></c>'
                f'<c r="C{below}" t="inlineStr"><is><t>Late Case</t></is></c></row>'
            ).encode()
            return xml.replace(b"</sheetData>", row + b"</sheetData>")

        kit = read_workbook(rewrite_parts(content, {part: add_row}), "below.xlsx")
        last = kit.rows("cases")[-1]
        assert last.get("submitted_by") == "Late Case"
        assert last.get("submitted_on") == dt.date(2027, 2, 20)
        assert [f.id for f in kit.data_findings] == ["row-outside-table"]


def test_formula_cells_are_found_with_or_without_a_namespace_prefix():
    from starterkit.reader.package import formula_cells

    xml = (
        b'<worksheet><sheetData><row r="7"><c r="B7"><f>1+1</f><v>2</v></c>'
        b'<c r="C7" t="s"><v>0</v></c><c r="D7"><f t="shared" ref="D7:D9" si="0"/></c>'
        b'<x:c r="E7"><x:f>A1</x:f></x:c><c r="F7"><fx>no formula</fx></c></row>'
        b"</sheetData></worksheet>"
    )
    assert formula_cells(xml) == {"B7", "D7", "E7"}
    assert formula_cells(xml.replace(b"x:", b"")) == {"B7", "D7", "E7"}


def test_short_and_long_texts_are_compared_alike():
    from starterkit.reader.coerce import normal_text

    assert normal_text("  Weekly\u00a0 Check-in * ") == "weekly check-in"
    assert normal_text("Weekly  Check-in *" + " x" * 60) == "weekly check-in *" + " x" * 60
    assert normal_text("Straße") == normal_text("STRASSE") == "strasse"


def test_a_column_map_worked_out_once_is_the_same_and_unshared(spec):
    from starterkit.reader.locate import match_columns

    columns = tuple(spec.table("cases").columns)
    headers = {3 + n: column.label for n, column in enumerate(columns)}
    first = match_columns(headers, columns, 3)
    first[0][columns[0].key] = 99  # a caller's change is its own
    again = match_columns(dict(headers), columns, 3)
    assert again[0] == {column.key: 3 + n for n, column in enumerate(columns)}
    assert again[1] == ()
    numbered = {3: 1, 4: True, 5: columns[0].label}  # 1 and True: equal keys, other texts
    found, missing = match_columns(numbered, columns, None)
    assert found == {columns[0].key: 5}
    assert missing == tuple(column.key for column in columns[1:])


@pytest.mark.parametrize(
    "path",
    [
        *sorted((ROOT / "samples").glob("*.xlsx")),
        *sorted((ROOT / "samples" / "returned").glob("*/*.xlsx")),
        *sorted((ROOT / "tests" / "v1").glob("*.xlsx")),
    ],
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
def test_styled_empty_cells_are_dropped_with_nothing_read_differently(path, monkeypatch):
    """Most of a kit's cells hold only a style; the cell reader gets the sheets without
    them, and reads the same kit as with them."""
    import re

    from starterkit.reader import sanitize
    from starterkit.reader.package import open_package

    content = path.read_bytes()
    lean = read_workbook(content, path.name)
    with zipfile.ZipFile(io.BytesIO(open_package(content, path.name).content)) as package:
        sheets = [package.read(n) for n in package.namelist() if n.startswith("xl/worksheets/")]
    assert not any(sanitize._STYLED_EMPTY_CELL.search(sheet) for sheet in sheets)
    monkeypatch.setattr(sanitize, "_STYLED_EMPTY_CELL", re.compile(rb"(?!)"))
    assert read_workbook(content, path.name) == lean
