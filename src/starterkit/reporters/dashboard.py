"""The report as an Excel dashboard: a Portfolio sheet, a Findings table, a sheet per network.

``render_dashboard`` returns the .xlsx bytes; saving them is the caller's business. Sheets:

- **Portfolio** (first, active): summary counts (formulas over the ranking, with their
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
conditional formats, so they follow the value when a reader sorts or edits a sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from xlsxwriter.chart import Chart
from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from starterkit.findings import SEVERITIES, Location, Severity, by_severity, quote_sheet
from starterkit.kit.contract import CYCLE_WEEKS, HEALTH_CHECKS
from starterkit.report import NetworkReport, Portfolio, WeeklySignals, severity_counts
from starterkit.reporters.cell_safety import looks_like_formula
from starterkit.reporters.wording import (
    HEALTH_CHECK_LABELS,
    HEALTH_WORDS,
    METRIC_STATUS_WORDS,
    PHASE_WORDS,
    SEVERITY_WORDS,
    TREND_ARROWS,
    VERDICT_WORDS,
    cycle_week_text,
    route_notes,
    shown,
    words,
)
from starterkit.safe_text import for_cell, for_link, map_strings

__all__ = ["FINDINGS_COLUMNS", "FINDINGS_TABLE", "RANKING_TABLE", "render_dashboard"]

GENERATOR = "starterkit"
PORTFOLIO_SHEET = "Portfolio"
FINDINGS_SHEET = "Findings"
FINDINGS_TABLE = "AllFindings"
RANKING_TABLE = "NetworksByRisk"
TABLE_STYLE = "Table Style Light 15"
#: Excel refuses "History" as a sheet name; the others are taken by the dashboard.
RESERVED_SHEET_NAMES = (PORTFOLIO_SHEET, FINDINGS_SHEET, "History")
MAX_SHEET_NAME = 31
ILLEGAL_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
#: Excel ignores a hyperlink whose path or anchor is longer than this.
MAX_LINK_LENGTH = 2079

KIND_PORTFOLIO_FLAG, KIND_FLAG, KIND_DATA_FINDING = "portfolio flag", "flag", "data finding"
NO_DATA = "No data yet"

#: The Findings table: (header, width). "Open in workbook" holds the link.
FINDINGS_COLUMNS = (
    ("Network", 22),
    ("Kit id", 20),
    ("Workbook", 24),
    ("Kind", 12),
    ("Id", 22),
    ("Severity", 9),
    ("Message", 50),
    ("Action or fix", 42),
    ("Evidence", 28),
    ("Open in workbook", 34),
)

# Colours: a dark band and headers; fills for high, medium, low, good and "not yet".
NAVY = "#1F3864"
ACCENT = "#2E75B6"
GRID = "#BFBFBF"
GREY_TEXT = "#595959"
FILLS = {
    "high": ("#FFC7CE", "#9C0006"),
    "medium": ("#FFEB9C", "#7F4F00"),
    "low": ("#DDEBF7", "#1F4E79"),
    "good": ("#C6EFCE", "#006100"),
    "muted": ("#EDEDED", GREY_TEXT),
}
#: The fill of each report key (severity, verdict, check verdict, metric status). The
#: conditional formats match the word a cell shows (``wording.shown``).
SEVERITY_FILLS = {Severity.HIGH: "high", Severity.MEDIUM: "medium", Severity.LOW: "low"}
VERDICT_FILLS = {"at_risk": "high", "watch": "medium", "on_track": "good"}
HEALTH_FILLS = {"red_flag": "high", "warning": "medium", "ok": "good", "not_yet": "muted"}
METRIC_FILLS = {"off_track": "high", "watch": "medium", "on_track": "good"}
LINE_COLORS = (NAVY, ACCENT, "#C55A11")
BAR_COLORS = {Severity.HIGH: "#C00000", Severity.MEDIUM: "#E0A100", Severity.LOW: "#5B9BD5"}

DATE_FORMAT = "yyyy-mm-dd"
LINE_HEIGHT = 15  # points per line of wrapped text
#: Characters of ordinary text that fit in one unit of column width (a unit is one digit).
CHARS_PER_WIDTH = 1.2
#: Excel's tallest row is 409 points: as many lines as fit in it.
MAX_ROW_LINES = (409 - 4) // LINE_HEIGHT
ROW_PX = 20  # a default row, in pixels
CHART_HEIGHT_PX = 300

_BORDER = {"border": 1, "border_color": GRID, "valign": "top"}
#: Cell looks by name: xlsxwriter format properties.
LOOKS: dict[str, dict[str, Any]] = {
    "title": {
        "bold": True,
        "font_size": 16,
        "font_color": "#FFFFFF",
        "bg_color": NAVY,
        "valign": "vcenter",
        "indent": 1,
    },
    "subtitle": {"italic": True, "font_color": GREY_TEXT},
    "section": {"bold": True, "font_size": 12, "font_color": NAVY, "bottom": 2},
    "header": {
        **_BORDER,
        "bold": True,
        "font_color": "#FFFFFF",
        "bg_color": NAVY,
        "text_wrap": True,
        "valign": "vcenter",
    },
    "tile_label": {"font_color": GREY_TEXT, "font_size": 9, "text_wrap": True, "top": 2},
    "tile_link": {
        "font_color": ACCENT,
        "underline": 1,
        "font_size": 9,
        "text_wrap": True,
        "top": 2,
    },
    "tile_value": {"bold": True, "font_size": 16, "align": "left", "valign": "top"},
    "label": {"bold": True, "valign": "top"},
    "plain": {"valign": "top"},
    "fact": {"bold": True, "font_size": 12, "align": "left", "valign": "top"},
    "fact_date": {"num_format": DATE_FORMAT, "align": "left", "valign": "top"},
    "cell": _BORDER,
    "wrap": {**_BORDER, "text_wrap": True},
    "strong": {**_BORDER, "bold": True},
    "number": _BORDER,
    "percent": {**_BORDER, "num_format": "0%"},
    "date": {**_BORDER, "num_format": DATE_FORMAT},
    "link": {**_BORDER, "font_color": ACCENT, "underline": 1, "text_wrap": True},
    "plain_link": {"font_color": ACCENT, "underline": 1, "valign": "top"},
    "note": {"italic": True, "font_color": GREY_TEXT, "valign": "top"},
    "warning_note": {"italic": True, "font_color": FILLS["medium"][1], "valign": "top"},
}


def render_dashboard(portfolio: Portfolio, *, links_from: str | None = None) -> bytes:
    """The dashboard workbook of ``portfolio`` as .xlsx bytes.

    ``links_from`` is the folder the dashboard will be saved in: links to the source
    workbooks are made relative to it, so the dashboard and the returned files can move
    together. Without it, links use each source path as given.
    """
    output = io.BytesIO()
    workbook = Workbook(
        output,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    styles = Styles(workbook)
    # Links keep each file's own path; everything shown passes for_cell first.
    raw_sources = {for_cell(e.source): e.source for e in (*portfolio.networks, *portfolio.errors)}
    links = WorkbookLinks(links_from, raw_sources)
    portfolio = map_strings(portfolio, for_cell)
    ranked = portfolio.ranked()
    names = sheet_names(ranked)

    # Sheets appear in the order they are added; they are filled afterwards.
    portfolio_ws, findings_ws, *network_sheets = (
        workbook.add_worksheet(name, worksheet_class=DashboardWorksheet)
        for name in (PORTFOLIO_SHEET, FINDINGS_SHEET, *names)
    )

    flag_rows = write_portfolio(portfolio_ws, styles, portfolio, ranked, names, links)
    rows = finding_rows(portfolio, ranked, names)
    write_findings(findings_ws, styles, portfolio, rows, links, flag_rows)
    for rank, (ws, report) in enumerate(zip(network_sheets, ranked, strict=True), start=1):
        write_network(ws, styles, report, rank, len(ranked), links)

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
    return output.getvalue()


# Formats, cells and rows


class DashboardWorksheet(Worksheet):
    """A worksheet that writes formulas as given.

    xlsxwriter scans every formula, each conditional format's value included, with some
    eighty regular expressions to prefix newer Excel functions. The dashboard uses none of
    them (only COUNTA, COUNTIF and SUM), and the scan was a quarter of its render time.
    """

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        return formula.removeprefix("=")


class Styles:
    """One xlsxwriter format per look, and its quote-prefixed twin for formula-like text."""

    def __init__(self, workbook: Workbook):
        self.workbook = workbook
        self._formats: dict[tuple[str, bool], Any] = {}
        self._fills: dict[str, Any] = {}

    def get(self, look: str, text: str | None = None) -> Any:
        """The format of ``look``; quote-prefixed when ``text`` would run as a formula."""
        quoted = text is not None and looks_like_formula(text)
        key = (look, quoted)
        if key not in self._formats:
            props = dict(LOOKS[look])
            if quoted:
                props["quote_prefix"] = True
            self._formats[key] = self.workbook.add_format(props)
        return self._formats[key]

    def fill(self, name: str) -> Any:
        """A conditional-format look: fill and font colour only; the cell keeps the rest."""
        if name not in self._fills:
            background, font = FILLS[name]
            self._fills[name] = self.workbook.add_format(
                {"bg_color": background, "font_color": font}
            )
        return self._fills[name]


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a list: its header and the sheet columns it spans (merged when several)."""

    title: str
    first: int
    last: int | None = None
    look: str = "wrap"


