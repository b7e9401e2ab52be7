"""The report as tidy tables for BI tools: one CSV or Parquet file per table.

One row per thing — a network, a week, a flag, a data finding, a case, a session, a file
that failed — and every network's row keyed by its kit id, network name and source
file. ``TABLES`` (in ``table_columns``) defines each column once (name, type, meaning): it
orders the CSV header, types the Parquet schema and is what ``docs/tables.md`` documents.

CSV is opened in spreadsheets as often as it is loaded by tools, so its text goes through
``cell_safety.neutralised``; Parquet is typed data and keeps the text as typed. pyarrow is
an optional dependency (``starterkit[parquet]``), imported only to write Parquet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from typing import Any

from starterkit.errors import StarterkitError
from starterkit.findings import Finding, Location, Severity
from starterkit.report import NetworkReport, Portfolio, ReturnedFile
from starterkit.reporters.cell_safety import neutralised
from starterkit.reporters.table_columns import COLUMN_TYPES, TABLES, Column, Table
from starterkit.reporters.wording import HEALTH_CHECK_TITLES, SIGNAL_NAMES

__all__ = [
    "COLUMN_TYPES",
    "HEALTH_CHECK_TITLES",
    "SIGNAL_NAMES",
    "TABLES",
    "Column",
    "MissingDependency",
    "Row",
    "Table",
    "parquet_schema",
    "render_csv",
    "render_parquet",
    "tidy_rows",
]


#: Excel only reads a CSV file as UTF-8 when it starts with a byte order mark; tools that
#: read UTF-8 mostly skip it (pandas does with ``encoding="utf-8-sig"``).
CSV_ENCODING = "utf-8-sig"

#: Snappy: every Parquet reader can decompress it, and the tables are small.
PARQUET_COMPRESSION = "snappy"

PARQUET_EXTRA = "parquet"

#: One table row: column name -> value.
Row = dict[str, Any]


class MissingDependency(StarterkitError, RuntimeError):
    """An optional dependency a format needs is not installed."""


def tidy_rows(portfolio: Portfolio) -> dict[str, list[Row]]:
    """Every table's rows as plain Python values (str, int, float, bool, date or None),
    each row's keys in ``TABLES`` column order."""
    # Read once: a combined portfolio unpacks a network each time it is read.
    networks = tuple(portfolio.networks)
    found: dict[str, list[Row]] = {
        "networks": [
            _network_row(network, rank)
            for network, rank in zip(networks, _risk_ranks(portfolio), strict=True)
        ],
        "weekly_metrics": [row for network in networks for row in _week_rows(network)],
        "flags": [
            *(_flag_row(None, flag) for flag in portfolio.flags),
            *(_flag_row(network, flag) for network in networks for flag in network.flags),
        ],
        "data_findings": [row for network in networks for row in _data_finding_rows(network)],
        "cases": [row for network in networks for row in _case_rows(network)],
        "sessions": [row for network in networks for row in _session_rows(network)],
        "returns": [_return_row(file) for file in _files(portfolio)],
        "errors": [
            {"source": error.source, "message": error.message, "fix": error.fix}
            for error in portfolio.errors
        ],
    }
    return {name: [_typed(table, row) for row in found[name]] for name, table in TABLES.items()}


def _risk_ranks(portfolio: Portfolio) -> list[int | None]:
    """Each network's place in the ranking (1 = most at risk), in network order."""
    ranks: list[int | None] = [None] * len(portfolio.networks)
    for place, index in enumerate(portfolio.ranking, start=1):
        ranks[index] = place
    return ranks


def _key(network: NetworkReport | None) -> Row:
    if network is None:
        return {"kit_id": None, "network": None, "source": None}
    return {"kit_id": network.kit_id, "network": network.network, "source": network.source}


def _files(portfolio: Portfolio) -> tuple[ReturnedFile, ...]:
    """Every file, or (for a portfolio put together without ``combine``, which lists them)
    each network's own, undated."""
    if portfolio.returns:
        return portfolio.returns
    return tuple(
        ReturnedFile(n.source, n.kit_id, n.network_id, n.network, "current", n.source, None, None)
        for n in portfolio.networks
    )


def _return_row(file: ReturnedFile) -> Row:
    return {
        "kit_id": file.kit_id,
        "network": file.network,
        "source": file.source,
        "network_id": file.network_id,
        "role": file.role,
        "current_source": file.current_source,
        "rule": file.rule,
        "latest_entry": file.latest_entry,
    }


