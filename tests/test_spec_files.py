"""The committed spec files: the default, its packaged twin, the schema and the examples."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
import yaml

from starterkit.builder import build
from starterkit.spec import default_spec, default_spec_text, load_spec
from starterkit.spec.schema import schema, schema_text

from conftest import ROOT

SPEC_DIR = ROOT / "kit_spec"
SPEC_FILES = [SPEC_DIR / "default.yaml", *sorted((SPEC_DIR / "examples").glob("*/kit.yaml"))]


def as_json_data(value):
    """YAML dates become ISO text, as a JSON editor would see them."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()))


class TestDefaultSpec:
    """kit_spec/default.yaml is the embedded default, byte for byte."""

    def test_packaged_default_is_identical_to_kit_spec_default(self):
        assert default_spec_text() == (SPEC_DIR / "default.yaml").read_text(encoding="utf-8")

    def test_packaged_examples_are_identical_to_kit_spec_examples(self):
        """The package carries the example kits too (a stripped export is read with the
        labels of whichever shipped kit it shows); they are kit_spec/examples, byte for byte."""
        packaged = ROOT / "src" / "starterkit" / "spec" / "examples"
        ours = sorted(
            p.relative_to(SPEC_DIR / "examples")
            for p in (SPEC_DIR / "examples").rglob("*")
            if p.is_file()
        )
        theirs = sorted(p.relative_to(packaged) for p in packaged.rglob("*") if p.is_file())
        assert ours == theirs
        for relative in ours:
            assert (packaged / relative).read_bytes() == (
                SPEC_DIR / "examples" / relative
            ).read_bytes()

    def test_default_carries_the_article_thresholds(self):
        t = default_spec().thresholds
        assert (t.sponsor_passive_days, t.steward_facilitation_share, t.recap_days) == (30, 0.6, 1)
        assert (t.steward_allocation_min, t.steward_allocation_max) == (0.10, 0.20)
        assert (t.cadence_gap_factor, t.adoption_signal_week, t.region_access_week) == (1.5, 8, 8)

    def test_default_prefills_the_minimal_raci(self):
        raci = default_spec().prefill.raci
        assert len(raci) == 10
        assert all(row["sponsor"] == "A" for row in raci)
        tracking = next(row for row in raci if row["activity"] == "Track adoption signals")
        assert tracking["data_partner"] == "R"


class TestSchema:
    """kit_spec/schema.json is generated from the models and accepts every committed spec."""

    def test_committed_schema_is_up_to_date(self):
        committed = (SPEC_DIR / "schema.json").read_text(encoding="utf-8")
        assert committed == schema_text(), "run: starterkit schema -o kit_spec/schema.json"

    @pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.parent.name + "/" + p.name)
    def test_every_committed_spec_passes_the_schema(self, path):
        data = as_json_data(yaml.safe_load(path.read_text(encoding="utf-8")))
        jsonschema.validate(data, schema())

    def test_schema_rejects_an_unknown_key(self):
        data = as_json_data(yaml.safe_load(default_spec_text()))
        data["brandingg"] = {}
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, schema())


class TestExamples:
    """Each example spec loads and builds."""

    @pytest.mark.parametrize("path", SPEC_FILES[1:], ids=lambda p: p.parent.name)
    def test_example_builds(self, path):
        content = build(load_spec(path), build_time=dt.datetime(2026, 11, 23))
        assert content[:2] == b"PK"