def single_columns(*titles: str, start: int = 0) -> tuple[Column, ...]:
    return tuple(Column(title, start + offset) for offset, title in enumerate(titles))


@dataclass(frozen=True, slots=True)
class Link:
    """A cell that links: ``url`` (None for plain text) and the text it shows."""

    url: str | None
    text: str


#: A list cell's value: text, a number, a date, a link or nothing.
Value = str | float | dt.date | Link | None


class Page:
    """A worksheet with typed writers: text is only ever written as a string."""

    def __init__(self, ws: Worksheet, styles: Styles, widths: Sequence[float]):
        self.ws = ws
        self.styles = styles
        self.workbook = styles.workbook
        self.name = ws.get_name()
        self.widths = tuple(widths)
        for col, width in enumerate(self.widths):
            ws.set_column(col, col, width)

    def width(self, first: int, last: int | None = None) -> float:
        """Width of columns first..last in character units (8.43 is Excel's default)."""
        last = first if last is None else last
        return sum(self.widths[c] if c < len(self.widths) else 8.43 for c in range(first, last + 1))

    def pixels(self, first: int, last: int) -> int:
        return sum(int(self.width(col) * 7 + 5) for col in range(first, last + 1))

    def text(
        self, row: int, col: int, value: str | None, look: str = "cell", to_col: int | None = None
    ) -> None:
        fmt = self.styles.get(look, value)
        if to_col is not None and to_col > col:
            self.ws.merge_range(row, col, row, to_col, "", fmt)
        if value:
            self.ws.write_string(row, col, value, fmt)
        elif to_col is None:
            self.ws.write_blank(row, col, None, fmt)

    def number(self, row: int, col: int, value: float | None, look: str = "number") -> None:
        # A number too large to hold (typed as hundreds of digits) is infinite; blank it.
        if value is None or not math.isfinite(value):
            self.ws.write_blank(row, col, None, self.styles.get(look))
        else:
            self.ws.write_number(row, col, value, self.styles.get(look))

    def date(self, row: int, col: int, value: dt.date | None, look: str = "date") -> None:
        if value is None:
            self.ws.write_blank(row, col, None, self.styles.get(look))
        else:
            self.ws.write_datetime(row, col, value, self.styles.get(look))

    def link(
        self, row: int, col: int, link: Link, look: str = "link", to_col: int | None = None
    ) -> None:
        """A hyperlink showing ``link.text``; plain text when there is nothing to link to."""
        if link.url is None:
            self.text(row, col, link.text, "wrap" if look == "link" else "plain", to_col)
            return
        fmt = self.styles.get(look, link.text)
        if to_col is not None and to_col > col:
            self.ws.merge_range(row, col, row, to_col, "", fmt)
        # write_url writes the shown text as a string cell, never as a formula.
        self.ws.write_url(row, col, link.url, fmt, link.text)

    def header(self, row: int, columns: Iterable[Column]) -> None:
        columns = tuple(columns)
        for column in columns:
            self.text(row, column.first, column.title, "header", column.last)
        # Headers are bold: fewer characters fit in a line.
        self.fit_row(row, ((c.title, self.width(c.first, c.last) * 0.85) for c in columns))

    def cells(self, row: int, columns: Sequence[Column], values: Sequence[Value]) -> None:
        """One list row, each value written as its type says, and tall enough to show."""
        texts = []
        for column, value in zip(columns, values, strict=True):
            if isinstance(value, Link):
                self.link(row, column.first, value, to_col=column.last)
                texts.append((value.text, self.width(column.first, column.last)))
            elif isinstance(value, int | float):
                self.number(row, column.first, value, _number_look(column.look))
            elif isinstance(value, dt.date):
                self.date(row, column.first, value)
            else:
                self.text(row, column.first, value, column.look, column.last)
                texts.append((value, self.width(column.first, column.last)))
        self.fit_row(row, texts)

    def section(self, row: int, title: str, last_col: int) -> None:
        for col in range(1, last_col + 1):
            self.ws.write_blank(row, col, None, self.styles.get("section"))
        self.text(row, 0, title, "section")
        self.ws.set_row(row, 20)

    def fit_row(self, row: int, texts: Iterable[tuple[str | None, float]]) -> None:
        """Make the row tall enough for its wrapped text: LibreOffice keeps a row's height
        on load and Excel never grows merged cells, so the height is set here."""
        lines = max((_lines(text, width) for text, width in texts), default=1)
        if lines > 1:
            self.ws.set_row(row, LINE_HEIGHT * lines + 4)

    def colour_by_value(
        self, rows: tuple[int, int], cols: tuple[int, int], fills: dict[str, str]
    ) -> None:
        """Fill cells by the word they show: {shown word: fill name}."""
        if rows[1] < rows[0]:
            return
        for word, fill in fills.items():
            self.ws.conditional_format(
                rows[0],
                cols[0],
                rows[1],
                cols[1],
                {
                    "type": "cell",
                    "criteria": "==",
                    "value": '"' + word.replace('"', '""') + '"',
                    "format": self.styles.fill(fill),
                },
            )

    def colour_above_zero(self, rows: tuple[int, int], col: int, fill: str) -> None:
        if rows[1] < rows[0]:
            return
        self.ws.conditional_format(
            rows[0],
            col,
            rows[1],
            col,
            {"type": "cell", "criteria": ">", "value": 0, "format": self.styles.fill(fill)},
        )

    def print_setup(self, title: str, repeat_row: int | None = None) -> None:
        ws = self.ws
        ws.set_landscape()
        ws.set_paper(9)  # A4; fitting to the page width keeps Letter readable too
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
        ws.set_header(f"&L{_header_text(title)}&R{GENERATOR}")
        ws.set_footer("&L&A&RPage &P of &N")
        if repeat_row is not None:
            ws.repeat_rows(repeat_row)


