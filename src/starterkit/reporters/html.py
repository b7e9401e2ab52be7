"""The report as one self-contained HTML page with charts, to open from an email or print.

Several networks get a portfolio page first (summary, networks ranked by risk with links
to their sections, flags by frequency, portfolio flags); then each network follows,
highest risk first. A network opens with the sponsor's brief, one printed page in plain
words: the verdict and why, the three actions to take first, the business metric from
baseline to target, the adoption signals and their trend, sessions against plan and the
next milestone, with the verdict rule and the risk score explained. No flag id, file path
or evidence cell appears in it. The details follow, folded on screen (``<details>``) and
printed after the brief: cycle and file, Start Here checks, every flag with its id,
evidence cells and action, the adoption signals by week, sessions, cases, business
metric, milestones, pulse and the cells that could not be read. Files that could not be
analyzed are listed with their fix.

Everything a workbook holds is text a steward typed, so the template escapes every value
(autoescape is on). The only markup inserted as is are the charts, which ``charts`` draws
from numbers and the report's own words. The page fetches nothing: the CSS is inlined,
there are no images, fonts or scripts, and the same report renders to the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from starterkit import __version__
from starterkit.analysis.portfolio import overlapping_launches
from starterkit.findings import SEVERITIES, Finding, Severity
from starterkit.kit.contract import CYCLE_WEEKS
from starterkit.report import NetworkReport, Portfolio, SessionRecord, Signal
from starterkit.reporters import charts, wording
from starterkit.reporters.wording import (
    HEALTH_CHECK_LABELS,
    HEALTH_WORDS,
    METRIC_STATUS_WORDS,
    PHASE_WORDS,
    RISK_SCORE_TEXT,
    SEVERITY_WORDS,
    TREND_ARROWS,
    VERDICT_RULE_TEXT,
    VERDICT_WORDS,
    change_lines,
    cycle_week_text,
    figure,
    flag_title,
    folded_lines,
    next_milestone,
    parallel_launch_text,
    route_notes,
    sessions_text,
    trend_weeks,
    verdict_why,
    week_short,
)
from starterkit.safe_text import for_xml, map_strings

#: A network's verdict (``NetworkReport.verdict``) as the page says it: capitalised.
NETWORK_VERDICTS = {verdict: word.capitalize() for verdict, word in VERDICT_WORDS.items()}

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class HealthCheck:
    """One Start Here check: its label, its verdict key (for the colour) and its word."""

    label: str
    verdict: str
    word: str


@dataclass(frozen=True, slots=True)
class NetworkCharts:
    """Each chart as inline SVG, or None when there is nothing to draw yet."""

    signals: Markup | None
    attendance: Markup | None
    cases: Markup | None
    metric: Markup | None


@dataclass(frozen=True, slots=True)
class Action:
    """One of the brief's first actions: a flag by its title, how often it fired, what to do."""

    severity: Severity
    title: str
    action: str
    times: int


@dataclass(frozen=True, slots=True)
class Brief:
    """The sponsor's page of a network, in plain words (no ids, paths or cells)."""

    why: str
    actions: tuple[Action, ...]
    #: Flags not among the actions shown (they are in the details).
    more_flags: int
    sessions: str
    #: The next milestone as a sentence; None when the planner has none left.
    milestone: str | None


@dataclass(frozen=True, slots=True)
class PortfolioFlag:
    """A portfolio flag as the page says it: a sentence naming the networks and their
    organisation, and its evidence as "Network — Charter!B32" per network."""

    flag: Finding
    title: str
    sentence: str
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NetworkSection:
    """One network as the page shows it: the report plus what the template should not work out."""

    report: NetworkReport
    rank: int
    anchor: str
    title: str
    cycle: str
    #: The ranked table's short forms: "7 of 12" and the phase.
    week: str
    phase: str
    dates: str | None
    health: tuple[HealthCheck, ...]
    notes: tuple[str, ...]
    #: The files folded into the network and what changed since its previous return.
    history: tuple[str, ...]
    counts: dict[Severity, int]
    flag_groups: tuple[tuple[Severity, tuple[Finding, ...]], ...]
    charts: NetworkCharts
    brief: Brief


@dataclass(frozen=True, slots=True)
class PortfolioPage:
    """What the portfolio page shows beside the portfolio itself."""

    verdict_counts: dict[str, int]
    flag_counts: dict[Severity, int]
    frequency_chart: Markup | None
    flags: tuple[PortfolioFlag, ...]


