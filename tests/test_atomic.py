"""Outputs are written whole or not at all."""

from __future__ import annotations

import pytest

from starterkit.atomic import write_atomically


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