def _number_look(look: str) -> str:
    return look if look in ("percent", "number", "fact") else "number"


def _lines(text: str | None, width: float) -> int:
    """Lines the text takes when wrapped at word boundaries in a cell ``width`` wide, up
    to what the tallest row shows: a longer text is not wrapped at all (which took
    seconds for a text of megabytes), since any part longer than that many full lines
    fills the tallest row anyway."""
    if not text:
        return 1
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    if len(text) <= per_line and "\n" not in text:
        return 1
    longest = per_line * (MAX_ROW_LINES + 1)
    lines = 0
    for part in text.split("\n", MAX_ROW_LINES):
        if len(part) > longest:
            return MAX_ROW_LINES
        lines += max(1, len(textwrap.wrap(part, per_line)))
        if lines >= MAX_ROW_LINES:
            return MAX_ROW_LINES
    return lines


def _header_text(text: str) -> str:
    """Text for a print header: '&' starts a header code, and Excel caps headers at 255."""
    return text.replace("&", "&&")[:80]


# Sheet names and links


def network_title(report: NetworkReport) -> str:
    return report.network or report.source


def sheet_names(networks: Sequence[NetworkReport]) -> list[str]:
    """A legal sheet name per network, unique ignoring case; a number tells namesakes apart."""
    taken = {name.casefold() for name in RESERVED_SHEET_NAMES}
    names = []
    for report in networks:
        base = (
            legal_sheet_name(report.network or "")
            or legal_sheet_name(_file_stem(report.source))
            or "Network"
        )
        name, number = base, 2
        while name.casefold() in taken:
            name = _fit_sheet_name(base, f" ({number})")
            number += 1
        taken.add(name.casefold())
        names.append(name)
    return names


