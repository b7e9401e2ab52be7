"""Where a network stands in its cycle on the analysis date, and the rows the checks share.

The cycle week is ``floor((as_of - cycle_start) / 7) + 1``; a session is held when its
date is on or before as-of; a weekly figure counts as of the last day of its week.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from starterkit.kit import contract
from starterkit.reader.kit_data import KitData, Row
from starterkit.spec.model import Thresholds

#: Last week of each phase of the 90-day rhythm.
LAUNCH_END_WEEK = 3
SESSIONS_END_WEEK = 8
CYCLE_WEEKS = contract.CYCLE_WEEKS
CYCLE_DAYS = 7 * CYCLE_WEEKS


def same_name(a: Any, b: Any) -> bool:
    """Two names typed by people: equal ignoring case and surrounding spaces."""
    return (
        isinstance(a, str) and isinstance(b, str) and bool(a.strip()) and name_key(a) == name_key(b)
    )


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def one_line(value: Any) -> str:
    """Text typed in a cell, on one line with single spaces, for a message."""
    return " ".join(str(value).split())


def has_text(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


#: What stewards type in a Cases cell when a session had no case (compared without case,
#: spaces and punctuation).
NO_CASE_WORDS = frozenset((
    "na", "none", "nil", "no", "nocase", "nocases", "0", "tbd", "tba", "tbc", "x", "",
    "aucun", "aucune", "neant", "néant", "so", "sanscas", "pasdecas", "nd",
    "and", "et", "or", "ou",  # between ids
))  # fmt: skip


# A space separates ids only before a letter, so "C 001" stays one id.
_CASE_SEPARATOR = re.compile(r"[,;]|\s+(?=[^\W\d_])")
_NOT_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")


def case_references(value: Any) -> tuple[str, ...]:
    """The case ids a session's Cases cell names, comma, semicolon or space separated;
    placeholders such as "n/a", "none", "-" or "tbd" name no case."""
    if not has_text(value) or _plain_word(str(value)) in NO_CASE_WORDS:
        return ()
    tokens = [t.strip() for t in _CASE_SEPARATOR.split(str(value))]
    return tuple(t for t in tokens if _plain_word(t) not in NO_CASE_WORDS)


def case_id_key(text: str) -> str:
    """A case id as compared across sheets: "C-001", "c 1" and "C1" are one case."""
    return _DIGITS.sub(lambda m: str(int(m.group())), _plain_word(text))


def _plain_word(text: str) -> str:
    return _NOT_WORD.sub("", text.casefold())


def day(value: dt.date) -> str:
    return value.isoformat()


def amount(value: float) -> str:
    """A number as people write it: 3, not 3.0."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def phase_of(week: int | None) -> str:
    if week is None:
        return "unknown"
    if week < 1:
        return "not_started"
    if week <= LAUNCH_END_WEEK:
        return "launch"
    if week <= SESSIONS_END_WEEK:
        return "sessions"
    if week <= CYCLE_WEEKS:
        return "demo_and_review"
    return "after_cycle"


@dataclass(frozen=True)
class Context:
    """One workbook's data seen from the analysis date; built once, read by every check."""

    data: KitData
    as_of: dt.date
    start: dt.date | None
    #: Cycle week on as-of (0 or less before the start); None without a cycle start.
    week: int | None
    #: Sessions dated on or before as-of, earliest first.
    held: tuple[Row, ...]
    #: Sessions dated after as-of, earliest first.
    planned: tuple[Row, ...]
    #: Case rows with anything typed beyond the prefilled case id.
    cases: tuple[Row, ...]
    #: Of those, the cases submitted on or before as-of (undated ones included).
    cases_submitted: tuple[Row, ...]
    #: Metrics rows by week number.
    metrics: dict[int, Row]
    #: Milestone rows by milestone key.
    milestones: dict[str, Row]

    @property
    def thresholds(self) -> Thresholds:
        return self.data.spec.thresholds

    @property
    def charter(self) -> dict[str, Any]:
        return self.data.charter

    @property
    def end(self) -> dt.date | None:
        return self.start + dt.timedelta(days=CYCLE_DAYS - 1) if self.start else None

    def after_week(self, week: int) -> bool:
        """Cycle week > ``week``; never true without a cycle start."""
        return self.week is not None and self.week > week

    def from_week(self, week: int) -> bool:
        """Cycle week >= ``week``; never true without a cycle start."""
        return self.week is not None and self.week >= week

    @property
    def running(self) -> bool:
        """The cycle has started and is not over (weeks 1 to 12)."""
        return self.week is not None and 1 <= self.week <= CYCLE_WEEKS

    def week_start(self, week: int) -> dt.date | None:
        return self.start + dt.timedelta(days=7 * (week - 1)) if self.start else None

    def week_end(self, week: int) -> dt.date | None:
        """The last day of a cycle week: the day a weekly figure counts from."""
        return self.start + dt.timedelta(days=7 * week - 1) if self.start else None

    def latest_metric_week(self) -> int | None:
        """The last week with a business metric value in the tracker."""
        weeks = [
            week
            for week, row in self.metrics.items()
            if 1 <= week <= CYCLE_WEEKS and isinstance(row.get("metric_value"), int | float)
        ]
        return max(weeks) if weeks else None

    def milestone_status(self, key: str) -> str | None:
        row = self.milestones.get(key)
        return row.get("status") if row else None


def _date(row: Row, key: str) -> dt.date | None:
    value = row.get(key)
    return value if isinstance(value, dt.date) else None


def _is_case(row: Row) -> bool:
    return any(has_text(value) for key, value in row.values.items() if key != "case_id")


def _week_of(row: Row) -> int | None:
    week = row.get("week")
    # A week number past any cycle (1e15 typed over the prefilled 7) is no week of it, and
    # its dates would overflow.
    if isinstance(week, int | float) and float(week).is_integer() and abs(week) <= 1000:
        return int(week)
    return None


def context(data: KitData, as_of: dt.date) -> Context:
    start = data.cycle_start if isinstance(data.cycle_start, dt.date) else None
    week = (as_of - start).days // 7 + 1 if start else None
    dated = sorted(
        (row for row in data.rows("sessions") if _date(row, "date")),
        key=lambda row: (row.get("date"), row.number),
    )
    held = tuple(row for row in dated if row.get("date") <= as_of)
    planned = tuple(row for row in dated if row.get("date") > as_of)
    cases = tuple(row for row in data.rows("cases") if _is_case(row))
    submitted = tuple(
        row
        for row in cases
        if _date(row, "submitted_on") is None or row.get("submitted_on") <= as_of
    )
    metrics: dict[int, Row] = {}
    for row in data.rows("metrics"):
        week_no = _week_of(row)
        if week_no is not None and week_no not in metrics:
            metrics[week_no] = row
    milestones: dict[str, Row] = {}
    for row in data.rows("milestones"):
        key = row.get("milestone")
        # Keys compare like the workbook's MATCH: case-insensitively.
        if isinstance(key, str) and key.strip().casefold() not in milestones:
            milestones[key.strip().casefold()] = row
    return Context(
        data=data,
        as_of=as_of,
        start=start,
        week=week,
        held=held,
        planned=planned,
        cases=cases,
        cases_submitted=submitted,
        metrics=metrics,
        milestones=milestones,
    )