def _network_row(network: NetworkReport, rank: int | None) -> Row:
    cycle, sessions, cases = network.cycle, network.sessions, network.cases
    metric, pulse = network.business_metric, network.pulse
    signals = {signal.key: signal for signal in network.signals}
    counts = network.severity_counts()
    row = {
        **_key(network),
        "as_of": network.as_of,
        "organization": network.organization,
        "risk_rank": rank,
        "verdict": network.verdict,
        "risk_score": network.risk_score,
        "flags_high": counts[Severity.HIGH],
        "flags_medium": counts[Severity.MEDIUM],
        "flags_low": counts[Severity.LOW],
        "data_findings": len(network.data_findings),
        "cycle_start": cycle.start,
        "cycle_end": cycle.end,
        "cycle_week": cycle.week,
        "cycle_phase": cycle.phase,
        "cycle_number": cycle.cycle_number,
        **{f"health_{key}": network.health.get(key) for key in HEALTH_CHECK_TITLES},
        "milestones_done": network.milestones.done,
        "milestones_total": network.milestones.total,
        "milestones_overdue": len(network.milestones.overdue),
        "sessions_held": sessions.held,
        "sessions_planned": sessions.planned,
        "sessions_expected": sessions.expected,
        "sessions_average_attendance": sessions.average_attendance,
        "sessions_with_pattern_share": sessions.with_pattern_share,
        "sessions_recap_on_time_share": sessions.recap_on_time_share,
        "sessions_sponsor_present": sessions.sponsor_present,
        "cases_submitted": cases.submitted,
        "cases_discussed": cases.discussed,
        "cases_pattern": cases.pattern,
        "cases_applied": cases.applied,
        "cases_parked": cases.parked,
    }
    for key in SIGNAL_NAMES:
        signal = signals.get(key)
        row[f"{key}_latest"] = signal.latest if signal else None
        row[f"{key}_latest_week"] = signal.latest_week if signal else None
        row[f"{key}_trend"] = signal.trend if signal else None
        row[f"{key}_first_week"] = signal.first_week if signal else None
    row.update(
        {
            "metric_name": metric.name,
            "metric_unit": metric.unit,
            "metric_direction": metric.direction,
            "metric_baseline": metric.baseline,
            "metric_target": metric.target,
            "metric_latest": metric.latest,
            "metric_latest_week": metric.latest_week,
            "metric_progress_share": metric.progress_share,
            "metric_status": metric.status,
            "pulse_baseline": pulse.baseline,
            "pulse_baseline_week": pulse.baseline_week,
            "pulse_latest": pulse.latest,
            "pulse_latest_week": pulse.latest_week,
            "route": network.route,
            "spec_source": network.spec_source,
        }
    )
    return row


def _week_rows(network: NetworkReport) -> Iterator[Row]:
    for week in network.weeks:
        yield {
            **_key(network),
            "week": week.week,
            "week_start": week.week_start,
            "active_members": week.active_members,
            "attendance": week.attendance,
            "cases_submitted": week.cases_submitted,
            "patterns_captured": week.patterns_captured,
            "patterns_used_in_field": week.patterns_used_in_field,
            "median_days_to_solve": week.median_days_to_solve,
            "teams_repeating_methods": week.teams_repeating_methods,
            "sponsor_touchpoints": week.sponsor_touchpoints,
            "pulse_score": week.pulse_score,
            "metric_value": week.metric_value,
        }


def _flag_row(network: NetworkReport | None, flag: Finding) -> Row:
    first = flag.evidence[0] if flag.evidence else None
    return {
        **_key(network),
        "scope": "portfolio" if network is None else "network",
        "flag_id": flag.id,
        "severity": flag.severity.value,
        "message": flag.message,
        "action": flag.action,
        "evidence": "; ".join(location.ref for location in flag.evidence) or None,
        "evidence_sheet": first.sheet if first else None,
        "evidence_cell": first.cell if first else None,
    }


def _data_finding_rows(network: NetworkReport) -> Iterator[Row]:
    for finding in network.data_findings:
        where = finding.location or Location("")
        yield {
            **_key(network),
            "finding_id": finding.id,
            "message": finding.message,
            "fix": finding.fix,
            "sheet": where.sheet or None,
            "cell": where.cell,
            "table_name": where.table,
            "table_row": where.row,
            "table_column": where.column,
            "value": finding.value,
        }


def _case_rows(network: NetworkReport) -> Iterator[Row]:
    for case in network.cases.items:
        yield {
            **_key(network),
            "case_id": case.case_id,
            "submitted_on": case.submitted_on,
            "submitted_by": case.submitted_by,
            "team": case.team,
            "region": case.region,
            "problem": case.problem,
            "linked_metric": case.linked_metric,
            "priority": case.priority,
            "recurring": case.recurring,
            "status": case.status,
            "session_date": case.session_date,
            "pattern": case.pattern,
            "applies_next": case.applies_next,
            "solved_on": case.solved_on,
            "days_to_solve": case.days_to_solve,
            "teams_applied": case.teams_applied,
            "sheet": case.location.sheet,
            "cell": case.location.cell,
        }


