"""The Contents sheet: every sheet of the dashboard, and every network with the sheet that
shows it, a link to that sheet and a link to its returned workbook."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from starterkit.report import NetworkReport, Portfolio
from starterkit.reporters.dashboard.links import WorkbookLinks
from starterkit.reporters.dashboard.names import (
    CONTENTS_TABLE,
    FINDINGS_SHEET,
    PORTFOLIO_SHEET,
    internal_link,
)
from starterkit.reporters.dashboard.page import Column, Link, Page
from starterkit.reporters.dashboard.styles import NAVY, TABLE_STYLE, VERDICT_FILLS, Styles
from starterkit.reporters.wording import VERDICT_WORDS, shown, week_short

CONTENTS_COLUMNS = (
    ("Rank", 6),
    ("Network", 34),
    ("Organization", 28),
    ("Sheet", 33),
    ("Verdict", 11),
    ("Risk score", 8),
    ("Week", 14),
    ("Workbook", 36),
)
RANK, NETWORK, ORGANIZATION, SHEET, VERDICT, RISK, WEEK, SOURCE = range(len(CONTENTS_COLUMNS))
LAST_COLUMN = len(CONTENTS_COLUMNS) - 1
#: The first rows list the sheets every dashboard has; the networks' table follows.
SHEETS_ROW = 3
CONTENTS_HEADER_ROW = 7


def write_contents(
    ws: Worksheet,
    styles: Styles,
    portfolio: Portfolio,
    ranked: list[NetworkReport],
    names: list[str],
    links: WorkbookLinks,
) -> None:
    page = Page(ws, styles, [width for _, width in CONTENTS_COLUMNS])
    ws.set_tab_color(NAVY)
    page.title("Contents", LAST_COLUMN)
    page.text(
        1,
        0,
        f"as of {portfolio.as_of.isoformat()} · every network, highest risk first, with the "
        "sheet that shows it and the workbook it came from",
        "subtitle",
    )
    for row, (sheet, about) in enumerate(
        (
            (PORTFOLIO_SHEET, "summary, networks ranked by risk, flags by frequency"),
            (FINDINGS_SHEET, "every flag and data finding, with a link to its cell"),
        ),
        start=SHEETS_ROW,
    ):
        page.link(row, NETWORK, Link(internal_link(sheet), f"{sheet} ›"), "plain_link")
        page.text(row, ORGANIZATION, about, "plain", SOURCE)

    if not ranked:
        page.text(CONTENTS_HEADER_ROW, 0, "No network analyzed.", "note")
        page.print_setup("Contents")
        return
    first = CONTENTS_HEADER_ROW + 1
    last = first + len(ranked) - 1
    ws.add_table(
        CONTENTS_HEADER_ROW,
        0,
        last,
        LAST_COLUMN,
        {
            "name": CONTENTS_TABLE,
            "style": TABLE_STYLE,
            "autofilter": True,
            "banded_rows": True,
            "columns": [
                {"header": title, "header_format": styles.get("header")}
                for title, _ in CONTENTS_COLUMNS
            ],
        },
    )
    columns = [Column(title, col) for col, (title, _) in enumerate(CONTENTS_COLUMNS)]
    columns[VERDICT] = Column("Verdict", VERDICT, look="strong")
    for row, (report, name) in enumerate(zip(ranked, names, strict=True), start=first):
        page.cells(
            row,
            columns,
            (
                row - first + 1,
                report.network or "Network not named",
                report.organization,
                Link(internal_link(name), name),
                VERDICT_WORDS.get(report.verdict, report.verdict),
                report.risk_score,
                week_short(report.cycle),
                links.to(report.source),
            ),
        )
    page.colour_by_value((first, last), (VERDICT, VERDICT), shown(VERDICT_FILLS, VERDICT_WORDS))
    ws.freeze_panes(CONTENTS_HEADER_ROW + 1, 0)
    page.print_setup("Contents", CONTENTS_HEADER_ROW)
