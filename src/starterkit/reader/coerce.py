"""Turn a cell as a spreadsheet returns it into the value the kit meant, or say why not.

Stewards type into cells that Excel, LibreOffice and Google Sheets each store their own
way: dates as datetimes, serial numbers (1900 or 1904 system) or text; numbers as text
with units or a decimal comma; choices typed over the dropdown. Whatever is unambiguous is
coerced; the rest is returned as a problem for the caller to report with its cell.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable
from typing import Any

from starterkit.errors import did_you_mean
from starterkit.reader import findings
from starterkit.reader.findings import Unusable
from starterkit.spec.model import Choice

EPOCH_1900 = dt.date(1899, 12, 30)
EPOCH_1904 = dt.date(1904, 1, 1)
#: Serial numbers read as dates: 1982-01-01 to 2118 in the 1900 system.
SERIAL_RANGE = (29_952, 80_000)
#: Numbers read at all; anything larger is a typing accident and would overflow sums.
MAX_NUMBER = 1e15
#: Dates read at all: a cycle's arithmetic (weeks, due dates, 90 days on) stays in range.
PLAUSIBLE_DATES = (dt.date(1900, 1, 1), dt.date(2199, 12, 31))

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "janv", "janvier"),
            ("feb", "february", "fév", "févr", "fevr", "février", "fevrier"),
            ("mar", "march", "mars"),
            ("apr", "april", "avr", "avril"),
            ("may", "mai"),
            ("jun", "june", "juin"),
            ("jul", "july", "juil", "juillet"),
            ("aug", "august", "aoû", "août", "aout"),
            ("sep", "sept", "september", "septembre"),
            ("oct", "october", "octobre"),
            ("nov", "november", "novembre"),
            ("dec", "december", "déc", "décembre", "decembre"),
        ],
        start=1,
    )
    for name in names
}
_ISO = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_NUMERIC_DATE = re.compile(
    r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$"
)
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})\.?\s+([^\W\d]+)\.?,?\s+(\d{4})$")
_MONTH_NAME_DAY = re.compile(r"^([^\W\d]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_PLAIN_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
_THOUSANDS_COMMA = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")
_THOUSANDS_DOT = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[-+]?\d*,\d+$")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def to_date(value: Any, day_first: bool, date1904: bool = False) -> dt.date | Unusable:
    result = _to_date(value, day_first, date1904)
    if isinstance(result, dt.date) and not PLAUSIBLE_DATES[0] <= result <= PLAUSIBLE_DATES[1]:
        return findings.DATE_IMPLAUSIBLE.unusable(
            shown=_shown(value), first=PLAUSIBLE_DATES[0].year, last=PLAUSIBLE_DATES[1].year
        )
    return result


def _to_date(value: Any, day_first: bool, date1904: bool) -> dt.date | Unusable:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return _not_a_date(value)
    if isinstance(value, (int, float)):
        return _from_serial(value, date1904) or _not_a_date(value)
    text = _SPACES.sub(" ", str(value)).strip()
    parsed = _parse_date_text(text, day_first)
    if parsed is not None:
        return parsed
    if _PLAIN_NUMBER.match(text):
        return _from_serial(float(text), date1904) or _not_a_date(value)
    return _not_a_date(value)


def _from_serial(number: float, date1904: bool) -> dt.date | None:
    if not SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        return None
    epoch = EPOCH_1904 if date1904 else EPOCH_1900
    return epoch + dt.timedelta(days=int(number))


def _parse_date_text(text: str, day_first: bool) -> dt.date | None:
    try:
        if match := _ISO.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _NUMERIC_DATE.match(text):
            first, second, year = int(match[1]), int(match[3]), int(match[4])
            year += 2000 if year < 100 else 0
            # Dots are a day-first habit everywhere; otherwise an impossible month decides.
            if match[2] == "." or first > 12 or (day_first and second <= 12):
                return dt.date(year, second, first)
            return dt.date(year, first, second)
        if match := _DAY_MONTH_NAME.match(text):
            month = _MONTHS.get(match[2].casefold())
            return dt.date(int(match[3]), month, int(match[1])) if month else None
        if match := _MONTH_NAME_DAY.match(text):
            month = _MONTHS.get(match[1].casefold())
            return dt.date(int(match[3]), month, int(match[2])) if month else None
    except ValueError:
        return None
    return None


def _not_a_date(value: Any) -> Unusable:
    return findings.NOT_A_DATE.unusable(shown=_shown(value))


def to_number(value: Any, kind: str) -> float | int | Unusable:
    """A number for a whole, number or percent cell; percent cells give a share (0.15)."""
    # Tuples of types, not unions: ``bool | dt.date`` would make a new union at each call.
    if isinstance(value, (bool, dt.date)):
        return _not_a_number(value, kind)
    percent_sign = False
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = _SPACES.sub("", str(value))
        if text.endswith("%"):
            percent_sign, text = True, text[:-1]
        parsed = _parse_number_text(text)
        if parsed is None:
            return _not_a_number(value, kind)
        number = parsed
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        return findings.NUMBER_IMPLAUSIBLE.unusable(shown=_shown(value), largest=MAX_NUMBER)
    if kind == "percent":
        # "15 %" and a 15 typed into a percent cell both mean 15 %; 0.15 is already a share.
        if percent_sign or number > 1:
            number /= 100
        if not 0 <= number <= 1:
            return findings.PERCENT_OUT_OF_RANGE.unusable(shown=_shown(value))
        return number
    if percent_sign:
        number /= 100
    if kind == "whole":
        if number != int(number):
            return findings.NOT_A_WHOLE_NUMBER.unusable(shown=_shown(value))
        return int(number)
    return int(number) if number.is_integer() and isinstance(value, int) else number


def _parse_number_text(text: str) -> float | None:
    if _PLAIN_NUMBER.match(text):
        return float(text)
    if _THOUSANDS_COMMA.match(text):
        return float(text.replace(",", ""))
    if _THOUSANDS_DOT.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _DECIMAL_COMMA.match(text):
        return float(text.replace(",", "."))
    return None


def _not_a_number(value: Any, kind: str) -> Unusable:
    example = {"whole": "12", "percent": "15 %"}.get(kind, "4.5")
    return findings.NOT_A_NUMBER.unusable(shown=_shown(value), example=example)


def normal_text(text: str) -> str:
    """How choices and headers are compared: case, spacing and trailing marks ignored."""
    if len(text) <= 80:
        return _normal_short_text(text)
    return _normalise(text)


@functools.lru_cache(maxsize=4096)
def _normal_short_text(text: str) -> str:
    """Kept for short texts seen before: every kit of a batch has the spec's headers and
    labels, and its stewards pick from the same few choices (long texts are not kept, so
    the cache stays small whatever a workbook holds)."""
    return _normalise(text)


def _normalise(text: str) -> str:
    return _SPACES.sub(" ", text).strip().rstrip("*").strip().casefold()


def choice_reader(choices: list[Choice]) -> Callable[[Any], str | Unusable]:
    """What reads a cell of a choice column: the choice key the cell names, by its label (as
    the dropdown wrote it) or its key. The list's keys are looked up once, for the column."""
    keys = _choice_keys(choices)

    def choice_key(value: Any) -> str | Unusable:
        key = keys.get(normal_text(_as_text(value)))
        return key if key is not None else _not_in_list(value, choices)

    return choice_key