def _session_rows(network: NetworkReport) -> Iterator[Row]:
    for session in network.sessions.items:
        yield {
            **_key(network),
            "session_no": session.session_no,
            "session_date": session.date,
            "week": session.week,
            "held": session.held,
            "format": session.format,
            "facilitator": session.facilitator,
            "case_ids": ", ".join(session.case_ids) or None,
            "time_slot": session.time_slot,
            "attendees": session.attendees,
            "members_with_problem": session.members_with_problem,
            "slides_used": session.slides_used,
            "pattern": session.pattern,
            "recap_published_on": session.recap_published_on,
            "recap_on_time": session.recap_on_time,
            "sponsor_present": session.sponsor_present,
            "sheet": session.location.sheet,
            "cell": session.location.cell,
        }


def _typed(table: Table, row: Row) -> Row:
    """The row in column order, each value of its column's type (a whole number in a number
    column becomes a float), so every writer gets the same values."""
    if row.keys() != set(table.column_names):
        raise ValueError(
            f"{table.name} row does not match its columns: "
            f"missing {sorted(set(table.column_names) - row.keys())}, "
            f"unknown {sorted(row.keys() - set(table.column_names))}"
        )
    return {column.name: _value(table, column, row[column.name]) for column in table.columns}


def _value(table: Table, column: Column, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    # bool is an int and datetime is a date in Python; neither belongs in those columns.
    if kind == "text" and type(value) is str:
        return value
    if kind == "integer" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind == "date" and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if kind == "boolean" and isinstance(value, bool):
        return value
    raise TypeError(f"{table.name}.{column.name} is a {kind} column and cannot hold {value!r}")


# --- CSV ---------------------------------------------------------------------------------

#: How a value of each column type is written in a CSV cell (None is always an empty cell).
#: Numbers use Python's shortest exact form, so a float reads back as the same float.
CSV_TEXT: dict[str, Callable[[Any], str]] = {
    "text": neutralised,
    "integer": str,
    "number": repr,
    "date": dt.date.isoformat,
    "boolean": lambda value: "true" if value else "false",
}


def render_csv(portfolio: Portfolio) -> dict[str, bytes]:
    """One CSV file per table (``networks.csv`` …): UTF-8 with a byte order mark, a header
    row of the column names, RFC 4180 quoting and line ends."""
    rows = tidy_rows(portfolio)
    return {f"{name}.csv": _csv_bytes(table, rows[name]) for name, table in TABLES.items()}


def _csv_bytes(table: Table, rows: list[Row]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.column_names)
    formats = [CSV_TEXT[column.type] for column in table.columns]
    for row in rows:
        writer.writerow(
            "" if value is None else write(value)
            for write, value in zip(formats, row.values(), strict=True)
        )
    return buffer.getvalue().encode(CSV_ENCODING)


# --- Parquet -----------------------------------------------------------------------------

#: The Arrow type of each column type, by its pyarrow factory's name; every column is nullable.
PARQUET_TYPES = {
    "text": "string",
    "integer": "int64",
    "number": "float64",
    "date": "date32",
    "boolean": "bool_",
}


def render_parquet(portfolio: Portfolio) -> dict[str, bytes]:
    """One Parquet file per table (``networks.parquet`` …), typed by ``TABLES``, with each
    column's meaning as its field description."""
    pa, pq = _import_pyarrow()
    rows = tidy_rows(portfolio)
    files = {}
    for name, table in TABLES.items():
        data = pa.Table.from_pylist(rows[name], schema=parquet_schema(table))
        sink = pa.BufferOutputStream()
        pq.write_table(data, sink, compression=PARQUET_COMPRESSION)
        files[f"{name}.parquet"] = sink.getvalue().to_pybytes()
    return files


def parquet_schema(table: Table) -> Any:
    """The table's ``pyarrow.Schema``."""
    pa, _ = _import_pyarrow()
    return pa.schema(
        [
            pa.field(
                column.name,
                getattr(pa, PARQUET_TYPES[column.type])(),
                nullable=True,
                metadata={"description": column.meaning},
            )
            for column in table.columns
        ]
    )


def _import_pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as error:
        raise MissingDependency(
            f"Parquet files need pyarrow, which is not installed: "
            f"pip install 'starterkit[{PARQUET_EXTRA}]'"
        ) from error
    return pyarrow, pyarrow.parquet
