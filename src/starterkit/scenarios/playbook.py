"""The Playbook as a steward keeps it: each captured pattern written up a day or two after
its session, then moved from draft to tested to proven as the field work shows it holds.

Nothing here draws from the plan's random generator (that would change every scenario's
other figures); the small choices — wording, write-up lag, method shape — follow a
checksum of the pattern's name, so the same network gives the same Playbook at every week.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Any

from starterkit.builder.cells import pattern_id

if TYPE_CHECKING:
    from starterkit.scenarios.calendar import CycleCalendar
    from starterkit.scenarios.network import NetworkPlan

#: Method write-ups, in our words: the pattern itself, then how to record and share it.
METHODS = (
    "1. {pattern}.\n2. Note in the case what you saw and what changed, with a number or a "
    "photo.\n3. Tell the steward within a week whether it solved the problem.",
    "1. Read the source case before the job.\n2. {pattern}.\n3. If it does not hold, bring "
    "the case to the next office hours instead of working around it.",
    "1. {pattern}.\n2. Show a colleague from another team the before and after.\n3. Log the "
    "result against the business metric at the end of the week.",
)
#: Other teams reusing a method that makes it proven, not just tested.
PROVEN_TEAMS = 2


def playbook_rows(
    plan: NetworkPlan,
    calendar: CycleCalendar,
    shown: dict[int, int],
    today: int,
    case_id,
) -> list[dict[str, Any]]:
    """Playbook rows for the patterns written up by ``today``, in the order of capture."""
    captured = sorted(
        (day, index)
        for index, day in shown.items()
        if day <= today and plan.sessions[index].pattern and plan.sessions[index].cases
    )
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for day, index in captured:
        session = plan.sessions[index]
        name = session.pattern or ""
        if name.casefold() in seen:
            continue
        check = zlib.crc32(name.encode())
        written = calendar.working_day(day + 1 + check % 2)
        if written > today:
            continue
        seen.add(name.casefold())
        primary = plan.cases[session.cases[0]]
        status, reviewed, teams = "draft", written, None
        if primary.applied_day is not None and primary.applied_day <= today:
            status, reviewed, teams = "tested", calendar.working_day(primary.applied_day), 1
        if primary.reuse_day is not None and primary.reuse_day <= today:
            teams = 1 + (primary.teams_applied or 0)
            if (primary.teams_applied or 0) >= PROVEN_TEAMS:
                status, reviewed = "proven", calendar.working_day(primary.reuse_day)
        rows.append(
            {
                "pattern_id": pattern_id(len(rows)),
                # Stewards retype the name; a third of them in lower case with a full stop.
                "pattern": name.lower() + "." if check % 3 == 0 else name,
                "problem": primary.story.problem,
                "method": METHODS[check % len(METHODS)].format(pattern=name),
                "applies_to": primary.story.applies_next,
                "source_cases": case_id(session.cases[0]),
                "captured_on": calendar.date(written),
                "owner": session.facilitator.name,
                "status": status,
                "teams_using": teams,
                "last_reviewed": calendar.date(max(reviewed, written)),
            }
        )
    return rows
