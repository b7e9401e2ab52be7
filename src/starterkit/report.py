"""The report object every output format reads: one per network, combined into a portfolio.

Built by the analysis (no file IO); turned into text, JSON and the other formats by
``starterkit.reporters``. Field names here are the JSON field names, so they are part of
the published, versioned report schema (``REPORT_SCHEMA_VERSION``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

from starterkit.findings import SEVERITIES, DataFinding, Finding, Location, Severity
from starterkit.kit.contract import (
    CasePriority,
    CaseStatus,
    HealthStatus,
    MetricStatus,
    SessionFormat,
)
from starterkit.records import Record

REPORT_SCHEMA_VERSION = 2

#: Weight of each severity in a network's risk score (used to rank networks).
RISK_WEIGHTS = {Severity.HIGH: 5, Severity.MEDIUM: 2, Severity.LOW: 1}

#: The verdict rule (``NetworkReport.verdict``), in one place. A network is at risk with
#: two or more high flags, with a high flag that leaves it without an owner or without a
#: business metric to move (``AT_RISK_ALONE``), or with a risk score of ``AT_RISK_SCORE``
#: or more (a high flag and several medium ones); it is to watch with any other high flag
#: or with two or more medium flags; otherwise it is on track (a single medium flag and
#: low flags are things to fix, not risk).
AT_RISK_ALONE = frozenset({"ownership-gap", "charter-no-metric"})
AT_RISK_SCORE = 12

# The report's fixed word lists. Each is a type (what a field may hold) and a tuple (the
# same words, in order); the JSON Schema's enums are made from them. What a reader is
# shown for each word is ``reporters.wording``'s business.

#: A network's overall verdict, worst first (``NetworkReport.verdict``).
Verdict = Literal["at_risk", "watch", "on_track"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)

#: Which part of the verdict rule decided it (``NetworkReport.verdict_reason``), by verdict:
#: at risk by two high flags, a high flag that is at risk alone, or the risk score; watch by
#: one high flag or two medium ones; on track with at most one medium flag.
VerdictReason = Literal[
    "high_flags", "high_flag_alone", "risk_score", "one_high_flag", "medium_flags", "few_flags"
]
VERDICT_REASONS: tuple[VerdictReason, ...] = get_args(VerdictReason)

#: Cycle phases (``CyclePosition.phase``), in cycle order.
Phase = Literal["not_started", "launch", "sessions", "demo_and_review", "after_cycle", "unknown"]
PHASES: tuple[Phase, ...] = get_args(Phase)

#: How the reader found the kit's data (``NetworkReport.route``), most trusted first.
Route = Literal["tables", "defined names", "headers"]
ROUTES: tuple[Route, ...] = get_args(Route)

#: Where the kit's spec came from (``NetworkReport.spec_source``), most trusted first.
SpecSource = Literal["embedded", "default"]
SPEC_SOURCES: tuple[SpecSource, ...] = get_args(SpecSource)

#: Why a file was folded into a network's current return (``ReturnedFile.rule``; kit.md,
#: "Identity"): the same kit id and network name · no ids, but the same organisation,
#: network name and cycle start · an earlier cycle of the same network id.
FoldRule = Literal["same_kit_id", "same_charter", "earlier_cycle"]
FOLD_RULES: tuple[FoldRule, ...] = get_args(FoldRule)

#: A file's place in its network (``ReturnedFile.role``).
ReturnRole = Literal["current", "earlier"]
RETURN_ROLES: tuple[ReturnRole, ...] = get_args(ReturnRole)

#: Directions of a headline signal (``Signal.trend``); "none" means fewer than two values.
Trend = Literal["up", "down", "flat", "none"]
TRENDS: tuple[Trend, ...] = get_args(Trend)


#: A class of the report: frozen and slotted; equality, hash and repr from Record.
record = dataclass(frozen=True, slots=True, eq=False, repr=False)


def severity_counts(flags: Iterable[Finding]) -> dict[Severity, int]:
    """Flags per severity, every severity present, most severe first."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for flag in flags:
        counts[flag.severity] += 1
    return counts


@record
class CyclePosition(Record):
    start: dt.date | None
    end: dt.date | None
    #: Cycle week as of the analysis date: floor((as_of - start) / 7) + 1; None without a start.
    week: int | None
    #: not_started · launch (weeks 1–3) · sessions (4–8) · demo_and_review (9–12) · after_cycle · unknown
    phase: Phase
    cycle_number: int
    #: The Charter cell holding the cycle start (evidence for portfolio flags).
    start_cell: Location | None = None


@record
class MilestoneStatus(Record):
    milestone: str
    title: str
    window: str
    due: dt.date | None
    status: str | None
    done_on: dt.date | None
    overdue: bool
    location: Location