def legal_sheet_name(text: str) -> str:
    """``text`` without what Excel refuses in a sheet name: []:*?/\\ and control
    characters anywhere, an apostrophe at either end, more than 31 characters."""
    return _fit_sheet_name(" ".join(ILLEGAL_SHEET_CHARACTERS.sub(" ", text).split()), "")


def _fit_sheet_name(base: str, suffix: str) -> str:
    # A UTF-16 code unit per character at least: cut first, then shorten one at a time
    # (cutting a character at a time from a long name was quadratic: 5 s for 300 KB).
    name = base.strip(" '")[:MAX_SHEET_NAME].rstrip(" '")
    # Excel counts UTF-16 code units.
    while name and _utf16_length(name + suffix) > MAX_SHEET_NAME:
        name = name[:-1].rstrip(" '")
    return (name + suffix).strip(" '")


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _file_name(source: str) -> str:
    return re.split(r"[\\/]", source)[-1] or source


def _file_stem(source: str) -> str:
    stem, dot, _ = _file_name(source).rpartition(".")
    return stem if dot and stem else _file_name(source)


def internal_link(sheet: str, cell: str = "A1") -> str:
    return f"internal:{quote_sheet(sheet)}!{cell}"


class WorkbookLinks:
    """Links from the dashboard to the returned workbooks, relative to where it is saved."""

    def __init__(self, links_from: str | None, raw_sources: dict[str, str] | None = None):
        self._links_from = os.path.abspath(links_from) if links_from is not None else None
        self._paths: dict[str, str] = {}
        #: Each source as the report shows it -> the path the file really has.
        self._raw = raw_sources or {}

    def path(self, source: str) -> str:
        """The workbook's path as the link holds it: relative to the dashboard's folder."""
        if source not in self._paths:
            raw = self._raw.get(source, source)
            self._paths[source] = self._relative(raw).replace(os.sep, "/")
        return self._paths[source]

    def _relative(self, source: str) -> str:
        if self._links_from is None:
            return source
        try:
            return os.path.relpath(os.path.abspath(source), self._links_from)
        except ValueError:  # another drive on Windows: no relative path exists
            return os.path.abspath(source)

    def to(self, source: str, location: Location | None = None) -> Link:
        """A link to the workbook at the location's cell (its sheet when no cell is known),
        showing the file name and the cell, e.g. ``network.xlsx › '90-Day Planner'!B8``."""
        name = _file_name(source)
        text = name
        if location is not None:
            text += f" › {location.ref if location.cell else quote_sheet(location.sheet)}"
        url = f"external:{_escape_path(self.path(source))}"
        anchor = _anchor(location) if location is not None else ""
        if max(_utf16_length(url), _utf16_length(anchor)) > MAX_LINK_LENGTH:
            return Link(None, text)
        return Link(f"{url}#{anchor}" if anchor else url, text)


