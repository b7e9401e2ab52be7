"""A network's sheet: where its cycle stands and its Start Here checks, flags, data
findings, adoption (``charts``), sessions, cases, business metric, pulse and milestones."""

from __future__ import annotations

import datetime as dt
import math

from xlsxwriter.worksheet import Worksheet

from starterkit.findings import by_severity
from starterkit.kit.contract import HEALTH_CHECKS
from starterkit.report import NetworkReport
from starterkit.reporters.dashboard.charts import (
    ROW_PX,
    WeekTable,
    bar_chart_look,
    line_chart,
    place_charts,
    write_adoption,
)
from starterkit.reporters.dashboard.links import WorkbookLinks
from starterkit.reporters.dashboard.names import PORTFOLIO_SHEET, internal_link, network_title
from starterkit.reporters.dashboard.page import (
    GRID_COLUMNS,
    GRID_WIDTH,
    HALF,
    LAST_GRID_COLUMN,
    NO_DATA,
    Column,
    Link,
    Page,
    Value,
    counts_text,
    cycle_text,
    evidence_text,
    single_columns,
    yes_no,
)
from starterkit.reporters.dashboard.styles import (
    HEALTH_FILLS,
    METRIC_FILLS,
    NAVY,
    SEVERITY_FILLS,
    VERDICT_FILLS,
    Styles,
)
from starterkit.reporters.wording import (
    HEALTH_CHECK_LABELS,
    HEALTH_WORDS,
    METRIC_STATUS_WORDS,
    SEVERITY_WORDS,
    VERDICT_WORDS,
    route_notes,
    shown,
    words,
)

# A link names the file and a sheet-qualified cell: it gets three columns.
FLAG_COLUMNS = (
    Column("Severity", 0, look="strong"),
    Column("Flag", 1, 2),
    Column("Message", 3, 5),
    Column("Action", 6, 8),
    Column("Evidence", 9, 10),
    Column("Open in workbook", 11, 13),
)
DATA_FINDING_COLUMNS = (
    Column("Where", 0, 1),
    Column("Finding", 2, 3),
    Column("Message", 4, 6),
    Column("Fix", 7, 8),
    Column("Value", 9, 10),
    Column("Open in workbook", 11, 13),
)
SESSION_FIGURES = (
    Column("Held", 0),
    Column("Planned", 1),
    Column("Expected by now", 2),
    Column("Average attendance", 3),
    Column("With a pattern", 4, look="percent"),
    Column("Recaps on time", 5, look="percent"),
    Column("Sponsor present", 6),
)
SESSION_COLUMNS = single_columns(
    "No.",
    "Date",
    "Week",
    "Held",
    "Format",
    "Facilitator",
    "Cases",
    "Time slot",
    "Attendees",
    "With a problem",
    "Pattern",
    "Recap published",
    "Recap on time",
    "Sponsor present",
)
FUNNEL_COLUMNS = (Column("Stage", 0, 1), Column("Cases", 2))
FUNNEL_STAGES = (
    ("Submitted", "submitted"),
    ("Discussed", "discussed"),
    ("Pattern extracted", "pattern"),
    ("Applied in the field", "applied"),
    ("Parked", "parked"),
)
CASE_COLUMNS = (
    *single_columns("Case", "Submitted", "By", "Team", "Region"),
    Column("Problem", 5, 7),
    *single_columns(
        "Priority", "Status", "Pattern", "Solved on", "Days to solve", "Teams applied", start=8
    ),
)
METRIC_COLUMNS = (
    Column("Metric", 0, 2),
    *single_columns("Unit", "Direction", "Baseline", "Latest", "In week", "Target", start=3),
    Column("Share covered", 9, look="percent"),
    Column("Status", 10, look="strong"),
)
PULSE_COLUMNS = single_columns("Baseline", "In week", "Latest", "In week")
MILESTONE_COLUMNS = (
    Column("Milestone", 0, 3),
    *single_columns("Weeks", "Due", "Status", "Done on", start=4),
    Column("Overdue", 8, look="strong"),
    Column("Open in workbook", 9, 11),
)


