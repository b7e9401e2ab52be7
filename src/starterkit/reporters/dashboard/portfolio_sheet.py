"""The Portfolio sheet: summary counts, the networks ranked by risk, flags by frequency,
portfolio flags and the files that failed."""

from __future__ import annotations

import math

from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from starterkit.findings import SEVERITIES, by_severity
from starterkit.report import NetworkReport, Portfolio, severity_counts
from starterkit.reporters.dashboard.charts import ROW_PX, bar_chart_look
from starterkit.reporters.dashboard.links import WorkbookLinks
from starterkit.reporters.dashboard.names import (
    FINDINGS_SHEET,
    PORTFOLIO_SHEET,
    RANKING_TABLE,
    internal_link,
    network_title,
)
from starterkit.reporters.dashboard.page import (
    Column,
    Link,
    Page,
    counts_text,
    evidence_text,
    plural_s,
)
from starterkit.reporters.dashboard.styles import (
    BAR_COLORS,
    NAVY,
    SEVERITY_FILLS,
    TABLE_STYLE,
    VERDICT_FILLS,
    Styles,
)
from starterkit.reporters.wording import (
    PHASE_WORDS,
    SEVERITY_WORDS,
    VERDICT_WORDS,
    flag_title,
    shown,
)

PORTFOLIO_COLUMNS = (
    ("Rank", 6),
    ("Network", 34),
    ("Organization", 26),
    ("Verdict", 11),
    ("Risk score", 8),
    ("High", 8),
    ("Medium", 9),
    ("Low", 8),
    ("Week of 12", 9),
    ("Phase", 28),
    ("Data findings", 10),
    ("Workbook", 36),
)
RANK, NETWORK, ORGANIZATION, VERDICT, RISK, HIGH, MEDIUM, LOW, WEEK, PHASE, DATA, SOURCE = range(
    len(PORTFOLIO_COLUMNS)
)
LAST_PORTFOLIO_COLUMN = len(PORTFOLIO_COLUMNS) - 1
TILE_LABEL_ROW, TILE_VALUE_ROW = 2, 3
RANKING_HEADER_ROW = 5


def write_portfolio(
    ws: Worksheet,
    styles: Styles,
    portfolio: Portfolio,
    ranked: list[NetworkReport],
    names: list[str],
    links: WorkbookLinks,
) -> dict[int, int]:
    """Write the Portfolio sheet; returns the row of each portfolio flag by its index."""
    page = Page(ws, styles, [width for _, width in PORTFOLIO_COLUMNS])
    ws.set_tab_color(NAVY)
    counts = portfolio.severity_counts()
    networks, failed = len(portfolio.networks), len(portfolio.errors)
    page.title("Portfolio of peer learning networks", LAST_PORTFOLIO_COLUMN)
    page.text(
        1,
        0,
        f"as of {portfolio.as_of.isoformat()} · {networks} network{plural_s(networks)} analyzed"
        f"{_from_files(portfolio)} · "
        f"{failed} file{plural_s(failed)} failed · flags {counts_text(counts)}",
        "subtitle",
    )

    first = RANKING_HEADER_ROW + 1
    if ranked:
        last = first + len(ranked) - 1
        _ranking(page, ranked, names, links, first, last)
    else:
        page.text(first, 0, "No network analyzed.", "note")
        last = first

    row = _flag_frequency(page, portfolio, last + 2)
    flags_row = row if portfolio.flags else None
    row, flag_rows = _portfolio_flags(page, portfolio, row)
    failed_row = row if portfolio.errors else None
    _failed_files(page, portfolio, row)
    _tiles(page, portfolio, ranked, (first, last), flags_row, failed_row)

    ws.freeze_panes(RANKING_HEADER_ROW + 1, NETWORK + 1)
    page.print_setup("Portfolio", RANKING_HEADER_ROW)
    return flag_rows


def _from_files(portfolio: Portfolio) -> str:
    """ " from N files" when some network has several files, else nothing."""
    files = len(portfolio.returns)
    return f" from {files} files" if files > len(portfolio.networks) else ""