@record
class Milestones(Record):
    done: int
    total: int
    items: tuple[MilestoneStatus, ...]

    @property
    def overdue(self) -> tuple[MilestoneStatus, ...]:
        return tuple(m for m in self.items if m.overdue)


@record
class WeeklySignals(Record):
    """One Metrics row, with the computed columns recomputed from inputs."""

    week: int
    week_start: dt.date | None
    active_members: float | None
    attendance: float | None
    cases_submitted: int | None
    patterns_captured: int | None
    patterns_used_in_field: float | None
    median_days_to_solve: float | None
    teams_repeating_methods: float | None
    sponsor_touchpoints: float | None
    pulse_score: float | None
    metric_value: float | None


@record
class Signal(Record):
    """One of the three headline adoption signals: its latest value and its direction."""

    key: str
    label: str
    latest: float | None
    latest_week: int | None
    #: up · down · flat · none (fewer than two values): the first filled week against the latest
    trend: Trend
    #: True when a rise is good news (not for days to solve).
    higher_is_better: bool
    #: The first week with a value: the trend runs from it to ``latest_week``.
    first_week: int | None = None


@record
class SessionRecord(Record):
    """One dated Sessions row: what the steward logged, with its week and recap timing worked out."""

    session_no: int | None
    date: dt.date
    #: Cycle week of the date; None without a cycle start.
    week: int | None
    #: Dated on or before the analysis date (later ones are planned).
    held: bool
    format: SessionFormat | None
    facilitator: str | None
    case_ids: tuple[str, ...]
    time_slot: str | None
    attendees: float | None
    members_with_problem: float | None
    slides_used: bool | None
    pattern: str | None
    recap_published_on: dt.date | None
    #: Recap within the allowed days; None while it is not due yet.
    recap_on_time: bool | None
    sponsor_present: bool | None
    location: Location


@record
class Sessions(Record):
    held: int
    planned: int
    expected: int | None
    attendance_by_week: tuple[tuple[int, float], ...]
    average_attendance: float | None
    with_pattern_share: float | None
    recap_on_time_share: float | None
    sponsor_present: int
    #: Every dated session, earliest first.
    items: tuple[SessionRecord, ...] = ()


@record
class CaseRecord(Record):
    """One submitted case (a Cases row with anything typed beyond its prefilled id)."""

    case_id: str | None
    submitted_on: dt.date | None
    submitted_by: str | None
    team: str | None
    region: str | None
    problem: str | None
    linked_metric: bool | None
    priority: CasePriority | None
    recurring: bool | None
    status: CaseStatus | None
    session_date: dt.date | None
    pattern: str | None
    applies_next: str | None
    solved_on: dt.date | None
    days_to_solve: int | None
    teams_applied: float | None
    location: Location


@record
class CaseFunnel(Record):
    submitted: int
    discussed: int
    pattern: int
    applied: int
    parked: int
    #: The cases counted as submitted, in sheet order.
    items: tuple[CaseRecord, ...] = ()


@record
class BusinessMetric(Record):
    name: str | None
    unit: str | None
    direction: str | None
    baseline: float | None
    latest: float | None
    latest_week: int | None
    target: float | None
    #: Share of the way from baseline to target covered by the latest value.
    progress_share: float | None
    status: MetricStatus | None


@record
class Pulse(Record):
    baseline: float | None
    baseline_week: int | None
    latest: float | None
    latest_week: int | None


@record
class Moved(Record):
    """A headline signal or the business metric that moved between two returns."""

    #: The signal's key, or "business_metric".
    key: str
    label: str
    before: float | None
    after: float | None


@record
class Changes(Record):
    """What changed since the network-cycle's previous return (the latest of its earlier
    returns): flags raised and resolved, figures moved, sessions and cases added."""

    #: The earlier return compared with, and the day of its latest dated entry.
    since_source: str
    since_latest_entry: dt.date | None
    #: Flags this return raises that the earlier one did not (matched by id and evidence,
    #: then by id).
    raised: tuple[Finding, ...]
    #: Flags the earlier return raised that this one no longer does.
    resolved: tuple[Finding, ...]
    #: The three signals and the business metric whose latest value moved, before → after.
    moved: tuple[Moved, ...]
    #: Held sessions and submitted cases since the earlier return (negative when removed).
    sessions_added: int
    cases_added: int


@record
class ReturnedFile(Record):
    """One analyzed file and where it went: its network's current return or its history."""

    source: str
    kit_id: str | None
    network_id: str | None
    network: str | None
    #: current · earlier
    role: ReturnRole
    #: The source of the network's current return (the file itself when current).
    current_source: str
    #: The rule that folded it into the current return; None for the current file.
    rule: FoldRule | None
    #: The day of the latest dated entry in the file (None when nothing is dated).
    latest_entry: dt.date | None


