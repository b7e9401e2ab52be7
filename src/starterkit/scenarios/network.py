"""One network's 90-day cycle, planned in full, then shown as its steward had filled it in.

``healthy_plan`` draws a well-run network from a seeded generator: people, cases, sessions,
milestones and weekly figures, all placed on cycle days. A scenario's recipe then changes
the parts that go wrong; ``scenarios.rows.render`` shows the plan as filled in by a week.

The plan never looks at the calendar, so one seed gives the same network at every week.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from starterkit.scenarios.calendar import day_in_week
from starterkit.scenarios.people import REGIONS, NamePicker, Person, email_address
from starterkit.scenarios.stories import Domain, Story

CYCLE_WEEKS = 12
CYCLE_LAST_DAY = 7 * CYCLE_WEEKS - 1

#: First week of each milestone's window: before it a milestone has not started.
MILESTONE_WINDOW_START = {
    "baseline_pulse": 1,
    "gather_cases": 1,
    "finalize_charter": 1,
    "sessions": 4,
    "playbook_v01": 4,
    "demo_day": 9,
    "review_signals": 9,
    "decide_next": 9,
    "lock_next_goals": 9,
}

#: When each case comes in: (week, half of the week). Six arrive before the first session.
CASE_ARRIVALS = (
    (1, "early"), (1, "late"), (2, "early"), (2, "late"), (3, "early"), (3, "late"),
    (5, "early"), (6, "late"), (7, "early"), (8, "late"), (9, "early"), (10, "late"),
)  # fmt: skip
#: The healthy rhythm: a working session every two weeks from week 4, then Demo Day.
WORKING_SESSION_WEEKS = (4, 6, 8, 10)
DEMO_DAY_WEEK = 12
MEMBER_COUNT = 8
ALLOCATION = 0.05
#: What the steward notes about a healthy session of each format.
SESSION_NOTES = {
    "problem_solving_jam": "Case script run end to end.",
    "office_hours": "Unblocked two teams.",
    "show_and_tell": "Before-and-after photos shown.",
}


@dataclass
class SessionPlan:
    week: int
    format: str
    facilitator: Person
    slot: str
    attendees: int
    members_with_problem: int
    #: Indexes of the cases worked on (the first one's pattern is the one captured).
    cases: list[int]
    pattern: str | None = None
    slides: bool = False
    sponsor_present: bool = False
    recap_next_day: bool = True
    notes: str | None = None
    #: Demo Day also lists the cases already applied in the field, as before-and-after stories.
    showcase: bool = False
    #: A postponed session showed ``planned_week`` until ``moved_in_week``; a cancelled
    #: one's row is deleted in ``cancelled_in_week``. Both happen before the old date comes,
    #: so a session that did not take place never counts as held.
    planned_week: int | None = None
    moved_in_week: int | None = None
    cancelled_in_week: int | None = None

    def shown_week(self, week: int) -> int | None:
        """The week the row's date falls in, as the planner shows it in ``week``."""
        if self.cancelled_in_week is not None and week >= self.cancelled_in_week:
            return None
        if self.planned_week is not None and week < (self.moved_in_week or 0):
            return self.planned_week
        return self.week


@dataclass
class CasePlan:
    day: int
    person: Person
    story: Story
    priority: str = "medium"
    recurring: bool = True
    linked_metric: bool = True
    #: Index of the session that works on the case.
    session: int | None = None
    #: That session captured this case's pattern.
    captured: bool = False
    #: The pattern was used in real work and the problem solved.
    applied_day: int | None = None
    #: Other teams reused the method from this day on.
    reuse_day: int | None = None
    teams_applied: int | None = None
    parked_day: int | None = None


@dataclass
class MilestonePlan:
    owner: str
    done_day: int | None = None
    #: Done on the day of this session (index) instead of ``done_day``.
    done_at_session: int | None = None
    skipped_week: int | None = None
    note: str | None = None
    #: The note shows from this week; by default once the milestone is done or skipped.
    note_week: int | None = None


