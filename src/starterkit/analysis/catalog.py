"""The red-flag catalog: every flag id with its severity and recommended action.

Ids and severities follow the kit contract (shared design, "Red-flag catalog"); the
order here is the catalog order, which reports keep within a severity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from starterkit.findings import Finding, Location, Severity


@dataclass(frozen=True)
class FlagDef:
    id: str
    severity: Severity
    title: str
    action: str


HIGH, MEDIUM, LOW = Severity.HIGH, Severity.MEDIUM, Severity.LOW

FLAGS: tuple[FlagDef, ...] = (
    FlagDef(
        "charter-purpose-vague",
        HIGH,
        "Purpose names no outcome",
        "Rewrite the purpose as the business problem to move: which metric, from what value "
        "to what value, by when.",
    ),
    FlagDef(
        "charter-no-metric",
        HIGH,
        "No business metric to move",
        "Agree one business metric with the sponsor and record its baseline and target in "
        "the Charter.",
    ),
    FlagDef(
        "charter-cadence-flexible",
        HIGH,
        "Cadence not fixed",
        "Pick a fixed cadence (weekly, every two weeks or monthly) and put the sessions in "
        "calendars now.",
    ),
    FlagDef(
        "roles-by-availability",
        MEDIUM,
        "Roles filled by availability",
        "Give sponsor, steward and facilitator roles to people chosen for the capability, "
        "not to whoever had time.",
    ),
    FlagDef(
        "ownership-gap",
        HIGH,
        "Ownership unclear",
        "Name a sponsor and a steward in the Charter and list both in Roles & RACI.",
    ),
    FlagDef(
        "raci-accountability",
        MEDIUM,
        "RACI without clear accountability",
        "Give every RACI activity exactly one A and at least one R.",
    ),
    FlagDef(
        "sponsor-passive",
        HIGH,
        "Sponsor passive",
        "Book a short sponsor touchpoint this week, or invite the sponsor to the next "
        "session, and log it.",
    ),
    FlagDef(
        "steward-bottleneck",
        MEDIUM,
        "Steward is a bottleneck",
        "Rotate facilitation and ask members to bring their own cases; the steward runs the "
        "rhythm, not every session.",
    ),
    FlagDef(
        "facilitator-not-rotating",
        LOW,
        "Facilitation not rotating",
        "Let another member facilitate the next session.",
    ),
    FlagDef(
        "leadership-heavy",
        LOW,
        "Leadership time too heavy",
        "Keep sponsor time near 20–30 minutes a month and the steward at 10–20 % of their "
        "time; a heavier load turns the network into a training programme.",
    ),
    FlagDef(
        "volunteer-membership",
        LOW,
        "Membership open to all volunteers",
        "Invite the people who own the problem and do the work, not everyone who likes to join.",
    ),
    FlagDef(
        "presentation-theater",
        HIGH,
        "Sessions are presentations",
        "Turn sessions into problem-solving on members' live cases: no slides, no status round.",
    ),
    FlagDef(
        "session-no-pattern",
        MEDIUM,
        "Session captured no pattern",
        "Close every session by writing down the pattern it produced, and add it to the playbook.",
    ),
    FlagDef(
        "session-no-case",
        MEDIUM,
        "Session without a real case",
        "Ask members to bring a live problem; do not hold a session without one.",
    ),
    FlagDef(
        "recap-late",
        LOW,
        "Recap late or missing",
        "Publish a five-bullet recap within a day of every session.",
    ),
    FlagDef(
        "region-excluded",
        MEDIUM,
        "Region without live access",
        "Hold the next session in a time slot that suits this region.",
    ),
    FlagDef(
        "no-baseline-pulse",
        MEDIUM,
        "No baseline pulse",
        "Take the capability pulse now and record it, so the cycle's progress can be shown.",
    ),
    FlagDef(
        "cases-weak",
        MEDIUM,
        "Too few cases",
        "Collect real cases from members and their managers before the next session.",
    ),
    FlagDef(
        "cadence-drift",
        HIGH,
        "Cadence drifting",
        "Put the next session in the calendar at the charter cadence and keep the slot fixed.",
    ),
    FlagDef(
        "no-playbook",
        MEDIUM,
        "No playbook v0.1",
        "Publish playbook v0.1 with the patterns captured so far.",
    ),
    FlagDef(
        "demo-day-skipped",
        HIGH,
        "Demo Day skipped",
        "Hold Demo Day: members show leaders what changed, with the figures.",
    ),
    FlagDef(
        "no-next-decision",
        MEDIUM,
        "No decision on the next cycle",
        "Review the signals with the sponsor, decide to continue, pause or redesign, and "
        "lock next cycle's goals.",
    ),
    FlagDef(
        "no-adoption-signal",
        HIGH,
        "No adoption signal",
        "Find one pattern members have used in the field or one team that reused a method, "
        "and record it; if there is none, change what sessions produce.",
    ),
    FlagDef(
        "no-measurable-improvement",
        MEDIUM,
        "No measurable improvement",
        "Review with the sponsor whether the network works on the right problem before "
        "starting another cycle.",
    ),
    FlagDef(
        "parallel-launch",
        MEDIUM,
        "First networks launched in parallel",
        "Run one network at a time until it proves the model, then launch the next.",
    ),
)

#: What each network flag reads: charter fields (``charter.<key>``), tables (``<table>``),
#: table columns (``<table>.<column>``) and ``planner_decision``. A flag whose input the
#: reader could not find is not judged at all (``analysis.checks.unjudged`` says so), so no
#: flag ever rests on data that was not read.
NEEDS: dict[str, tuple[str, ...]] = {
    "charter-purpose-vague": ("charter.purpose",),
    "charter-no-metric": ("charter.business_metric", "charter.baseline_value", "charter.target_value"),
    "charter-cadence-flexible": ("charter.cadence",),
    "roles-by-availability": ("roles.role", "roles.selected_for"),
    "ownership-gap": ("charter.sponsor", "charter.steward", "roles.person", "roles.role"),
    "raci-accountability": ("raci",),
    "sponsor-passive": (
        "charter.cycle_start", "metrics.sponsor_touchpoints", "sessions.date",
        "sessions.sponsor_present",
    ),
    "steward-bottleneck": ("charter.steward", "sessions.facilitator", "cases.submitted_by"),
    "facilitator-not-rotating": ("sessions.date", "sessions.facilitator"),
    "leadership-heavy": ("charter.sponsor_minutes_per_month", "charter.steward_allocation_pct"),
    "volunteer-membership": ("charter.member_selection",),
    "presentation-theater": ("sessions.date", "sessions.format", "sessions.slides_used"),
    "session-no-pattern": ("sessions.date", "sessions.pattern"),
    "session-no-case": ("sessions.date", "sessions.cases", "sessions.members_with_problem"),
    "recap-late": ("sessions.date", "sessions.recap_published_on"),
    "region-excluded": ("charter.cycle_start", "roles.region", "sessions.date", "sessions.time_slot"),
    "no-baseline-pulse": ("charter.cycle_start", "milestones.status", "metrics.pulse_score"),
    "cases-weak": ("charter.cycle_start", "cases", "cases.submitted_on"),
    "cadence-drift": ("charter.cycle_start", "charter.cadence", "sessions.date"),
    "no-playbook": ("charter.cycle_start", "milestones.milestone", "milestones.status"),
    "demo-day-skipped": ("charter.cycle_start", "milestones.milestone", "milestones.status"),
    "no-next-decision": (
        "charter.cycle_start", "milestones.milestone", "milestones.status", "planner_decision",
    ),
    "no-adoption-signal": (
        "charter.cycle_start", "metrics.patterns_used_in_field",
        "metrics.teams_repeating_methods", "cases.teams_applied",
    ),
    "no-measurable-improvement": (
        "charter.cycle_start", "charter.baseline_value", "charter.target_value",
        "charter.metric_direction", "metrics.metric_value",
    ),
}  # fmt: skip

BY_ID = {flag.id: flag for flag in FLAGS}
ORDER = {flag.id: index for index, flag in enumerate(FLAGS)}


def finding(flag_id: str, message: str, evidence: Iterable[Location] = ()) -> Finding:
    """A finding for a catalog flag, with the catalog's severity and action."""
    flag = BY_ID[flag_id]
    return Finding(flag.id, flag.severity, message, flag.action, tuple(evidence))


def in_catalog_order(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first, then catalog order; findings of one flag keep their order."""
    return sorted(findings, key=lambda f: (f.severity.rank, ORDER.get(f.id, len(ORDER))))