def _not_in_list(value: Any, choices: list[Choice]) -> Unusable:
    labels = [choice.label for choice in choices]
    close = did_you_mean(_as_text(value), labels)
    hint = f"did you mean '{close}'?" if close else "one of " + ", ".join(labels)
    return findings.NOT_IN_LIST.unusable(shown=_shown(value), hint=hint)


_CHOICE_KEYS: dict[int, tuple[list[Choice], dict[str, str]]] = {}


def _choice_keys(choices: list[Choice]) -> dict[str, str]:
    """Normalised label or key -> choice key, worked out once per list of a loaded spec."""
    cached = _CHOICE_KEYS.get(id(choices))
    if cached is not None and cached[0] is choices:
        return cached[1]
    keys = {choice.key.casefold(): choice.key for choice in choices}
    keys.update({normal_text(choice.label): choice.key for choice in choices})
    if len(_CHOICE_KEYS) > 1024:  # specs come and go in a long-lived process
        _CHOICE_KEYS.clear()
    _CHOICE_KEYS[id(choices)] = (choices, keys)
    return keys


def to_text(value: Any) -> str:
    """Trimmed text."""
    # Not interned: a batch keeps its reports packed (``starterkit.packed``), so no two
    # reports share a text in memory, and Python's table of interned texts only grew.
    return _as_text(value).strip()


def _as_text(value: Any) -> str:
    if type(value) is str:  # most cells typed as text or choices hold text: no other test
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _shown(value: Any) -> str:
    text = _as_text(value)
    return repr(text if len(text) <= 60 else text[:57] + "…")
