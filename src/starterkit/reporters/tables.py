"""The report as tidy tables for BI tools: one CSV or Parquet file per table.

One row per thing — a network, a week, a flag, a data finding, a case, a session, a file
that failed — and every network's row keyed by its kit id, network name and source
file. ``TABLES`` defines each column once (name, type, meaning): it orders the CSV
header, types the Parquet schema and is what ``docs/tables.md`` documents. Column names
are a published contract: within a report schema version they are only ever added.

CSV is opened in spreadsheets as often as it is loaded by tools, so its text goes through
``cell_safety.neutralised``; Parquet is typed data and keeps the text as typed. pyarrow is
an optional dependency (``starterkit[parquet]``), imported only to write Parquet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from starterkit.errors import StarterkitError
from starterkit.findings import Finding, Location, Severity
from starterkit.report import NetworkReport, Portfolio
from starterkit.reporters.cell_safety import neutralised

#: The types a column can have; ``PARQUET_TYPES`` and ``CSV_TEXT`` say how each is written.
COLUMN_TYPES = ("text", "integer", "number", "date", "boolean")

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


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    #: One of ``COLUMN_TYPES``.
    type: str
    #: One line for people: what a value in this column says.
    meaning: str


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    #: What one row is ("One row is …").
    row: str
    #: Which columns tell the rows apart.
    key: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _table(name: str, row: str, key: str, *definitions: tuple[str, str, str]) -> Table:
    columns = tuple(Column(column, kind, meaning) for column, kind, meaning in definitions)
    return Table(name, row, key, columns)


def _network_key(empty_when: str = "") -> tuple[tuple[str, str, str], ...]:
    """The columns that start every network's row; ``empty_when`` says when they are blank."""
    blank = f"; empty {empty_when}" if empty_when else ""
    return (
        (
            "kit_id",
            "text",
            f"the kit's unique id from its `_kit` sheet; empty when the sheet is gone{blank}",
        ),
        ("network", "text", f"the charter's network name{blank}"),
        (
            "source",
            "text",
            f"the workbook file, as it was given to the analyzer; it tells apart networks without a kit id{blank}",
        ),
    )


#: The Start Here checks (``contract.HEALTH_CHECKS``) and their titles in the kit.
HEALTH_CHECK_TITLES = {
    "charter_complete": "Charter complete",
    "cadence_set": "Cadence set and not flexible",
    "business_metric": "Business metric with baseline and target",
    "raci_accountable": "One accountable person per activity",
    "sessions_on_plan": "Sessions held on plan",
    "demo_day_done": "Demo Day done by week 12",
    "adoption_signal": "Adoption signal by week 8",
}

#: The three headline adoption signals, by the Metrics column each comes from.
SIGNAL_NAMES = {
    "patterns_used_in_field": "patterns used in the field",
    "median_days_to_solve": "median days to solve recurring problems",
    "teams_repeating_methods": "teams repeating methods",
}


def _row_cell(first_column: str) -> tuple[tuple[str, str, str], ...]:
    """Where a case or session row is in its workbook; with ``source`` it identifies the row."""
    return (
        ("sheet", "text", "the sheet holding the row"),
        ("cell", "text", f"the row's first cell (its {first_column}), as a spreadsheet writes it"),
    )


