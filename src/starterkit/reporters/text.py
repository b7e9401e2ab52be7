"""The report for a terminal: the summary first, then flags by severity, then the detail.

Everything a workbook holds is text a steward typed, so it is only ever put on screen as
``rich.text.Text`` (never parsed as markup), and every string of the report passes
``starterkit.safe_text.for_terminal`` first: an escape sequence, carriage return or
bidirectional override typed in a cell is shown (``␛``, ``␍``, ``<U+202E>``), never sent
to the terminal. Colour is the console's business: the caller
makes a console that colours on a terminal and writes plain text elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from starterkit.findings import SEVERITIES, DataFinding, Finding, Location, Severity, by_severity
from starterkit.kit.contract import CYCLE_WEEKS
from starterkit.report import FileError, NetworkReport, Portfolio, Signal
from starterkit.reporters.text_layout import indent
from starterkit.reporters.wording import (
    HEALTH_CHECK_LABELS,
    HEALTH_WORDS,
    METRIC_STATUS_WORDS,
    PHASE_WORDS,
    SEVERITY_WORDS,
    TREND_ARROWS,
    change_lines,
    cycle_week_text,
    folded_lines,
    route_notes,
    trend_weeks,
    words,
)
from starterkit.safe_text import for_terminal, map_strings

#: Lists longer than this end with "… and N more".
MAX_DATA_FINDINGS = 10
MAX_EVIDENCE = 3
MAX_OVERDUE = 3

SEVERITY_STYLES = {Severity.HIGH: "bold red", Severity.MEDIUM: "yellow", Severity.LOW: "cyan"}
#: A Start Here check's colour, by its verdict (the words are ``wording.HEALTH_WORDS``).
HEALTH_STYLES = {"ok": "green", "warning": "yellow", "red_flag": "bold red", "not_yet": "dim"}


def render_text(portfolio: Portfolio, console: Console) -> None:
    """Print the report: one network in full, or several as a ranked overview with detail."""
    portfolio = map_strings(portfolio, for_terminal)
    if len(portfolio.networks) == 1:
        _summary(console, portfolio)
        network = portfolio.networks[0]
        _errors(console, portfolio.errors)
        _flags(console, network.flags)
        _data_findings(console, network.data_findings)
        _adoption(console, network)
        return
    _overview(console, portfolio)
    for rank, network in enumerate(portfolio.ranked(), start=1):
        _network_detail(console, rank, network, portfolio)


def render_overview(portfolio: Portfolio, console: Console) -> None:
    """Print the portfolio at a glance: counts, networks ranked by risk, flags by
    frequency, portfolio flags and failed files, without each network's detail."""
    _overview(console, map_strings(portfolio, for_terminal))


def _overview(console: Console, portfolio: Portfolio) -> None:
    """The overview of a portfolio whose strings are already safe for the terminal."""
    _summary(console, portfolio)
    if portfolio.networks:
        _ranking(console, portfolio)
        _flag_frequency(console, portfolio)
    if portfolio.flags:
        _heading(console, "Portfolio flags")
        console.print(indent(_flag_table(portfolio.flags), 2))
    _errors(console, portfolio.errors)


# Summary


def _summary(console: Console, portfolio: Portfolio) -> None:
    networks = len(portfolio.networks)
    files = len(portfolio.returns)
    failed = len(portfolio.errors)
    counts = portfolio.severity_counts()
    line = Text.assemble(
        (f"{networks} network{_s(networks)} analyzed", "bold"),
        # Files are counted apart only when some network has several.
        f" from {files} files" if files > networks else "",
        " · ",
        (f"{failed} file{_s(failed)} failed", "bold red" if failed else ""),
        " · flags ",
        _severity_counts(counts),
    )
    as_of = f"as of {portfolio.as_of.isoformat()}"
    if len(portfolio.networks) != 1:
        console.print(Text(f"Portfolio report · {as_of}", style="bold"))
        console.print(line)
        return
    network = portfolio.networks[0]
    line.append(f" · risk {network.risk_score}")
    console.print(_title(network))
    console.print(line)
    grid = _grid()
    grid.add_row(_label("file"), Text(network.source))
    grid.add_row(_label("cycle"), _cycle_text(network, long=True).append(f" · {as_of}"))
    grid.add_row(_label("health"), _health_text(network.health))
    for note in _route_notes(network):
        grid.add_row(_label("note"), Text(note, style="yellow"))
    for line in _history_lines(portfolio, network):
        grid.add_row(_label("history"), Text(line))
    console.print(grid)


