"""What the loop commands add to a kit: notes on cells, a Review sheet after Start Here, a
"For review" block on Start Here, and a "Not carried" sheet.

The reader ignores all of it: notes are not cell values, and the sheets' text is written
so that no row of it reads as a table's header row (long sentences, no bare column
labels), which the header-search fallback would otherwise be tempted by.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

from starterkit.builder import printing
from starterkit.builder.sheet import Context, new_sheet
from starterkit.findings import quote_sheet
from starterkit.spec.model import SheetText

REVIEW_TITLE = "Review"
NOT_CARRIED_TITLE = "Not carried"
#: The highlight's border: the same red on every brand, so a reviewed cell always shows.
HIGHLIGHT = "#C00000"
HIGHLIGHT_FILL = "#FFF2CC"
NOTE_AUTHOR = "starterkit review"


@dataclass(frozen=True)
class CellNote:
    """A note (comment) on a cell of the new kit, highlighted."""

    sheet: str
    cell: str
    text: str


@dataclass(frozen=True)
class ReviewLine:
    """One line of a review list: its kind (a severity, "data"), what, what to do, where."""

    kind: str
    name: str
    message: str
    action: str
    sheet: str | None = None
    cell: str | None = None
    shown_place: str = ""


@dataclass(frozen=True)
class NotCarriedLine:
    where: str
    what: str
    value: str
    reason: str


@dataclass
class Extras:
    """Everything a loop command adds to the kit it builds (all optional)."""

    notes: list[CellNote] = field(default_factory=list)
    #: The Review sheet: a heading line, then flags and data findings.
    review_heading: str | None = None
    review_lines: list[ReviewLine] = field(default_factory=list)
    #: Start Here's "For review" block: items of the charter to look at again.
    for_review_title: str = "For review this cycle"
    for_review: list[ReviewLine] = field(default_factory=list)
    not_carried: list[NotCarriedLine] = field(default_factory=list)

    def sheet_titles(self) -> list[str]:
        titles = []
        if self.review_heading is not None:
            titles.append(REVIEW_TITLE)
        if self.not_carried:
            titles.append(NOT_CARRIED_TITLE)
        return titles


def internal_link(sheet: str, cell: str | None) -> str:
    return f"internal:{quote_sheet(sheet)}!{cell or 'A1'}"


def _sheet_text(title: str, heading: str, guidance: str) -> SheetText:
    return SheetText(title=title, heading=heading, guidance=guidance)


def write_review(ctx: Context, extras: Extras) -> None:
    """The Review sheet (right after Start Here): flags by severity, then data findings."""
    if extras.review_heading is None:
        return
    styles = ctx.styles
    widths = [10, 24, 46, 46, 24]
    text = _sheet_text(
        REVIEW_TITLE,
        "Review of this kit",
        extras.review_heading,
    )
    ws = new_sheet(ctx, text, widths)
    row = 4
    headers = ("Severity", "Finding", "What was found", "What to do about it", "Go to the cell")
    for col, header in enumerate(headers):
        ws.write_string(row, col, header, styles.header())
    row += 1
    if not extras.review_lines:
        ws.merge_range(
            row,
            0,
            row,
            4,
            "Nothing to review: no red flag and no data finding.",
            styles.guidance_plain(),
        )
    link = _link_style(styles)
    for line in extras.review_lines:
        ws.write_string(row, 0, line.kind, styles.label(bold=True))
        ws.write_string(row, 1, line.name, styles.label())
        ws.write_string(row, 2, line.message, styles.note())
        ws.write_string(row, 3, line.action, styles.note())
        if line.sheet:
            ws.write_url(
                row,
                4,
                internal_link(line.sheet, line.cell),
                link,
                string=line.shown_place or line.sheet,
            )
        else:
            ws.write_string(row, 4, line.shown_place, styles.note())
        height = max(
            printing.text_height(line.message, widths[2], styles.size),
            printing.text_height(line.action, widths[3], styles.size),
            printing.text_height(line.name, widths[1], styles.size),
        )
        ws.grow_row(row, height)
        row += 1
    ws.freeze_panes(5, 0)
    ws.repeat_rows(4)
    ws.fit_to_pages(1, 0)  # every column on the page width, as many pages down as needed


def write_not_carried(ctx: Context, extras: Extras) -> None:
    """Every value of the returned kit the new one does not hold, with its cell and why."""
    if not extras.not_carried:
        return
    styles = ctx.styles
    widths = [26, 34, 34, 60]
    text = _sheet_text(
        NOT_CARRIED_TITLE,
        "Not carried into this kit",
        "These values of the returned kit have no place in this one. Copy what you still "
        "need by hand; the cell is where each value was in the returned file.",
    )
    ws = new_sheet(ctx, text, widths)
    row = 4
    headers = ("Cell in the returned file", "Which value", "As it was typed", "Why it was left out")
    for col, header in enumerate(headers):
        ws.write_string(row, col, header, styles.header())
    row += 1
    for line in extras.not_carried:
        for col, value in enumerate((line.where, line.what, line.value, line.reason)):
            ws.write_string(row, col, value, styles.note())
        ws.grow_row(
            row,
            max(
                printing.text_height(v, w, styles.size)
                for v, w in zip(
                    (line.where, line.what, line.value, line.reason), widths, strict=True
                )
            ),
        )
        row += 1
    ws.freeze_panes(5, 0)
    ws.repeat_rows(4)
    ws.fit_to_pages(1, 0)


def annotate(ctx: Context, extras: Extras) -> None:
    """Notes with a highlight on their cells, and Start Here's "For review" block."""
    workbook = ctx.workbook
    by_cell: dict[tuple[str, str], list[str]] = {}
    for note in extras.notes:
        by_cell.setdefault((note.sheet, note.cell), []).append(note.text)
    highlight = workbook.add_format(
        {"bg_color": HIGHLIGHT_FILL, "border": 2, "border_color": HIGHLIGHT}
    )
    for (sheet, cell), texts in by_cell.items():
        ws = workbook.get_worksheet_by_name(sheet)
        if ws is None:
            continue
        row, col = xl_cell_to_rowcol(cell)
        text = "\n\n".join(dict.fromkeys(texts))
        lines = sum(1 + len(part) // 48 for part in text.split("\n"))
        ws.write_comment(
            row,
            col,
            text,
            {"author": NOTE_AUTHOR, "x_scale": 2.2, "y_scale": max(1.0, lines / 4.5)},
        )
        ws.conditional_format(
            row, col, row, col, {"type": "formula", "criteria": "=ROW()>0", "format": highlight}
        )
    if extras.for_review:
        _for_review(ctx, extras)


def _for_review(ctx: Context, extras: Extras) -> None:
    styles = ctx.styles
    ws = workbook_sheet(ctx, ctx.spec.sheets.start_here.title)
    row = ws.dim_rowmax + 2
    ws.write_string(row, 0, extras.for_review_title, styles.title())
    row += 1
    link = _link_style(styles)
    for line in extras.for_review:
        ws.write_string(row, 0, line.name, styles.label(bold=True))
        ws.write_url(
            row,
            1,
            internal_link(line.sheet or "", line.cell),
            link,
            string=line.shown_place or xl_rowcol_to_cell(0, 0),
        )
        ws.write_string(row, 2, line.message, styles.note())
        ws.grow_row(row, printing.text_height(line.message, 86, styles.size))
        row += 1


def workbook_sheet(ctx: Context, title: str):
    return ctx.workbook.get_worksheet_by_name(title)


def _link_style(styles):
    """A link to a cell, wrapped and bordered like the cells beside it."""
    return styles.make(
        font_color="#0563C1",
        underline=1,
        valign="top",
        text_wrap=True,
        border=1,
        border_color="#BFBFBF",
    )
