"""The workbook's formulas, computed in Python.

The builder writes each formula with the value computed here as its cached result (so
previews and LibreOffice, which trusts cached values, show the truth), and the analyzer
reuses the same functions to recompute what it must never read from a returned file.
Each function follows its spreadsheet formula step by step, including the blank guards
and the IFERROR fallbacks, so both give the same answer on the same inputs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from starterkit.kit import contract

EXCEL_EPOCH = dt.date(1899, 12, 30)
CYCLE_DAYS = 7 * contract.CYCLE_WEEKS
_NUMBER = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")
# Type tests take tuples: `int | float` in isinstance builds a union object on every call,
# which costs more than the test itself in these functions the analysis calls most.
NUMBER_TYPES = (int, float)
NUMBER_OR_DATE_TYPES = (int, float, dt.date)


class FormulaError(ValueError):
    """What a spreadsheet would show as #VALUE! or #DIV/0!; formulas catch it with IFERROR."""


#: What a cell holds once read or typed; a value of any other type may be a Raw.
CELL_TYPES = frozenset((str, int, float, bool, type(None), dt.date, dt.datetime))


def plain(value: Any) -> Any:
    """Unwrap a Raw cell value (prefill that bypasses checks) to what the cell holds."""
    # Raw is known by its name (importing the prefill module would slow every start-up);
    # the usual cell types are let through first, by a cheaper test, as this runs for
    # nearly every cell a formula mirror reads.
    if type(value) in CELL_TYPES:
        return value
    return getattr(value, "value", value) if type(value).__name__ == "Raw" else value


def is_blank(value: Any) -> bool:
    """A cell that compares equal to "" in a formula."""
    value = plain(value)
    return value is None or value == ""


def serial(day: dt.date) -> int:
    """Excel's 1900-system serial number of a date."""
    return (day - EXCEL_EPOCH).days


def number(value: Any) -> float:
    """A cell as a spreadsheet uses it in arithmetic (dates are serial numbers)."""
    value = plain(value)
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, dt.datetime):
        return serial(value.date()) + (
            value - dt.datetime.combine(value.date(), dt.time())
        ) / dt.timedelta(days=1)
    if isinstance(value, dt.date):
        return float(serial(value))
    if isinstance(value, NUMBER_TYPES):
        return float(value)
    if value is None or value == "":
        return 0.0
    if isinstance(value, str):
        # Spreadsheets convert unambiguous text (a plain number or an ISO date) in arithmetic.
        if _NUMBER.match(value):
            return float(value)
        try:
            return float(serial(dt.date.fromisoformat(value.strip())))
        except ValueError:
            pass
    raise FormulaError(f"{value!r} is not a number")


def is_number(value: Any) -> bool:
    """True for a cell holding a number or a date (what COUNTIFS and SUM look at)."""
    value = plain(value)
    return isinstance(value, NUMBER_OR_DATE_TYPES) and not isinstance(value, bool)


def same_text(value: Any, label: str) -> bool:
    """Spreadsheet `=` on text: case-insensitive."""
    value = plain(value)
    return isinstance(value, str) and value.casefold() == label.casefold()