def _ranking(
    page: Page,
    ranked: list[NetworkReport],
    names: list[str],
    links: WorkbookLinks,
    first: int,
    last: int,
) -> None:
    """The networks by risk as an Excel table (filters, banded rows); names link to sheets."""
    page.ws.add_table(
        RANKING_HEADER_ROW,
        0,
        last,
        LAST_PORTFOLIO_COLUMN,
        {
            "name": RANKING_TABLE,
            "style": TABLE_STYLE,
            "autofilter": True,
            "banded_rows": True,
            "columns": [
                {"header": title, "header_format": page.styles.get("header")}
                for title, _ in PORTFOLIO_COLUMNS
            ],
        },
    )
    page.ws.set_row(RANKING_HEADER_ROW, 30)
    columns = [Column(title, col) for col, (title, _) in enumerate(PORTFOLIO_COLUMNS)]
    columns[VERDICT] = Column("Verdict", VERDICT, look="strong")
    for row, (report, name) in enumerate(zip(ranked, names, strict=True), start=first):
        counts = report.severity_counts()
        page.cells(
            row,
            columns,
            (
                row - first + 1,
                Link(internal_link(name), network_title(report)),
                report.organization,
                VERDICT_WORDS.get(report.verdict, report.verdict),
                report.risk_score,
                *(counts[severity] for severity in SEVERITIES),
                report.cycle.week,
                PHASE_WORDS.get(report.cycle.phase, report.cycle.phase),
                len(report.data_findings),
                links.to(report.source),
            ),
        )
    page.colour_by_value((first, last), (VERDICT, VERDICT), shown(VERDICT_FILLS, VERDICT_WORDS))
    for col, fill in ((HIGH, "high"), (MEDIUM, "medium"), (LOW, "low")):
        page.colour_above_zero((first, last), col, fill)


def _tiles(
    page: Page,
    portfolio: Portfolio,
    ranked: list[NetworkReport],
    table_rows: tuple[int, int],
    flags_row: int | None,
    failed_row: int | None,
) -> None:
    """The summary counts above the ranking. Those read from the ranking are formulas over
    it, with their values cached (LibreOffice and previews show what is stored), so they
    stay true when a reader edits the table."""

    def over(col: int) -> str:
        return xl_range_abs(table_rows[0], col, table_rows[1], col)

    verdicts = [report.verdict for report in ranked]
    counts = severity_counts(flag for report in ranked for flag in report.flags)
    # (column, label, formula over the ranking, value, fill when above zero)
    tiles: list[tuple[int, str, str | None, int, str | None]] = [
        (NETWORK, "Networks", f"=COUNTA({over(NETWORK)})", len(ranked), None),
        *(
            (
                col,
                label.capitalize(),
                f'=COUNTIF({over(VERDICT)},"{label}")',
                verdicts.count(key),
                VERDICT_FILLS[key],
            )
            for col, (key, label) in zip(
                (ORGANIZATION, VERDICT, RISK), VERDICT_WORDS.items(), strict=True
            )
        ),
        *(
            (
                col,
                f"{SEVERITY_WORDS[s].capitalize()} flags",
                f"=SUM({over(col)})",
                counts[s],
                SEVERITY_FILLS[s],
            )
            for s, col in zip(SEVERITIES, (HIGH, MEDIUM, LOW), strict=True)
        ),
        (WEEK, "Files failed", None, len(portfolio.errors), "high"),
        (PHASE, "Portfolio flags", None, len(portfolio.flags), "medium"),
        (
            DATA,
            "Data findings",
            f"=SUM({over(DATA)})",
            sum(len(r.data_findings) for r in ranked),
            None,
        ),
    ]
    page.ws.set_row(TILE_LABEL_ROW, 26)
    page.ws.set_row(TILE_VALUE_ROW, 24)
    for col, label, formula, value, fill in tiles:
        page.text(TILE_LABEL_ROW, col, label, "tile_label")
        if ranked and formula:
            page.ws.write_formula(
                TILE_VALUE_ROW, col, formula, page.styles.get("tile_value"), value
            )
        else:
            page.number(TILE_VALUE_ROW, col, value, "tile_value")
        if fill is not None:
            page.colour_above_zero((TILE_VALUE_ROW, TILE_VALUE_ROW), col, fill)
    # The failed files and portfolio flags are listed below the ranking: link to them.
    for col, target in ((WEEK, failed_row), (PHASE, flags_row)):
        if target is not None:
            label = "Files failed ›" if col == WEEK else "Portfolio flags ›"
            cell = xl_rowcol_to_cell(target, 0)
            page.link(
                TILE_LABEL_ROW, col, Link(internal_link(PORTFOLIO_SHEET, cell), label), "tile_link"
            )
    page.text(TILE_LABEL_ROW, SOURCE, None, "tile_label")
    page.link(
        TILE_VALUE_ROW, SOURCE, Link(internal_link(FINDINGS_SHEET), "All findings ›"), "plain_link"
    )
    page.text(TILE_LABEL_ROW, RANK, None, "tile_label")


