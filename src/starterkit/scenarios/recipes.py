"""The scenarios: what goes wrong in each network, and the flags the analyzer raises for it.

Each recipe starts from the healthy plan and changes only what its story needs; everything
else stays healthy, so a scenario raises its own flags and nothing else. Each scenario lists
the week from which each of its flags shows, for an analysis on the fourth day of the week.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from starterkit.scenarios.network import (
    CYCLE_WEEKS,
    NetworkPlan,
    engagement,
    healthy_plan,
    metric_path,
    rounded,
)
from starterkit.scenarios.people import Person
from starterkit.scenarios.stories import Domain

#: Weeks a scenario can be shown at: the 12-week cycle and up to a year after its start.
FIRST_WEEK, LAST_WEEK = 1, 52

Recipe = Callable[[NetworkPlan, random.Random], None]


def check_week(week: object) -> int:
    if isinstance(week, bool) or not isinstance(week, int) or not FIRST_WEEK <= week <= LAST_WEEK:
        raise ValueError(
            f"week must be a whole number from {FIRST_WEEK} to {LAST_WEEK} (the cycle week on "
            f"the analysis date; 1–{CYCLE_WEEKS} run the cycle, later weeks come after it), "
            f"not {week!r}"
        )
    return week


@dataclass(frozen=True)
class Scenario:
    """A named situation of one network and the flags it raises, week by week."""

    name: str
    title: str
    story: str
    #: The week its committed sample is taken at, where its problems show.
    sample_week: int
    #: Changes the healthy plan into this scenario's network.
    recipe: Recipe = field(repr=False, compare=False)
    #: (flag id, first week it shows); once raised, a scenario's flags stay raised.
    flags: tuple[tuple[str, int], ...] = ()

    def expected_flags(self, week: int) -> tuple[str, ...]:
        """The flag ids the analyzer raises in cycle ``week`` (analysed on the ``as_of`` the
        workbook was made for), sorted, each id once even when raised for several sessions
        or regions."""
        check_week(week)
        return tuple(sorted({flag for flag, first in self.flags if week >= first}))


def plan_scenario(
    scenario: Scenario,
    rng: random.Random,
    domain: Domain,
    *,
    organization: tuple[str, str] | None = None,
    sponsor: Person | None = None,
) -> NetworkPlan:
    plan = healthy_plan(rng, domain, organization=organization, sponsor=sponsor)
    scenario.recipe(plan, rng)
    return plan


# --- Shared changes -------------------------------------------------------------------------


def move_metric(plan: NetworkPlan, rng: random.Random, progress: float) -> None:
    """Redraw the business metric so week 12 covers ``progress`` of the way to target."""
    baseline, target = plan.charter["baseline_value"], plan.charter["target_value"]
    values = metric_path(rng, baseline, target, progress, plan.domain.decimals)
    for week, value in zip(plan.weeks, values, strict=True):
        week.metric_value = value


def fade(plan: NetworkPlan, rng: random.Random, from_week: int) -> None:
    """Active members fall away after ``from_week``."""
    counts = engagement(rng, len(plan.people), fading_from=from_week)
    for week, count in zip(plan.weeks, counts, strict=True):
        week.active_members = count


def nothing_applied(plan: NetworkPlan) -> None:
    for case in plan.cases:
        case.applied_day = case.reuse_day = case.teams_applied = None


def last_pulse(plan: NetworkPlan, rng: random.Random, low: float, high: float) -> None:
    plan.weeks[-1].pulse = round(plan.weeks[0].pulse + rng.uniform(low, high), 1)


def decide(plan: NetworkPlan, decision: str, note: str) -> None:
    plan.decision = decision
    plan.milestones["decide_next"].note = note


# --- The scenarios --------------------------------------------------------------------------


def healthy(plan: NetworkPlan, rng: random.Random) -> None:
    """Nothing goes wrong: the healthy plan as drawn."""


THEATER_NOTES = (
    "Slide deck, no time for questions.",
    "Status round, one slide a site.",
    "Guest talk; cases not worked on.",
    "Status updates, cameras off.",
)


def presentation_theater(plan: NetworkPlan, rng: random.Random) -> None:
    """Every session is a presentation or a status update with slides; nothing is captured."""
    falling = sorted((rng.randint(7, 16) for _ in plan.sessions), reverse=True)
    for number, session in enumerate(plan.sessions):
        session.slides, session.pattern = True, None
        if session.format == "demo_day":
            session.notes = "Teams presented slides."
            continue
        session.format = ("presentation", "status_update")[number % 2]
        session.attendees = falling[number]
        session.members_with_problem = rng.choice((0, 1))
        session.notes = THEATER_NOTES[number % len(THEATER_NOTES)]
    nothing_applied(plan)
    for case in plan.cases:
        case.captured = False
    # A team or two copies something seen on a slide: a weak signal, but a signal.
    for session_index in (0, 2):
        copied = plan.cases[plan.sessions[session_index].cases[0]]
        copied.reuse_day = plan.session_day(session_index) + rng.randint(9, 13)
        copied.teams_applied = 1
    plan.milestones["sessions"].note = "Three sessions, all slide talks."
    playbook = plan.milestones["playbook_v01"]
    playbook.done_day, playbook.note_week = None, 8
    playbook.note = "Nothing yet: no pattern captured."
    plan.milestones["review_signals"].note = "Two teams copied a checklist."
    decide(plan, "redesign", "Redesign: jams on live cases.")
    move_metric(plan, rng, rng.uniform(0.25, 0.35))
    last_pulse(plan, rng, 0.0, 0.3)
    fade(plan, rng, 6)


def sponsor_vanished(plan: NetworkPlan, rng: random.Random) -> None:
    """The sponsor signs the charter at kickoff and is never seen again."""
    sponsor, steward = plan.sponsor.name, plan.steward.name
    for number, week in enumerate(plan.weeks, start=1):
        week.sponsor_touchpoints = 1 if number == 1 else 0
    for session in plan.sessions:
        session.sponsor_present = False
    plan.sessions[-1].notes = f"{sponsor} sent apologies."
    plan.milestones["finalize_charter"].note = "Signed off at the kickoff."
    plan.milestones["demo_day"].note = "Held without the sponsor."
    plan.milestones["decide_next"].owner = steward
    plan.milestones["lock_next_goals"].note = "Draft goals await a new sponsor."
    decide(plan, "pause", "Paused until a new sponsor joins.")
    move_metric(plan, rng, rng.uniform(0.45, 0.6))


def drifting_cadence(plan: NetworkPlan, rng: random.Random) -> None:
    """Three sessions on schedule; the fourth slips a month and takes Demo Day's place."""
    postponed, demo = plan.sessions[3], plan.sessions[4]
    postponed.planned_week, postponed.moved_in_week, postponed.week = postponed.week, 10, 12
    postponed.attendees = rng.randint(6, 9)
    postponed.notes = "Postponed from week 10."
    # Its pattern reaches the field only after the cycle, if at all.
    primary = plan.cases[postponed.cases[0]]
    primary.applied_day = primary.reuse_day = primary.teams_applied = None
    demo.cancelled_in_week = 10
    milestone = plan.milestones["demo_day"]
    milestone.done_at_session, milestone.skipped_week = None, 10
    milestone.note = "Dropped: no date with the leaders."
    decide(plan, "redesign", "Redesign: fixed fortnightly slot.")
    move_metric(plan, rng, rng.uniform(0.4, 0.55))
    fade(plan, rng, 8)