@record
class NetworkReport(Record):
    """Everything the analysis says about one returned workbook."""

    source: str
    kit_id: str | None
    organization: str | None
    network: str | None
    as_of: dt.date
    route: Route
    spec_source: SpecSource
    cycle: CyclePosition
    #: Start Here check key (``kit.contract.HEALTH_CHECKS``) -> its verdict.
    health: dict[str, HealthStatus]
    milestones: Milestones
    weeks: tuple[WeeklySignals, ...]
    signals: tuple[Signal, ...]
    sessions: Sessions
    cases: CaseFunnel
    business_metric: BusinessMetric
    pulse: Pulse
    flags: tuple[Finding, ...]
    data_findings: tuple[DataFinding, ...]
    #: The network across its cycles (kit version 2 on); None for a v1 or stripped kit.
    network_id: str | None = None
    #: The kit of the cycle before, in a kit made by ``next``.
    previous_kit_id: str | None = None
    #: What changed since the previous return of this network-cycle; None for its first.
    changes: Changes | None = None

    @property
    def risk_score(self) -> int:
        return sum(RISK_WEIGHTS[f.severity] for f in self.flags)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.flags if f.severity is severity)

    def severity_counts(self) -> dict[Severity, int]:
        """The network's flags per severity, most severe first."""
        return severity_counts(self.flags)

    @property
    def verdict_reason(self) -> VerdictReason:
        """The part of the verdict rule (``AT_RISK_ALONE``) that decided the verdict."""
        high = self.count(Severity.HIGH)
        if high >= 2:
            return "high_flags"
        if any(f.severity is Severity.HIGH and f.id in AT_RISK_ALONE for f in self.flags):
            return "high_flag_alone"
        if self.risk_score >= AT_RISK_SCORE:
            return "risk_score"
        if high:
            return "one_high_flag"
        if self.count(Severity.MEDIUM) >= 2:
            return "medium_flags"
        return "few_flags"

    @property
    def verdict(self) -> Verdict:
        """at_risk, watch or on_track by the verdict rule (``AT_RISK_ALONE``)."""
        reason = self.verdict_reason
        if reason in ("high_flags", "high_flag_alone", "risk_score"):
            return "at_risk"
        if reason in ("one_high_flag", "medium_flags"):
            return "watch"
        return "on_track"


@record
class FileError(Record):
    """A file that could not be analyzed at all, and why."""

    source: str
    message: str
    fix: str


@record
class FlagFrequency(Record):
    id: str
    severity: Severity
    networks: int


@record
class Portfolio(Record):
    """Many networks at once: each network's current report, what recurs, who is most at
    risk, and every file with the network it was folded into."""

    as_of: dt.date
    #: A tuple, or for a portfolio put together by ``analysis.combine`` the reports kept
    #: packed (``packed.PackedReports``), each unpacked when read.
    networks: Sequence[NetworkReport]
    errors: tuple[FileError, ...] = ()
    flag_frequency: tuple[FlagFrequency, ...] = ()
    #: Indexes into ``networks``, highest risk first.
    ranking: tuple[int, ...] = ()
    flags: tuple[Finding, ...] = field(default=())
    #: Every analyzed file, in the order given: which network it is and why (a network's
    #: repeated returns and earlier cycles fold into its one current report).
    returns: tuple[ReturnedFile, ...] = ()

    def all_flags(self) -> list[Finding]:
        return [*self.flags, *(f for n in self.networks for f in n.flags)]

    def severity_counts(self) -> dict[Severity, int]:
        """Flags per severity over the portfolio flags and every network's, most severe first."""
        counts = severity_counts(self.flags)
        for flag_counts, _ in self.network_counts():
            for severity, count in zip(SEVERITIES, flag_counts, strict=True):
                counts[severity] += count
        return counts

    def data_finding_count(self) -> int:
        """Data findings over every network."""
        return sum(data_findings for _, data_findings in self.network_counts())

    def network_counts(self) -> Iterator[tuple[tuple[int, ...], int]]:
        """Each network's flags per severity (most severe first) and its data findings;
        packed reports keep these beside them, so counting unpacks none."""
        from starterkit.packed import PackedReports

        if isinstance(self.networks, PackedReports):
            return ((packed.flag_counts, packed.data_findings) for packed in self.networks.packed)
        return (
            (tuple(network.severity_counts().values()), len(network.data_findings))
            for network in self.networks
        )

    def ranked(self) -> list[NetworkReport]:
        """The networks highest risk first: in ``ranking`` order, or by risk score for a
        portfolio put together without one."""
        order = list(self.ranking) or sorted(
            range(len(self.networks)), key=lambda i: -self.networks[i].risk_score
        )
        return [self.networks[i] for i in order]
