"""What each input cell will hold: choice labels instead of keys, every table row sized."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starterkit.kit import contract
from starterkit.kit.names import PLANNER_DECISION
from starterkit.spec.model import KitSpec
from starterkit.spec.prefill import FilledKit, Raw


@dataclass(frozen=True)
class KitCells:
    """Input cell contents as a spreadsheet holds them (labels, dates, numbers, raw text)."""

    charter: dict[str, Any]
    planner_decision: Any
    tables: dict[str, list[dict[str, Any]]]


def case_id(index: int) -> str:
    return f"C-{index + 1:03d}"


def pattern_id(index: int) -> str:
    return f"P-{index + 1:02d}"


#: Id columns prefilled in every row of a table, and how each row's id is made.
ROW_IDS = {"cases": ("case_id", case_id), "playbook": ("pattern_id", pattern_id)}


def kit_cells(spec: KitSpec, filled: FilledKit) -> KitCells:
    fields = {f.key: f for f in spec.charter_fields()}
    charter = {key: _cell(spec, fields[key].list, value) for key, value in filled.charter.items()}
    decision = _cell(spec, PLANNER_DECISION, filled.planner_decision)
    tables: dict[str, list[dict[str, Any]]] = {}
    for table_key in contract.TABLES:
        table = spec.table(table_key)
        lists = {c.key: c.list for c in table.columns}
        given = [
            {key: _cell(spec, lists.get(key), value) for key, value in row.items()}
            for row in filled.tables.get(table_key, [])
        ]
        if table_key == "metrics":
            by_week = {row.get("week"): row for row in given}
            rows = [{**by_week.get(week, {}), "week": week} for week in range(1, table.rows + 1)]
        else:
            rows = given + [{} for _ in range(table.rows - len(given))]
        if table_key in ROW_IDS:
            column, make_id = ROW_IDS[table_key]
            rows = [
                row if column in row else {**row, column: make_id(i)} for i, row in enumerate(rows)
            ]
        tables[table_key] = rows
    return KitCells(charter, decision, tables)


def _cell(spec: KitSpec, list_key: str | None, value: Any) -> Any:
    if isinstance(value, Raw) or value is None or list_key is None:
        return value
    return spec.label(list_key, value)
