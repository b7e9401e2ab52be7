"""Outputs are written whole or not at all."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from starterkit.files.atomic import (
    FILE_MODE,
    UnsafeOutput,
    check_output,
    write_all_atomically,
    write_atomically,
)


def pieces_then_failure():
    yield "first part"
    raise RuntimeError("the report could not be finished")


def test_text_in_pieces_is_written_whole(tmp_path):
    target = tmp_path / "report.json"
    write_atomically(target, iter(["{", '"a": 1', "}"]))
    assert target.read_text(encoding="utf-8") == '{"a": 1}'


def test_a_failure_half_way_leaves_the_old_file_and_no_partial_one(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("previous report")
    with pytest.raises(RuntimeError):
        write_atomically(target, pieces_then_failure())
    assert target.read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


class TestSeveralFiles:
    def test_all_files_are_written_and_nothing_else_is_left(self, tmp_path):
        folder = tmp_path / "out"
        folder.mkdir()
        paths = write_all_atomically(
            folder, {"report.html": b"<html></html>", "report.json": iter(["{", "}"])}
        )
        assert [p.name for p in paths] == ["report.html", "report.json"]
        assert sorted(p.name for p in folder.iterdir()) == ["report.html", "report.json"]
        assert (folder / "report.json").read_text() == "{}"

    def test_a_failure_in_a_later_file_leaves_no_file_changed(self, tmp_path):
        folder = tmp_path / "out"
        folder.mkdir()
        (folder / "report.html").write_text("yesterday's report")
        with pytest.raises(RuntimeError):
            write_all_atomically(
                folder,
                {
                    "report.html": b"today's report",
                    "report.xlsx": b"PK",
                    "report.json": pieces_then_failure(),
                },
            )
        assert sorted(p.name for p in folder.iterdir()) == ["report.html"]
        assert (folder / "report.html").read_text() == "yesterday's report"


class TestFolders:
    def test_missing_parent_folders_are_created(self, tmp_path):
        target = tmp_path / "a" / "b" / "report.json"
        write_atomically(target, b"{}")
        assert target.read_bytes() == b"{}"

    def test_a_failure_removes_the_folders_it_made(self, tmp_path):
        with pytest.raises(RuntimeError):
            write_all_atomically(tmp_path, {"new/deeper/report.json": pieces_then_failure()})
        assert list(tmp_path.iterdir()) == []

    def test_files_get_the_usual_mode_not_the_temporary_one(self, tmp_path):
        target = tmp_path / "report.json"
        write_atomically(target, b"{}")
        assert target.stat().st_mode & 0o777 == FILE_MODE


class TestSafeOutputs:
    def test_an_existing_regular_file_may_be_replaced(self, tmp_path):
        target = tmp_path / "report.json"
        target.write_text("old")
        check_output(target, [tmp_path / "other.xlsx"])

    def test_the_same_file_as_an_input_is_refused(self, tmp_path):
        source = tmp_path / "kit.xlsx"
        source.write_bytes(b"PK")
        link = tmp_path / "link.xlsx"
        link.hardlink_to(source)
        for spelling in (source, tmp_path / "." / "kit.xlsx", link):
            with pytest.raises(UnsafeOutput, match="is one of the inputs — choose another"):
                check_output(spelling, [tmp_path / "missing.yaml", source])

    @pytest.mark.parametrize(
        ("make", "kind"),
        [
            (lambda p: p.mkdir(), "a folder, not a file"),
            (lambda p: os.mkfifo(p), "a named pipe, not a regular file"),
        ],
        ids=["folder", "fifo"],
    )
    def test_what_is_not_a_regular_file_is_refused_and_left_alone(self, tmp_path, make, kind):
        target = tmp_path / "out"
        make(target)
        with pytest.raises(UnsafeOutput, match=f"out is {kind} — choose another output file"):
            write_atomically(target, b"report")
        assert [p.name for p in tmp_path.iterdir()] == ["out"]
        assert not target.is_file()

    def test_a_device_is_refused(self):
        with pytest.raises(UnsafeOutput, match="/dev/null is a device, not a regular file"):
            check_output(Path("/dev/null"))


def _write_many(folder: Path, writer: int) -> list[Path]:
    files = {f"{name}.txt": f"{writer}:{name}".encode() * 2000 for name in ("a", "b", "c")}
    return write_all_atomically(folder, files)


def test_concurrent_runs_into_one_folder_all_succeed(tmp_path):
    folder = tmp_path / "reports"
    with ProcessPoolExecutor(max_workers=4) as pool:
        runs = [pool.submit(_write_many, folder, writer) for writer in range(8)]
        for run in runs:
            assert [p.name for p in run.result()] == ["a.txt", "b.txt", "c.txt"]
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b.txt", "c.txt"]
    for name in ("a", "b", "c"):
        # Whole files only: one writer's content, never a mix.
        content = (folder / f"{name}.txt").read_bytes()
        writer = content.split(b":")[0]
        assert content == f"{writer.decode()}:{name}".encode() * 2000
