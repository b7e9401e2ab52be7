"""The tidy tables' columns: every table, and each column's name, type and meaning, once.

``TABLES`` orders the CSV header, types the Parquet schema and is what ``docs/tables.md``
documents. Column names are a published contract: within a report schema version they
are only ever added. ``tables`` fills the rows and writes the files.
"""

from __future__ import annotations

from dataclasses import dataclass

from starterkit.reporters.wording import HEALTH_CHECK_TITLES, SIGNAL_NAMES

#: The types a column can have; ``tables.PARQUET_TYPES`` and ``tables.CSV_TEXT`` say how
#: each is written.
COLUMN_TYPES = ("text", "integer", "number", "date", "boolean")


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


def _row_cell(first_column: str) -> tuple[tuple[str, str, str], ...]:
    """Where a case or session row is in its workbook; with ``source`` it identifies the row."""
    return (
        ("sheet", "text", "the sheet holding the row"),
        ("cell", "text", f"the row's first cell (its {first_column}), as a spreadsheet writes it"),
    )


NETWORKS = _table(
    "networks",
    "a network: its current return (a network's other files are in `returns`)",
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
            (
                f"{key}_first_week",
                "integer",
                f"the first week with a value of {name}: the trend runs from it to "
                f"`{key}_latest_week`",
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

RETURNS = _table(
    "returns",
    "an analyzed file: the network it was folded into, its role and the rule that folded it",
    "`source`",
    *_network_key(),
    ("network_id", "text", "the network's id across its cycles; empty for a v1 or stripped kit"),
    (
        "role",
        "text",
        "`current`: the network's current return (its row in `networks`); `earlier`: its history",
    ),
    ("current_source", "text", "the `source` of the network's current return"),
    (
        "rule",
        "text",
        "why it was folded into the current return: `same_kit_id`, `same_charter` (no ids: same organisation, network name and cycle start) or `earlier_cycle`; empty for the current file",
    ),
    (
        "latest_entry",
        "date",
        "the day of the file's latest dated entry; empty when nothing is dated",
    ),
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
    for table in (
        NETWORKS,
        WEEKLY_METRICS,
        FLAGS,
        DATA_FINDINGS,
        CASES,
        SESSIONS,
        RETURNS,
        ERRORS,
    )
}
