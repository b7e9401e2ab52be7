"""What the loop tests share: the committed samples and typed values to compare."""

from __future__ import annotations

from pathlib import Path

from starterkit.kit import contract
from starterkit.reader import read_workbook

from conftest import ROOT
from dates import SAMPLES_DAY

AS_OF = SAMPLES_DAY

SAMPLES = sorted(
    [
        *ROOT.joinpath("samples").rglob("*.xlsx"),
        *ROOT.joinpath("samples", "returned").rglob("*.ods"),
    ]
)
#: Version 1 kits (the samples as they were before kit version 2): they come out as v2.
SAMPLES += sorted(
    p for p in ROOT.joinpath("tests", "v1").iterdir() if p.suffix in {".xlsx", ".ods"}
)


def sample_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def read(content: bytes, name: str = "new.xlsx"):
    return read_workbook(content, name)


def inputs(row) -> dict:
    """A row's typed input values (formula columns are never read as values)."""
    return {k: v for k, v in row.values.items() if v is not None}


def table_values(kit, key: str, *, by_number: bool = True) -> list | dict:
    rows = [row for row in kit.rows(key) if _typed(key, row)]
    if by_number:
        return {row.number: inputs(row) for row in rows}
    return [inputs(row) for row in rows]


def _typed(key: str, row) -> bool:
    marker = {"cases": "case_id", "playbook": "pattern_id"}.get(key)
    return any(v is not None for k, v in row.values.items() if k != marker)


def input_columns(kit, key):
    return [c.key for c in kit.spec.table(key).columns if c.type != "formula"]


TABLE_KEYS = tuple(contract.TABLES)