def write_network(
    ws: Worksheet,
    styles: Styles,
    report: NetworkReport,
    rank: int,
    networks: int,
    links: WorkbookLinks,
    history: tuple[str, ...] = (),
) -> None:
    """One network's sheet; ``history`` is the files folded into it and what changed since
    its previous return (``wording.folded_lines`` and ``change_lines``)."""
    page = Page(ws, styles, [GRID_WIDTH] * GRID_COLUMNS)
    organization = report.organization or "Organisation not named"
    page.title(f"{organization} · {report.network or 'Network not named'}", LAST_GRID_COLUMN)
    page.link(1, 0, Link(internal_link(PORTFOLIO_SHEET), "‹ Portfolio"), "plain_link")
    page.text(1, 1, f"rank {rank} of {networks} by risk", "subtitle")

    row = _facts(page, report, links, 3, history)
    row = _flags(page, report, links, row + 1)
    row = _data_findings(page, report, links, row)
    row, weeks = write_adoption(page, report, row)
    row = _sessions(page, report, row)
    row = _cases(page, report, row)
    row = _business_metric(page, report, weeks, row)
    row = _pulse(page, report, row)
    _milestones(page, report, links, row)

    ws.freeze_panes(2, 0)
    page.narrow_gaps()
    page.print_setup(network_title(report))


def _facts(
    page: Page, report: NetworkReport, links: WorkbookLinks, row: int, history: tuple[str, ...]
) -> int:
    """Verdict, risk, cycle and file on the left; the Start Here checks on the right."""
    verdict = VERDICT_WORDS.get(report.verdict, report.verdict)
    facts: list[tuple[str, Value, str]] = [
        ("Verdict", verdict, "strong"),
        ("Risk score", report.risk_score, "fact"),
        ("Flags", counts_text(report.severity_counts()), "plain"),
        ("Data findings", len(report.data_findings), "fact"),
        ("Cycle", cycle_text(report), "plain"),
        ("Cycle start", report.cycle.start, "fact_date"),
        ("Cycle end", report.cycle.end, "fact_date"),
        ("As of", report.as_of, "fact_date"),
        ("Workbook", Link(links.to(report.source).url, report.source), "plain_link"),
        ("Kit id", report.kit_id, "plain"),
        ("Network id", report.network_id, "plain"),
    ]
    first = row
    for label, value, look in facts:
        page.text(row, 0, label, "label")
        if isinstance(value, Link):
            page.link(row, 1, value, look)
        elif look == "fact_date":
            page.date(row, 1, value if isinstance(value, dt.date) else None, look)
        elif isinstance(value, int):
            page.number(row, 1, value, look)
        else:
            page.text(row, 1, value if isinstance(value, str) else None, look)
        row += 1
    page.colour_by_value((first, first), (1, 1), shown(VERDICT_FILLS, VERDICT_WORDS))
    for note in route_notes(report):
        page.text(row, 0, "Note", "label")
        page.text(row, 1, note, "warning_note")
        row += 1
    for line in history:
        page.text(row, 0, "History", "label")
        page.text(row, 1, line, "plain")
        row += 1

    col = HALF + 2
    page.text(first, col, "Start Here checks", "section")
    for offset in (1, 2):
        page.ws.write_blank(first, col + offset, None, page.styles.get("section"))
    keys = [key for key in HEALTH_CHECKS if key in report.health]
    keys += [key for key in report.health if key not in keys]
    check_row = first + 1
    if not keys:
        page.text(check_row, col, "no checks", "note")
        check_row += 1
    for key in keys:
        word = HEALTH_WORDS.get(report.health[key], report.health[key])
        page.text(check_row, col, HEALTH_CHECK_LABELS.get(key, key), "cell", col + 1)
        page.text(check_row, col + 2, word, "strong")
        check_row += 1
    health_fills = shown(HEALTH_FILLS, HEALTH_WORDS)
    page.colour_by_value((first + 1, check_row - 1), (col + 2, col + 2), health_fills)
    return max(row, check_row)