def _anchor(location: Location) -> str:
    return location.ref if location.cell else f"{quote_sheet(location.sheet)}!A1"


def _escape_path(path: str) -> str:
    """The file path as a link stores it (``safe_text.for_link``). xlsxwriter escapes some
    of the same characters, but it splits a link at its first '#' and passes control
    characters into the XML, so the path is escaped here, whole."""
    return for_link(path)


# Wording shared by the sheets


def counts_text(counts: dict[Severity, int]) -> str:
    return " · ".join(f"{counts[s]} {SEVERITY_WORDS[s]}" for s in SEVERITIES)


def cycle_text(report: NetworkReport) -> str:
    cycle = report.cycle
    where = cycle_week_text(cycle)
    return f"{where} · {PHASE_WORDS.get(cycle.phase, cycle.phase)} · cycle {cycle.cycle_number}"


def evidence_text(evidence: Iterable[Location]) -> str:
    return "; ".join(str(location) for location in evidence)


def _yes_no(value: bool | None, no: str = "no") -> str | None:
    return None if value is None else ("yes" if value else no)


def _s(count: int) -> str:
    return "" if count == 1 else "s"


# Portfolio sheet

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
    ws.set_row(0, 30)
    page.text(0, 0, "Portfolio of peer learning networks", "title", LAST_PORTFOLIO_COLUMN)
    page.text(
        1,
        0,
        f"as of {portfolio.as_of.isoformat()} · {networks} network{_s(networks)} analyzed · "
        f"{failed} file{_s(failed)} failed · flags {counts_text(counts)}",
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
    columns = (
        Column("Flag", NETWORK),
        Column("Severity", ORGANIZATION, look="strong"),
        Column(f"Networks of {len(portfolio.networks)}", VERDICT),
    )
    header = row
    page.header(header, columns)
    first = header + 1
    for offset, item in enumerate(frequency):
        page.cells(first + offset, columns, (item.id, SEVERITY_WORDS[item.severity], item.networks))
    last = first + len(frequency) - 1
    page.colour_by_value(
        (first, last), (ORGANIZATION, ORGANIZATION), shown(SEVERITY_FILLS, SEVERITY_WORDS)
    )

    sheet = page.name
    chart = page.workbook.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": [sheet, header, VERDICT],
            "categories": [sheet, first, NETWORK, last, NETWORK],
            "values": [sheet, first, VERDICT, last, VERDICT],
            "points": [{"fill": {"color": BAR_COLORS[item.severity]}} for item in frequency],
            "gap": 60,
            "data_labels": {"value": True},
        }
    )
    _bar_chart_look(chart, "Networks raising each flag", max(i.networks for i in frequency))
    height = max(220, 24 * len(frequency) + 90)
    chart.set_size({"width": page.pixels(RISK, PHASE) - 8, "height": height})
    page.ws.insert_chart(header, RISK, chart, {"x_offset": 4, "y_offset": 2})
    return max(last, header + math.ceil(height / ROW_PX)) + 2


def _bar_chart_look(chart: Chart, title: str, largest: int) -> None:
    """Bars of counts: the first row of the table on top, whole numbers on the axis."""
    chart.set_title({"name": title, "name_font": {"size": 11}})
    # In a bar chart the y axis holds the categories. Reversed, the first row of the table
    # is the top bar; crossing at the maximum keeps the values axis at the bottom.
    chart.set_y_axis({"reverse": True, "crossing": "max"})
    chart.set_x_axis(
        {
            "min": 0,
            "major_unit": max(1, math.ceil(largest / 6)),
            "major_gridlines": {"visible": True, "line": {"color": GRID}},
        }
    )
    chart.set_legend({"none": True})


