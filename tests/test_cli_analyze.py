"""`starterkit analyze`: returned workbooks in, a report out, files never changed."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import sys
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner, Result
from msoffcrypto.format.ooxml import OOXMLFile

from starterkit.builder import build
from starterkit.cli import main
from starterkit.spec import default_spec

from conftest import BUILD_TIME, ROOT
from dates import RETURN_DAY
from kitdata import midcycle_network
from terminal import run_on_a_terminal

AS_OF = RETURN_DAY


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["analyze", *(str(a) for a in args)], prog_name="starterkit")


def digests(folder: Path) -> dict[Path, str]:
    return {
        p: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def kit(path: Path, **charter) -> Path:
    data = midcycle_network(AS_OF, week=7)
    data["charter"] = {**data["charter"], **charter}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build(default_spec(), data, build_time=BUILD_TIME))
    return path


@pytest.fixture
def returned(tmp_path: Path) -> Path:
    """A folder as a consultant receives it: two kits, one in a subfolder, and clutter."""
    folder = tmp_path / "returned"
    kit(folder / "north.xlsx")
    kit(folder / "south" / "south.xlsx", network_name="South Depot Network", cadence="flexible")
    (folder / "notes.txt").write_text("not a workbook")
    (folder / "~$north.xlsx").write_bytes(b"lock")
    return folder


class TestReports:
    def test_text_report_for_one_workbook(self, tmp_path):
        result = run(kit(tmp_path / "north.xlsx"), "--as-of", AS_OF)
        assert result.exit_code == 0, result.output
        assert "Field Repair Network" in result.stdout
        assert "week 7 of 12" in result.stdout
        assert "\x1b[" not in result.stdout  # no colour when not a terminal
        assert result.stderr == ""

    def test_json_report_follows_the_published_schema(self, returned):
        result = run(returned, "--as-of", AS_OF, "--format", "json")
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        schema = json.loads((ROOT / "docs/report.schema.json").read_text())
        jsonschema.validate(report, schema)
        assert report["as_of"] == "2027-03-01"
        assert [n["network"] for n in report["networks"]] == [
            "Field Repair Network",
            "South Depot Network",
        ]
        south_flags = {f["id"] for f in report["networks"][1]["flags"]}
        assert "charter-cadence-flexible" in south_flags

    def test_report_written_to_a_file(self, returned, tmp_path):
        target = tmp_path / "report.json"
        result = run(returned, "--as-of", AS_OF, "--format", "json", "-o", target)
        assert result.exit_code == 0
        assert result.stdout == ""
        assert result.stderr == f"wrote {target}\n"
        assert json.loads(target.read_text())["summary"]["networks"] == 2
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    def test_text_report_written_to_a_file_is_plain(self, returned, tmp_path):
        target = tmp_path / "report.txt"
        assert run(returned, "--as-of", AS_OF, "-o", target).exit_code == 0
        text = target.read_text()
        assert "South Depot Network" in text and "\x1b[" not in text
        assert all(line == line.rstrip() for line in text.splitlines())

    def test_an_unwritable_output_is_a_clear_error(self, returned, tmp_path):
        (tmp_path / "notes.txt").write_text("a file, not a folder")
        target = tmp_path / "notes.txt" / "report.json"
        result = run(returned, "-o", target, "--format", "json")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.startswith(f"error: {target}: cannot write")
        assert len(result.stderr.splitlines()) == 1

    def test_missing_folders_of_the_output_are_created(self, returned, tmp_path):
        target = tmp_path / "reports" / "march" / "report.json"
        result = run(returned, "-o", target, "--format", "json")
        assert result.exit_code == 0
        assert result.stdout == ""
        assert result.stderr == f"wrote {target}\n"
        assert json.loads(target.read_text())["summary"]["networks"] == 2


class TestInputs:
    def test_folders_are_searched_recursively_and_clutter_ignored(self, returned):
        result = run(returned, "--as-of", AS_OF, "--format", "json")
        sources = [n["source"] for n in json.loads(result.stdout)["networks"]]
        assert sources == [str(returned / "north.xlsx"), str(returned / "south" / "south.xlsx")]

    def test_globs_match_files(self, returned):
        result = run(str(returned / "**" / "*.xlsx"), "--as-of", AS_OF, "--format", "json")
        assert result.exit_code == 0
        assert json.loads(result.stdout)["summary"]["networks"] == 2

    def test_one_unreadable_file_is_reported_and_the_rest_analyzed(self, returned):
        (returned / "broken.xlsx").write_bytes(b"PK\x03\x04 cut short")
        result = run(returned, "--as-of", AS_OF, "--format", "json")
        assert result.exit_code == 2
        report = json.loads(result.stdout)
        assert report["summary"]["networks"] == 2
        [error] = report["errors"]
        assert error["source"] == str(returned / "broken.xlsx")
        assert "damaged" in error["message"]
        assert result.stderr.startswith(f"error: {returned / 'broken.xlsx'}: the file is damaged")

    def test_a_missing_path_is_an_error_entry(self, returned, tmp_path):
        result = run(returned, tmp_path / "nowhere.xlsx", "--format", "json")
        assert result.exit_code == 2
        assert json.loads(result.stdout)["errors"][0]["message"] == "no such file or folder"

    def test_parallel_jobs_give_the_same_report(self, returned):
        for n in range(4):
            kit(returned / f"extra-{n}.xlsx", network_name=f"Extra {n}")
        one = run(returned, "--as-of", AS_OF, "--format", "json", "--jobs", "1")
        two = run(returned, "--as-of", AS_OF, "--format", "json", "--jobs", "2")
        assert one.exit_code == two.exit_code == 0
        assert json.loads(one.stdout) == json.loads(two.stdout)

    def test_an_encrypted_workbook_needs_its_password(self, tmp_path):
        plain = kit(tmp_path / "plain.xlsx").read_bytes()
        locked = tmp_path / "locked.xlsx"
        with io.BytesIO() as output:
            OOXMLFile(io.BytesIO(plain)).encrypt("s3cret", output)
            locked.write_bytes(output.getvalue())
        without = run(locked, "--format", "json")
        assert without.exit_code == 2
        assert "--password" in without.stderr
        assert run(locked, "--password", "s3cret", "--as-of", AS_OF).exit_code == 0


class TestErrorsOnStderr:
    """When the report is not on a terminal, every unreadable file is named on stderr too."""

    def test_a_piped_text_report_names_the_unreadable_file(self, returned):
        (returned / "broken.xlsx").write_bytes(b"PK\x03\x04 cut short")
        result = run(returned, "--as-of", AS_OF)
        assert result.exit_code == 2
        assert "Field Repair Network" in result.stdout
        [line] = result.stderr.splitlines()
        assert line.startswith(f"error: {returned / 'broken.xlsx'}: the file is damaged")

    def test_stdout_piped_and_stderr_on_a_terminal_names_it_there(self, returned):
        (returned / "broken.xlsx").write_bytes(b"PK\x03\x04 cut short")
        process, seen = run_on_a_terminal(
            "analyze", str(returned), "--as-of", AS_OF.isoformat(), "--jobs", "1"
        )
        assert process.returncode == 2
        assert b"error: " + str(returned / "broken.xlsx").encode() in seen

    def test_escape_sequences_in_a_file_name_do_not_reach_the_terminal(self, returned):
        hostile = returned / "clear\x1b[2J\x1b]8;;evil\x07name.xlsx"
        hostile.write_bytes(b"PK\x03\x04 cut short")
        result = run(hostile, "--as-of", AS_OF, "--format", "json")
        assert result.exit_code == 2
        [line] = result.stderr.splitlines()
        assert line.startswith("error: ") and "clear␛[2J␛]8;;evil␇name.xlsx" in line
        assert not any(ord(char) < 0x20 for char in line)


class TestLockFilesByName:
    def test_a_named_lock_file_is_reported_and_the_rest_analyzed(self, returned):
        lock = returned / "~$north.xlsx"
        result = run(lock, returned / "north.xlsx", "--as-of", AS_OF, "--format", "json")
        assert result.exit_code == 2
        report = json.loads(result.stdout)
        assert report["summary"]["networks"] == 1
        assert result.stderr == (
            f"error: {lock}: this is an Office lock file, not the workbook — close the workbook "
            "in Excel and give the real file\n"
        )

    def test_a_libreoffice_lock_file_too(self, returned):
        lock = returned / ".~lock.north.xlsx#"
        lock.write_text("Ana,host,ana,11.03.2027 09:00,")
        result = run(lock, "--format", "json")
        assert result.exit_code == 2
        assert json.loads(result.stdout)["summary"]["networks"] == 0
        assert result.stderr == (
            f"error: {lock}: this is a LibreOffice lock file, not the workbook — close the "
            "workbook in LibreOffice and give the real file\n"
        )


class TestOutputIsNotAnInput:
    def test_the_report_over_the_workbook_it_reads_is_refused(self, returned):
        source = returned / "north.xlsx"
        before = digests(returned)
        result = run(source, "--format", "xlsx", "-o", source)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            f"error: {source} is one of the inputs — choose another output file\n"
        )
        assert digests(returned) == before

    def test_a_report_file_in_the_folder_that_is_an_input_is_refused(self, returned, tmp_path):
        reports = tmp_path / "reports"
        reports.mkdir()
        (reports / "report.xlsx").write_bytes((returned / "north.xlsx").read_bytes())
        before = digests(reports)
        result = run(reports / "report.xlsx", "--format", "xlsx", "--format", "json", "-o", reports)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            f"error: {reports / 'report.xlsx'} is one of the inputs — choose another output file\n"
        )
        assert digests(reports) == before

    def test_a_device_is_refused(self, returned):
        result = run(returned, "--format", "json", "-o", "/dev/null")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            "error: /dev/null is a device, not a regular file — choose another output file\n"
        )


class TestExitCodes:
    def test_fail_on_a_severity_present(self, returned):
        assert run(returned, "--as-of", AS_OF, "--fail-on", "high").exit_code == 1

    def test_fail_on_passes_when_nothing_that_severe_is_found(self, tmp_path):
        # The mid-cycle network raises medium and low flags only.
        path = kit(tmp_path / "north.xlsx")
        assert run(path, "--as-of", AS_OF, "--fail-on", "high").exit_code == 0
        assert run(path, "--as-of", AS_OF, "--fail-on", "low").exit_code == 1

    def test_without_fail_on_flags_do_not_fail_the_run(self, returned):
        assert run(returned, "--as-of", AS_OF).exit_code == 0

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--as-of", "1 March"], "'1 March' is not a date; write it as YYYY-MM-DD"),
            (["--fail-on", "critical"], "'critical' is not one of 'high', 'medium', 'low'"),
            (["--format", "pdf"], "'pdf' is not one of 'text', 'json', 'html', 'xlsx'"),
            (["--format", "xlsx"], "--format xlsx writes a file: add -o FILE"),
            (["--format", "csv"], "csv and parquet write a set of files: add -o FOLDER"),
            (["--format", "text", "--format", "json"], "add -o FOLDER"),
        ],
    )
    def test_usage_errors(self, returned, args, message):
        result = run(returned, *args)
        assert result.exit_code == 2
        assert message in result.stderr

    def test_no_paths_is_a_usage_error(self):
        result = CliRunner().invoke(main, ["analyze"], prog_name="starterkit")
        assert result.exit_code == 2
        assert (
            result.stderr
            == "error: missing argument 'PATHS...' — see 'starterkit analyze --help'\n"
        )


class TestSeveralFormats:
    def test_each_format_is_written_into_the_folder(self, returned, tmp_path):
        out = tmp_path / "reports" / "march"
        result = run(returned, "--as-of", AS_OF, "--format", "text", "--format", "json", "-o", out)
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in out.iterdir()) == ["report.json", "report.txt"]
        assert json.loads((out / "report.json").read_text())["summary"]["networks"] == 2
        assert "Field Repair Network" in (out / "report.txt").read_text()
        assert f"wrote 2 files to {out}: report.txt, report.json" in result.stderr

    def test_every_format_in_one_run(self, returned, tmp_path):
        from starterkit.reporters.tables import TABLES

        out = tmp_path / "reports"
        formats = ["text", "json", "html", "xlsx", "csv", "parquet"]
        result = run(returned, "--as-of", AS_OF, *(f"--format={f}" for f in formats), "-o", out)
        assert result.exit_code == 0, result.output
        tables = [f"{table}.{ext}" for ext in ("csv", "parquet") for table in TABLES]
        expected = ["report.txt", "report.json", "report.html", "report.xlsx", *tables]
        assert sorted(p.name for p in out.iterdir()) == sorted(expected)
        assert "South Depot Network" in (out / "report.html").read_text(encoding="utf-8")
        dashboard = openpyxl.load_workbook(out / "report.xlsx")
        assert dashboard.sheetnames[:2] == ["Contents", "Portfolio"]
        assert (out / "networks.csv").read_text(encoding="utf-8-sig").count("\n") == 3
        assert (out / "networks.parquet").read_bytes()[:4] == b"PAR1"

    def test_a_repeated_format_counts_once_and_writes_one_file(self, returned, tmp_path):
        out = tmp_path / "march.json"
        result = run(returned, "--format", "json", "--format", "json", "-o", out)
        assert result.exit_code == 0
        assert json.loads(out.read_text())["summary"]["networks"] == 2
        assert sorted(p.name for p in tmp_path.iterdir()) == ["march.json", "returned"]

    def test_a_single_format_into_an_existing_folder_takes_its_usual_name(self, returned, tmp_path):
        result = run(returned, "--format", "json", "-o", tmp_path)
        assert result.exit_code == 0
        assert json.loads((tmp_path / "report.json").read_text())["report_schema"] == 2

    def test_a_format_that_fails_leaves_no_file_behind(self, returned, tmp_path, monkeypatch):
        from starterkit.reporters import formats

        def broken(portfolio, links_from):
            def pieces():
                yield "{"
                raise RuntimeError("rendering failed half way")

            return {"report.json": pieces()}

        monkeypatch.setitem(
            formats.FORMATS, "json", dataclasses.replace(formats.FORMATS["json"], render=broken)
        )
        out = tmp_path / "out"
        out.mkdir()
        (out / "report.txt").write_text("last week's report")
        result = run(returned, "--format", "text", "--format", "json", "-o", out)
        assert isinstance(result.exception, RuntimeError)
        assert sorted(p.name for p in out.iterdir()) == ["report.txt"]
        assert (out / "report.txt").read_text() == "last week's report"

    def test_a_folder_format_refuses_an_existing_file(self, returned, tmp_path):
        existing = tmp_path / "report.txt"
        existing.write_text("keep me")
        result = run(returned, "--format", "text", "--format", "json", "-o", existing)
        assert result.exit_code == 2
        assert f"{existing} is a file; -o must name a folder" in result.stderr
        assert existing.read_text() == "keep me"

    def test_parquet_without_pyarrow_says_what_to_install(self, returned, tmp_path, monkeypatch):
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        out = tmp_path / "out"
        result = run(returned, "--format", "parquet", "-o", out)
        assert result.exit_code == 2
        assert "--format parquet needs pyarrow: pip install 'starterkit[parquet]'" in result.stderr
        assert not out.exists()


class TestNeverChangesInputs:
    def test_every_input_is_byte_identical_afterwards_and_no_traceback_shows(
        self, returned, tmp_path
    ):
        (returned / "broken.xlsx").write_bytes(b"PK\x03\x04 cut short")
        (returned / "data.csv").write_text("a,b\n1,2\n")
        before = digests(returned)
        for args in (
            [returned],
            [returned, "--format", "json"],
            [returned, "--jobs", "2", "--format", "json", "-o", tmp_path / "r.json"],
            [returned / "data.csv"],
            [returned / "broken.xlsx"],
        ):
            result = run(*args)
            assert "Traceback" not in result.output
            assert result.exception is None or isinstance(result.exception, SystemExit)
        assert digests(returned) == before


class TestProgress:
    def test_progress_bar_on_a_terminal_and_not_for_json(self, returned):
        _, with_text = run_on_a_terminal("analyze", str(returned), "--jobs", "2")
        _, with_json = run_on_a_terminal("analyze", str(returned), "--format", "json")
        assert b"analyzing" in with_text
        assert b"analyzing" not in with_json