@dataclass
class WeekPlan:
    active_members: int
    sponsor_touchpoints: int
    pulse: float | None = None
    metric_value: float | None = None


@dataclass
class NetworkPlan:
    domain: Domain
    charter: dict[str, Any]
    sponsor: Person
    steward: Person
    data_partner: Person
    facilitators: list[Person]
    practitioners: list[Person]
    sessions: list[SessionPlan]
    cases: list[CasePlan]
    milestones: dict[str, MilestonePlan]
    #: Weeks 1 to 12.
    weeks: list[WeekPlan]
    decision: str

    @property
    def people(self) -> list[Person]:
        """Everyone in Roles: the leads first, then the practitioners."""
        return [
            self.sponsor,
            self.steward,
            self.data_partner,
            *self.facilitators,
            *self.practitioners,
        ]

    def session_day(self, index: int) -> int:
        """A nominal cycle day of a session, for planning what follows it."""
        return day_in_week(self.sessions[index].week, 1)


def figure(value: float) -> str:
    """A number as a person writes it: 71, not 71.0."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def rounded(value: float, decimals: int) -> float:
    """A metric value to the domain's precision; whole numbers stay whole."""
    return round(value) if decimals == 0 else round(value, decimals)


def half_day(rng: random.Random, week: int, half: str) -> int:
    """A cycle day in the early (days 0–3) or late (days 4–6) half of ``week``."""
    return day_in_week(week, rng.randrange(0, 4) if half == "early" else rng.randrange(4, 7))


def metric_path(
    rng: random.Random, baseline: float, target: float, progress: float, decimals: int
) -> list[float]:
    """Weekly metric values: flat through launch, then an S-curve to ``progress`` of the way
    from baseline to target in week 12, with noise on every week but the last."""
    values = []
    for week in range(1, CYCLE_WEEKS + 1):
        share = max(0.0, (week - 3) / (CYCLE_WEEKS - 3))
        moved = progress * (3 * share**2 - 2 * share**3)
        if week < CYCLE_WEEKS:
            moved += rng.uniform(-0.05, 0.05)
        values.append(rounded(baseline + (target - baseline) * moved, decimals))
    return values


def engagement(rng: random.Random, people: int, *, fading_from: int | None = None) -> list[int]:
    """Active members per week: growing as sessions start, or fading from a week on."""
    counts = []
    for week in range(1, CYCLE_WEEKS + 1):
        share = 0.45 + 0.035 * (week - 1)
        if fading_from is not None and week > fading_from:
            share = 0.45 + 0.035 * (fading_from - 1) - 0.06 * (week - fading_from)
        counts.append(max(2, min(people, round(people * share) + rng.choice((-1, 0, 0, 1)))))
    return counts


