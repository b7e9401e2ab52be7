"""Outputs are written whole or not at all."""

from __future__ import annotations

import pytest

from starterkit.atomic import write_all_atomically, write_atomically


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
