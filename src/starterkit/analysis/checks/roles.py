"""People checks: who holds the roles, who is accountable, and whether they show up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from starterkit.analysis.catalog import finding
from starterkit.analysis.cycle import Context, day, has_text, name_key, one_line, same_name
from starterkit.findings import Finding, Location
from starterkit.kit import formula_values

LEADING_ROLES = ("sponsor", "steward", "facilitator")


def exceeds(count: int, total: int, limit: float) -> bool:
    """count / total > limit, without a float rounding a tie over the line."""
    return count > limit * total + 1e-9


def roles_by_availability(ctx: Context) -> Iterator[Finding]:
    """A sponsor, steward or facilitator chosen for availability."""
    chosen = [
        row
        for row in ctx.data.rows("roles")
        if row.get("role") in LEADING_ROLES and row.get("selected_for") == "availability"
    ]
    if not chosen:
        return
    people = ", ".join(f"{row.get('person', 'unnamed')} ({row.get('role')})" for row in chosen)
    count = len(chosen)
    yield finding(
        "roles-by-availability",
        f"{count} {'person' if count == 1 else 'people'} in leading roles "
        f"{'was' if count == 1 else 'were'} chosen for availability: {people}.",
        [row.at("selected_for") for row in chosen],
    )


def ownership_gap(ctx: Context) -> Iterator[Finding]:
    """Sponsor or steward not named in the charter, or named but not in Roles."""
    listed = {name_key(p) for row in ctx.data.rows("roles") if has_text(p := row.get("person"))}
    problems, evidence = [], []
    for key in ("sponsor", "steward"):
        name = ctx.charter.get(key)
        if not has_text(name):
            problems.append(f"no {key} is named in the charter")
        elif name_key(str(name)) not in listed:
            problems.append(f"the {key} {one_line(name)} is not listed in Roles")
        else:
            continue
        evidence.append(ctx.data.charter_at(key))
    if problems:
        message = "; ".join(problems)
        yield finding("ownership-gap", message[0].upper() + message[1:] + ".", evidence)


def raci_accountability(ctx: Context) -> Iterator[Finding]:
    """A RACI activity without exactly one A or without an R."""
    activities = [row for row in ctx.data.rows("raci") if has_text(row.get("activity"))]
    if not activities:
        yield finding(
            "raci-accountability",
            "The RACI table lists no activities, so nobody is accountable for anything.",
            [Location(ctx.data.spec.sheets.roles.title)],
        )
        return
    broken = []
    for row in activities:
        accountable, responsible = formula_values.raci_letters(row.values, "A", "R")
        problems = []
        if accountable != 1:
            problems.append("no A" if accountable == 0 else f"{accountable} A")
        if responsible == 0:
            problems.append("no R")
        if problems:
            broken.append((row, f"{one_line(row.get('activity'))} ({', '.join(problems)})"))
    if broken:
        listed = "; ".join(text for _, text in broken)
        yield finding(
            "raci-accountability",
            f"{len(broken)} of {len(activities)} RACI activities lack exactly one A and "
            f"at least one R: {listed}.",
            [row.at("activity") for row, _ in broken],
        )


def sponsor_passive(ctx: Context) -> Iterator[Finding]:
    """No sponsor contact in the last N days, once the cycle has run N days.

    The cycle's first day counts, so on its 30th day the cycle is 30 days old. The
    tracker stops at week 12, so after the cycle the N days end with the cycle's last day.
    """
    if ctx.start is None or ctx.end is None:
        return
    days = ctx.thresholds.sponsor_passive_days
    window_end = min(ctx.as_of, ctx.end)
    if (window_end - ctx.start).days + 1 < days:
        return
    window_start = window_end - dt.timedelta(days=days - 1)
    contacts: list[tuple[dt.date, Location]] = []
    for week, row in ctx.metrics.items():
        touchpoints = row.get("sponsor_touchpoints")
        last_day = ctx.week_end(week)
        if isinstance(touchpoints, int | float) and touchpoints > 0 and last_day <= ctx.as_of:
            contacts.append((last_day, row.at("sponsor_touchpoints")))
    for row in ctx.held:
        if row.get("sponsor_present") == "yes":
            contacts.append((row.get("date"), row.at("sponsor_present")))
    if any(window_start <= when <= ctx.as_of for when, _ in contacts):
        return
    evidence = [ctx.data.charter_at("sponsor")]
    if contacts:
        when, where = max(contacts, key=lambda contact: contact[0])
        last = f"last contact {day(when)}"
        evidence.append(where)
    else:
        last = "none recorded this cycle"
    yield finding(
        "sponsor-passive",
        f"No sponsor touchpoint and no session with the sponsor in the {days} days "
        f"to {day(window_end)} ({last}).",
        evidence,
    )


def steward_bottleneck(ctx: Context) -> Iterator[Finding]:
    """The steward facilitates or submits more than their share."""
    steward = ctx.charter.get("steward")
    if not has_text(steward):
        return
    t = ctx.thresholds
    parts, evidence = [], []
    held = ctx.held
    if len(held) >= t.steward_min_sessions:
        led = [row for row in held if same_name(row.get("facilitator"), steward)]
        if exceeds(len(led), len(held), t.steward_facilitation_share):
            parts.append(
                f"facilitated {len(led)} of {len(held)} held sessions "
                f"(limit {t.steward_facilitation_share:.0%})"
            )
            evidence += [row.at("facilitator") for row in led]
    cases = ctx.cases_submitted
    if len(cases) >= t.steward_min_cases:
        submitted = [row for row in cases if same_name(row.get("submitted_by"), steward)]
        if exceeds(len(submitted), len(cases), t.steward_submission_share):
            parts.append(
                f"submitted {len(submitted)} of {len(cases)} cases "
                f"(limit {t.steward_submission_share:.0%})"
            )
            evidence += [row.at("submitted_by") for row in submitted]
    if parts:
        yield finding(
            "steward-bottleneck",
            f"The steward {one_line(steward)} {' and '.join(parts)}.",
            evidence,
        )


def facilitator_not_rotating(ctx: Context) -> Iterator[Finding]:
    """Enough sessions held, all facilitated by the same person."""
    held = ctx.held
    if len(held) < ctx.thresholds.facilitator_rotation_sessions:
        return
    names = [row.get("facilitator") for row in held]
    if not all(has_text(name) for name in names):
        return
    if len({name_key(name) for name in names}) == 1:
        yield finding(
            "facilitator-not-rotating",
            f"All {len(held)} held sessions were facilitated by {one_line(names[0])}.",
            [row.at("facilitator") for row in held],
        )