def _portfolio_flags(page: Page, portfolio: Portfolio, row: int) -> tuple[int, dict[int, int]]:
    """Flags that only show across networks, most severe first."""
    flag_rows: dict[int, int] = {}
    if not portfolio.flags:
        return row, flag_rows
    page.section(row, f"Portfolio flags · {len(portfolio.flags)}", LAST_PORTFOLIO_COLUMN)
    columns = (
        Column("Flag", NETWORK),
        Column("Severity", ORGANIZATION, look="strong"),
        Column("Message", VERDICT, WEEK),
        Column("Action", PHASE),
        Column("Evidence", DATA, SOURCE),
    )
    page.header(row + 1, columns)
    first = row = row + 2
    index_of = {id(flag): index for index, flag in enumerate(portfolio.flags)}
    for flag in by_severity(list(portfolio.flags)):
        flag_rows[index_of[id(flag)]] = row
        values = (flag.id, SEVERITY_WORDS[flag.severity], flag.message, flag.action)
        page.cells(row, columns, (*values, evidence_text(flag.evidence)))
        row += 1
    page.colour_by_value(
        (first, row - 1), (ORGANIZATION, ORGANIZATION), shown(SEVERITY_FILLS, SEVERITY_WORDS)
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


# Findings sheet


@dataclass(frozen=True, slots=True)
class FindingRow:
    """One row of the Findings table: a flag or data finding and the network it is about
    (None for a portfolio flag)."""

    network: NetworkReport | None
    sheet: str | None
    kind: str
    id: str
    severity: Severity | None
    message: str
    action: str
    evidence: tuple[Location, ...]
    #: Index into ``Portfolio.flags`` for a portfolio flag.
    portfolio_index: int | None = None


def finding_rows(
    portfolio: Portfolio, ranked: list[NetworkReport], names: list[str]
) -> list[FindingRow]:
    """Portfolio flags first, then each network in ranking order: its flags most severe
    first, then its data findings in sheet order."""
    portfolio_flags = by_severity(list(portfolio.flags))
    index_of = {id(flag): index for index, flag in enumerate(portfolio.flags)}
    rows = [
        FindingRow(
            None,
            None,
            KIND_PORTFOLIO_FLAG,
            flag.id,
            flag.severity,
            flag.message,
            flag.action,
            flag.evidence,
            portfolio_index=index_of[id(flag)],
        )
        for flag in portfolio_flags
    ]
    for report, name in zip(ranked, names, strict=True):
        rows.extend(
            FindingRow(report, name, KIND_FLAG, f.id, f.severity, f.message, f.action, f.evidence)
            for f in by_severity(list(report.flags))
        )
        rows.extend(
            FindingRow(
                report,
                name,
                KIND_DATA_FINDING,
                f.id,
                None,
                f.message,
                f.fix,
                (f.location,) if f.location else (),
            )
            for f in report.data_findings
        )
    return rows


def write_findings(
    ws: Worksheet,
    styles: Styles,
    portfolio: Portfolio,
    rows: list[FindingRow],
    links: WorkbookLinks,
    flag_rows: dict[int, int],
) -> None:
    page = Page(ws, styles, [width for _, width in FINDINGS_COLUMNS])
    last_col = len(FINDINGS_COLUMNS) - 1
    ws.set_row(0, 30)
    page.text(0, 0, "Findings", "title", last_col)
    page.text(
        1,
        0,
        f"as of {portfolio.as_of.isoformat()} · {len(rows)} finding{_s(len(rows))} · "
        "each link opens the workbook at the cell, from the folder the dashboard was made for",
        "subtitle",
    )
    header = 3
    if not rows:
        page.text(header, 0, "No flags or data findings.", "note")
        page.print_setup("Findings")
        return
    first, last = header + 1, header + len(rows)
    ws.add_table(
        header,
        0,
        last,
        last_col,
        {
            "name": FINDINGS_TABLE,
            "style": TABLE_STYLE,
            "autofilter": True,
            "banded_rows": True,
            "columns": [
                {"header": title, "header_format": styles.get("header")}
                for title, _ in FINDINGS_COLUMNS
            ],
        },
    )
    ws.set_row(header, 30)
    columns = [Column(title, col) for col, (title, _) in enumerate(FINDINGS_COLUMNS)]
    columns[5] = Column("Severity", 5, look="strong")
    for row, finding in enumerate(rows, start=first):
        network = finding.network
        if network is None:
            about: tuple[Value, ...] = ("(portfolio)", None, None)
        else:
            title = network_title(network)
            about = (
                Link(internal_link(finding.sheet or ""), title),
                network.kit_id,
                network.source,
            )
        page.cells(
            row,
            columns,
            (
                *about,
                finding.kind,
                finding.id,
                SEVERITY_WORDS[finding.severity] if finding.severity else None,
                finding.message,
                finding.action,
                evidence_text(finding.evidence),
                finding_link(finding, links, flag_rows),
            ),
        )
    page.colour_by_value((first, last), (5, 5), shown(SEVERITY_FILLS, SEVERITY_WORDS))
    ws.freeze_panes(header + 1, 1)
    page.print_setup("Findings", header)


def finding_link(finding: FindingRow, links: WorkbookLinks, flag_rows: dict[int, int]) -> Link:
    """The workbook at the finding's first evidence cell. A portfolio flag's evidence lies
    in several workbooks its locations do not name: it links to the Portfolio sheet's row."""
    if finding.network is None:
        row = flag_rows.get(finding.portfolio_index or 0, RANKING_HEADER_ROW)
        cell = xl_rowcol_to_cell(row, NETWORK)
        return Link(internal_link(PORTFOLIO_SHEET, cell), "Portfolio › portfolio flags")
    return links.to(finding.network.source, finding.evidence[0] if finding.evidence else None)


# Network sheets

#: Network sheets sit on a grid of equal columns that every section shares.
GRID_COLUMNS = 14
GRID_WIDTH = 12
LAST_GRID_COLUMN = GRID_COLUMNS - 1
HALF = GRID_COLUMNS // 2

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
SIGNAL_COLUMNS = (
    Column("Signal", 0, 2),
    Column("Latest", 3),
    Column("In week", 4),
    Column("Trend", 5, 6),
)
#: The weekly table the charts read: (header, WeeklySignals field or metric field).
WEEK_COLUMNS = (
    ("Week", "week"),
    ("Week start", "week_start"),
    ("Patterns used in the field", "patterns_used_in_field"),
    ("Median days to solve", "median_days_to_solve"),
    ("Teams repeating methods", "teams_repeating_methods"),
    ("Attendance", "attendance"),
    ("Metric value", "metric_value"),
    ("Metric baseline", "baseline"),
    ("Metric target", "target"),
    ("Pulse score", "pulse_score"),
    ("Active members", "active_members"),
    ("Cases submitted", "cases_submitted"),
    ("Patterns captured", "patterns_captured"),
    ("Sponsor touchpoints", "sponsor_touchpoints"),
)
WEEK_COL = {key: col for col, (_, key) in enumerate(WEEK_COLUMNS)}
SIGNAL_KEYS = ("patterns_used_in_field", "median_days_to_solve", "teams_repeating_methods")
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
) -> None:
    page = Page(ws, styles, [GRID_WIDTH] * GRID_COLUMNS)
    ws.set_row(0, 30)
    organization = report.organization or "Organisation not named"
    title = f"{organization} · {report.network or 'Network not named'}"
    page.text(0, 0, title, "title", LAST_GRID_COLUMN)
    page.link(1, 0, Link(internal_link(PORTFOLIO_SHEET), "‹ Portfolio"), "plain_link")
    page.text(1, 1, f"rank {rank} of {networks} by risk", "subtitle")

    row = _facts(page, report, links, 3)
    row = _flags(page, report, links, row + 1)
    row = _data_findings(page, report, links, row)
    row, weeks = _adoption(page, report, row)
    row = _sessions(page, report, row)
    row = _cases(page, report, row)
    row = _business_metric(page, report, weeks, row)
    row = _pulse(page, report, row)
    _milestones(page, report, links, row)

    ws.freeze_panes(2, 0)
    page.print_setup(network_title(report))