def _title(network: NetworkReport) -> Text:
    return Text.assemble(
        (network.organization or "Organisation not named", "bold"),
        " · ",
        (network.network or "Network not named", "bold"),
    )


def _cycle_text(network: NetworkReport, long: bool = False) -> Text:
    """Where the cycle stands; the long form adds the phase and the cycle number."""
    cycle = network.cycle
    text = cycle_week_text(cycle)
    if long and cycle.week is not None and 1 <= cycle.week <= CYCLE_WEEKS:
        text += f" ({PHASE_WORDS.get(cycle.phase, cycle.phase)})"
    if long:
        text += f" · cycle {cycle.cycle_number}"
    return Text(text)


def _health_text(health: dict[str, str]) -> Text:
    if not health:
        return Text("no checks", style="dim")
    parts = []
    for key, verdict in health.items():
        word, style = HEALTH_WORDS.get(verdict, verdict), HEALTH_STYLES.get(verdict, "")
        parts.append(Text.assemble(f"{HEALTH_CHECK_LABELS.get(key, key)} ", (word, style)))
    return Text(" · ").join(parts)


def _route_notes(network: NetworkReport) -> list[str]:
    """The notes as terminal lines: lower case, no closing full stop."""
    return [note[0].lower() + note[1:].removesuffix(".") for note in route_notes(network)]


# Flags and data findings


def _flags(console: Console, flags: Sequence[Finding]) -> None:
    if not flags:
        _heading(console, "Flags")
        console.print(indent(Text("No red flags.", style="green"), 2))
        return
    for severity in SEVERITIES:
        group = [f for f in flags if f.severity is severity]
        if not group:
            continue
        _heading(
            console,
            f"{SEVERITY_WORDS[severity].capitalize()} · {len(group)} flag{_s(len(group))}",
            SEVERITY_STYLES[severity],
        )
        for flag in group:
            headline = _grid()
            headline.add_row(Text(flag.id, style="bold"), Text(flag.message))
            console.print(indent(headline, 2))
            details = _grid()
            if flag.evidence:
                details.add_row(_label("evidence"), _evidence_text(flag.evidence))
            details.add_row(_label("action"), Text(flag.action))
            console.print(indent(details, 4))


