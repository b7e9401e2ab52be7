"""Every word a report shows for the report's keys, in one place, for every format.

The report carries keys (``at_risk``, ``red_flag``, ``demo_and_review``); the text, HTML,
dashboard and table formats show a reader these words for them. Colours and styles are
keyed on the keys, never on the words, so rewording here changes what every format says
and nothing else. The JSON document and the tidy tables' values keep the keys.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from starterkit.analysis.catalog import BY_ID as CATALOG
from starterkit.findings import Finding, Severity
from starterkit.kit.contract import CYCLE_WEEKS
from starterkit.report import (
    AT_RISK_ALONE,
    AT_RISK_SCORE,
    RISK_WEIGHTS,
    ROUTES,
    SPEC_SOURCES,
    Changes,
    CyclePosition,
    FoldRule,
    HealthStatus,
    MetricStatus,
    Milestones,
    MilestoneStatus,
    NetworkReport,
    Phase,
    Portfolio,
    ReturnedFile,
    Route,
    Sessions,
    Trend,
    Verdict,
    VerdictReason,
)

#: The reader's most trusted route and spec source; anything else is said in the report.
TRUSTED_ROUTE = ROUTES[0]
TRUSTED_SPEC_SOURCE = SPEC_SOURCES[0]

#: A flag's severity (``Finding.severity``).
SEVERITY_WORDS: dict[Severity, str] = {
    Severity.HIGH: "high",
    Severity.MEDIUM: "medium",
    Severity.LOW: "low",
}

#: A network's overall verdict (``NetworkReport.verdict``), worst first.
VERDICT_WORDS: dict[Verdict, str] = {
    "at_risk": "at risk",
    "watch": "watch",
    "on_track": "on track",
}

#: Where the cycle stands (``CyclePosition.phase``).
PHASE_WORDS: dict[Phase, str] = {
    "not_started": "not started",
    "launch": "launch, weeks 1–3",
    "sessions": "sessions, weeks 4–8",
    "demo_and_review": "Demo Day and review, weeks 9–12",
    "after_cycle": "after the cycle",
    "unknown": "phase unknown",
}

#: How the reader found the data (``NetworkReport.route``), as "Data found by …" says it.
ROUTE_WORDS: dict[Route, str] = {
    "tables": "tables",
    "defined names": "defined names",
    "headers": "headers",
}

#: The Start Here checks (``kit.contract.HEALTH_CHECKS``), short, as a line of checks shows them.
HEALTH_CHECK_LABELS: dict[str, str] = {
    "charter_complete": "charter",
    "cadence_set": "cadence",
    "business_metric": "metric",
    "raci_accountable": "RACI",
    "sessions_on_plan": "sessions",
    "demo_day_done": "Demo Day",
    "adoption_signal": "adoption",
}

#: The Start Here checks with their titles in the kit (the tidy tables' documentation).
HEALTH_CHECK_TITLES: dict[str, str] = {
    "charter_complete": "Charter complete",
    "cadence_set": "Cadence set and not flexible",
    "business_metric": "Business metric with baseline and target",
    "raci_accountable": "One accountable person per activity",
    "sessions_on_plan": "Sessions held on plan",
    "demo_day_done": "Demo Day done by week 12",
    "adoption_signal": "Adoption signal by week 8",
}

#: A Start Here check's verdict (the values of ``NetworkReport.health``).
HEALTH_WORDS: dict[HealthStatus, str] = {
    "ok": "OK",
    "warning": "warning",
    "red_flag": "red flag",
    "not_yet": "not yet",
}

#: Where the business metric stands (``BusinessMetric.status``).
METRIC_STATUS_WORDS: dict[MetricStatus, str] = {
    "on_track": "on track",
    "watch": "watch",
    "off_track": "off track",
}

#: A headline signal's direction (``Signal.trend``) as an arrow.
TREND_ARROWS: dict[Trend, str] = {"up": "↑", "down": "↓", "flat": "→", "none": "·"}

#: The three headline adoption signals, by the Metrics column each comes from.
SIGNAL_NAMES: dict[str, str] = {
    "patterns_used_in_field": "patterns used in the field",
    "median_days_to_solve": "median days to solve recurring problems",
    "teams_repeating_methods": "teams repeating methods",
}


def words(key: str | None) -> str | None:
    """Any other choice key as words: applied_in_field → applied in field; None stays None."""
    return key.replace("_", " ") if key else None


def shown(colours: dict[str, str], wording: dict[str, str]) -> dict[str, str]:
    """A key -> colour table turned into shown word -> colour, for formats that colour
    cells by the word they show (the dashboard's conditional formats)."""
    return {wording[key]: colour for key, colour in colours.items()}


def cycle_week_text(cycle: CyclePosition, day: Callable[[dt.date], str] = dt.date.isoformat) -> str:
    """Where the cycle stands as of the analysis, in lower case: "week 7 of 12", "starts
    2027-01-11", "week 14, after the 12-week cycle" or "no cycle start date"."""
    if cycle.week is None:
        return "no cycle start date"
    if cycle.week < 1:
        return f"starts {day(cycle.start)}" if cycle.start else "not started"
    if cycle.week > CYCLE_WEEKS:
        return f"week {cycle.week}, after the {CYCLE_WEEKS}-week cycle"
    return f"week {cycle.week} of {CYCLE_WEEKS}"


def route_notes(network: NetworkReport) -> list[str]:
    """What every report must say when the reader fell back from the kit's own structure,
    as sentences."""
    notes = []
    if network.route != TRUSTED_ROUTE:
        notes.append(
            f"Data found by {ROUTE_WORDS.get(network.route, network.route)}, not by the kit's "
            "tables: the workbook lost part of its structure, so check the values this report "
            "calls missing."
        )
    if network.spec_source != TRUSTED_SPEC_SOURCE:
        notes.append(
            f"The workbook carries no spec of its own; it was read with the "
            f"{network.spec_source} spec."
        )
    return notes


#: Why a file was folded into its network's current return (``ReturnedFile.rule``).
FOLD_RULE_WORDS: dict[FoldRule, str] = {
    "same_kit_id": "same kit id and network name",
    "same_charter": "no ids; same organisation, network name and cycle start",
    "earlier_cycle": "an earlier cycle of the same network (same network id)",
}


def folded_files(portfolio: Portfolio, network: NetworkReport) -> list[ReturnedFile]:
    """The network's other files (earlier returns and cycles), in the order given."""
    return [
        f for f in portfolio.returns if f.current_source == network.source and f.role != "current"
    ]


def folded_lines(portfolio: Portfolio, network: NetworkReport) -> list[str]:
    """Each file folded into the network, with the rule that folded it, as sentences."""
    return [
        f"{f.source} folded in ({FOLD_RULE_WORDS.get(f.rule, f.rule or '')}; "
        f"latest entry {f.latest_entry.isoformat() if f.latest_entry else 'none'})."
        for f in folded_files(portfolio, network)
    ]


def change_lines(changes: Changes) -> list[str]:
    """What changed since the previous return, as sentences (the first names that return)."""
    since = changes.since_latest_entry.isoformat() if changes.since_latest_entry else "undated"
    lines = [f"Changes since {changes.since_source} (latest entry {since})."]
    if changes.raised:
        lines.append(f"Flags raised: {_flag_ids(changes.raised)}.")
    if changes.resolved:
        lines.append(f"Flags resolved: {_flag_ids(changes.resolved)}.")
    for moved in changes.moved:
        lines.append(f"{moved.label}: {_figure(moved.before)} → {_figure(moved.after)}.")
    lines.append(
        f"Sessions held {changes.sessions_added:+d}, cases submitted {changes.cases_added:+d}."
    )
    return lines


def _flag_ids(flags: tuple[Finding, ...]) -> str:
    counts: dict[str, int] = {}
    for flag in flags:
        counts[flag.id] = counts.get(flag.id, 0) + 1
    return ", ".join(f"{i} ×{n}" if n > 1 else i for i, n in counts.items())


def _figure(value: float | None) -> str:
    if value is None:
        return "none"
    return f"{value:g}"


def trend_weeks(signal) -> str:
    """The weeks a headline signal's trend spans: "weeks 2–9", or "week 9" for one value."""
    if signal.latest_week is None:
        return ""
    if signal.first_week is None or signal.first_week == signal.latest_week:
        return f"week {signal.latest_week}"
    return f"weeks {signal.first_week}–{signal.latest_week}"


# The sponsor's brief: verdicts, flags, figures and plans in plain words


#: Why a network got its verdict (``NetworkReport.verdict_reason``), as the brief says it;
#: ``{high}``, ``{medium}``, ``{low}`` are its flag counts and ``{score}`` its risk score.
VERDICT_REASON_WORDS: dict[VerdictReason, str] = {
    "high_flags": "{high} high flags: more than one part of the network is failing.",
    "high_flag_alone": "a high flag that leaves the network without an owner or without a "
    "business metric to move.",
    "risk_score": "a high flag and {medium} medium ones add up to a risk score of {score}.",
    "one_high_flag": "one high flag: fix it now and the network is back on track.",
    "medium_flags": "{medium} medium flags: each is small, together they need attention.",
    "few_flags": "no high flag and at most one medium one.",
}

#: The verdict rule (``report.AT_RISK_ALONE``) and the risk score, as the report explains them.
VERDICT_RULE_TEXT = (
    "At risk: two or more high flags; or the high flag "
    + " or ".join(f"“{CATALOG[i].title}”" for i in sorted(AT_RISK_ALONE, reverse=True))
    + f"; or a risk score of {AT_RISK_SCORE} or more. "
    "Watch: any other high flag, or two or more medium flags. "
    "On track: otherwise (one medium flag and low flags are things to fix, not risk)."
)
RISK_SCORE_TEXT = (
    f"The risk score adds {RISK_WEIGHTS[Severity.HIGH]} per high flag, {RISK_WEIGHTS[Severity.MEDIUM]} per medium and {RISK_WEIGHTS[Severity.LOW]} per low flag; "
    "it ranks the networks. 0 means no flags."
)


def verdict_why(network: NetworkReport) -> str:
    """Why the network has its verdict, as a sentence starting with a capital."""
    counts = network.severity_counts()
    text = VERDICT_REASON_WORDS[network.verdict_reason].format(
        high=counts[Severity.HIGH],
        medium=counts[Severity.MEDIUM],
        low=counts[Severity.LOW],
        score=network.risk_score,
    )
    return text[0].upper() + text[1:]


def flag_title(flag_id: str) -> str:
    """A flag as people call it, from the catalog: charter-purpose-vague → Purpose names
    no outcome; an id the catalog does not know becomes words."""
    flag = CATALOG.get(flag_id)
    return flag.title if flag else flag_id.replace("-", " ").capitalize()


def figure(value: float | None) -> str:
    """A number as people write it: whole numbers whole, others to one decimal (14.67 →
    14.7), small shares to two (0.35); an em dash when unknown."""
    if value is None:
        return "—"
    if not math.isfinite(value) or abs(value) >= 1e15:
        return f"{value:g}"
    places = 1 if abs(value) >= 1 else 2
    # Half up, as people round (2.25 → 2.3), not to even.
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return str(int(rounded))
    return str(rounded).rstrip("0")


def week_short(cycle: CyclePosition) -> str:
    """The cycle week as a table cell: "7 of 12", "13, after the cycle", "starts 11 Jan"."""
    if cycle.week is None:
        return "—"
    if cycle.week < 1:
        return "not started"
    if cycle.week > CYCLE_WEEKS:
        return f"{cycle.week}, after the {CYCLE_WEEKS}-week cycle"
    return f"{cycle.week} of {CYCLE_WEEKS}"


def sessions_text(sessions: Sessions) -> str:
    """Sessions held against the plan, as a sentence: "3 sessions held; the charter's
    cadence asks for 2 by now. 2 more planned."."""
    held = f"{sessions.held} session{'' if sessions.held == 1 else 's'} held"
    if sessions.expected is None:
        text = f"{held}."
    elif sessions.held >= sessions.expected:
        text = f"{held}, on plan: the cadence asks for {sessions.expected} by now."
    else:
        text = f"{held}; the cadence asks for {sessions.expected} by now."
    if sessions.planned:
        text += f" {sessions.planned} more planned."
    return text


def next_milestone(milestones: Milestones) -> MilestoneStatus | None:
    """The milestone to do next: the first overdue one, else the first not done or skipped,
    in planner order."""
    open_items = [m for m in milestones.items if m.status not in ("done", "skipped")]
    overdue = [m for m in open_items if m.overdue]
    return (overdue or open_items or [None])[0]


def parallel_launch_text(group, day: Callable[[dt.date], str] = dt.date.isoformat) -> str:
    """A parallel launch as one sentence naming the organisation and its networks (not
    their files): "Meridian Group runs 4 first-cycle networks whose 12-week cycles
    overlap: A (from 4 Jan 2027), B (from …) and C (from …)."."""
    names = [f"{r.network or 'a network not named'} (from {day(r.cycle.start)})" for r in group]
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    organization = group[0].organization or "One organisation"
    return (
        f"{organization} runs {len(group)} first-cycle networks whose {CYCLE_WEEKS}-week "
        f"cycles overlap: {listed}."
    )
