"""Session checks: what held sessions were like, what they produced and how often they ran."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import pairwise

from starterkit.analysis.catalog import finding
from starterkit.analysis.cycle import (
    SESSIONS_END_WEEK,
    Context,
    amount,
    case_id_key,
    case_references,
    day,
    has_text,
)
from starterkit.findings import Finding
from starterkit.kit import contract
from starterkit.reader.kit_data import Row

THEATER_FORMATS = ("presentation", "status_update")
CADENCE_WORDS = {
    "weekly": "weekly",
    "every_two_weeks": "every two weeks",
    "monthly": "monthly",
}


def reaches(count: int, total: int, limit: float) -> bool:
    """count / total >= limit, without a float rounding a tie under the line."""
    return count >= limit * total - 1e-9


def session_name(row: Row) -> str:
    number = row.get("session_no")
    label = f"session {amount(number)}" if isinstance(number, int | float) else "a session"
    return f"{label} ({day(row.get('date'))})"


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def presentation_theater(ctx: Context) -> Iterator[Finding]:
    """Too many held sessions were presentations, status updates or slides."""
    held = ctx.held
    theater = [
        row
        for row in held
        if row.get("format") in THEATER_FORMATS or row.get("slides_used") == "yes"
    ]
    if held and theater and reaches(len(theater), len(held), ctx.thresholds.presentation_share):
        yield finding(
            "presentation-theater",
            f"{len(theater)} of {len(held)} held sessions were presentations or status "
            "updates, or used slides.",
            [
                row.at("format") if row.get("format") in THEATER_FORMATS else row.at("slides_used")
                for row in theater
            ],
        )


def session_no_pattern(ctx: Context) -> Iterator[Finding]:
    """One finding per held session that captured no pattern."""
    for row in ctx.held:
        if not has_text(row.get("pattern")):
            yield finding(
                "session-no-pattern",
                f"{capitalized(session_name(row))} captured no pattern.",
                [row.at("pattern")],
            )


def session_no_case(ctx: Context) -> Iterator[Finding]:
    """One finding per held session with no case and no member with a problem.

    A case is a case id: checked against Case Intake when it holds ids, so "n/a", "none"
    or an id nobody submitted is no case."""
    known = {case_id_key(str(c.get("case_id"))) for c in ctx.cases if has_text(c.get("case_id"))}
    for row in ctx.held:
        with_problem = row.get("members_with_problem")
        if isinstance(with_problem, int | float) and with_problem > 0:
            continue
        named = case_references(row.get("cases"))
        if any(not known or case_id_key(c) in known for c in named):
            continue
        what = f"named only {', '.join(named)}, not in Case Intake," if named else "had no case"
        yield finding(
            "session-no-case",
            f"{capitalized(session_name(row))} {what} and no member with a problem.",
            [row.at("cases"), row.at("members_with_problem")],
        )


def recap_late(ctx: Context) -> Iterator[Finding]:
    """Recaps published late, or still missing once the allowed days have passed."""
    allowed = ctx.thresholds.recap_days
    late: list[tuple[Row, str]] = []
    for row in ctx.held:
        held_on = row.get("date")
        recap = row.get("recap_published_on")
        if isinstance(recap, dt.date):
            lag = (recap - held_on).days
            if lag > allowed:
                late.append((row, f"{session_name(row)}: {lag} days after"))
        elif (ctx.as_of - held_on).days > allowed:
            late.append((row, f"{session_name(row)}: not published"))
    if late:
        listed = "; ".join(text for _, text in late)
        yield finding(
            "recap-late",
            f"Recap late for {len(late)} of {len(ctx.held)} held sessions "
            f"(allowed {allowed} {'day' if allowed == 1 else 'days'}): {listed}.",
            [row.at("recap_published_on") for row, _ in late],
        )


def region_excluded(ctx: Context) -> Iterator[Finding]:
    """From the given week, one finding per Roles region no held session served."""
    if not ctx.from_week(ctx.thresholds.region_access_week):
        return
    served = {row.get("time_slot") for row in ctx.held}
    people: dict[str, list[Row]] = {}
    for row in ctx.data.rows("roles"):
        region = row.get("region")
        if has_text(region):
            people.setdefault(region, []).append(row)
    labels = {choice.key: choice.label for choice in ctx.data.spec.lists.get("region", [])}
    for region, rows in people.items():
        if region in served:
            continue
        count = len(rows)
        who = "1 person in Roles sits" if count == 1 else f"{count} people in Roles sit"
        yield finding(
            "region-excluded",
            f"No held session has used a time slot for {labels.get(region, region)}, where {who}.",
            [row.at("region") for row in rows],
        )


def cadence_drift(ctx: Context) -> Iterator[Finding]:
    """Long gaps between held sessions, or too few sessions by the end of week 8."""
    if ctx.start is None:
        return
    t = ctx.thresholds
    cadence = ctx.charter.get("cadence")
    every = contract.CADENCE_DAYS.get(cadence, contract.CADENCE_DAYS["flexible"])
    limit = t.cadence_gap_factor * every
    held = ctx.held
    problems, evidence = [], []
    # Gaps count from the first held session on: before it the network is launching.
    gaps = [
        ((after.get("date") - before.get("date")).days, before, after)
        for before, after in pairwise(held)
    ]
    long_gaps = [gap for gap in gaps if gap[0] > limit]
    if long_gaps:
        days, before, after = max(long_gaps, key=lambda gap: gap[0])
        more = f" ({len(long_gaps)} gaps too long)" if len(long_gaps) > 1 else ""
        problems.append(
            f"{days} days between {session_name(before)} and {session_name(after)}{more}"
        )
        for _, before, after in long_gaps:
            evidence += [before.at("date"), after.at("date")]
    if held and ctx.running:
        last = held[-1]
        since = (ctx.as_of - last.get("date")).days
        if since > limit:
            problems.append(f"{since} days since the last session, on {day(last.get('date'))}")
            evidence.append(last.at("date"))
    if ctx.after_week(SESSIONS_END_WEEK):
        by_then = [row for row in held if row.get("date") <= ctx.week_end(SESSIONS_END_WEEK)]
        if len(by_then) < t.sessions_min_by_week_8:
            held_by_then = f"only {len(by_then)}" if by_then else "none"
            problems.append(
                f"{held_by_then} held by the end of week {SESSIONS_END_WEEK} "
                f"(at least {t.sessions_min_by_week_8})"
            )
            evidence += [row.at("date") for row in by_then]
    if not problems:
        return
    rhythm = CADENCE_WORDS.get(cadence, f"no fixed cadence, planned as every {every} days")
    yield finding(
        "cadence-drift",
        f"Sessions drift from the cadence ({rhythm}, at most {amount(limit)} days apart): "
        f"{'; '.join(problems)}.",
        [ctx.data.charter_at("cadence"), *dict.fromkeys(evidence)],
    )
