"""The next, review and upgrade commands."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from starterkit.cli import main
from starterkit.reader import read_path

from conftest import ROOT

SAMPLES = ROOT / "samples"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_next_one_file(tmp_path):
    out = tmp_path / "next.xlsx"
    result = run("next", SAMPLES / "healthy.xlsx", "-o", out)
    assert result.exit_code == 0, result.output
    assert "cycle 2 from" in result.output
    assert "no decision recorded" in result.stderr
    assert read_path(out).charter["cycle_number"] == 2


def test_next_folder_one_bad_file_does_not_stop_the_rest(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("healthy.xlsx", "vague-charter.xlsx"):
        shutil.copy(SAMPLES / name, inputs / name)
    (inputs / "broken.xlsx").write_bytes(b"not a workbook")
    result = run("next", inputs, "-o", tmp_path / "out", "--jobs", "2")
    assert result.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "healthy.xlsx",
        "vague-charter.xlsx",
    ]
    assert "broken.xlsx" in result.stderr
    assert "built 2 next-cycle kits, 1 failed" in result.output


def test_next_bad_start_is_a_usage_error(tmp_path):
    result = run("next", SAMPLES / "healthy.xlsx", "-o", tmp_path / "n.xlsx", "--start", "soon")
    assert result.exit_code == 2
    assert "--start" in result.output + result.stderr


def test_review_and_upgrade(tmp_path):
    result = run(
        "review",
        SAMPLES / "sponsor-vanished.xlsx",
        "-o",
        tmp_path / "r.xlsx",
        "--as-of",
        "2027-03-11",
    )
    assert result.exit_code == 0, result.output
    assert "notes on" in result.output
    spec = ROOT / "kit_spec" / "examples" / "french" / "kit.yaml"
    result = run("upgrade", SAMPLES / "healthy.xlsx", "--spec", spec, "-o", tmp_path / "u.xlsx")
    assert result.exit_code == 0, result.output
    assert "everything carried" in result.output


def test_output_that_is_the_input_is_refused(tmp_path):
    copy = tmp_path / "kit.xlsx"
    shutil.copy(SAMPLES / "healthy.xlsx", copy)
    result = run("review", copy, "-o", copy)
    assert result.exit_code == 2
    assert "one of the inputs" in result.stderr