VAGUE_PURPOSES = (
    "A community where our {people} share knowledge and learn from each other.",
    "Bring our {people} together to share best practice and build a learning culture.",
    "A forum for {people} to exchange ideas, discuss challenges and share what works.",
)


def vague_charter(plan: NetworkPlan, rng: random.Random) -> None:
    """A community charter: no business metric, no baseline or target, a flexible cadence."""
    plan.charter.update(
        network_name=plan.domain.community_name,
        purpose=rng.choice(VAGUE_PURPOSES).format(people=plan.domain.practitioners),
        business_priority="other",
        business_metric=None,
        metric_unit=None,
        metric_direction=None,
        baseline_value=None,
        target_value=None,
        cadence="flexible",
        session_output="A good conversation about what is working",
        success_measures="People find the sessions useful and keep coming.",
        boundaries="Any topic members bring is welcome.",
    )
    for week in plan.weeks:
        week.metric_value = None
    for case in plan.cases:
        case.linked_metric = False
    # With no fixed rhythm the fourth session lands a week late.
    late = plan.sessions[3]
    late.week += 1
    primary = plan.cases[late.cases[0]]
    primary.applied_day = plan.session_day(3) + rng.randint(7, 10)
    primary.reuse_day = primary.teams_applied = None
    plan.milestones["finalize_charter"].note = "Left open for the community."
    decide(plan, "continue", "Continue as a sharing forum.")


def steward_bottleneck(plan: NetworkPlan, rng: random.Random) -> None:
    """The steward runs every session and logs two cases in three; nobody else steps in."""
    plan.steward = dataclasses.replace(plan.steward, allocation=0.2)
    plan.charter["steward_allocation_pct"] = 0.2
    for session in plan.sessions:
        session.facilitator = plan.steward
    # Two in three from the very first cases: over half of them at every point.
    for number, case in enumerate(plan.cases):
        if number % 3 != 2:
            case.person = plan.steward
    plan.sessions[1].notes = f"{plan.facilitators[0].name} not briefed to co-lead."
    plan.sessions[3].notes = "Steward ran it and the recap."
    plan.milestones["playbook_v01"].owner = plan.steward.name
    plan.milestones["sessions"].note = "All three run by the steward."
    decide(plan, "continue", "Continue; train two facilitators.")