NETWORKS = _table(
    "networks",
    "a network, one workbook that was analyzed",
    "`source`; `kit_id` too, when it is known",
    *_network_key(),
    (
        "as_of",
        "date",
        "the date the analysis was run for; cycle weeks and what is due by now count from it",
    ),
    ("organization", "text", "the charter's organisation"),
    (
        "risk_rank",
        "integer",
        "the network's place in this report's ranking by risk: 1 is the network most at risk",
    ),
    (
        "verdict",
        "text",
        "`at_risk` with a high flag, `watch` with a medium one, otherwise `on_track` (low flags are advice)",
    ),
    ("risk_score", "integer", "5 per high, 2 per medium and 1 per low flag; ranks networks"),
    ("flags_high", "integer", "red flags of high severity"),
    ("flags_medium", "integer", "red flags of medium severity"),
    ("flags_low", "integer", "red flags of low severity"),
    ("data_findings", "integer", "cells the reader could not use as the kit intended"),
    ("cycle_start", "date", "first day of the 12-week cycle; empty without a cycle start"),
    ("cycle_end", "date", "last day of the 12-week cycle; empty without a cycle start"),
    (
        "cycle_week",
        "integer",
        "cycle week as of `as_of`: 0 or less before the start, above 12 after the end; empty without a start",
    ),
    (
        "cycle_phase",
        "text",
        "`not_started`, `launch` (weeks 1–3), `sessions` (4–8), `demo_and_review` (9–12), `after_cycle`, or `unknown` (no start)",
    ),
    ("cycle_number", "integer", "1 for a network's first cycle (a blank counts as 1)"),
    *(
        (
            f"health_{key}",
            "text",
            f"Start Here check “{title}”: `ok`, `warning`, `red_flag` or `not_yet` (its week has not come)",
        )
        for key, title in HEALTH_CHECK_TITLES.items()
    ),
    ("milestones_done", "integer", "90-Day Planner milestones marked done"),
    ("milestones_total", "integer", "milestones in the planner"),
    ("milestones_overdue", "integer", "milestones past due and not done"),
    ("sessions_held", "integer", "sessions dated on or before `as_of`"),
    ("sessions_planned", "integer", "sessions dated after `as_of`"),
    (
        "sessions_expected",
        "integer",
        "sessions the charter's cadence asks for by now; empty without a cycle start",
    ),
    ("sessions_average_attendance", "number", "mean attendance of held sessions"),
    (
        "sessions_with_pattern_share",
        "number",
        "share (0 to 1) of held sessions that captured a pattern",
    ),
    (
        "sessions_recap_on_time_share",
        "number",
        "share (0 to 1) of the held sessions whose recap is due that had it published on time; empty when none is due yet",
    ),
    ("sessions_sponsor_present", "integer", "held sessions the sponsor attended"),
    ("cases_submitted", "integer", "cases submitted on or before `as_of`"),
    ("cases_discussed", "integer", "cases that reached a session (discussed or later)"),
    (
        "cases_pattern",
        "integer",
        "cases that produced a pattern (pattern extracted or applied in the field)",
    ),
    ("cases_applied", "integer", "cases whose pattern was applied in the field"),
    ("cases_parked", "integer", "cases parked"),
    *(
        column
        for key, name in SIGNAL_NAMES.items()
        for column in (
            (f"{key}_latest", "number", f"latest value of {name}; empty when none was entered"),
            (f"{key}_latest_week", "integer", f"the week of `{key}_latest`"),
            (
                f"{key}_trend",
                "text",
                f"direction of {name}: `up`, `down`, `flat`, or `none` (fewer than two values)",
            ),
        )
    ),
    ("metric_name", "text", "the charter's business metric"),
    ("metric_unit", "text", "the business metric's unit"),
    ("metric_direction", "text", "`higher_is_better` or `lower_is_better`"),
    ("metric_baseline", "number", "the charter's baseline value"),
    ("metric_target", "number", "the charter's target value"),
    ("metric_latest", "number", "the latest value in the Metrics Tracker"),
    ("metric_latest_week", "integer", "the week of `metric_latest`"),
    (
        "metric_progress_share",
        "number",
        "share of the way from baseline to target the latest value covers: 0 at the baseline, 1 at the target, negative when it moved the wrong way, above 1 past the target; empty when a value is missing",
    ),
    (
        "metric_status",
        "text",
        "`on_track`, `watch` or `off_track` against a straight line from baseline to target; empty when it cannot be worked out",
    ),
    ("pulse_baseline", "number", "the first capability pulse score recorded (1–5)"),
    ("pulse_baseline_week", "integer", "the week of `pulse_baseline`"),
    ("pulse_latest", "number", "the latest capability pulse score"),
    ("pulse_latest_week", "integer", "the week of `pulse_latest`"),
    (
        "route",
        "text",
        "how the reader found the data: `tables` (most trusted) or `headers`; anything but `tables` means some values may be missed",
    ),
    (
        "spec_source",
        "text",
        "`embedded`: the kit's own spec; `default`: the `_kit` sheet was gone and the default spec stood in",
    ),
)

WEEKLY_METRICS = _table(
    "weekly_metrics",
    "a cycle week of one network: its Metrics Tracker row, whether or not it was filled in",
    "`source`, `week`",
    *_network_key(),
    ("week", "integer", "cycle week, 1–12"),
    ("week_start", "date", "the week's first day; empty without a cycle start"),
    ("active_members", "number", "active members, as entered for the week"),
    ("attendance", "number", "attendance, as entered for the week"),
    ("cases_submitted", "integer", "cases submitted in the week (computed)"),
    ("patterns_captured", "integer", "patterns captured in sessions held that week (computed)"),
    ("patterns_used_in_field", "number", "patterns used in the field, running total"),
    (
        "median_days_to_solve",
        "number",
        "median days to solve the recurring problems solved so far (computed)",
    ),
    ("teams_repeating_methods", "number", "teams repeating a method, running total"),
    ("sponsor_touchpoints", "number", "sponsor touchpoints that week"),
    ("pulse_score", "number", "capability pulse, 1–5"),
    ("metric_value", "number", "the business metric's value that week"),
)

FLAGS = _table(
    "flags",
    "a red flag raised for a network, or for the portfolio as a whole",
    "none unique; a flag can be raised more than once for a network (once per session, per "
    "region …), and `source` and `flag_id` group them",
    *_network_key("for a portfolio flag"),
    ("scope", "text", "`network`, or `portfolio` for a flag about several networks at once"),
    ("flag_id", "text", "the flag's id from the red-flag catalog (`sponsor-passive` …); stable"),
    ("severity", "text", "`high`, `medium` or `low`"),
    ("message", "text", "what is going wrong, in one line"),
    ("action", "text", "the recommended action"),
    (
        "evidence",
        "text",
        "every cell or sheet holding the evidence, as a spreadsheet writes it, joined with `; `",
    ),
    ("evidence_sheet", "text", "the sheet of the first evidence"),
    ("evidence_cell", "text", "the cell of the first evidence; empty when it is a whole sheet"),
)

