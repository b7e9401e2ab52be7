"""The report as an Excel dashboard: a Portfolio sheet, a Findings table, a sheet per network.

``render_dashboard`` returns the .xlsx bytes; saving them is the caller's business. Sheets:

- **Contents** (first): the Portfolio and Findings sheets, then every network, highest
  risk first, with its sheet (a link) and its returned workbook (a link relative to the
  dashboard's folder). Sheet names are the organisation's initials and the network's
  words, cut at a word (``names.sheet_names``).
- **Portfolio** (active): summary counts (formulas over the ranking, with their
  values cached), the networks ranked by risk in an Excel table with each name linking to
  the network's sheet, how often each flag fires (a table and a bar chart), the portfolio
  flags and the files that failed, with their fix.
- **Findings**: one row per portfolio flag, flag and data finding in the Excel table
  ``AllFindings`` (columns ``FINDINGS_COLUMNS``); each link opens the source workbook at
  the finding's first evidence cell.
- **One sheet per network**, in ranking order: where the cycle stands and the Start Here
  checks, flags, data findings, the adoption signals by week (a table the charts read),
  sessions, the case funnel, the business metric, the pulse and the milestones.

Everything a workbook holds is text a steward typed, so it is only ever written with
``write_string`` or as a link's shown text (never ``write``, which turns ``=…`` into a
formula), and text that would run as a formula once edited gets a quote-prefixed format.
Chart titles and series names are our own words or cell references for the same reason:
xlsxwriter reads a chart name that starts with ``=`` as a range. Severity colours are
conditional formats, so they follow the value when a reader sorts or edits a sheet."""

from __future__ import annotations

import datetime as dt
import gc
import io
from collections.abc import Iterator
from contextlib import contextmanager

from starterkit.kit.record import GENERATOR
from starterkit.report import Portfolio
from starterkit.reporters.dashboard.contents_sheet import write_contents
from starterkit.reporters.dashboard.findings_sheet import (
    FINDINGS_COLUMNS,
    finding_rows,
    write_findings,
)
from starterkit.reporters.dashboard.links import WorkbookLinks
from starterkit.reporters.dashboard.names import (
    CONTENTS_SHEET,
    CONTENTS_TABLE,
    FINDINGS_SHEET,
    FINDINGS_TABLE,
    PORTFOLIO_SHEET,
    RANKING_TABLE,
    legal_sheet_name,
    sheet_names,
)
from starterkit.reporters.dashboard.network_sheet import write_network
from starterkit.reporters.dashboard.portfolio_sheet import write_portfolio
from starterkit.reporters.dashboard.styles import Styles
from starterkit.reporters.dashboard.writer import DashboardWorkbook, DashboardWorksheet
from starterkit.reporters.wording import change_lines, folded_lines
from starterkit.safe_text import XLSXWRITER_OPTIONS, for_cell, map_strings

__all__ = [
    "CONTENTS_TABLE",
    "FINDINGS_COLUMNS",
    "FINDINGS_TABLE",
    "RANKING_TABLE",
    "legal_sheet_name",
    "render_dashboard",
    "sheet_names",
]


def render_dashboard(portfolio: Portfolio, *, links_from: str | None = None) -> bytes:
    """The dashboard workbook of ``portfolio`` as .xlsx bytes.

    ``links_from`` is the folder the dashboard will be saved in: links to the source
    workbooks are made relative to it, so the dashboard and the returned files can move
    together. Without it, links use each source path as given.
    """
    with _collector_paused():
        return _render(portfolio, links_from)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the workbook is made: xlsxwriter keeps every
    cell as an object of its own, and the collector's passes over those hundreds of
    thousands of objects (and the portfolio's) took a fifth of the render time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _render(portfolio: Portfolio, links_from: str | None) -> bytes:
    output = io.BytesIO()
    workbook = DashboardWorkbook(output, XLSXWRITER_OPTIONS)
    styles = Styles(workbook)
    # Links keep each file's own path; everything shown passes for_cell first.
    raw_sources = {for_cell(e.source): e.source for e in (*portfolio.networks, *portfolio.errors)}
    links = WorkbookLinks(links_from, raw_sources)
    portfolio = map_strings(portfolio, for_cell)
    ranked = portfolio.ranked()
    names = sheet_names(ranked)

    # Sheets appear in the order they are added; they are filled afterwards.
    contents_ws, portfolio_ws, findings_ws, *network_sheets = (
        workbook.add_worksheet(name, worksheet_class=DashboardWorksheet)
        for name in (CONTENTS_SHEET, PORTFOLIO_SHEET, FINDINGS_SHEET, *names)
    )

    write_contents(contents_ws, styles, portfolio, ranked, names, links)

    flag_rows = write_portfolio(portfolio_ws, styles, portfolio, ranked, names, links)
    rows = finding_rows(portfolio, ranked, names)
    write_findings(findings_ws, styles, portfolio, rows, links, flag_rows)
    for rank, (ws, report) in enumerate(zip(network_sheets, ranked, strict=True), start=1):
        history = (
            *folded_lines(portfolio, report),
            *(change_lines(report.changes) if report.changes else ()),
        )
        write_network(ws, styles, report, rank, len(ranked), links, history)

    portfolio_ws.activate()
    workbook.set_properties(
        {
            "title": f"Peer learning networks · as of {portfolio.as_of.isoformat()}",
            "author": GENERATOR,
            # Pinned to the analysis date, so the same portfolio gives the same bytes.
            "created": dt.datetime.combine(portfolio.as_of, dt.time()),
        }
    )
    workbook.close()
    # Each worksheet refers back to its workbook (to add formats): a cycle that only the
    # collector frees, in a pass over every cell. Cut, the workbook goes when it is dropped.
    for ws in workbook.worksheets():
        ws.workbook_add_format = None
    return output.getvalue()