def _flag_table(flags: Sequence[Finding]) -> Table:
    """One line per flag, most severe first: severity, id, message and evidence."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    for flag in by_severity(list(flags)):
        line = Text(flag.message)
        if flag.evidence:
            line.append("  ")
            line.append_text(_evidence_text(flag.evidence, limit=1, style="dim"))
        table.add_row(
            Text(SEVERITY_WORDS[flag.severity], style=SEVERITY_STYLES[flag.severity]),
            Text(flag.id, style="bold"),
            line,
        )
    return table


def _evidence_text(
    evidence: Sequence[Location], limit: int = MAX_EVIDENCE, style: str = ""
) -> Text:
    shown = [str(location) for location in evidence[:limit]]
    more = len(evidence) - len(shown)
    if more:
        shown.append(f"… and {more} more")
    return Text("; ".join(shown), style=style)


def _data_findings(console: Console, findings: Sequence[DataFinding]) -> None:
    if not findings:
        return
    _heading(console, f"Data findings · {len(findings)}")
    table = _grid()
    for finding in findings[:MAX_DATA_FINDINGS]:
        where = str(finding.location) if finding.location else "workbook"
        table.add_row(Text(where), _problem_text(finding.message, finding.fix))
    console.print(indent(table, 2))
    _more(console, len(findings) - MAX_DATA_FINDINGS, "in the JSON report")


def _errors(console: Console, errors: Sequence[FileError]) -> None:
    if not errors:
        return
    _heading(console, f"Files that failed · {len(errors)}", "bold red")
    table = _grid()
    for error in errors:
        table.add_row(Text(error.source, style="bold"), _problem_text(error.message, error.fix))
    console.print(indent(table, 2))


def _problem_text(message: str, fix: str) -> Text:
    return Text.assemble(message, (" — ", "dim"), fix)


# Adoption


def _adoption(console: Console, network: NetworkReport) -> None:
    _heading(console, "Adoption")
    grid = _grid()
    grid.add_row(_label("signals"), _signals(network.signals))
    grid.add_row(_label("sessions"), _sessions_text(network))
    cases = network.cases
    grid.add_row(
        _label("cases"),
        Text(
            f"{cases.submitted} submitted → {cases.discussed} discussed → {cases.pattern} "
            f"pattern → {cases.applied} applied · {cases.parked} parked"
        ),
    )
    grid.add_row(_label("metric"), _metric_text(network))
    grid.add_row(_label("pulse"), _pulse_text(network))
    grid.add_row(_label("milestones"), _milestones_text(network))
    console.print(indent(grid, 2))


def _signals(signals: Sequence[Signal]) -> Table | Text:
    if not signals:
        return Text("none recorded", style="dim")
    table = _grid()
    for signal in signals:
        table.add_row(
            Text(signal.label),
            Text(_value(signal.latest), style="bold", justify="right"),
            Text(TREND_ARROWS.get(signal.trend, signal.trend), style=_trend_style(signal)),
            Text(trend_weeks(signal), style="dim"),
        )
    return table


def _arrow(values: Sequence[float]) -> str:
    if len(values) < 2:
        return TREND_ARROWS["none"]
    before, last = values[-2], values[-1]
    return TREND_ARROWS["up" if last > before else "down" if last < before else "flat"]


def _trend_style(signal: Signal) -> str:
    if signal.trend not in ("up", "down"):
        return "dim"
    return "green" if (signal.trend == "up") == signal.higher_is_better else "red"


def _sessions_text(network: NetworkReport) -> Text:
    sessions = network.sessions
    parts = [f"{sessions.held} held", f"{sessions.planned} planned"]
    if sessions.expected is not None:
        parts.append(f"{sessions.expected} expected by now")
    if sessions.average_attendance is not None:
        parts.append(f"{_value(sessions.average_attendance)} attending on average")
    if sessions.attendance_by_week:
        *_, (week, latest) = sessions.attendance_by_week
        arrow = _arrow([value for _, value in sessions.attendance_by_week[-2:]])
        parts.append(f"attendance {_value(latest)} in week {week} {arrow}")
    if sessions.with_pattern_share is not None:
        parts.append(f"{_percent(sessions.with_pattern_share)} with a pattern")
    if sessions.recap_on_time_share is not None:
        parts.append(f"{_percent(sessions.recap_on_time_share)} recaps on time")
    if sessions.held:
        parts.append(f"sponsor at {sessions.sponsor_present} of {sessions.held}")
    return Text(" · ".join(parts))


def _metric_text(network: NetworkReport) -> Text:
    metric = network.business_metric
    if metric.name is None and metric.baseline is None and metric.target is None:
        return Text("not set in the charter", style="dim")
    unit = f" {metric.unit}" if metric.unit else ""
    text = Text.assemble(
        (metric.name or "not named", "bold"),
        ": ",
        f"{_value(metric.baseline)}{unit} → {_value(metric.latest)}{unit}{_week(metric.latest_week)}",
        f" → {_value(metric.target)}{unit}",
    )
    if metric.progress_share is not None:
        text.append(f" · {_percent(metric.progress_share)} of the way")
    if metric.status:
        text.append(f" · {METRIC_STATUS_WORDS.get(metric.status, words(metric.status))}")
    return text


def _pulse_text(network: NetworkReport) -> Text:
    pulse = network.pulse
    if pulse.baseline is None:
        return Text("not taken", style="dim")
    first = f"{_value(pulse.baseline)}{_week(pulse.baseline_week)}"
    if pulse.latest_week == pulse.baseline_week:
        return Text(f"{first}, no later reading")
    return Text(f"{first} → {_value(pulse.latest)}{_week(pulse.latest_week)}")


def _milestones_text(network: NetworkReport) -> Text:
    milestones = network.milestones
    text = Text(f"{milestones.done} of {milestones.total} done")
    overdue = milestones.overdue
    if overdue:
        shown = [
            (m.title or m.milestone) + (f" (due {m.due.isoformat()})" if m.due else "")
            for m in overdue[:MAX_OVERDUE]
        ]
        if len(overdue) > MAX_OVERDUE:
            shown.append(f"… and {len(overdue) - MAX_OVERDUE} more")
        text.append(" · overdue: ", style="yellow")
        text.append(", ".join(shown))
    return text


# Portfolio


def _ranking(console: Console, portfolio: Portfolio) -> None:
    _heading(console, "Networks by risk")
    table = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    table.add_column("#", justify="right")
    table.add_column("Organisation", overflow="fold")
    table.add_column("Network", overflow="fold")
    table.add_column("Week", justify="right", no_wrap=True)
    for severity in SEVERITIES:
        table.add_column(
            SEVERITY_WORDS[severity].capitalize(), justify="right", style=SEVERITY_STYLES[severity]
        )
    table.add_column("Risk", justify="right", style="bold")
    for rank, network in enumerate(portfolio.ranked(), start=1):
        counts = network.severity_counts()
        week = network.cycle.week
        table.add_row(
            Text(str(rank)),
            Text(network.organization or "—"),
            Text(network.network or network.source),
            Text(f"{week}/{CYCLE_WEEKS}" if week is not None else "—"),
            *(Text(str(counts[s])) for s in SEVERITIES),
            Text(str(network.risk_score)),
        )
    console.print(indent(table, 2))


def _flag_frequency(console: Console, portfolio: Portfolio) -> None:
    if not portfolio.flag_frequency:
        return
    _heading(console, "Flags by frequency")
    table = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    table.add_column("Flag")
    table.add_column("Severity")
    table.add_column("Networks", justify="right")
    total = len(portfolio.networks)
    for row in portfolio.flag_frequency:
        table.add_row(
            Text(row.id),
            Text(SEVERITY_WORDS[row.severity], style=SEVERITY_STYLES[row.severity]),
            Text(f"{row.networks} of {total}"),
        )
    console.print(indent(table, 2))


def _history_lines(portfolio: Portfolio, network: NetworkReport) -> list[str]:
    """The files folded into the network and what changed since its previous return."""
    lines = folded_lines(portfolio, network)
    if network.changes is not None:
        lines += change_lines(network.changes)
    return [line.removesuffix(".") for line in lines]


def _network_detail(
    console: Console, rank: int, network: NetworkReport, portfolio: Portfolio
) -> None:
    console.print()
    console.print(Text.assemble((f"{rank}. ", "bold"), _title(network)))
    facts = Text.assemble(
        network.source,
        " · ",
        _cycle_text(network),
        f" · risk {network.risk_score}",
    )
    if network.data_findings:
        count = len(network.data_findings)
        facts.append(f" · {count} data finding{_s(count)}")
    console.print(indent(facts, 3))
    for note in _route_notes(network):
        console.print(indent(Text(note, style="yellow"), 3))
    for line in _history_lines(portfolio, network):
        console.print(indent(Text(line, style="dim"), 3))
    if network.flags:
        console.print(indent(_flag_table(network.flags), 3))
    else:
        console.print(indent(Text("No red flags.", style="green"), 3))


# Small pieces


def _heading(console: Console, title: str, style: str = "bold") -> None:
    console.print()
    console.print(Text(title, style=style))


def _grid() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    return grid


def _label(text: str) -> Text:
    return Text(text, style="dim")


def _more(console: Console, count: int, where: str) -> None:
    if count > 0:
        console.print(indent(Text(f"… and {count} more {where}", style="dim"), 2))


def _severity_counts(counts: dict[Severity, int]) -> Text:
    return Text(" · ").join(
        Text(f"{counts[s]} {SEVERITY_WORDS[s]}", style=SEVERITY_STYLES[s] if counts[s] else "dim")
        for s in SEVERITIES
    )


def _value(number: float | None) -> str:
    """A number as a person writes it: no trailing .0, at most two decimals, no exponent."""
    if number is None:
        return "—"
    rounded = round(number, 2)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def _week(week: int | None) -> str:
    return f" (week {week})" if week is not None else ""


def _s(count: int) -> str:
    return "" if count == 1 else "s"