def _flags(page: Page, report: NetworkReport, links: WorkbookLinks, row: int) -> int:
    flags = by_severity(list(report.flags))
    page.section(row, f"Flags · {len(flags)}", LAST_GRID_COLUMN)
    row += 1
    if not flags:
        page.text(row, 0, "No red flags.", "note")
        return row + 2
    page.header(row, FLAG_COLUMNS)
    first = row = row + 1
    for flag in flags:
        evidence = flag.evidence[0] if flag.evidence else None
        page.cells(
            row,
            FLAG_COLUMNS,
            (
                SEVERITY_WORDS[flag.severity],
                flag.id,
                flag.message,
                flag.action,
                evidence_text(flag.evidence),
                links.to(report.source, evidence),
            ),
        )
        row += 1
    page.colour_by_value((first, row - 1), (0, 0), shown(SEVERITY_FILLS, SEVERITY_WORDS))
    return row + 1


def _data_findings(page: Page, report: NetworkReport, links: WorkbookLinks, row: int) -> int:
    findings = report.data_findings
    page.section(row, f"Data findings · {len(findings)}", LAST_GRID_COLUMN)
    row += 1
    if not findings:
        page.text(row, 0, "Every cell was read as the kit intended.", "note")
        return row + 2
    page.header(row, DATA_FINDING_COLUMNS)
    row += 1
    for finding in findings:
        page.cells(
            row,
            DATA_FINDING_COLUMNS,
            (
                str(finding.location) if finding.location else "workbook",
                finding.id,
                finding.message,
                finding.fix,
                finding.value,
                links.to(report.source, finding.location),
            ),
        )
        row += 1
    return row + 1


def _sessions(page: Page, report: NetworkReport, row: int) -> int:
    sessions = report.sessions
    page.section(row, "Sessions and attendance", LAST_GRID_COLUMN)
    page.header(row + 1, SESSION_FIGURES)
    figures = (
        sessions.held,
        sessions.planned,
        sessions.expected,
        sessions.average_attendance,
        sessions.with_pattern_share,
        sessions.recap_on_time_share,
        sessions.sponsor_present,
    )
    page.cells(row + 2, SESSION_FIGURES, figures)
    row += 4
    if not sessions.items:
        page.text(row, 0, "No session dated yet.", "note")
        return row + 2
    page.header(row, SESSION_COLUMNS)
    row += 1
    for session in sessions.items:
        page.cells(
            row,
            SESSION_COLUMNS,
            (
                session.session_no,
                session.date,
                session.week,
                "held" if session.held else "planned",
                words(session.format),
                session.facilitator,
                ", ".join(session.case_ids) or None,
                session.time_slot,
                session.attendees,
                session.members_with_problem,
                session.pattern,
                session.recap_published_on,
                yes_no(session.recap_on_time, no="late"),
                yes_no(session.sponsor_present),
            ),
        )
        row += 1
    return row + 1


