"""Prefill values: check them against the spec's types and lists, and merge spec and data.

Prefill comes from the spec's `prefill:` block and from data given to the builder (a
batch row, a test, next cycle's carry-over). Choices are written as keys; dates as dates
or ISO text; numbers as numbers. `Raw` writes a value exactly as given, skipping every
check, so tests can produce the messy cells stewards really return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from starterkit.errors import Problem, SpecError, StarterkitError, one_per_place, suggestion
from starterkit.kit import contract
from starterkit.kit.names import PLANNER_DECISION
from starterkit.spec.model import FieldDef, KitSpec
from starterkit.spec.paths import PathKey, format_path

TABLE_KEYS = tuple(contract.TABLES)
DATA_KEYS = ("charter", PLANNER_DECISION, *TABLE_KEYS)


@dataclass(frozen=True)
class Raw:
    """A cell value written verbatim, even over a formula: for simulating hand-edited files."""

    value: Any


@dataclass(frozen=True)
class ValueIssue:
    path: PathKey
    message: str
    fix: str


@dataclass
class FilledKit:
    """Every input value the builder writes, typed: choices as keys, dates as dates."""

    charter: dict[str, Any] = field(default_factory=dict)
    planner_decision: Any = None
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def check_prefill(spec: KitSpec, data: Mapping[str, Any]) -> Iterator[ValueIssue]:
    """Every problem in prefill data, each with its path inside the data."""
    for key in data:
        if key not in DATA_KEYS:
            yield ValueIssue((key,), f"unknown data key '{key}'", suggestion(key, DATA_KEYS))
    charter = data.get("charter") or {}
    if not isinstance(charter, Mapping):
        yield ValueIssue(("charter",), "charter data must be a mapping", "give key: value pairs")
        charter = {}
    fields = {f.key: f for f in spec.charter_fields()}
    for key, value in charter.items():
        if key not in fields:
            yield ValueIssue(
                ("charter", key), f"no charter field '{key}'", suggestion(key, fields, "fields")
            )
            continue
        _, issue = coerce(spec, fields[key], value)
        if issue:
            yield ValueIssue(("charter", key), *issue)
    decision = data.get(PLANNER_DECISION)
    if decision is not None and not isinstance(decision, Raw):
        _, issue = _coerce_choice(spec, PLANNER_DECISION, decision)
        if issue:
            yield ValueIssue((PLANNER_DECISION,), *issue)
    for table_key in TABLE_KEYS:
        rows = data.get(table_key) or []
        if not rows and not spec.has_table(table_key):
            continue
        if not isinstance(rows, list):
            yield ValueIssue((table_key,), f"'{table_key}' must be a list of rows", "use a list")
            continue
        yield from _check_rows(spec, table_key, rows)


def load_prefill_file(path: Path, spec: KitSpec) -> dict[str, Any]:
    """Prefill data from a YAML or JSON file, checked against ``spec``; every problem is
    listed with its line in the file (SpecError)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StarterkitError(f"{path}: no such data file — check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StarterkitError(f"{path}: cannot read the data file ({exc})") from None
    from starterkit.spec.source import parse_yaml  # YAML only when a data file is read

    source = parse_yaml(text, str(path))
    if not isinstance(source.data, dict):
        raise StarterkitError(
            f"{path}: the data must be a mapping with keys such as "
            "'charter' and 'sessions' — see the README's prefill example"
        )
    problems = list(source.problems) + [
        Problem(source.where(issue.path), format_path(issue.path), issue.message, issue.fix)
        for issue in check_prefill(spec, source.data)
    ]
    if problems:
        raise SpecError(one_per_place(problems), subject=str(path))
    return source.data


def _check_rows(spec: KitSpec, table_key: str, rows: list[Any]) -> Iterator[ValueIssue]:
    table = spec.table(table_key)
    columns = {c.key: c for c in table.columns}
    if len(rows) > table.rows:
        yield ValueIssue(
            (table_key,),
            f"{len(rows)} rows do not fit the {table_key} table's {table.rows} rows",
            f"raise sheets…{table_key}.rows in the spec or give fewer rows",
        )
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping):
            yield ValueIssue((table_key, index), "a row must be a mapping", "use column: value")
            continue
        for key, value in row.items():
            path = (table_key, index, key)
            if key not in columns:
                yield ValueIssue(
                    path, f"no {table_key} column '{key}'", suggestion(key, columns, "columns")
                )
                continue
            _, issue = coerce(spec, columns[key], value)
            if issue:
                yield ValueIssue(path, *issue)
        if table_key == "metrics":
            week = row.get("week")
            if not (isinstance(week, int) and 1 <= week <= contract.CYCLE_WEEKS):
                yield ValueIssue(
                    (table_key, index, "week"),
                    "each metrics row needs its week number",
                    f"set 'week' to a whole number from 1 to {contract.CYCLE_WEEKS}",
                )


