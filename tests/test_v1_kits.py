"""Kits of version 1 (no identity ids, no Playbook) keep reading exactly as they did.

The workbooks in tests/v1/ were built and filled by the first released kit version and are
never regenerated. What the reader makes of each (every value with its cell, the routes,
the metadata and the data findings) is compared with the snapshot taken when they were
committed, so a change to the reader that alters how an old kit reads fails here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from starterkit.reader import KitData, read_path

V1 = Path(__file__).parent / "v1"
SNAPSHOT = V1 / "read.json"
#: KitMetadata fields added after the snapshot was taken.
V2_METADATA = ("network_id", "previous_kit_id")
WORKBOOKS = sorted(p for p in V1.iterdir() if p.suffix in {".xlsx", ".ods"})


def plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def what_was_read(kit: KitData) -> dict[str, Any]:
    """Everything the reader hands on, except the spec (compared by its hash)."""
    return {
        "metadata": plain(kit.metadata),
        "charter": plain(kit.charter),
        "charter_cells": {k: loc.ref for k, loc in kit.charter_cells.items()},
        "planner_decision": plain(kit.planner_decision),
        "planner_decision_cell": kit.planner_decision_cell.ref
        if kit.planner_decision_cell
        else None,
        "tables": {
            key: [
                {
                    "number": row.number,
                    "sheet": row.sheet,
                    "values": plain(row.values),
                    "cells": {k: place[0] for k, place in row.places.items()},
                }
                for row in rows
            ]
            for key, rows in kit.tables.items()
        },
        "routes": kit.routes,
        "data_findings": plain(kit.data_findings),
    }


def snapshot() -> dict[str, Any]:
    return {path.name: what_was_read(read_path(path)) for path in WORKBOOKS}


def test_the_committed_v1_workbooks_are_there():
    assert {p.suffix for p in WORKBOOKS} == {".xlsx", ".ods"}
    assert len(WORKBOOKS) >= 6


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_a_v1_workbook_reads_exactly_as_it_did(path: Path):
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))[path.name]
    # The ids kit version 2 added (kit.md, "Identity"): a v1 kit has none of them.
    expected["metadata"] |= dict.fromkeys(V2_METADATA)
    assert what_was_read(read_path(path)) == expected


if __name__ == "__main__":  # python tests/test_v1_kits.py writes the snapshot once
    SNAPSHOT.write_text(json.dumps(snapshot(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
