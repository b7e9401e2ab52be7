"""The `starterkit` command: exit codes, what goes to stdout and stderr, and the files written.

Exit codes: 0 done, 1 done with problems found, 2 nothing done. Messages go to stderr,
results to stdout; input files are never changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import zipfile
from importlib.metadata import version
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from starterkit.cli import main
from starterkit.spec import default_spec, default_spec_text

from terminal import run_on_a_terminal
from xlsx_parts import assert_same_package

SAFE_FILE_NAME = re.compile(r"[A-Za-z0-9._-]+\.xlsx")
BUILD_TIME = "2026-01-05T09:00:00"


def run(*args: str | Path) -> Result:
    """Run the CLI in-process; click >= 8.2 keeps result.stdout and result.stderr apart."""
    return CliRunner().invoke(main, [str(arg) for arg in args], prog_name="starterkit")


def digests(*paths: Path) -> dict[Path, str]:
    return {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}


def is_xlsx(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return "xl/workbook.xml" in archive.namelist()


def charter_value(path: Path, key: str) -> object:
    """The value in the charter cell that the defined name ``charter_<key>`` points at."""
    workbook = openpyxl.load_workbook(path)
    [(sheet, ref)] = workbook.defined_names[f"charter_{key}"].destinations
    return workbook[sheet][ref.replace("$", "")].value


def line_of(text: str, needle: str) -> int:
    """1-based line of the one line of ``text`` containing ``needle``."""
    [number] = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return number


@pytest.fixture(autouse=True)
def _work_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Default outputs (peer-learning-kit.xlsx, kits/) land in the test's own folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture
def spec_file(tmp_path: Path) -> Path:
    path = tmp_path / "kit.yaml"
    path.write_text(default_spec_text(), encoding="utf-8")
    return path


@pytest.fixture
def broken_spec(tmp_path: Path) -> Path:
    """The default spec with a '/' in the Case Intake sheet title."""
    title = default_spec().sheets.cases.title
    path = tmp_path / "broken.yaml"
    path.write_text(
        default_spec_text().replace(f"title: {title}\n", "title: Cases/Intake\n"), encoding="utf-8"
    )
    return path


class TestHelp:
    """Every command explains itself and its options."""

    def test_group_help_lists_every_command(self) -> None:
        result = run("--help")

        assert result.exit_code == 0
        assert result.stderr == ""
        for command in ("build", "check", "init", "schema"):
            assert re.search(rf"^\s+{command}\s", result.stdout, re.MULTILINE), command

    @pytest.mark.parametrize(
        ("command", "mentions"),
        [
            ("build", ["SPEC", "--output", "--data", "--each", "--jobs", "--build-time"]),
            ("check", ["SPECS"]),
            ("init", ["DIRECTORY", "--force"]),
            ("schema", ["--output"]),
        ],
    )
    @pytest.mark.parametrize("flag", ["--help", "-h"])
    def test_command_help_mentions_its_arguments_and_options(
        self, command: str, mentions: list[str], flag: str
    ) -> None:
        result = run(command, flag)

        assert result.exit_code == 0
        assert result.stderr == ""
        assert result.stdout.startswith(f"Usage: starterkit {command} ")
        for word in mentions:
            assert word in result.stdout, word

    def test_version_prints_the_installed_version(self) -> None:
        result = run("--version")

        assert result.exit_code == 0
        assert result.stdout == f"starterkit, version {version('starterkit')}\n"
        assert result.stderr == ""


class TestUsageErrors:
    """Every usage error is one `error:` line on stderr naming the help to read; exit 2."""

    @pytest.mark.parametrize(
        ("args", "stderr"),
        [
            (
                ["analyze", "x.xlsx", "--format", "pdf"],
                "error: invalid value for '--format': 'pdf' is not one of 'text', 'json', "
                "'html', 'xlsx', 'csv', 'parquet' — see 'starterkit analyze --help'\n",
            ),
            (
                ["sample"],
                "error: give --scenario NAME (or --list to see them) — "
                "see 'starterkit sample --help'\n",
            ),
            (
                ["analyze", "x.xlsx", "--format", "csv"],
                "error: several formats, csv and parquet write a set of files: add -o FOLDER — "
                "see 'starterkit analyze --help'\n",
            ),
            (
                ["analyze"],
                "error: missing argument 'PATHS...' — see 'starterkit analyze --help'\n",
            ),
            (
                ["build", "--colour", "red"],
                "error: no such option '--colour' — see 'starterkit build --help'\n",
            ),
            (["bogus"], "error: no such command 'bogus' — see 'starterkit --help'\n"),
            (["--bogus"], "error: no such option '--bogus' — see 'starterkit --help'\n"),
            (
                ["build", "--jobs", "0"],
                "error: invalid value for '-j' / '--jobs': 0 is not in the range x>=1 — "
                "see 'starterkit build --help'\n",
            ),
        ],
        ids=["bad choice", "missing scenario", "csv without -o", "missing argument",
             "unknown option", "unknown command", "unknown group option", "out of range"],
    )  # fmt: skip
    def test_one_line_with_the_help_to_read(self, args: list[str], stderr: str) -> None:
        result = run(*args)

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == stderr

    def test_init_into_a_file_is_one_line(self, tmp_path: Path) -> None:
        path = tmp_path / "notes.txt"
        path.write_text("keep me", encoding="utf-8")

        result = run("init", path)

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (f"error: {path} is a file — give a folder for the project files\n")
        assert path.read_text(encoding="utf-8") == "keep me"

    def test_the_group_alone_still_shows_its_help(self) -> None:
        result = run()

        assert result.stdout == ""
        assert result.stderr.startswith("Usage: starterkit [OPTIONS] COMMAND [ARGS]...")


class TestAnalyseSpelling:
    """`analyse` is `analyze` with the same options; only one is listed."""

    def test_analyse_runs_analyze(self, tmp_path: Path) -> None:
        assert run("build", "-o", tmp_path / "kit.xlsx").exit_code == 0

        british = run("analyse", tmp_path / "kit.xlsx", "--as-of", "2027-03-01", "--format", "json")
        american = run(
            "analyze", tmp_path / "kit.xlsx", "--as-of", "2027-03-01", "--format", "json"
        )

        assert british.exit_code == american.exit_code == 0
        assert british.stderr == american.stderr == ""
        assert british.stdout == american.stdout

    def test_analyse_is_not_listed(self) -> None:
        result = run("--help")

        assert result.exit_code == 0
        assert "analyse" not in result.stdout
        assert result.stderr == ""


class TestBuild:
    """`build` writes one workbook, or nothing at all when an input is wrong."""

    def test_default_kit_is_written_as_an_xlsx_workbook(self, tmp_path: Path) -> None:
        target = tmp_path / "kit.xlsx"

        result = run("build", "-o", target)

        assert result.exit_code == 0
        assert result.stdout == f"wrote {target}\n"
        assert result.stderr == ""
        assert is_xlsx(target)

    def test_without_output_option_writes_the_default_file_name(self, tmp_path: Path) -> None:
        result = run("build")

        assert result.exit_code == 0
        assert result.stdout == "wrote peer-learning-kit.xlsx\n"
        assert is_xlsx(tmp_path / "peer-learning-kit.xlsx")

    def test_spec_file_is_built_and_left_unchanged(self, spec_file: Path, tmp_path: Path) -> None:
        before = digests(spec_file)

        result = run("build", spec_file, "-o", tmp_path / "kit.xlsx")

        assert result.exit_code == 0
        assert result.stderr == ""
        assert is_xlsx(tmp_path / "kit.xlsx")
        assert digests(spec_file) == before

    def test_broken_spec_exits_2_naming_the_line_and_writes_nothing(
        self, broken_spec: Path, tmp_path: Path
    ) -> None:
        target = tmp_path / "out" / "kit.xlsx"
        target.parent.mkdir()
        line = line_of(broken_spec.read_text(encoding="utf-8"), "Cases/Intake")

        result = run("build", broken_spec, "-o", target)

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.startswith("error:")
        assert f"{broken_spec}:{line}:" in result.stderr
        assert "sheets.cases.title" in result.stderr
        assert list(target.parent.iterdir()) == []

    def test_missing_spec_file_exits_2_with_one_line(self, tmp_path: Path) -> None:
        result = run("build", tmp_path / "nope.yaml", "-o", tmp_path / "kit.xlsx")

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.startswith(f"error: {tmp_path / 'nope.yaml'}: no such spec file")
        assert len(result.stderr.splitlines()) == 1
        assert not (tmp_path / "kit.xlsx").exists()

    def test_data_file_values_are_written_into_the_charter(
        self, spec_file: Path, tmp_path: Path
    ) -> None:
        data = tmp_path / "acme.yaml"
        data.write_text(
            "charter:\n  organization: Acme Water\n  network_name: Pipe Crew\n"
            "  cadence: monthly\n  cycle_start: 2027-01-11\n",
            encoding="utf-8",
        )
        target = tmp_path / "acme.xlsx"
        before = digests(spec_file, data)

        result = run("build", spec_file, "--data", data, "-o", target)

        assert result.exit_code == 0, result.stderr
        assert result.stdout == f"wrote {target}\n"
        assert charter_value(target, "network_name") == "Pipe Crew"
        assert charter_value(target, "organization") == "Acme Water"
        assert digests(spec_file, data) == before

    def test_bad_data_value_exits_2_naming_the_data_file_and_path(self, tmp_path: Path) -> None:
        data = tmp_path / "acme.yaml"
        data.write_text("charter:\n  cadence: fortnightly\n", encoding="utf-8")
        target = tmp_path / "acme.xlsx"

        result = run("build", "--data", data, "-o", target)

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.startswith("error:")
        assert f"{data}:2:3: charter.cadence: 'fortnightly' is not in the list 'cadence'" in (
            result.stderr
        )
        assert not target.exists()

    def test_bad_data_value_is_not_blamed_on_the_spec(self, tmp_path: Path) -> None:
        data = tmp_path / "acme.yaml"
        data.write_text("charter:\n  cadence: fortnightly\n", encoding="utf-8")

        result = run("build", "--data", data, "-o", tmp_path / "acme.xlsx")

        assert "kit spec" not in result.stderr

    def test_impossible_date_in_data_file_is_an_error_not_a_crash(self, tmp_path: Path) -> None:
        data = tmp_path / "acme.yaml"
        data.write_text("charter:\n  cycle_start: 2027-02-30\n", encoding="utf-8")

        result = run("build", "--data", data, "-o", tmp_path / "acme.xlsx")

        assert result.exit_code == 2
        assert result.stderr.startswith(f"error: 1 problem in {data}:")
        assert f"{data}:2:16: charter.cycle_start: 2027-02-30 is not a real date" in result.stderr

    def test_data_file_that_is_not_a_mapping_exits_2(self, tmp_path: Path) -> None:
        data = tmp_path / "acme.yaml"
        data.write_text("- organization: Acme\n", encoding="utf-8")

        result = run("build", "--data", data, "-o", tmp_path / "acme.xlsx")

        assert result.exit_code == 2
        assert result.stderr.startswith(f"error: {data}: the data must be a mapping")

    def test_pinned_build_time_gives_byte_identical_files(self, tmp_path: Path) -> None:
        first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"

        results = [run("build", "--build-time", BUILD_TIME, "-o", out) for out in (first, second)]

        assert [r.exit_code for r in results] == [0, 0]
        assert_same_package(first.read_bytes(), second.read_bytes())

    def test_build_time_that_is_not_iso_8601_is_a_usage_error(self, tmp_path: Path) -> None:
        result = run("build", "--build-time", "yesterday", "-o", tmp_path / "kit.xlsx")

        assert result.exit_code == 2
        assert result.stdout == ""
        assert "--build-time" in result.stderr
        assert "'yesterday' is not an ISO 8601 date-time" in result.stderr
        assert not (tmp_path / "kit.xlsx").exists()

    def test_data_and_each_together_are_refused(self, tmp_path: Path) -> None:
        data, networks = tmp_path / "d.yaml", tmp_path / "n.csv"
        data.write_text("charter: {}\n", encoding="utf-8")
        networks.write_text("organization\nAcme\n", encoding="utf-8")

        result = run("build", "--data", data, "--each", networks)

        assert result.exit_code == 2
        assert "--data and --each cannot be combined" in result.stderr


class TestOutputs:
    """One rule for -o: missing folders are created; an input or a non-file is never replaced."""

    def test_missing_folders_of_the_workbook_are_created(self, tmp_path: Path) -> None:
        target = tmp_path / "clients" / "acme" / "kit.xlsx"

        result = run("build", "-o", target)

        assert result.exit_code == 0
        assert result.stdout == f"wrote {target}\n"
        assert result.stderr == ""
        assert is_xlsx(target)

    def test_the_spec_as_output_is_refused_and_left_unchanged(self, spec_file: Path) -> None:
        before = digests(spec_file)

        result = run("build", spec_file, "-o", spec_file)

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            f"error: {spec_file} is one of the inputs — choose another output file\n"
        )
        assert digests(spec_file) == before

    def test_the_data_file_as_output_is_refused_and_left_unchanged(self, tmp_path: Path) -> None:
        data = tmp_path / "d.yaml"
        data.write_text("charter:\n  organization: Acme\n", encoding="utf-8")
        before = digests(data)

        result = run("build", "--data", data, "-o", tmp_path / "." / "d.yaml")

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            f"error: {tmp_path / '.' / 'd.yaml'} is one of the inputs — choose another output "
            "file\n"
        )
        assert digests(data) == before

    def test_a_device_is_refused(self) -> None:
        result = run("build", "-o", "/dev/null")

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            "error: /dev/null is a device, not a regular file — choose another output file\n"
        )

    def test_a_named_pipe_is_refused_and_left_in_place(self, tmp_path: Path) -> None:
        fifo = tmp_path / "kit.xlsx"
        os.mkfifo(fifo)

        result = run("build", "-o", fifo)

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            f"error: {fifo} is a named pipe, not a regular file — choose another output file\n"
        )
        assert stat.S_ISFIFO(fifo.stat().st_mode)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["kit.xlsx"]

    def test_a_folder_as_the_workbook_is_refused(self, tmp_path: Path) -> None:
        result = run("build", "-o", tmp_path)

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            f"error: {tmp_path} is a folder, not a file — choose another output file\n"
        )

    def test_schema_refuses_a_device(self) -> None:
        result = run("schema", "-o", "/dev/null")

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.startswith("error: /dev/null is a device, not a regular file")

    def test_missing_folders_for_each_are_created(self, tmp_path: Path) -> None:
        networks = tmp_path / "networks.csv"
        networks.write_text("organization,network_name\nAcme,Night\n", encoding="utf-8")
        out = tmp_path / "clients" / "kits"

        result = run("build", "--each", networks, "-o", out)

        assert result.exit_code == 0
        assert result.stdout == f"built 1 workbook in {out}\n"
        assert result.stderr == ""
        assert [p.name for p in out.iterdir()] == ["Acme-Night.xlsx"]


class TestLockFiles:
    """A lock file given by name is refused with the file to give instead."""

    @pytest.mark.parametrize(
        ("option", "name", "what"),
        [
            ("", "~$kit.yaml", "an Office lock file — close the workbook in Excel"),
            ("--data", "~$acme.yaml", "an Office lock file — close the workbook in Excel"),
            ("--each", "~$networks.csv", "an Office lock file — close the workbook in Excel"),
            (
                "--each",
                ".~lock.networks.csv#",
                "a LibreOffice lock file — close the workbook in LibreOffice",
            ),
        ],
    )
    def test_build_refuses_it(self, tmp_path: Path, option: str, name: str, what: str) -> None:
        lock = tmp_path / name
        lock.write_bytes(b"\x0bAna Souza   ")

        result = run("build", *([option] if option else []), lock, "-o", tmp_path / "out.xlsx")

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == f"error: {lock} is {what} and give the real file\n"
        assert not (tmp_path / "out.xlsx").exists()


class TestEachCsvFiles:
    """The networks CSV as spreadsheets save it: other delimiters, other encodings."""

    @pytest.mark.parametrize("delimiter", [";", "\t"], ids=["semicolon", "tab"])
    def test_the_delimiter_is_sniffed(self, tmp_path: Path, delimiter: str) -> None:
        networks = tmp_path / "networks.csv"
        networks.write_text(
            delimiter.join(["organization", "network_name", "sponsor"])
            + "\n"
            + delimiter.join(["Acme, Inc.", "Night Shift", "Dana Whitfield"])
            + "\n",
            encoding="utf-8",
        )
        out = tmp_path / "kits"

        result = run("build", "--each", networks, "-o", out)

        assert result.exit_code == 0
        assert result.stdout == f"built 1 workbook in {out}\n"
        assert result.stderr == ""
        [built] = out.iterdir()
        assert charter_value(built, "organization") == "Acme, Inc."
        assert charter_value(built, "sponsor") == "Dana Whitfield"

    @pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"], ids=["with BOM", "without"])
    def test_utf16_gets_a_plain_message(self, tmp_path: Path, encoding: str) -> None:
        networks = tmp_path / "networks.csv"
        networks.write_text("organization\tnetwork_name\nAcme\tNight\n", encoding=encoding)

        result = run("build", "--each", networks, "-o", tmp_path / "kits")

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            f"error: {networks}: the CSV is saved as UTF-16 — save it as CSV UTF-8 "
            "(in Excel: File › Save As › CSV UTF-8)\n"
        )
        assert not (tmp_path / "kits").exists()

    def test_another_encoding_names_the_line(self, tmp_path: Path) -> None:
        networks = tmp_path / "networks.csv"
        networks.write_bytes("organization\nAcme\nCafé Noir\n".encode("cp1252"))

        result = run("build", "--each", networks, "-o", tmp_path / "kits")

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            f"error: {networks}:3: the CSV is not UTF-8 text (byte 0xe9) — save it as CSV "
            "UTF-8 (in Excel: File › Save As › CSV UTF-8)\n"
        )

    def test_a_huge_cell_names_the_line_and_builds_nothing(self, tmp_path: Path) -> None:
        networks = tmp_path / "networks.csv"
        networks.write_text(
            'organization,network_name\nAcme,Day\nAcme,"Night\n' + "x" * 200_000 + "\n",
            encoding="utf-8",
        )

        result = run("build", "--each", networks, "-o", tmp_path / "kits")

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            f"error: {networks}:3: a cell is longer than 131,072 characters — check for a "
            'quote (") that opens a cell and is never closed\n'
        )
        assert not (tmp_path / "kits").exists()

    def test_a_failed_row_takes_no_file_name(self, tmp_path: Path) -> None:
        networks = tmp_path / "networks.csv"
        networks.write_text(
            "organization,network_name,cadence\n"
            "Acme,Night,fortnightly\nAcme,Night,weekly\nAcme,Night,monthly\n",
            encoding="utf-8",
        )
        out = tmp_path / "kits"

        result = run("build", "--each", networks, "-o", out, "--jobs", "1")

        assert result.exit_code == 1
        assert result.stdout == f"built 2 workbooks in {out}; 1 row failed\n"
        assert result.stderr.startswith(f"error: {networks}:2: cadence: 'fortnightly'")
        assert sorted(p.name for p in out.iterdir()) == ["Acme-Night-2.xlsx", "Acme-Night.xlsx"]
        assert charter_value(out / "Acme-Night.xlsx", "cadence") != charter_value(
            out / "Acme-Night-2.xlsx", "cadence"
        )

    def test_a_logo_that_is_not_an_image_fails_its_row_and_takes_no_name(
        self, tmp_path: Path
    ) -> None:
        (tmp_path / "fake.png").write_text("not a picture", encoding="utf-8")
        networks = tmp_path / "networks.csv"
        networks.write_text(
            "organization,network_name,logo\nAcme,Night,fake.png\nAcme,Night,\n",
            encoding="utf-8",
        )
        out = tmp_path / "kits"

        result = run("build", "--each", networks, "-o", out, "--jobs", "1")

        assert result.exit_code == 1
        assert result.stdout == f"built 1 workbook in {out}; 1 row failed\n"
        assert result.stderr == (
            f"error: {networks}:2: logo: the logo 'fake.png' is not a PNG or JPEG image — "
            "export the logo again as PNG (or JPEG) from the original artwork\n"
        )
        assert [p.name for p in out.iterdir()] == ["Acme-Night.xlsx"]

    def test_a_row_that_fails_while_building_gives_its_name_up(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import starterkit.builder
        from starterkit.errors import StarterkitError

        real_build_path = starterkit.builder.build_path

        def fail_line_2(spec, path, data, **options):
            if options.get("data_name") == "line 2":
                raise StarterkitError(f"{path}: cannot write the workbook (disk full)")
            return real_build_path(spec, path, data, **options)

        monkeypatch.setattr(starterkit.builder, "build_path", fail_line_2)
        networks = tmp_path / "networks.csv"
        networks.write_text(
            "organization,network_name,cadence\n"
            "Acme,Night,weekly\nAcme,Night,monthly\nAcme,Night,every_two_weeks\n",
            encoding="utf-8",
        )
        out = tmp_path / "kits"

        result = run("build", "--each", networks, "-o", out, "--jobs", "1")

        assert result.exit_code == 1
        assert result.stdout == f"built 2 workbooks in {out}; 1 row failed\n"
        assert sorted(p.name for p in out.iterdir()) == ["Acme-Night-2.xlsx", "Acme-Night.xlsx"]
        assert charter_value(out / "Acme-Night.xlsx", "cadence") == "Monthly"
        assert charter_value(out / "Acme-Night-2.xlsx", "cadence") == "Every two weeks"


class TestCheck:
    """`check` reports valid specs on stdout and every problem on stderr."""

    def test_valid_spec_exits_0_and_says_valid(self, spec_file: Path) -> None:
        result = run("check", spec_file)

        assert result.exit_code == 0
        assert result.stdout.startswith(f"{spec_file}: valid (")
        assert result.stderr == ""

    def test_broken_spec_exits_1_with_its_problems_on_stderr(self, broken_spec: Path) -> None:
        before = digests(broken_spec)
        line = line_of(broken_spec.read_text(encoding="utf-8"), "Cases/Intake")

        result = run("check", broken_spec)

        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr.splitlines() == [
            f"1 problem in {broken_spec}:",
            f"  {broken_spec}:{line}:5: sheets.cases.title: the sheet title 'Cases/Intake' "
            "contains / — Excel forbids [ ] : * ? / \\ in sheet names; choose other characters",
        ]
        assert digests(broken_spec) == before

    def test_each_spec_is_checked_and_any_problem_gives_exit_1(
        self, spec_file: Path, broken_spec: Path
    ) -> None:
        result = run("check", broken_spec, spec_file)

        assert result.exit_code == 1
        assert result.stdout.startswith(f"{spec_file}: valid")
        assert str(broken_spec) in result.stderr
        assert str(spec_file) not in result.stderr

    def test_missing_spec_exits_2(self, tmp_path: Path) -> None:
        result = run("check", tmp_path / "nope.yaml")

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.startswith(f"error: {tmp_path / 'nope.yaml'}: no such spec file")


class TestInit:
    """`init` writes starter files and never overwrites without --force."""

    FILES = ("kit.yaml", "schema.json", "networks.csv")

    def test_writes_spec_schema_and_example_csv(self, tmp_path: Path) -> None:
        folder = tmp_path / "new" / "kit"

        result = run("init", folder)

        assert result.exit_code == 0
        assert result.stderr == ""
        for name in self.FILES:
            assert f"wrote {folder / name}\n" in result.stdout
        assert (folder / "kit.yaml").read_text(encoding="utf-8") == default_spec_text()
        assert "title" in json.loads((folder / "schema.json").read_text(encoding="utf-8"))
        assert (folder / "networks.csv").read_text(encoding="utf-8").startswith("organization,")

    def test_next_step_builds_into_the_project_folder(self, tmp_path: Path) -> None:
        folder = tmp_path / "acme"

        result = run("init", folder)

        assert result.exit_code == 0
        assert result.stderr == ""
        assert result.stdout.splitlines()[-1] == (
            f"next: edit {folder / 'kit.yaml'}, then run 'starterkit build {folder / 'kit.yaml'} "
            f"--each {folder / 'networks.csv'} -o {folder / 'kits'}'"
        )

    def test_second_init_exits_2_and_leaves_files_untouched(self, tmp_path: Path) -> None:
        assert run("init", tmp_path).exit_code == 0
        (tmp_path / "kit.yaml").write_text("name: my edited kit\n", encoding="utf-8")
        before = digests(*(tmp_path / name for name in self.FILES))

        result = run("init", tmp_path)

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.startswith("error:")
        assert "already exist" in result.stderr
        assert "--force" in result.stderr
        assert digests(*(tmp_path / name for name in self.FILES)) == before

    def test_force_overwrites_existing_files(self, tmp_path: Path) -> None:
        assert run("init", tmp_path).exit_code == 0
        (tmp_path / "kit.yaml").write_text("name: my edited kit\n", encoding="utf-8")

        result = run("init", tmp_path, "--force")

        assert result.exit_code == 0
        assert result.stderr == ""
        assert (tmp_path / "kit.yaml").read_text(encoding="utf-8") == default_spec_text()

    def test_example_csv_builds_with_the_written_spec(self, tmp_path: Path) -> None:
        assert run("init", tmp_path).exit_code == 0

        result = run(
            "build",
            tmp_path / "kit.yaml",
            "--each",
            tmp_path / "networks.csv",
            "-o",
            tmp_path / "kits",
            "--jobs",
            "1",
        )

        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""
        assert len(list((tmp_path / "kits").glob("*.xlsx"))) == 2


class TestSchema:
    """`schema` prints the JSON Schema of kit specs."""

    def test_prints_json_schema_with_a_title(self) -> None:
        result = run("schema")

        assert result.exit_code == 0
        assert result.stderr == ""
        assert "title" in json.loads(result.stdout)

    def test_output_option_writes_the_same_schema_to_a_file(self, tmp_path: Path) -> None:
        target = tmp_path / "schema.json"

        result = run("schema", "-o", target)

        assert result.exit_code == 0
        assert result.stdout == f"wrote {target}\n"
        assert target.read_text(encoding="utf-8") == run("schema").stdout

    def test_output_into_a_missing_folder_creates_it(self, tmp_path: Path) -> None:
        target = tmp_path / "missing" / "schema.json"

        result = run("schema", "-o", target)

        assert result.exit_code == 0
        assert result.stdout == f"wrote {target}\n"
        assert result.stderr == ""
        assert target.read_text(encoding="utf-8") == run("schema").stdout

    def test_output_under_a_file_exits_2_with_one_line(self, tmp_path: Path) -> None:
        (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
        target = tmp_path / "notes.txt" / "schema.json"

        result = run("schema", "-o", target)

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == f"error: {target}: cannot write the schema (Not a directory)\n"
        assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"


class TestEach:
    """`build --each` builds one workbook per CSV row; bad rows are reported, good rows built."""

    GOOD_ROWS = (
        "Northwind Utilities,Field Repair Network,2027-01-11,weekly",
        "Northwind Utilities,Field Repair Network,2027-04-12,monthly",
        '"Ångström & Co",Night Shift: Ops / R&D?,2027-02-01,every_two_weeks',
    )

    def _csv(self, tmp_path: Path, bad_row: str) -> Path:
        """Header, two good rows, the bad row, then the last good row."""
        rows = [*self.GOOD_ROWS[:2], bad_row, self.GOOD_ROWS[2]]
        path = tmp_path / "networks.csv"
        path.write_text(
            "organization,network_name,cycle_start,cadence\n" + "\n".join(rows) + "\n",
            encoding="utf-8",
        )
        return path

    @pytest.mark.parametrize(
        ("bad_row", "complaint"),
        [
            ("Contoso,Pipe Crew,2027-03-01,fortnightly", "cadence: 'fortnightly' is not in"),
            ("Contoso,Pipe Crew,2027-13-01,weekly", "cycle_start: '2027-13-01' is not a date"),
        ],
        ids=["bad cadence", "bad date"],
    )
    def test_bad_row_is_reported_by_line_and_the_others_are_built(
        self, spec_file: Path, tmp_path: Path, bad_row: str, complaint: str
    ) -> None:
        networks = self._csv(tmp_path, bad_row)
        out = tmp_path / "kits"
        before = digests(spec_file, networks)
        bad_line = line_of(networks.read_text(encoding="utf-8"), bad_row)

        result = run("build", spec_file, "--each", networks, "-o", out, "--jobs", "1")

        assert result.exit_code == 1
        assert result.stdout == f"built 3 workbooks in {out}; 1 row failed\n"
        assert result.stderr.startswith(f"error: {networks}:{bad_line}: {complaint}")
        assert len(result.stderr.splitlines()) == 1
        built = sorted(path.name for path in out.iterdir())
        assert len(built) == 3
        assert all(SAFE_FILE_NAME.fullmatch(name) for name in built), built
        assert all(is_xlsx(out / name) for name in built)
        assert digests(spec_file, networks) == before

    def test_same_organisation_and_network_get_distinct_file_names(self, tmp_path: Path) -> None:
        networks = self._csv(tmp_path, self.GOOD_ROWS[0])
        out = tmp_path / "kits"

        result = run("build", "--each", networks, "-o", out, "--jobs", "1")

        assert result.exit_code == 0, result.stderr
        assert result.stdout == f"built 4 workbooks in {out}\n"
        names = sorted(path.name for path in out.iterdir())
        assert len(names) == 4
        assert len({name.lower() for name in names}) == 4
        same = [name for name in names if name.startswith("Northwind-Utilities-Field-Repair")]
        assert len(same) == 3

    def test_unknown_column_exits_2_with_a_suggestion_and_builds_nothing(
        self, tmp_path: Path
    ) -> None:
        networks = tmp_path / "networks.csv"
        networks.write_text("organisation,network_name\nAcme,Pipe Crew\n", encoding="utf-8")
        out = tmp_path / "kits"

        result = run("build", "--each", networks, "-o", out)

        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            f"error: {networks}:1: unknown column 'organisation' — did you mean 'organization'?\n"
        )
        assert not out.exists()

    def test_two_jobs_build_the_same_files_as_one(self, spec_file: Path, tmp_path: Path) -> None:
        networks = self._csv(tmp_path, "Contoso,Pipe Crew,2027-03-01,weekly")
        serial, parallel = tmp_path / "serial", tmp_path / "parallel"
        pinned = ("--build-time", BUILD_TIME)

        one = run("build", spec_file, "--each", networks, "-o", serial, "--jobs", "1", *pinned)
        two = run("build", spec_file, "--each", networks, "-o", parallel, "--jobs", "2", *pinned)

        assert (one.exit_code, two.exit_code) == (0, 0), two.stderr
        assert two.stdout == f"built 4 workbooks in {parallel}\n"
        assert two.stderr == ""
        names = sorted(path.name for path in serial.iterdir())
        assert names == sorted(path.name for path in parallel.iterdir())
        for name in names:
            assert_same_package((serial / name).read_bytes(), (parallel / name).read_bytes())

    def test_row_values_reach_their_own_workbook(self, tmp_path: Path) -> None:
        networks = self._csv(tmp_path, "Contoso,Pipe Crew,2027-03-01,weekly")
        out = tmp_path / "kits"

        result = run("build", "--each", networks, "-o", out, "--jobs", "1")

        assert result.exit_code == 0, result.stderr
        [contoso] = out.glob("Contoso*.xlsx")
        assert charter_value(contoso, "network_name") == "Pipe Crew"
        assert charter_value(contoso, "organization") == "Contoso"


class TestEachRowPositions:
    """Batch errors point at the line where the bad row starts, and branding is checked first."""

    def test_a_row_after_a_multi_line_cell_is_reported_at_its_first_line(self, tmp_path: Path):
        networks = tmp_path / "networks.csv"
        networks.write_text(
            "organization,network_name,cadence\n"
            'Acme,"Night\nShift",weekly\n'
            "Acme,Day Shift,fortnightly\n",
            encoding="utf-8",
        )

        result = run("build", "--each", networks, "-o", tmp_path / "out")

        assert result.exit_code == 1
        assert f"{networks}:4: cadence: 'fortnightly' is not in the list" in result.stderr
        assert len(list((tmp_path / "out").glob("*.xlsx"))) == 1

    def test_bad_branding_cell_is_reported_once_with_its_line(self, tmp_path: Path):
        networks = tmp_path / "networks.csv"
        networks.write_text(
            "organization,network_name,font\nAcme,Night Shift," + "F" * 70 + "\nAcme,Day,Arial\n",
            encoding="utf-8",
        )

        result = run("build", "--each", networks, "-o", tmp_path / "out")

        assert result.exit_code == 1
        lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert lines == [
            f"error: {networks}:2: the branding is not valid: font text is longer than 60 "
            "characters — fix the branding cells of this row"
        ]
        assert [p.name for p in (tmp_path / "out").glob("*.xlsx")] == ["Acme-Day.xlsx"]


class TestProgress:
    """A batch shows a progress bar on a terminal and nothing extra when piped."""

    def _networks(self, tmp_path: Path) -> Path:
        networks = tmp_path / "networks.csv"
        rows = "".join(f"Acme,Network {n}\n" for n in range(6))
        networks.write_text("organization,network_name\n" + rows, encoding="utf-8")
        return networks

    def test_progress_bar_on_a_terminal(self, tmp_path: Path):
        networks = self._networks(tmp_path)
        process, seen = run_on_a_terminal(
            "build", "--each", str(networks), "-o", str(tmp_path / "out"), "--jobs", "2"
        )
        assert process.returncode == 0
        assert b"building" in seen
        assert process.stdout.decode().strip() == f"built 6 workbooks in {tmp_path / 'out'}"

    def test_no_progress_bar_when_not_a_terminal(self, tmp_path: Path):
        result = run("build", "--each", self._networks(tmp_path), "-o", tmp_path / "out")

        assert result.exit_code == 0
        assert result.stderr == ""