def coerce(spec: KitSpec, column: FieldDef, value: Any) -> tuple[Any, tuple[str, str] | None]:
    """The typed value for a cell, or an issue (message, fix) saying why it cannot be."""
    if value is None or isinstance(value, Raw):
        return value, None
    kind = column.type
    if kind == "formula":
        return None, (
            f"'{column.key}' is computed by the kit",
            "leave it out; wrap a value in Raw() only to simulate a hand-typed constant",
        )
    if kind == "choice":
        return _coerce_choice(spec, column.list or "", value)
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date):
            return value, None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip()), None
            except ValueError:
                pass
        return None, (f"{value!r} is not a date", "write a date that exists, as YYYY-MM-DD")
    if kind in {"whole", "number", "percent"}:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, (f"{value!r} is not a number", "write a number without quotes or units")
        if kind == "whole" and value != int(value):
            return None, (f"{value!r} is not a whole number", "round it")
        if kind == "percent" and not 0 <= value <= 1:
            return None, (f"{value!r} is not a share between 0 and 1", "write 15 % as 0.15")
        return (int(value) if kind == "whole" else value), None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None, (f"{value!r} is not text", "write it as text")
    return str(value), None


def _coerce_choice(spec: KitSpec, list_key: str, value: Any) -> tuple[Any, tuple[str, str] | None]:
    choices = spec.lists.get(list_key, [])
    for choice in choices:
        if value in (choice.key, choice.label):
            return choice.key, None
    return None, (
        f"{value!r} is not in the list '{list_key}'",
        suggestion(str(value), [c.key for c in choices], "choice keys"),
    )


def resolve(spec: KitSpec, data: Mapping[str, Any] | None = None, name: str = "data") -> FilledKit:
    """Merge the spec's prefill with ``data`` (data wins) into typed values.

    Charter values merge by key, milestones by their `milestone` key and metrics by `week`;
    any other table given in ``data`` replaces the spec's rows.
    """
    data = dict(data or {})
    issues = list(check_prefill(spec, data))
    if issues:
        raise SpecError(
            (Problem(name, format_path(i.path), i.message, i.fix) for i in issues), subject=name
        )
    base = asdict(spec.prefill)
    filled = FilledKit()
    filled.charter = _typed_row(
        spec, spec.charter_fields(), {**base["charter"], **data.get("charter", {})}
    )
    decision = data.get(PLANNER_DECISION, base[PLANNER_DECISION])
    filled.planner_decision = (
        decision
        if decision is None or isinstance(decision, Raw)
        else _coerce_choice(spec, PLANNER_DECISION, decision)[0]
    )
    for table_key in TABLE_KEYS:
        columns = spec.table(table_key).columns
        rows = base[table_key]
        if table_key in data:
            merge_key = {"milestones": "milestone", "metrics": "week"}.get(table_key)
            rows = _merge_rows(rows, data[table_key], merge_key) if merge_key else data[table_key]
        filled.tables[table_key] = [_typed_row(spec, columns, row) for row in rows]
    return filled


def _merge_rows(base: list[dict], updates: list[dict], key: str) -> list[dict]:
    merged = [dict(row) for row in base]
    index = {row.get(key): row for row in merged}
    for update in updates:
        if update.get(key) in index:
            index[update.get(key)].update(update)
        else:
            merged.append(dict(update))
    return merged


def _typed_row(spec: KitSpec, columns: list[FieldDef], row: Mapping[str, Any]) -> dict[str, Any]:
    by_key = {c.key: c for c in columns}
    return {key: coerce(spec, by_key[key], value)[0] for key, value in row.items()}
