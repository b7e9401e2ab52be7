"""The days the tests analyze on, in one place; each name says what its day is for."""

from __future__ import annotations

import datetime as dt

#: The healthy network helpers' analysis day (``tests/networks.py``).
NETWORK_DAY = dt.date(2026, 6, 10)
#: The day of the hand-made reports that exercise the reporters (``tests/reports.py``).
REPORT_DAY = dt.date(2026, 3, 4)
#: The day filled kits come back in the reader, CLI and round-trip tests.
RETURN_DAY = dt.date(2027, 3, 1)
#: The committed samples' day (``demo.SAMPLES_AS_OF``) and the sample commands'.
SAMPLES_DAY = dt.date(2027, 3, 11)
#: The scenario networks' day in the scenario tests.
SCENARIO_DAY = dt.date(2026, 3, 5)
#: The day prefilled kits are built for in the workbook and print tests.
PREFILL_DAY = dt.date(2026, 11, 23)
