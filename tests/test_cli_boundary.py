"""The one error boundary: library errors and Ctrl-C end a command as one `error:` line on
standard error and an exit code, and an interrupt says whether anything was written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from starterkit.cli import main
from starterkit.errors import OutputError, WriteError
from starterkit.files import atomic, project


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args], prog_name="starterkit")


class TestInterrupts:
    def test_ctrl_c_before_anything_is_written_says_so_and_exits_130(self, tmp_path, monkeypatch):
        def interrupted(directory, force):
            raise KeyboardInterrupt

        monkeypatch.setattr(project, "init_project", interrupted)
        result = run("init", tmp_path / "acme")
        assert result.exit_code == 130
        assert result.stdout == ""
        assert result.stderr == "error: interrupted — nothing was written\n"

    def test_ctrl_c_while_an_output_is_being_written_leaves_nothing(self, tmp_path, monkeypatch):
        def interrupt(*args, **kwargs):
            raise KeyboardInterrupt  # the temporary file is whole, not yet in place

        monkeypatch.setattr(atomic.os, "chmod", interrupt)
        result = run("schema", "-o", tmp_path / "out" / "schema.json")
        assert (result.exit_code, result.stderr) == (
            130,
            "error: interrupted — nothing was written\n",
        )
        assert list(tmp_path.iterdir()) == []

    def test_ctrl_c_after_files_were_written_does_not_claim_nothing_was(
        self, tmp_path, monkeypatch
    ):
        def write_then_interrupt(directory, force):
            atomic.write_atomically(directory / "kit.yaml", b"name: x\n")
            raise KeyboardInterrupt

        monkeypatch.setattr(project, "init_project", write_then_interrupt)
        result = run("init", tmp_path / "acme")
        assert result.exit_code == 130
        assert result.stderr == (
            "error: interrupted — the files written before it stopped are whole; "
            "none is half-written\n"
        )
        assert (tmp_path / "acme" / "kit.yaml").read_bytes() == b"name: x\n"


class TestLibraryErrors:
    def test_a_library_error_is_one_error_line_and_exit_2(self, tmp_path, monkeypatch):
        def refused(directory, force):
            raise OutputError(f"{directory} is a file — give a folder for the project files")

        monkeypatch.setattr(project, "init_project", refused)
        result = run("init", tmp_path)
        assert (result.exit_code, result.stdout) == (2, "")
        assert (
            result.stderr == f"error: {tmp_path} is a file — give a folder for the project files\n"
        )

    def test_a_write_that_fails_names_the_path_what_the_reason_and_the_fix(self, tmp_path):
        blocker = tmp_path / "reports"
        blocker.write_text("a file where a folder is needed")
        with pytest.raises(WriteError) as caught:
            atomic.write_all_atomically(
                blocker / "deeper",
                {"report.html": b"<html></html>"},
                what="the report",
                fix="check that the folder can be written",
                place=tmp_path / "out",
            )
        assert str(caught.value) == (
            f"{tmp_path / 'out'}: cannot write the report (Not a directory) — "
            "check that the folder can be written"
        )
        # Still an OSError, for callers that word it themselves.
        assert isinstance(caught.value, OSError)
        assert caught.value.strerror == "Not a directory"

    def test_a_usage_problem_from_the_library_names_the_commands_help(self, tmp_path):
        result = run("analyze", tmp_path, "--format", "csv")
        assert result.exit_code == 2
        assert result.stderr == (
            "error: several formats, csv and parquet write a set of files: add -o FOLDER "
            "— see 'starterkit analyze --help'\n"
        )