def healthy_plan(
    rng: random.Random,
    domain: Domain,
    *,
    organization: tuple[str, str] | None = None,
    sponsor: Person | None = None,
) -> NetworkPlan:
    """A well-run first cycle: every part of the article's rhythm done on time."""
    organization_name, email_domain = organization or rng.choice(domain.organizations)
    picker = NamePicker(rng, taken={sponsor.name} if sponsor else None)

    def person(role: str, region: str, team: str, allocation: float | None = None) -> Person:
        name = picker.name(region)
        return Person(name, role, team, region, email_address(name, email_domain), allocation)

    def practitioner(role: str, region: str) -> Person:
        return person(role, region, rng.choice(domain.teams[region]), ALLOCATION)

    sponsor = sponsor or person("sponsor", rng.choice(REGIONS), domain.sponsor_team)
    steward = person(
        "steward", rng.choice(REGIONS), domain.steward_team, rng.choice((0.1, 0.15, 0.15, 0.2))
    )
    data_partner = person("data_partner", rng.choice(REGIONS), domain.data_team, ALLOCATION)
    facilitators = [practitioner("facilitator", region) for region in rng.sample(REGIONS, 3)]
    sme = person("sme", rng.choice(REGIONS), domain.sme_team, ALLOCATION)
    member_regions = rng.sample(REGIONS, 3)
    members = [practitioner("member", member_regions[i % 3]) for i in range(MEMBER_COUNT)]
    practitioners = [sme, *members]

    cases = _cases(rng, domain, [*facilitators, *practitioners])
    sessions = _sessions(rng, sponsor, steward, facilitators)
    _work_on_cases(rng, sessions, cases)

    baseline_shift = rng.choice((-1, 0, 0, 1)) * domain.baseline_step
    baseline, target = domain.baseline + baseline_shift, domain.target + baseline_shift
    people_count = len([sponsor, steward, data_partner, *facilitators, *practitioners])
    pulse_start = round(rng.uniform(2.3, 2.9), 1)
    weeks = [
        WeekPlan(active_members=active, sponsor_touchpoints=1 if week % 2 else rng.choice((0, 1)))
        for week, active in enumerate(engagement(rng, people_count), start=1)
    ]
    weeks[0].pulse = pulse_start
    weeks[-1].pulse = round(pulse_start + rng.uniform(0.6, 1.0), 1)
    progress = rng.uniform(0.85, 1.1)
    values = metric_path(rng, baseline, target, progress, domain.decimals)
    for week, value in zip(weeks, values, strict=True):
        week.metric_value = value

    figures = {"baseline": figure(baseline), "target": figure(target)}
    charter = {
        "organization": organization_name,
        "network_name": rng.choice(domain.network_names),
        "capability": domain.capability,
        "purpose": domain.purpose.format(**figures),
        "business_priority": domain.business_priority,
        "business_metric": domain.metric,
        "metric_unit": domain.unit,
        "metric_direction": domain.direction,
        "baseline_value": baseline,
        "target_value": target,
        "sponsor": sponsor.name,
        "steward": steward.name,
        "data_partner": data_partner.name,
        "sponsor_minutes_per_month": rng.choice((20, 25, 30)),
        "steward_allocation_pct": steward.allocation,
        "cadence": "every_two_weeks",
        "session_length_min": rng.choice((45, 60, 60, 75)),
        "session_output": domain.session_output,
        "cycle_number": 1,
        "success_measures": domain.success_measures.format(**figures),
        "boundaries": domain.boundaries,
        "member_selection": "problem_owners",
    }
    plan = NetworkPlan(
        domain=domain,
        charter=charter,
        sponsor=sponsor,
        steward=steward,
        data_partner=data_partner,
        facilitators=facilitators,
        practitioners=practitioners,
        sessions=sessions,
        cases=cases,
        milestones={},
        weeks=weeks,
        decision="continue",
    )
    plan.milestones = _milestones(rng, plan)
    return plan


def _cases(rng: random.Random, domain: Domain, submitters: list[Person]) -> list[CasePlan]:
    stories = rng.sample(domain.stories, len(CASE_ARRIVALS))
    cases = []
    previous = None
    for (week, half), story in zip(CASE_ARRIVALS, stories, strict=True):
        who = rng.choice([p for p in submitters if p is not previous])
        previous = who
        cases.append(
            CasePlan(
                day=half_day(rng, week, half),
                person=who,
                story=story,
                priority=rng.choice(("high", "high", "medium", "medium", "low")),
                recurring=rng.random() < 0.8,
            )
        )
    return cases


def _sessions(
    rng: random.Random, sponsor: Person, steward: Person, facilitators: list[Person]
) -> list[SessionPlan]:
    formats = (
        "problem_solving_jam",
        rng.choice(("office_hours", "problem_solving_jam")),
        rng.choice(("show_and_tell", "problem_solving_jam")),
        rng.choice(("problem_solving_jam", "office_hours")),
    )
    sessions = []
    for number, (week, kind) in enumerate(zip(WORKING_SESSION_WEEKS, formats, strict=True)):
        # Facilitators rotate, and each runs the slot of their own region.
        facilitator = facilitators[number % len(facilitators)]
        sessions.append(
            SessionPlan(
                week=week,
                format=kind,
                facilitator=facilitator,
                slot=facilitator.region,
                attendees=rng.randint(9, 15),
                members_with_problem=rng.randint(2, 5),
                cases=[],
                sponsor_present=rng.random() < 0.4,
                recap_next_day=rng.random() < 0.7,
            )
        )
    sessions.append(
        SessionPlan(
            week=DEMO_DAY_WEEK,
            format="demo_day",
            facilitator=steward,
            slot=sponsor.region,
            attendees=rng.randint(18, 26),
            members_with_problem=rng.randint(1, 3),
            cases=[],
            sponsor_present=True,
            recap_next_day=True,
            showcase=True,
            notes="Teams showed their results.",
        )
    )
    return sessions