DATA_FINDINGS = _table(
    "data_findings",
    "a cell the reader could not use as the kit intended (the rest is still analyzed)",
    "none unique; `source`, `sheet` and `cell` find the cell",
    *_network_key(),
    ("finding_id", "text", "the kind of problem (`not-a-date` …)"),
    ("message", "text", "what is wrong with the cell"),
    ("fix", "text", "what to type instead"),
    ("sheet", "text", "the sheet; empty when the problem has no single place"),
    ("cell", "text", "the cell (`B8`); empty when the problem has no single cell"),
    ("table_name", "text", "the Excel table, when the cell is in a table row (`Sessions`)"),
    ("table_row", "integer", "the 1-based data row in that table"),
    ("table_column", "text", "the column in that row, as the finding names it"),
    ("value", "text", "what the cell held, as text"),
)

CASES = _table(
    "cases",
    "a submitted case: a Case Intake row with anything typed beyond its prefilled id",
    "`source`, `sheet`, `cell`",
    *_network_key(),
    ("case_id", "text", "the case id (`C-001` …)"),
    ("submitted_on", "date", "when the case was raised"),
    ("submitted_by", "text", "who raised it"),
    ("team", "text", "the team it came from"),
    ("region", "text", "the region it came from"),
    ("problem", "text", "the problem, as typed"),
    ("linked_metric", "boolean", "the case is linked to the business metric"),
    ("priority", "text", "`high`, `medium` or `low`"),
    ("recurring", "boolean", "the problem recurs"),
    (
        "status",
        "text",
        "`new`, `scheduled`, `discussed`, `pattern_extracted`, `applied_in_field` or `parked`",
    ),
    ("session_date", "date", "the date of the session that took it"),
    ("pattern", "text", "the pattern it produced"),
    ("applies_next", "text", "where the steward means to apply it next"),
    ("solved_on", "date", "when it was solved"),
    ("days_to_solve", "integer", "days from submitted to solved (recomputed)"),
    ("teams_applied", "number", "teams that reused the method"),
    *_row_cell("case id"),
)

SESSIONS = _table(
    "sessions",
    "a dated session, held or planned: a Sessions row of the 90-Day Planner",
    "`source`, `sheet`, `cell`",
    *_network_key(),
    ("session_no", "integer", "the row's session number"),
    ("session_date", "date", "the session date"),
    ("week", "integer", "the cycle week of that date; empty without a cycle start"),
    (
        "held",
        "boolean",
        "true when dated on or before the analysis date, false for a planned session",
    ),
    (
        "format",
        "text",
        "`problem_solving_jam`, `office_hours`, `show_and_tell`, `demo_day`, `presentation` or `status_update`",
    ),
    ("facilitator", "text", "who facilitated"),
    ("case_ids", "text", "the case ids listed in the row, joined with `, `"),
    ("time_slot", "text", "the region the time slot suits"),
    ("attendees", "number", "people who attended"),
    ("members_with_problem", "number", "members who brought a problem"),
    ("slides_used", "boolean", "slides were used"),
    ("pattern", "text", "the pattern captured; empty when none was"),
    ("recap_published_on", "date", "when the recap went out"),
    (
        "recap_on_time",
        "boolean",
        "recap published within the allowed days; empty while it is not yet due (or for a planned session)",
    ),
    ("sponsor_present", "boolean", "the sponsor attended"),
    *_row_cell("session number"),
)

ERRORS = _table(
    "errors",
    "a file that could not be analyzed at all (it has no row in the other tables)",
    "`source`",
    ("source", "text", "the file, as it was given to the analyzer"),
    ("message", "text", "what is wrong"),
    ("fix", "text", "what to do"),
)

#: Every table, in the order files are written.
TABLES: dict[str, Table] = {
    table.name: table
    for table in (NETWORKS, WEEKLY_METRICS, FLAGS, DATA_FINDINGS, CASES, SESSIONS, ERRORS)
}


def tidy_rows(portfolio: Portfolio) -> dict[str, list[Row]]:
    """Every table's rows as plain Python values (str, int, float, bool, date or None),
    each row's keys in ``TABLES`` column order."""
    networks = portfolio.networks
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


def _network_row(network: NetworkReport, rank: int | None) -> Row:
    cycle, sessions, cases = network.cycle, network.sessions, network.cases
    metric, pulse = network.business_metric, network.pulse
    signals = {signal.key: signal for signal in network.signals}
    row = {
        **_key(network),
        "as_of": network.as_of,
        "organization": network.organization,
        "risk_rank": rank,
        "verdict": network.verdict,
        "risk_score": network.risk_score,
        "flags_high": network.count(Severity.HIGH),
        "flags_medium": network.count(Severity.MEDIUM),
        "flags_low": network.count(Severity.LOW),
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
