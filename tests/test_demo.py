"""`starterkit demo`: the kit, a returned portfolio, its analysis and every report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from starterkit import demo, scenarios
from starterkit.cli import main
from starterkit.reporters.formats import FORMATS
from starterkit.reporters.tables import TABLES

from dates import SAMPLES_DAY

AS_OF = SAMPLES_DAY


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("demo") / "starterkit-demo"
    result = CliRunner().invoke(main, ["demo", str(folder), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    return folder, result.stdout


def test_the_kit_the_samples_and_every_report_are_written(demo_run):
    folder, _ = demo_run
    assert (folder / demo.KIT_FILE).is_file()
    returned = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("returned/**/*.xlsx"))
    assert returned == sorted(sample.path for sample in demo.sample_plan())
    reports = {p.name for p in (folder / "reports").iterdir()}
    files = {f.file_name for f in FORMATS.values() if f.file_name}
    tables = {f"{table}.{ext}" for table in TABLES for ext in ("csv", "parquet")}
    assert reports == files | tables


def test_it_prints_the_summary_and_the_page_to_open_first(demo_run):
    folder, stdout = demo_run
    assert "Portfolio report · as of 2027-03-11" in stdout
    assert "Flags by frequency" in stdout
    assert stdout.rstrip().endswith(f"open first:        {folder / 'reports' / 'report.html'}")


def test_every_sample_raises_exactly_its_flags(demo_run):
    folder, _ = demo_run
    report = json.loads((folder / "reports" / "report.json").read_text(encoding="utf-8"))
    assert report["errors"] == []
    found = {
        Path(n["source"]).relative_to(folder).as_posix(): tuple(
            sorted({f["id"] for f in n["flags"]})
        )
        for n in report["networks"]
    }
    assert found == {sample.path: sample.expected_flags for sample in demo.sample_plan()}
    [launch] = report["portfolio"]["flags"]
    assert launch["id"] == "parallel-launch"
    in_launch = sorted(n.stem for n in scenarios.portfolio_networks())
    assert all(stem in launch["message"] for stem in in_launch)
    assert len(launch["evidence"]) == len(in_launch)


def test_the_healthy_network_raises_nothing(demo_run):
    folder, _ = demo_run
    report = json.loads((folder / "reports" / "report.json").read_text(encoding="utf-8"))
    [healthy] = [n for n in report["networks"] if n["source"].endswith("returned/healthy.xlsx")]
    assert healthy["flags"] == [] and healthy["verdict"] == "on_track"


def test_each_scenario_comes_from_an_organisation_of_its_own():
    plan = [s for s in demo.sample_plan() if scenarios.PORTFOLIO not in s.path]
    assert len(plan) == len(scenarios.SCENARIOS)
    organizations = {
        scenarios.scenario_data(s.scenario, s.week, as_of=AS_OF, seed=s.seed)["charter"][
            "organization"
        ]
        for s in plan
    }
    assert len(organizations) == len(plan)


class TestItsFolder:
    """The demo writes into a new folder, an empty one or its own, never over other files."""

    def test_a_folder_with_other_files_is_refused_and_left_alone(self, tmp_path):
        folder = tmp_path / "work"
        folder.mkdir()
        (folder / "notes.txt").write_text("keep me")
        result = CliRunner().invoke(main, ["demo", str(folder)], prog_name="starterkit")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            f"error: {folder} holds files that starterkit demo did not write — give a new or "
            "empty folder, or add --force to write into it anyway\n"
        )
        assert [p.name for p in folder.iterdir()] == ["notes.txt"]

    def test_a_file_is_refused(self, tmp_path):
        path = tmp_path / "notes.txt"
        path.write_text("keep me")
        result = CliRunner().invoke(main, ["demo", str(path)], prog_name="starterkit")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == f"error: {path} is a file — give a folder for the demo\n"

    def test_its_own_folder_is_recognised(self, demo_run, tmp_path):
        folder, _ = demo_run
        assert demo.is_demo_folder(folder)
        assert demo.is_demo_folder(tmp_path / "new")
        (tmp_path / ".DS_Store").write_bytes(b"")
        assert demo.is_demo_folder(tmp_path)
        (tmp_path / "kit").write_text("a file where the kit folder goes")
        assert not demo.is_demo_folder(tmp_path)

    def test_force_writes_beside_other_files(self, tmp_path):
        folder = tmp_path / "work"
        folder.mkdir()
        (folder / "notes.txt").write_text("keep me")
        result = CliRunner().invoke(
            main, ["demo", str(folder), "--as-of", AS_OF.isoformat(), "--force"]
        )
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
        assert (folder / "notes.txt").read_text() == "keep me"
        assert (folder / demo.KIT_FILE).is_file()