def _facts(page: Page, report: NetworkReport, links: WorkbookLinks, row: int) -> int:
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


@dataclass(frozen=True, slots=True)
class WeekTable:
    """Where a network sheet's weekly table is: its header row, first and last week."""

    header: int
    first: int
    last: int


def _adoption(page: Page, report: NetworkReport, row: int) -> tuple[int, WeekTable]:
    """The three headline signals, the weekly table, and the charts that read the table."""
    page.section(row, "Adoption signals", LAST_GRID_COLUMN)
    page.header(row + 1, SIGNAL_COLUMNS)
    row += 2
    if not report.signals:
        page.text(row, 0, "none recorded", "note")
        row += 1
    for signal in report.signals:
        arrow = TREND_ARROWS.get(signal.trend, "")
        trend = "not enough data" if signal.trend == "none" else f"{arrow} {signal.trend}".strip()
        values = (signal.label, signal.latest, signal.latest_week, trend)
        page.cells(row, SIGNAL_COLUMNS, values)
        row += 1

    header = row + 1
    page.header(header, single_columns(*(title for title, _ in WEEK_COLUMNS)))
    weeks = _week_rows(report)
    metric = report.business_metric
    first = header + 1
    for offset, (week, signals) in enumerate(weeks):
        r = first + offset
        page.number(r, 0, week)
        page.date(r, 1, signals.week_start if signals else None)
        for col, (_, key) in enumerate(WEEK_COLUMNS[2:], start=2):
            if key in ("baseline", "target"):
                page.number(r, col, getattr(metric, key))
            else:
                page.number(r, col, getattr(signals, key) if signals else None)
    table = WeekTable(header, first, first + len(weeks) - 1)

    def recorded(*keys: str) -> bool:
        return any(getattr(s, key) is not None for _, s in weeks if s for key in keys)

    signals_chart = attendance_chart = None
    if recorded(*SIGNAL_KEYS):
        signals_chart = _line_chart(
            page, table, SIGNAL_KEYS, "Adoption signals by week", days_axis=True
        )
    if recorded("attendance"):
        attendance_chart = page.workbook.add_chart({"type": "column"})
        col = WEEK_COL["attendance"]
        attendance_chart.add_series(
            {
                "name": [page.name, header, col],
                "categories": [page.name, table.first, 0, table.last, 0],
                "values": [page.name, table.first, col, table.last, col],
                "fill": {"color": ACCENT},
                "gap": 80,
            }
        )
        _chart_look(page, attendance_chart, "Attendance by week", legend=False)
    row = _place_charts(
        page,
        table.last + 2,
        (signals_chart, "adoption signal recorded"),
        (attendance_chart, "attendance recorded"),
    )
    return row, table


