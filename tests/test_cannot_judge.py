"""A flag never rests on data that was not read: when the reader cannot find a table, a
column or a charter field at all, the flags that read it are not judged, and one
"cannot judge" data finding per flag names what was missing."""

from __future__ import annotations

import io
import re
import zipfile

from starterkit.analysis import analyze
from starterkit.analysis.catalog import FLAGS, NEEDS
from starterkit.kit import contract
from starterkit.reader import read_workbook
from starterkit.spec import Raw, default_spec

from conftest import ROOT
from dates import SAMPLES_DAY
from networks import analyzed as analyzed_network
from networks import flag_ids, healthy_network, with_charter

STRIPPED = ROOT / "samples" / "returned" / "stripped"
AS_OF = SAMPLES_DAY


def retyped(content: bytes, *labels: str, drop_name: str | None = None) -> bytes:
    """The workbook with each of these shared strings (headers, labels) retyped, and one
    defined name dropped."""
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                for number, label in enumerate(labels):
                    marked = f">{label}</t>".encode()
                    assert marked in data, label
                    data = data.replace(marked, f">Retyped {number}</t>".encode())
            if item.filename == "xl/workbook.xml" and drop_name:
                data = re.sub(
                    rf'<definedName name="{drop_name}"[^>]*>[^<]*</definedName>'.encode(), b"", data
                )
            target.writestr(item, data)
    return output.getvalue()


def analyzed(content: bytes, name: str):
    return analyze(read_workbook(content, name), AS_OF)


class TestCannotJudge:
    def test_a_column_not_found_silences_its_flags_and_says_so(self):
        path = STRIPPED / "presentation-theater.xlsx"
        before = analyzed(path.read_bytes(), path.name)
        assert "session-no-pattern" in {f.id for f in before.flags}

        after = analyzed(retyped(path.read_bytes(), "Pattern captured"), path.name)

        assert "session-no-pattern" not in {f.id for f in after.flags}
        [finding] = [f for f in after.data_findings if f.id == "cannot-judge"]
        assert "(session-no-pattern)" in finding.message
        assert finding.message.startswith("Sessions: Pattern captured could not be read, so ")
        # The other flags, which read what was found, are judged as before.
        assert {f.id for f in after.flags} == {f.id for f in before.flags} - {"session-no-pattern"}

    def test_a_charter_field_not_found_silences_the_flags_that_read_it(self):
        path = STRIPPED / "vague-charter.xlsx"
        before = analyzed(path.read_bytes(), path.name)
        assert "charter-cadence-flexible" in {f.id for f in before.flags}

        after = analyzed(
            retyped(path.read_bytes(), "Cadence", drop_name="charter_cadence"), path.name
        )

        judged = {f.id for f in after.flags}
        assert "charter-cadence-flexible" not in judged and "cadence-drift" not in judged
        unjudged = [f.message for f in after.data_findings if f.id == "cannot-judge"]
        assert any("(charter-cadence-flexible)" in m and "Charter: Cadence" in m for m in unjudged)

    def test_a_charter_value_that_cannot_be_read_is_not_taken_for_a_blank(self):
        data = with_charter(healthy_network(9), cadence=Raw("Hebdomadaire"))
        report = analyzed_network(data)
        assert "charter-cadence-flexible" not in flag_ids(report)
        assert "cadence-drift" not in flag_ids(report)
        unjudged = [f.message for f in report.data_findings if f.id == "cannot-judge"]
        assert any("(charter-cadence-flexible)" in m and "Charter: Cadence" in m for m in unjudged)
        assert [f.id for f in report.data_findings if f.id == "not-in-list"]

    def test_a_table_not_found_names_the_table(self):
        path = STRIPPED / "healthy.xlsx"
        labels = [c.label for c in default_spec().table("sessions").columns]
        report = analyzed(retyped(path.read_bytes(), *labels), path.name)
        unjudged = [f.message for f in report.data_findings if f.id == "cannot-judge"]
        [sessions] = [m for m in unjudged if "Sessions" in m]
        assert sessions.startswith("the Sessions table could not be read, so these ")
        assert "(session-no-pattern)" in sessions and "(cadence-drift)" in sessions

    def test_one_unreadable_input_is_one_finding_for_all_the_flags_it_stops(self):
        data = with_charter(healthy_network(9), cycle_start=Raw("next monday"))
        report = analyzed_network(data)
        [finding] = [f for f in report.data_findings if f.id == "cannot-judge"]
        assert finding.message.startswith("Charter: Cycle start could not be read, so these ")
        assert "(no-playbook)" in finding.message and "(region-excluded)" in finding.message

    def test_every_kit_as_built_reads_every_input(self):
        for path in sorted((ROOT / "samples").glob("*.xlsx")):
            report = analyzed(path.read_bytes(), path.name)
            assert not [f for f in report.data_findings if f.id == "cannot-judge"], path.name

    def test_every_network_flag_says_what_it_reads(self):
        network_flags = {f.id for f in FLAGS} - {"parallel-launch"}
        assert set(NEEDS) == network_flags
        known = {f"charter.{key}" for key in contract.CHARTER_FIELDS} | {"planner_decision"}
        for key, (_, _, columns) in contract.TABLES.items():
            known |= {key} | {f"{key}.{column}" for column in columns}
        for flag_id, needs in NEEDS.items():
            assert set(needs) <= known, flag_id