def render_html(portfolio: Portfolio) -> str:
    """The whole report as one HTML page: no file IO, no network, the same bytes each time.

    Every string passes ``safe_text.for_xml`` first: HTML cannot hold most control
    characters either, so they are shown as ``␛`` and the like."""
    portfolio = map_strings(portfolio, for_xml)
    drawings = charts.Drawings()
    sections = [
        _section(network, rank, portfolio, drawings)
        for rank, network in enumerate(portfolio.ranked(), start=1)
    ]
    single = len(portfolio.networks) == 1
    return _template().render(
        portfolio=portfolio,
        overview=None if single else _overview(portfolio, sections),
        sections=sections,
        title=sections[0].title if single else "Portfolio report",
        chart_css=Markup(charts.stylesheet()),
        version=__version__,
        severities=SEVERITIES,
        severity_words=SEVERITY_WORDS,
        network_verdicts=NETWORK_VERDICTS,
        verdict_rule=VERDICT_RULE_TEXT,
        risk_score_text=RISK_SCORE_TEXT,
    )


# The page's parts


def _overview(portfolio: Portfolio, sections: list[NetworkSection]) -> PortfolioPage:
    verdicts = dict.fromkeys(NETWORK_VERDICTS, 0)
    for section in sections:
        verdicts[section.report.verdict] += 1
    frequency = charts.flag_frequency(portfolio.flag_frequency)
    return PortfolioPage(
        verdict_counts=verdicts,
        flag_counts=portfolio.severity_counts(),
        frequency_chart=_svg(frequency, "portfolio-flags", "Networks raising each flag"),
        flags=_portfolio_flags(portfolio),
    )


def _portfolio_flags(portfolio: Portfolio) -> tuple[PortfolioFlag, ...]:
    """Each portfolio flag in words. A parallel launch is told from the group of networks
    that raised it (``overlapping_launches`` gives the groups in the flags' order), so the
    page names networks and their organisation, not files."""
    groups = iter(overlapping_launches(portfolio.networks))
    shown = []
    for flag in sorted(portfolio.flags, key=lambda f: f.severity.rank):
        group = next(groups, None) if flag.id == "parallel-launch" else None
        if group is not None and len(group) == len(flag.evidence):
            sentence = parallel_launch_text(group, format_date)
            evidence = tuple(
                f"{r.network or 'Network not named'} — {location}"
                for r, location in zip(group, flag.evidence, strict=True)
            )
        else:
            sentence, evidence = flag.message, tuple(str(e) for e in flag.evidence)
        shown.append(PortfolioFlag(flag, flag_title(flag.id), sentence, evidence))
    return tuple(shown)


def _brief(network: NetworkReport) -> Brief:
    """The three actions are the most severe flags, one per flag id (a flag that fired for
    three sessions is one action, said three times)."""
    times: dict[str, int] = {}
    for flag in network.flags:
        times[flag.id] = times.get(flag.id, 0) + 1
    firsts = sorted(
        {f.id: f for f in reversed(network.flags)}.values(),
        key=lambda f: (f.severity.rank, network.flags.index(f)),
    )
    actions = tuple(Action(f.severity, flag_title(f.id), f.action, times[f.id]) for f in firsts[:3])
    milestone = next_milestone(network.milestones)
    return Brief(
        why=verdict_why(network),
        actions=actions,
        more_flags=len(network.flags) - sum(a.times for a in actions),
        sessions=sessions_text(network.sessions),
        milestone=_milestone_text(milestone) if milestone else None,
    )


def _milestone_text(milestone) -> str:
    title = milestone.title or wording.words(milestone.milestone) or "Milestone"
    when = f"weeks {milestone.window}" if milestone.window else ""
    if milestone.due:
        when = (
            f"{when}, due {format_date(milestone.due)}"
            if when
            else f"due {format_date(milestone.due)}"
        )
    status = "overdue" if milestone.overdue else wording.words(milestone.status) or "not started"
    return f"{title}{f' ({when})' if when else ''}: {status}."