def _week_rows(report: NetworkReport) -> list[tuple[int, WeeklySignals | None]]:
    """Weeks 1–12 (and any later week the Metrics sheet holds), None where none was kept."""
    by_week: dict[int, WeeklySignals] = {}
    for signals in report.weeks:
        by_week.setdefault(signals.week, signals)
    weeks = sorted(set(range(1, CYCLE_WEEKS + 1)) | set(by_week))
    return [(week, by_week.get(week)) for week in weeks]


def _line_chart(
    page: Page,
    table: WeekTable,
    keys: Sequence[str],
    title: str,
    days_axis: bool = False,
    dashed: Sequence[str] = (),
) -> Chart:
    """A line per weekly-table column, by week. Days to solve sit on their own axis so the
    counts stay readable beside them."""
    sheet = page.name
    chart = page.workbook.add_chart({"type": "line"})
    for key, color in zip(keys, LINE_COLORS, strict=True):
        col = WEEK_COL[key]
        line: dict[str, Any] = {"color": color, "width": 2.25}
        marker: dict[str, Any] = {
            "type": "circle",
            "size": 5,
            "fill": {"color": color},
            "border": {"color": color},
        }
        if key in dashed:
            line["dash_type"] = "dash"
            marker = {"type": "none"}
        chart.add_series(
            {
                "name": [sheet, table.header, col],
                "categories": [sheet, table.first, 0, table.last, 0],
                "values": [sheet, table.first, col, table.last, col],
                "y2_axis": days_axis and key == "median_days_to_solve",
                "line": line,
                "marker": marker,
            }
        )
    _chart_look(page, chart, title)
    if days_axis:
        chart.set_y2_axis({"name": "Days"})
    return chart


def _chart_look(page: Page, chart: Chart, title: str, legend: bool = True) -> None:
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_x_axis({"name": "Week"})
    chart.set_y_axis({"major_gridlines": {"visible": True, "line": {"color": "#E7E6E6"}}})
    chart.set_legend({"position": "bottom"} if legend else {"none": True})
    chart.show_blanks_as("gap")
    chart.set_size({"width": page.pixels(0, HALF - 1) - 8, "height": CHART_HEIGHT_PX})


def _place_charts(page: Page, row: int, *charts: tuple[Chart | None, str]) -> int:
    """Charts side by side, half the grid each, on rows nothing else uses; a note where
    a chart has no data at all."""
    for index, (chart, missing) in enumerate(charts):
        if chart is None:
            page.text(row, index * HALF, f"{NO_DATA}: no {missing}.", "note")
        else:
            page.ws.insert_chart(row, index * HALF, chart, {"x_offset": 2, "y_offset": 2})
    if not any(chart for chart, _ in charts):
        return row + 2
    return row + math.ceil(CHART_HEIGHT_PX / ROW_PX) + 2


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
                _yes_no(session.recap_on_time, no="late"),
                _yes_no(session.sponsor_present),
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
        _bar_chart_look(chart, "Cases by stage", max(getattr(cases, k) for _, k in FUNNEL_STAGES))
        height = 220
        chart.set_size({"width": page.pixels(4, 11) - 8, "height": height})
        page.ws.insert_chart(header, 4, chart, {"x_offset": 2, "y_offset": 2})
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
    chart = _line_chart(
        page,
        weeks,
        ("metric_value", "baseline", "target"),
        "Business metric by week, against baseline and target",
        dashed=("baseline", "target"),
    )
    return _place_charts(page, row, (chart, "metric value recorded"))


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
