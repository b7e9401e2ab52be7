"""A kit that lost its record of its own spec (a stripped export) is read with the labels of
whichever shipped spec its sheets show: a translated kit reads as well as an English one,
and the report says which labels were used."""

from __future__ import annotations

from starterkit.analysis import analyze
from starterkit.reader import read_workbook
from starterkit.scenarios.exports import stripped_export
from starterkit.spec import default_spec, load_spec

from conftest import ROOT
from networks import AS_OF, flag_ids, healthy_network, kit_bytes, with_charter

FRENCH = ROOT / "kit_spec" / "examples" / "french" / "kit.yaml"
BRANDED = ROOT / "kit_spec" / "examples" / "branded" / "kit.yaml"


def french_network(week: int = 9) -> dict:
    return with_charter(
        healthy_network(week),
        purpose="Faire passer le taux de réparation au premier passage de 71 % à 80 %.",
        business_metric="Taux de réparation au premier passage",
    )


class TestTranslatedStrippedKit:
    def test_a_healthy_french_kit_stripped_raises_no_flag(self):
        french = load_spec(FRENCH)
        original = kit_bytes(french_network(), spec=french)
        assert flag_ids(analyze(read_workbook(original, "fr.xlsx"), AS_OF)) == []

        kit = read_workbook(stripped_export(original), "fr-stripped.xlsx")
        report = analyze(kit, AS_OF)

        assert flag_ids(report) == []
        assert kit.charter["cadence"] == french_network()["charter"]["cadence"]
        assert kit.unread == frozenset()
        [missing] = [f for f in report.data_findings if f.id == "kit-sheet-missing"]
        assert "read with the french example kit spec" in missing.message

    def test_its_tables_are_found(self):
        french = load_spec(FRENCH)
        kit = read_workbook(stripped_export(kit_bytes(french_network(), spec=french)), "fr.xlsx")
        assert len(kit.rows("sessions")) == len(french_network()["sessions"])
        assert not [f for f in kit.data_findings if f.id in {"table-missing", "column-missing"}]

    def test_an_english_kit_stripped_still_says_the_default_kit(self):
        kit = read_workbook(stripped_export(kit_bytes(healthy_network(9))), "en.xlsx")
        [missing] = [f for f in kit.data_findings if f.id == "kit-sheet-missing"]
        assert "read with the default kit spec" in missing.message


class TestHeadersNearlyAsBuilt:
    def test_retyped_headers_and_labels_are_still_found(self):
        import io
        import zipfile

        original = stripped_export(kit_bytes(healthy_network(9)))
        source = zipfile.ZipFile(io.BytesIO(original))
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "xl/sharedStrings.xml":
                    # Every Sessions header retyped with a colon, one with a typo too.
                    for column in default_spec().table("sessions").columns:
                        old = f">{column.label}<".encode()
                        new = f">{column.label.replace('Facilitator', 'Facilitater')}:<"
                        data = data.replace(old, new.encode())
                target.writestr(item, data)
        kit = read_workbook(output.getvalue(), "retyped.xlsx")
        before = read_workbook(original, "as-built.xlsx")
        assert kit.unread == frozenset()
        assert [r.values for r in kit.rows("sessions")] == [
            r.values for r in before.rows("sessions")
        ]
