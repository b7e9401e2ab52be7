"""The default spec known without validating it again (spec.trusted, spec.known) is exactly
the spec validation gives: the same values, types, order and set fields. Building the
default kit and reading one built from it never import the validator or the YAML parser."""

from __future__ import annotations

import json
import subprocess
import sys

from starterkit.builder import build, spec_json
from starterkit.reader import read_workbook
from starterkit.reader.record import embedded_spec
from starterkit.spec import known, trusted
from starterkit.spec.load import default_spec, default_spec_text, load_spec_text, validated
from starterkit.spec.model import KitSpec, SpecModel, field_names

STALE = "spec/known.py is stale: run `python -m starterkit.spec.trusted` and commit it"


def same(a, b, path="spec") -> None:
    """Equal values of equal types, mappings in the same order."""
    assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, SpecModel):
        for name in field_names(a):
            same(getattr(a, name), getattr(b, name), f"{path}.{name}")
    elif isinstance(a, dict):
        assert list(a) == list(b), f"{path}: keys or their order differ"
        for key in a:
            same(a[key], b[key], f"{path}[{key!r}]")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{path}[{index}]")
    else:
        assert a == b, path


def loaded() -> KitSpec:
    return load_spec_text(default_spec_text(), name="<embedded default.yaml>")


def test_known_is_current():
    assert trusted.fingerprint() == known.FINGERPRINT, STALE
    assert trusted.known_module_text() == (trusted.KNOWN_MODULE.read_text(encoding="utf-8")), STALE


def test_default_spec_is_the_loaded_one():
    spec = trusted.default_spec()
    assert spec is not None, STALE
    assert default_spec() is spec
    assert spec == loaded()
    assert repr(spec) == repr(loaded())
    same(spec, loaded())
    assert spec_json(spec) == spec_json(loaded()) == known.DEFAULT_SPEC_JSON


def test_recorded_default_spec_reads_as_validation_gives_it():
    text = known.DEFAULT_SPEC_JSON
    checked = validated(KitSpec, json.loads(text))
    spec = embedded_spec(text)
    assert spec is not None
    same(spec, checked)
    assert repr(spec) == repr(checked)


def test_a_built_default_kit_is_read_with_the_known_spec():
    content = build(loaded())
    kit = read_workbook(content, "kit.xlsx")
    same(kit.spec, validated(KitSpec, json.loads(known.DEFAULT_SPEC_JSON)))


def test_other_specs_are_still_validated():
    data = json.loads(known.DEFAULT_SPEC_JSON)
    data["name"] = "x" * 300  # too long: validation refuses it
    assert embedded_spec(json.dumps(data)) is None


START_UP = """
import sys
from click.testing import CliRunner
from starterkit.cli import main

for args in (["build", "-o", sys.argv[1]], ["analyze", sys.argv[1], "--as-of", "2027-03-01"]):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, (args, result.output)
print(sorted(name for name in ("pydantic", "yaml") if name in sys.modules))
"""


def test_building_and_reading_the_default_kit_never_import_the_validator(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", START_UP, str(tmp_path / "kit.xlsx")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