def _flag_frequency(page: Page, portfolio: Portfolio, row: int) -> int:
    """How many networks raise each flag: a table and, beside it, a bar chart of it."""
    page.section(row, "Flags by frequency", LAST_PORTFOLIO_COLUMN)
    row += 1
    frequency = portfolio.flag_frequency
    if not frequency:
        page.text(row, NETWORK, "No flags raised.", "note")
        return row + 2
    # The flag by its title where people read (the chart's labels too); its id beside it
    # for consultants who look it up in the catalog.
    columns = (
        Column("Flag", NETWORK),
        Column("Flag id", ORGANIZATION, look="note"),
        Column("Severity", VERDICT, look="strong"),
        Column(f"Networks of {len(portfolio.networks)}", RISK),
    )
    header = row
    page.header(header, columns)
    first = header + 1
    for offset, item in enumerate(frequency):
        values = (flag_title(item.id), item.id, SEVERITY_WORDS[item.severity], item.networks)
        page.cells(first + offset, columns, values)
    last = first + len(frequency) - 1
    page.colour_by_value((first, last), (VERDICT, VERDICT), shown(SEVERITY_FILLS, SEVERITY_WORDS))

    sheet = page.name
    chart = page.workbook.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": [sheet, header, RISK],
            "categories": [sheet, first, NETWORK, last, NETWORK],
            "values": [sheet, first, RISK, last, RISK],
            "points": [{"fill": {"color": BAR_COLORS[item.severity]}} for item in frequency],
            "gap": 60,
            "data_labels": {"value": True},
        }
    )
    bar_chart_look(chart, "Networks raising each flag", max(i.networks for i in frequency))
    height = max(220, 24 * len(frequency) + 90)
    chart.set_size({"width": page.pixels(HIGH, PHASE) - 8, "height": height})
    page.ws.insert_chart(header, HIGH, chart, {"x_offset": 4, "y_offset": 2})
    end = max(last, header + math.ceil(height / ROW_PX))
    page.keep_together(header - 1, end)
    return end + 2


def _portfolio_flags(page: Page, portfolio: Portfolio, row: int) -> tuple[int, dict[int, int]]:
    """Flags that only show across networks, most severe first."""
    flag_rows: dict[int, int] = {}
    if not portfolio.flags:
        return row, flag_rows
    page.section(row, f"Portfolio flags · {len(portfolio.flags)}", LAST_PORTFOLIO_COLUMN)
    columns = (
        Column("Flag", NETWORK),
        Column("Flag id", ORGANIZATION, look="note"),
        Column("Severity", VERDICT, look="strong"),
        Column("Message", RISK, WEEK),
        Column("Action", PHASE),
        Column("Evidence", DATA, SOURCE),
    )
    page.header(row + 1, columns)
    first = row = row + 2
    index_of = {id(flag): index for index, flag in enumerate(portfolio.flags)}
    for flag in by_severity(list(portfolio.flags)):
        flag_rows[index_of[id(flag)]] = row
        title, severity = flag_title(flag.id), SEVERITY_WORDS[flag.severity]
        values = (title, flag.id, severity, flag.message, flag.action)
        page.cells(row, columns, (*values, evidence_text(flag.evidence)))
        row += 1
    page.colour_by_value(
        (first, row - 1), (VERDICT, VERDICT), shown(SEVERITY_FILLS, SEVERITY_WORDS)
    )
    return row + 1, flag_rows


def _failed_files(page: Page, portfolio: Portfolio, row: int) -> int:
    if not portfolio.errors:
        return row
    page.section(row, f"Files that failed · {len(portfolio.errors)}", LAST_PORTFOLIO_COLUMN)
    columns = (
        Column("File", NETWORK),
        Column("Problem", ORGANIZATION, WEEK),
        Column("Fix", PHASE, SOURCE),
    )
    page.header(row + 1, columns)
    row += 2
    for error in portfolio.errors:
        page.cells(row, columns, (error.source, error.message, error.fix))
        row += 1
    return row + 1