def _section(
    network: NetworkReport, rank: int, portfolio: Portfolio, drawings: charts.Drawings
) -> NetworkSection:
    anchor = f"network-{rank}"
    return NetworkSection(
        report=network,
        rank=rank,
        anchor=anchor,
        title=_title(network),
        cycle=_cycle_text(network),
        week=week_short(network.cycle),
        phase=PHASE_WORDS.get(network.cycle.phase, network.cycle.phase),
        dates=_cycle_dates(network),
        health=tuple(
            HealthCheck(
                label=HEALTH_CHECK_LABELS.get(key, key.replace("_", " ")),
                verdict=verdict,
                word=HEALTH_WORDS.get(verdict, verdict.replace("_", " ")),
            )
            for key, verdict in network.health.items()
        ),
        notes=tuple(route_notes(network)),
        history=(
            *folded_lines(portfolio, network),
            *(change_lines(network.changes) if network.changes else ()),
        ),
        counts=network.severity_counts(),
        flag_groups=_by_severity(network.flags),
        charts=NetworkCharts(
            signals=_drawn(
                drawings.svg(
                    charts.signals,
                    (network.weeks,),
                    f"{anchor}-signals",
                    "Adoption signals by week",
                )
            ),
            attendance=_drawn(
                drawings.svg(
                    charts.attendance,
                    (network.sessions,),
                    f"{anchor}-attendance",
                    "Attendance by week",
                )
            ),
            cases=_drawn(
                drawings.svg(charts.case_funnel, (network.cases,), f"{anchor}-cases", "Case funnel")
            ),
            metric=_drawn(
                drawings.svg(
                    charts.business_metric,
                    (network.business_metric, network.weeks),
                    f"{anchor}-metric",
                    "Business metric by week",
                )
            ),
        ),
        brief=_brief(network),
    )


def _title(network: NetworkReport) -> str:
    organization = network.organization or "Organisation not named"
    return f"{organization} · {network.network or 'Network not named'}"


def _cycle_text(network: NetworkReport) -> str:
    cycle = network.cycle
    where = cycle_week_text(cycle, format_date)
    where = where[0].upper() + where[1:]
    if cycle.week is None or not 1 <= cycle.week <= CYCLE_WEEKS:
        return where
    return f"{where} · {PHASE_WORDS.get(cycle.phase, cycle.phase)}"


def _cycle_dates(network: NetworkReport) -> str | None:
    cycle = network.cycle
    if cycle.start is None:
        return None
    end = f" – {format_date(cycle.end)}" if cycle.end else ""
    return f"{format_date(cycle.start)}{end} · cycle {cycle.cycle_number}"


def _by_severity(flags: tuple[Finding, ...]) -> tuple[tuple[Severity, tuple[Finding, ...]], ...]:
    """The flags grouped high, medium, low (catalog order within a group); empty groups left out."""
    groups = ((s, tuple(f for f in flags if f.severity is s)) for s in SEVERITIES)
    return tuple((severity, group) for severity, group in groups if group)


def _svg(chart: charts.Chart | None, chart_id: str, title: str) -> Markup | None:
    return None if chart is None else _drawn(charts.svg(chart, chart_id, title))


def _drawn(svg: str | None) -> Markup | None:
    # Charts hold numbers and the report's own words only (see ``charts``).
    return None if svg is None else Markup(svg)


# Values as the page writes them (the template's filters)


def format_date(day: dt.date | None) -> str:
    """19 Jan 2026, whatever the machine's locale; an em dash when unknown."""
    if day is None:
        return "—"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_number(number: float | None) -> str:
    """A number as a person writes it (``wording.figure``): 14.67 → 14.7, 3.0 → 3."""
    return figure(number)


def format_percent(share: float | None) -> str:
    if share is None:
        return "—"
    return f"{round(share * 100)}\u00a0%"


def words(key: str | None) -> str:
    """A list key as words: applied_in_field → applied in field."""
    return wording.words(key) or "—"


def metric_status(key: str | None) -> str:
    """The business metric's status as words: off_track → off track."""
    return METRIC_STATUS_WORDS.get(key, words(key)) if key else "—"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def trend_arrow(signal: Signal) -> str:
    return TREND_ARROWS.get(signal.trend, signal.trend)


def trend_tone(signal: Signal) -> str:
    """good, bad or neutral: whether the signal moved the way it should."""
    if signal.trend not in ("up", "down"):
        return "neutral"
    return "good" if (signal.trend == "up") == signal.higher_is_better else "bad"


def recap_state(session: SessionRecord) -> str:
    if not session.held:
        return "—"
    if session.recap_on_time is None:
        return "not due yet"
    if session.recap_on_time:
        return "on time"
    return "late" if session.recap_published_on else "missing"


def yes_no(value: bool | None) -> str:
    return "—" if value is None else "yes" if value else "no"


def bar_width(share: float | None) -> str:
    """A share as a CSS width, kept between 0 and 100 % (a metric can move the wrong way or
    overshoot its target)."""
    if share is None:
        return "0%"
    return f"{max(0.0, min(1.0, share)) * 100:.1f}%"


@functools.cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("starterkit", "reporters/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        date=format_date,
        number=format_number,
        percent=format_percent,
        words=words,
        metric_status=metric_status,
        plural=plural,
        arrow=trend_arrow,
        trend_weeks=trend_weeks,
        title=flag_title,
        tone=trend_tone,
        recap=recap_state,
        yes_no=yes_no,
        bar_width=bar_width,
    )
    return environment.get_template("report.html")
