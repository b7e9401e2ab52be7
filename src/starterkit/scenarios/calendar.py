"""Cycle days to calendar dates, on working days, without changing what is visible when.

A scenario places every event on a cycle day (0 = cycle start). The analysis date is always
the fourth day of its cycle week (day 3 of the week), so each week splits into an early
half (days 0–3, on or before the analysis date of that week) and a late half (days 4–6,
after it). Moving an event to a working day inside its half keeps it in the same week and
on the same side of the analysis date, whatever weekday the cycle starts on — so the flags
a scenario raises do not depend on the calendar.
"""

from __future__ import annotations

import datetime as dt

#: The analysis date is this many days into its cycle week.
AS_OF_WEEKDAY_OFFSET = 3
#: Sessions fall on one of the first days of a week: before the analysis date, with a day
#: left for the recap.
SESSION_DAYS = range(AS_OF_WEEKDAY_OFFSET)
#: Session weekdays in order of preference (Monday = 0): mid-week first.
SESSION_WEEKDAY_PREFERENCE = (2, 1, 3, 0, 4)
WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def cycle_start_for(week: int, as_of: dt.date) -> dt.date:
    """The cycle start that puts ``as_of`` on the fourth day of cycle ``week``."""
    return as_of - dt.timedelta(days=7 * (week - 1) + AS_OF_WEEKDAY_OFFSET)


def as_of_day(week: int) -> int:
    """The cycle day of the analysis date in ``week``."""
    return 7 * (week - 1) + AS_OF_WEEKDAY_OFFSET


def week_of(day: int) -> int:
    return day // 7 + 1


def day_in_week(week: int, weekday_offset: int) -> int:
    return 7 * (week - 1) + weekday_offset


class CycleCalendar:
    """The dates of one cycle, starting on ``start``."""

    def __init__(self, start: dt.date):
        self.start = start
        # The same weekday every session week, so gaps between sessions are whole weeks.
        self.session_offset = min(SESSION_DAYS, key=self._session_preference)

    def _session_preference(self, offset: int) -> int:
        weekday = self.date(offset).weekday()
        if weekday in SESSION_WEEKDAY_PREFERENCE:
            return SESSION_WEEKDAY_PREFERENCE.index(weekday)
        return len(SESSION_WEEKDAY_PREFERENCE)

    def date(self, day: int) -> dt.date:
        return self.start + dt.timedelta(days=day)

    @property
    def session_weekday(self) -> str:
        return WEEKDAY_KEYS[self.date(self.session_offset).weekday()]

    def session_day(self, week: int) -> int:
        return day_in_week(week, self.session_offset)

    def working_day(self, day: int) -> int:
        """The working day nearest ``day`` in the same half of its week (earlier on a tie)."""
        week_start = day - day % 7
        half = (
            range(week_start, week_start + AS_OF_WEEKDAY_OFFSET + 1)
            if day % 7 <= AS_OF_WEEKDAY_OFFSET
            else range(week_start + AS_OF_WEEKDAY_OFFSET + 1, week_start + 7)
        )
        # Any three days in a row hold a working day, so the half always has one.
        working = [d for d in half if self.date(d).weekday() < 5]
        return min(working, key=lambda d: (abs(d - day), d))

    def working_date(self, day: int) -> dt.date:
        return self.date(self.working_day(day))

    def recap_day(self, session_day: int, next_day: bool) -> int:
        """The recap goes out the next working day when asked, otherwise the same day."""
        if next_day and self.date(session_day + 1).weekday() < 5:
            return session_day + 1
        return session_day

    def working_day_before_start(self) -> dt.date:
        """The last working day before the cycle starts (when a baseline is measured)."""
        day = self.start - dt.timedelta(days=1)
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        return day