def _work_on_cases(rng: random.Random, sessions: list[SessionPlan], cases: list[CasePlan]) -> None:
    """Two cases per working session, oldest first; Demo Day takes one live case.

    The session captures the first case's pattern; it goes into the field a week or two
    later, and other teams pick the method up after that.
    """
    queue = iter(range(len(cases)))
    for index, session in enumerate(sessions):
        taken = [next(queue)] if session.format == "demo_day" else [next(queue), next(queue)]
        session.cases = taken
        for case_index in taken:
            cases[case_index].session = index
        primary = cases[taken[0]]
        primary.captured = True
        session.pattern = primary.story.pattern
        if session.format != "demo_day":
            held = day_in_week(session.week, 1)
            primary.applied_day = held + rng.randint(7, 13)
            reuse = primary.applied_day + rng.randint(4, 10)
            if reuse <= CYCLE_LAST_DAY:
                primary.reuse_day, primary.teams_applied = reuse, rng.randint(1, 3)
    # One late case falls outside the boundaries and is parked.
    parked = next(queue)
    cases[parked].priority, cases[parked].linked_metric = "low", False
    cases[parked].parked_day = cases[parked].day + 7
    for session in sessions:
        if session.notes is None and session.format in SESSION_NOTES:
            session.notes = SESSION_NOTES[session.format].format(team=session.facilitator.team)


def _milestones(rng: random.Random, plan: NetworkPlan) -> dict[str, MilestonePlan]:
    steward, sponsor, data = plan.steward.name, plan.sponsor.name, plan.data_partner.name
    pulse_day = half_day(rng, 1, "late")
    cases_day = half_day(rng, 3, "late")
    replies = plan.weeks[0].active_members + rng.randint(1, 3)
    logged = sum(1 for case in plan.cases if case.day <= cases_day)
    regions = len({case.person.region for case in plan.cases if case.day <= cases_day})
    return {
        "baseline_pulse": MilestonePlan(
            data,
            done_day=pulse_day,
            note=f"{replies} of {len(plan.people)} replied; average {plan.weeks[0].pulse} of 5.",
        ),
        "gather_cases": MilestonePlan(
            steward,
            done_day=cases_day,
            note=f"{logged} cases logged from {regions} regions.",
        ),
        "finalize_charter": MilestonePlan(
            steward,
            done_day=half_day(rng, 2, "early"),
            note=f"Signed off with {sponsor}.",
        ),
        "sessions": MilestonePlan(steward, done_at_session=2, note="Three sessions on real cases."),
        "playbook_v01": MilestonePlan(
            plan.facilitators[0].name,
            done_day=half_day(rng, 8, "late"),
            note="Published with three patterns.",
        ),
        "demo_day": MilestonePlan(
            steward, done_at_session=len(plan.sessions) - 1, note="Held with the sponsor."
        ),
        "review_signals": MilestonePlan(
            data,
            done_day=half_day(rng, 11, "late"),
            note="Three adoption signals reviewed.",
        ),
        "decide_next": MilestonePlan(
            sponsor,
            done_day=half_day(rng, 12, "late"),
            note="Continue; two more teams join.",
        ),
        "lock_next_goals": MilestonePlan(
            steward,
            done_day=half_day(rng, 12, "late"),
            note="Target agreed with the sponsor.",
        ),
    }


# --- Rendering ------------------------------------------------------------------------------