def _cases(page: Page, report: NetworkReport, row: int) -> int:
    """The funnel (submitted → discussed → pattern → applied, and parked) beside its chart,
    then every submitted case."""
    cases = report.cases
    page.section(row, "Case funnel", LAST_GRID_COLUMN)
    header = row + 1
    page.header(header, FUNNEL_COLUMNS)
    first = header + 1
    for offset, (label, key) in enumerate(FUNNEL_STAGES):
        page.cells(first + offset, FUNNEL_COLUMNS, (label, getattr(cases, key)))
    last = first + len(FUNNEL_STAGES) - 1
    row = last + 2
    if cases.submitted or cases.parked:
        chart = page.workbook.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": [page.name, header, 2],
                "categories": [page.name, first, 0, last, 0],
                "values": [page.name, first, 2, last, 2],
                "fill": {"color": NAVY},
                "gap": 50,
                "data_labels": {"value": True},
            }
        )
        bar_chart_look(chart, "Cases by stage", max(getattr(cases, k) for _, k in FUNNEL_STAGES))
        height = 220
        chart.set_size({"width": page.pixels(4, 11) - 8, "height": height})
        page.ws.insert_chart(header, 4, chart, {"x_offset": 2, "y_offset": 2})
        page.keep_together(header - 1, header + math.ceil(height / ROW_PX))
        row = max(row, header + math.ceil(height / ROW_PX) + 2)
    else:
        page.text(header, 4, f"{NO_DATA}: no case submitted.", "note")

    if not cases.items:
        return row
    page.header(row, CASE_COLUMNS)
    row += 1
    for case in cases.items:
        page.cells(
            row,
            CASE_COLUMNS,
            (
                case.case_id,
                case.submitted_on,
                case.submitted_by,
                case.team,
                case.region,
                case.problem,
                words(case.priority),
                words(case.status),
                case.pattern,
                case.solved_on,
                case.days_to_solve,
                case.teams_applied,
            ),
        )
        row += 1
    return row + 1


def _business_metric(page: Page, report: NetworkReport, weeks: WeekTable, row: int) -> int:
    """Baseline → latest → target, the share of the way covered, and the values by week
    against the baseline and the target."""
    metric = report.business_metric
    page.section(row, "Business metric", LAST_GRID_COLUMN)
    row += 1
    if metric.name is None and metric.baseline is None and metric.target is None:
        page.text(row, 0, "Not set in the charter.", "note")
        return row + 2
    page.header(row, METRIC_COLUMNS)
    page.cells(
        row + 1,
        METRIC_COLUMNS,
        (
            metric.name,
            metric.unit,
            words(metric.direction),
            metric.baseline,
            metric.latest,
            metric.latest_week,
            metric.target,
            metric.progress_share,
            METRIC_STATUS_WORDS.get(metric.status, words(metric.status)),
        ),
    )
    page.colour_by_value((row + 1, row + 1), (10, 10), shown(METRIC_FILLS, METRIC_STATUS_WORDS))
    row += 3
    if all(signals.metric_value is None for signals in report.weeks):
        page.text(row, 0, f"{NO_DATA}: no metric value recorded.", "note")
        return row + 2
    chart = line_chart(
        page,
        weeks,
        ("metric_value", "baseline", "target"),
        "Business metric by week, against baseline and target",
        dashed=("baseline", "target"),
    )
    return place_charts(page, row, (chart, "metric value recorded"), keep_from=row - 4)


def _pulse(page: Page, report: NetworkReport, row: int) -> int:
    pulse = report.pulse
    page.section(row, "Pulse", LAST_GRID_COLUMN)
    row += 1
    if pulse.baseline is None:
        page.text(row, 0, "Not taken.", "note")
        return row + 2
    page.header(row, PULSE_COLUMNS)
    values = (pulse.baseline, pulse.baseline_week, pulse.latest, pulse.latest_week)
    page.cells(row + 1, PULSE_COLUMNS, values)
    return row + 3


def _milestones(page: Page, report: NetworkReport, links: WorkbookLinks, row: int) -> int:
    milestones = report.milestones
    overdue = len(milestones.overdue)
    page.section(
        row,
        f"Milestones · {milestones.done} of {milestones.total} done · {overdue} overdue",
        LAST_GRID_COLUMN,
    )
    row += 1
    if not milestones.items:
        page.text(row, 0, "None planned.", "note")
        return row + 2
    page.header(row, MILESTONE_COLUMNS)
    first = row = row + 1
    for item in milestones.items:
        page.cells(
            row,
            MILESTONE_COLUMNS,
            (
                item.title or item.milestone,
                item.window,
                item.due,
                words(item.status),
                item.done_on,
                "overdue" if item.overdue else None,
                links.to(report.source, item.location),
            ),
        )
        row += 1
    page.colour_by_value((first, row - 1), (8, 8), {"overdue": "high"})
    return row + 1
