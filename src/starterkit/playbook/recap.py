"""The five-bullet recap of a held session, ready to paste into a chat or an email.

What case, what we found, the pattern, where it applies next, the next step and its date
(the next planned session, else the follow-up of the session's cases). No file IO.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from starterkit.errors import StarterkitError
from starterkit.playbook.compile import _ids, same_pattern
from starterkit.reader.kit_data import KitData, Row
from starterkit.safe_text import for_terminal

#: With no later session planned, the session's cases are followed up this long after it.
FOLLOW_UP_DAYS = 14


class RecapError(StarterkitError):
    """A session that has no recap: not in the Sessions table, or not held yet."""


@dataclass(frozen=True)
class Recap:
    network: str
    session_no: int
    date: dt.date
    bullets: tuple[tuple[str, str], ...]

    def text(self) -> str:
        lines = [f"Session {self.session_no} recap · {self.network} · {self.date.isoformat()}"]
        lines += [f"• {label}: {for_terminal(value)}" for label, value in self.bullets]
        return "\n".join(lines) + "\n"

    def markdown(self) -> str:
        head = (
            f"**Session {self.session_no} recap** · {_md(self.network)} · {self.date.isoformat()}"
        )
        lines = [head, ""] + [f"- **{label}:** {_md(value)}" for label, value in self.bullets]
        return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    shown = for_terminal(text).replace("\n", " ")
    for char in "\\`*_[]<>|#":
        shown = shown.replace(char, "\\" + char)
    return shown


def session_recap(kit: KitData, session_no: int, as_of: dt.date) -> Recap:
    """The recap of session ``session_no``; RecapError when it is unknown or still planned."""
    sessions = kit.rows("sessions")
    row = next((r for r in sessions if r.get("session_no") == session_no), None)
    if row is None:
        numbers = sorted({r.get("session_no") for r in sessions if r.get("session_no")})
        known = ", ".join(str(n) for n in numbers) or "none"
        raise RecapError(
            f"{kit.source}: the Sessions table has no session {session_no} (sessions logged: "
            f"{known}) — give a session number from its first column"
        )
    where = f"Sessions row {row.number}, {row.at('session_no').ref}"
    day = row.get("date")
    if not isinstance(day, dt.date):
        raise RecapError(
            f"{kit.source}: session {session_no} ({where}) has no date, so it was not held — "
            "fill in its date once it has taken place"
        )
    if day > as_of:
        raise RecapError(
            f"{kit.source}: session {session_no} ({where}) is planned for {day.isoformat()}, "
            f"after {as_of.isoformat()} — a recap is written once the session is held"
        )
    cases = {str(r.get("case_id")).strip(): r for r in kit.rows("cases")}
    case_ids = _ids(row.get("cases"))
    case_rows = [cases[c] for c in case_ids if c in cases]
    pattern = row.get("pattern") or next(
        (c.get("pattern") for c in case_rows if c.get("pattern")), None
    )
    written = _playbook_row(kit, pattern)
    applies = [c.get("applies_next") for c in case_rows if c.get("applies_next")]
    if written is not None and written.get("applies_to"):
        applies.insert(0, written.get("applies_to"))
    bullets = (
        ("Case", _cases_text(case_ids, cases)),
        ("What we found", _found(row, case_rows, written)),
        ("Pattern", pattern or "none captured in this session"),
        ("Applies next to", "; ".join(dict.fromkeys(str(a) for a in applies)) or "not agreed yet"),
        ("Next step", _next_step(sessions, row, day, case_rows)),
    )
    network = str(kit.charter.get("network_name") or kit.source)
    return Recap(network, session_no, day, bullets)


def _cases_text(case_ids: list[str], cases: dict[str, Row]) -> str:
    if not case_ids:
        return "no case listed for this session"
    parts = []
    for case_id in case_ids:
        problem = cases[case_id].get("problem") if case_id in cases else None
        shown = str(problem).strip().rstrip(".") if problem else ""
        parts.append(f"{case_id} — {shown}" if shown else f"{case_id} (not in Case Intake)")
    return "; ".join(parts)


def _playbook_row(kit: KitData, pattern: str | None) -> Row | None:
    if not pattern:
        return None
    return next(
        (
            r
            for r in kit.rows("playbook")
            if r.get("pattern") and same_pattern(r.get("pattern"), pattern)
        ),
        None,
    )


def _found(row: Row, case_rows: list[Row], written: Row | None) -> str:
    found = []
    if row.get("notes"):
        found.append(str(row.get("notes")))
    if written is not None and written.get("method"):
        found.append(" ".join(str(written.get("method")).split()))
    if not found:
        found = [
            f"{c.get('case_id')}: {str(c.get('status')).replace('_', ' ')}"
            for c in case_rows
            if c.get("status")
        ]
    return " ".join(found) or "nothing noted in the Sessions row"


def _next_step(sessions: list[Row], row: Row, day: dt.date, case_rows: list[Row]) -> str:
    later = sorted(
        (r for r in sessions if isinstance(r.get("date"), dt.date) and r.get("date") > day),
        key=lambda r: r.get("date"),
    )
    if later:
        nxt = later[0]
        what = str(nxt.get("format") or "session").replace("_", " ")
        return f"session {nxt.get('session_no') or '?'} ({what}) on {nxt.get('date').isoformat()}"
    open_cases = [c.get("case_id") for c in case_rows if c.get("solved_on") is None]
    follow = (day + dt.timedelta(days=FOLLOW_UP_DAYS)).isoformat()
    if open_cases:
        return f"follow up {', '.join(map(str, open_cases))} in the field by {follow}"
    return f"review the pattern's use in the field by {follow}"