def text(value: Any) -> str:
    """A cell as `""&cell` turns it into text."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.date):
        return str(serial(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- Planner ---------------------------------------------------------------------------------


def window_end_week(window: Any) -> float:
    """Last week of a window such as '4–8' (or a single week, '5')."""
    last = text(window).replace("–", "-").split("-")[-1].strip()
    if not _NUMBER.match(last):
        raise FormulaError(f"{window!r} is not a week window")
    return float(last)


def milestone_due(cycle_start: Any, window: Any) -> Any:
    if is_blank(cycle_start) or is_blank(window):
        return ""
    try:
        return number(cycle_start) + 7 * window_end_week(window) - 1
    except FormulaError:
        return ""


def cycle_week(day: Any, cycle_start: Any) -> Any:
    """Week of the cycle a date falls in: 1 for the first seven days."""
    if is_blank(day) or is_blank(cycle_start):
        return ""
    try:
        return math.floor((number(day) - number(cycle_start)) / 7) + 1
    except FormulaError:
        return ""


def days_between(start: Any, end: Any) -> Any:
    if is_blank(start) or is_blank(end):
        return ""
    try:
        return number(end) - number(start)
    except FormulaError:
        return ""


# --- Metrics ---------------------------------------------------------------------------------


def week_start(cycle_start: Any, week: Any) -> Any:
    if is_blank(cycle_start):
        return ""
    try:
        return number(cycle_start) + 7 * (number(week) - 1)
    except FormulaError:
        return ""


def count_in_week(start: Any, days: Iterable[Any], flags: Iterable[bool] | None = None) -> Any:
    """COUNTIFS(days, ">="&start, days, "<"&start+7[, other, "<>"])."""
    return count_by_week([start], days, flags)[0]


def count_by_week(
    starts: Iterable[Any], days: Iterable[Any], flags: Iterable[bool] | None = None
) -> list[Any]:
    """``count_in_week`` for each week start of a Metrics column, each day converted once."""
    days = list(days)
    flags = list(flags) if flags is not None else [True] * len(days)
    counted = [
        number(day) for day, flag in zip(days, flags, strict=True) if flag and is_number(day)
    ]
    counts: list[Any] = []
    for start in starts:
        if is_blank(start):
            counts.append("")
            continue
        begin = number(start)
        end = begin + 7
        counts.append(sum(1 for day in counted if begin <= day < end))
    return counts


def median_days_to_solve(
    start: Any,
    today: dt.date,
    cases: Sequence[Mapping[str, Any]],
    days_to_solve: Sequence[Any],
    yes_label: str,
) -> Any:
    """Median days to solve recurring cases solved by the end of the week, for weeks begun.

    ``days_to_solve`` holds each case row's Days-to-solve cell as the sheet has it.
    """
    return median_days_to_solve_by_week([start], today, cases, days_to_solve, yes_label)[0]


def median_days_to_solve_by_week(
    starts: Iterable[Any],
    today: dt.date,
    cases: Sequence[Mapping[str, Any]],
    days_to_solve: Sequence[Any],
    yes_label: str,
) -> list[Any]:
    """``median_days_to_solve`` for each week start of a Metrics column, each case read once."""
    # (solved on, days to solve) of every recurring case the median can take in some week.
    solved = [
        (number(case.get("solved_on")), number(days))
        for case, days in zip(cases, days_to_solve, strict=True)
        if same_text(case.get("recurring"), yes_label)
        and is_number(case.get("solved_on"))
        and is_number(days)
    ]
    today_serial = serial(today)
    medians: list[Any] = []
    for start in starts:
        if is_blank(start) or number(start) > today_serial:
            medians.append("")
            continue
        end = number(start) + 7
        durations = [days for solved_on, days in solved if solved_on < end]
        medians.append(median(durations) if durations else "")
    return medians


def median(values: list[float]) -> float:
    """The middle value, or the mean of the two middle ones (as MEDIAN and statistics.median
    give it; importing statistics would cost more start-up than every kit's medians)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def delta(value: Any, baseline: Any) -> Any:
    if is_blank(value) or is_blank(baseline):
        return ""
    try:
        return number(value) - number(baseline)
    except FormulaError:
        return ""


def metric_status(
    value: Any, start: Any, charter: Mapping[str, Any], margin: float, labels: Mapping[str, str]
) -> Any:
    """On track, watch or off track against a straight line from baseline to target.

    The line runs from the baseline date (or cycle start) to the target date (or the end
    of week 12); a week is judged at its last day.
    """
    baseline, target = charter.get("baseline_value"), charter.get("target_value")
    if is_blank(value) or is_blank(baseline) or is_blank(target) or is_blank(start):
        return ""
    try:
        cycle_start = charter.get("cycle_start")
        line_start = (
            cycle_start if is_blank(charter.get("baseline_date")) else charter["baseline_date"]
        )
        if is_blank(charter.get("target_date")):
            line_end = number(cycle_start) + CYCLE_DAYS - 1
        else:
            line_end = number(charter["target_date"])
        progress = (number(value) - number(baseline)) / (number(target) - number(baseline))
        expected = min(
            1, max(0, (number(start) + 6 - number(line_start)) / (line_end - number(line_start)))
        )
    except (FormulaError, ZeroDivisionError):
        return ""
    if progress >= expected:
        return labels["on_track"]
    if progress >= expected - margin:
        return labels["watch"]
    return labels["off_track"]


# --- Start Here health check -----------------------------------------------------------------


# Before the cycle start is set the kit is still being set up: a blank charter answer is a
# "to do" (not_yet), not a failure. A flexible cadence is a red flag whenever it is chosen.


def charter_complete(charter: Mapping[str, Any], required: Iterable[str]) -> str:
    missing = sum(1 for key in required if is_blank(charter.get(key)))
    if missing and is_blank(charter.get("cycle_start")):
        return "not_yet"
    return "ok" if missing == 0 else "warning" if missing <= 2 else "red_flag"


def cadence_set(cadence: Any, flexible_label: str, cycle_start: Any = None) -> str:
    if same_text(cadence, flexible_label):
        return "red_flag"
    if is_blank(cadence):
        return "not_yet" if is_blank(cycle_start) else "red_flag"
    return "ok"


def business_metric(charter: Mapping[str, Any]) -> str:
    keys = ("business_metric", "baseline_value", "target_value")
    if any(is_blank(charter.get(k)) for k in keys):
        return "not_yet" if is_blank(charter.get("cycle_start")) else "red_flag"
    return "ok"


def raci_accountable(rows: Sequence[Mapping[str, Any]], a_label: str, r_label: str) -> str:
    activities = [row for row in rows if not is_blank(row.get("activity"))]
    if not activities:
        return "warning"
    for row in activities:
        accountable, responsible = raci_letters(row, a_label, r_label)
        if accountable != 1 or responsible == 0:
            return "warning"
    return "ok"


def raci_letters(row: Mapping[str, Any], a_label: str, r_label: str) -> tuple[int, int]:
    """How many role groups an activity's row makes accountable (A) and responsible (R)."""
    # Compared as same_text compares: text cells only, case-insensitively (each folded once).
    # A plain loop: this runs for every RACI row, twice a kit, and the two comprehensions it
    # replaces cost a third more.
    folded = []
    for role in contract.RACI_ROLE_COLUMNS:
        letter = plain(row.get(role))
        if isinstance(letter, str):
            folded.append(letter.casefold())
    return folded.count(a_label.casefold()), folded.count(r_label.casefold())


def cadence_days(cadence: Any, labels: Mapping[str, str]) -> int:
    """Days between planned sessions for the charter's cadence label."""
    for key, days in contract.CADENCE_DAYS.items():
        if key in labels and same_text(cadence, labels[key]):
            return days
    return contract.CADENCE_DAYS["flexible"]


def sessions_held(session_dates: Iterable[Any], cycle_start: Any, today: dt.date) -> int:
    """Sessions dated from the cycle start up to today."""
    begin, end = number(cycle_start), serial(today)
    return sum(1 for day in session_dates if is_number(day) and begin <= number(day) <= end)


def sessions_expected(cycle_start: Any, today: dt.date, days: int) -> int:
    """Cadence slots that have fully passed since week 4 began, counted up to week 12."""
    start = number(cycle_start)
    return math.floor((min(serial(today), start + CYCLE_DAYS - 1) - (start + 20)) / days)


def sessions_on_plan(
    session_dates: Sequence[Any],
    cycle_start: Any,
    cadence_label: Any,
    cadence_labels: Mapping[str, str],
    today: dt.date,
) -> str:
    if is_blank(cycle_start):
        return "not_yet"
    try:
        held = sessions_held(session_dates, cycle_start, today)
        expected = sessions_expected(
            cycle_start, today, cadence_days(cadence_label, cadence_labels)
        )
    except FormulaError:
        return "not_yet"
    if expected <= 0:
        return "ok" if held > 0 else "not_yet"
    if held >= expected:
        return "ok"
    return "warning" if held * 2 >= expected else "red_flag"


def demo_day_done(
    milestones: Sequence[Mapping[str, Any]],
    cycle_start: Any,
    today: dt.date,
    done_label: str,
    skipped_label: str,
) -> str:
    status = next(
        (row.get("status") for row in milestones if same_text(row.get("milestone"), "demo_day")),
        "",
    )
    if same_text(status, done_label):
        return "ok"
    if same_text(status, skipped_label):
        return "red_flag"
    if is_blank(cycle_start):
        return "not_yet"
    try:
        start = number(cycle_start)
    except FormulaError:
        return "not_yet"
    if serial(today) > start + CYCLE_DAYS - 1:
        return "red_flag"
    return "warning" if serial(today) >= start + 56 else "not_yet"


def adoption_signal_total(
    metrics: Sequence[Mapping[str, Any]], cases: Sequence[Mapping[str, Any]]
) -> float:
    """SUM of the three adoption inputs; SUM skips text and blanks."""
    total = 0.0
    for row in metrics:
        for key in ("patterns_used_in_field", "teams_repeating_methods"):
            if is_number(row.get(key)):
                total += number(row.get(key))
    for row in cases:
        if is_number(row.get("teams_applied")):
            total += number(row.get("teams_applied"))
    return total


def adoption_signal(
    metrics: Sequence[Mapping[str, Any]],
    cases: Sequence[Mapping[str, Any]],
    cycle_start: Any,
    today: dt.date,
    from_week: int,
) -> str:
    if adoption_signal_total(metrics, cases) > 0:
        return "ok"
    if is_blank(cycle_start):
        return "not_yet"
    try:
        due = number(cycle_start) + 7 * (from_week - 1)
    except FormulaError:
        return "not_yet"
    return "red_flag" if serial(today) >= due else "not_yet"