def region_excluded(plan: NetworkPlan, rng: random.Random) -> None:
    """People sit in APAC, but every session runs in an EMEA or AMER time slot."""
    left_out = "APAC"
    hosts = [f for f in plan.facilitators if f.region != left_out]
    for number, session in enumerate(plan.sessions):
        if session.format == "demo_day":
            sponsor_region = plan.sponsor.region
            session.slot = sponsor_region if sponsor_region != left_out else hosts[0].region
        else:
            session.facilitator = hosts[number % len(hosts)]
            session.slot = session.facilitator.region
    excluded = next(f for f in plan.facilitators if f.region == left_out).name
    plan.sessions[2].notes = f"{excluded} asked for an APAC slot."
    # After a few weeks without live access, APAC stops bringing cases.
    others = [p for p in plan.practitioners if p.region != left_out]
    for case in plan.cases:
        if case.person.region == left_out and case.day >= 7 * 5:
            case.person = rng.choice(others)
    plan.milestones["sessions"].note = "Three sessions, EMEA/AMER slots."
    plan.milestones["review_signals"].note = "No APAC team reusing a pattern."


def no_adoption_signal(plan: NetworkPlan, rng: random.Random) -> None:
    """Sessions capture patterns, but nobody uses one in the field and the metric stays put."""
    nothing_applied(plan)
    baseline, target = plan.charter["baseline_value"], plan.charter["target_value"]
    move_metric(plan, rng, 0.0)
    # The last week ends a notch on the wrong side of the baseline.
    notch = max(10**-plan.domain.decimals, abs(target - baseline) * 0.03)
    worse = baseline - notch if target > baseline else baseline + notch
    plan.weeks[-1].metric_value = rounded(worse, plan.domain.decimals)
    last_pulse(plan, rng, 0.0, 0.1)
    fade(plan, rng, 7)
    plan.sessions[-1].notes = "No pattern tried in the field."
    plan.milestones["playbook_v01"].note = "Three patterns; none tried yet."
    plan.milestones["review_signals"].note = "No pattern used, none reused."
    decide(plan, "redesign", "Redesign: each pattern gets an owner.")


SCENARIOS: dict[str, Scenario] = {
    scenario.name: scenario
    for scenario in (
        Scenario(
            name="healthy",
            title="A healthy network",
            story=(
                "A sponsor-backed network works on real cases every two weeks, rotating "
                "facilitators and time slots, and its business metric moves toward target."
            ),
            sample_week=10,
            recipe=healthy,
        ),
        Scenario(
            name="presentation-theater",
            title="Sessions turned into presentations",
            story=(
                "Sessions became slide presentations and status updates: people listen and "
                "leave, no pattern is captured and the playbook stays empty."
            ),
            sample_week=9,
            flags=(("presentation-theater", 4), ("session-no-pattern", 4), ("no-playbook", 9)),
            recipe=presentation_theater,
        ),
        Scenario(
            name="sponsor-vanished",
            title="The sponsor vanished after kickoff",
            story=(
                "The sponsor signed the charter at kickoff and has not been seen since: no "
                "touchpoints, and absent from every session, Demo Day included."
            ),
            sample_week=9,
            flags=(("sponsor-passive", 6),),
            recipe=sponsor_vanished,
        ),
        Scenario(
            name="drifting-cadence",
            title="Cadence drifts and Demo Day is dropped",
            story=(
                "Three sessions ran on schedule, then the fourth slipped by a month and "
                "took Demo Day's place; Demo Day never happened."
            ),
            sample_week=13,
            flags=(("demo-day-skipped", 10), ("cadence-drift", 11)),
            recipe=drifting_cadence,
        ),
        Scenario(
            name="vague-charter",
            title="A community without a business purpose",
            story=(
                "The charter describes a community for sharing knowledge: no business "
                "metric, no baseline or target, and the cadence is left flexible."
            ),
            sample_week=9,
            flags=(
                ("charter-purpose-vague", 1),
                ("charter-no-metric", 1),
                ("charter-cadence-flexible", 1),
            ),
            recipe=vague_charter,
        ),
        Scenario(
            name="steward-bottleneck",
            title="The steward does everything",
            story=(
                "The steward facilitates every session and logs most of the cases on the "
                "members' behalf; the named facilitators never run a session."
            ),
            sample_week=9,
            flags=(("steward-bottleneck", 2), ("facilitator-not-rotating", 8)),
            recipe=steward_bottleneck,
        ),
        Scenario(
            name="region-excluded",
            title="A region left out",
            story=(
                "Colleagues in APAC are members, but every session runs in an EMEA or AMER "
                "time slot, so they never get live access."
            ),
            sample_week=9,
            flags=(("region-excluded", 8),),
            recipe=region_excluded,
        ),
        Scenario(
            name="no-adoption-signal",
            title="Patterns nobody uses",
            story=(
                "Sessions capture patterns, but by week 8 none is used in the field and no "
                "team repeats a method; the business metric does not move."
            ),
            sample_week=9,
            flags=(("no-adoption-signal", 8), ("no-measurable-improvement", 13)),
            recipe=no_adoption_signal,
        ),
    )
}
