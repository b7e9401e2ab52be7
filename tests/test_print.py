"""The kit on paper: every sheet of a blank and a filled kit printed to PDF by real LibreOffice.

Read back from the PDF's word boxes (``pdftotext -bbox``): no two words print over one
another, type stays readable on every page, every table header and title word is printed
whole, and no page after a sheet's first one carries next to nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from starterkit.builder import build
from starterkit.spec import default_spec
from starterkit.spec.model import field_names

from kitdata import midcycle_network
from printed import Page, page_sheets, pages, to_pdf

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.poppler,
]

TODAY = dt.date(2026, 11, 23)
#: Word boxes are about 1.3 times the type size: 7 pt boxes are 5.4 pt type.
MIN_MEDIAN_WORD_HEIGHT = 7
MIN_WORDS_AFTER_FIRST_PAGE = 15

KITS = {
    "blank": lambda: build(default_spec(), None, build_time=dt.datetime(2026, 11, 23, 9)),
    "filled-week-10": lambda: build(
        default_spec(), midcycle_network(TODAY, week=10), build_time=dt.datetime(2026, 11, 23, 9)
    ),
}


@pytest.fixture(scope="module", params=list(KITS))
def printed(request, tmp_path_factory) -> tuple[list[Page], list[str]]:
    folder = tmp_path_factory.mktemp(request.param)
    kit = folder / "kit.xlsx"
    kit.write_bytes(KITS[request.param]())
    result = pages(to_pdf(kit, folder))
    titles = [s.title for s in _visible_sheets()]
    return result, page_sheets(result, titles)


def _visible_sheets():
    sheets = default_spec().sheets
    return [
        s
        for s in (getattr(sheets, name) for name in field_names(sheets))
        if s and getattr(s, "title", None) and name_is_visible(s)
    ]


def name_is_visible(sheet) -> bool:
    return sheet.title not in {"Lists"}


def test_every_visible_sheet_is_printed(printed):
    _, sheets = printed
    assert set(sheets) >= {s.title for s in _visible_sheets()} - {"Lists"}


def test_no_words_print_over_one_another(printed):
    result, sheets = printed
    clashes = [
        f"page {p.number} ({sheet}): {a.text!r} over {b.text!r}"
        for p, sheet in zip(result, sheets, strict=True)
        for a, b in p.overlapping()
    ]
    assert clashes == []


def test_type_is_readable_on_every_page(printed):
    result, sheets = printed
    small = [
        f"page {p.number} ({sheet}): median word height {p.median_height:.1f} pt"
        for p, sheet in zip(result, sheets, strict=True)
        if p.median_height < MIN_MEDIAN_WORD_HEIGHT
    ]
    assert small == []


def test_every_table_header_and_title_word_is_printed_whole(printed):
    result, sheets = printed
    by_sheet: dict[str, set[str]] = {}
    for p, sheet in zip(result, sheets, strict=True):
        by_sheet.setdefault(sheet, set()).update(_whole_words(p))
    missing = []
    for sheet_text in _visible_sheets():
        for value in vars(sheet_text).values():
            table = value if hasattr(value, "columns") else None
            if table is None:
                continue
            words = [*table.title.split()]
            for column in table.columns:
                words += column.label.split()
            printed_words = by_sheet.get(sheet_text.title, set())
            missing += [f"{sheet_text.title}: {w}" for w in words if w not in printed_words]
    assert missing == []


def _whole_words(page: Page) -> set[str]:
    """Printed words, with a word a line break split after its dash ("(1–" / "5)") joined."""
    words = {w.text for w in page.words}
    for a in page.words:
        if a.text.endswith(("-", "–")):
            words.update(
                a.text + b.text
                for b in page.words
                if b.x0 <= a.x0 and 0 < b.y0 - a.y0 < 1.5 * a.height
            )
    return words


def test_no_near_empty_pages(printed):
    result, sheets = printed
    thin = [
        f"page {p.number} ({sheet}): {len(p.words)} words"
        for i, (p, sheet) in enumerate(zip(result, sheets, strict=True))
        if i > 0 and sheets[i - 1] == sheet and len(p.words) < MIN_WORDS_AFTER_FIRST_PAGE
    ]
    assert thin == []


def test_blank_kit_prints_no_empty_case_pages(tmp_path: Path):
    kit = tmp_path / "kit.xlsx"
    kit.write_bytes(KITS["blank"]())
    result = pages(to_pdf(kit, tmp_path))
    sheets = page_sheets(result, [s.title for s in _visible_sheets()])
    cases = default_spec().sheets.cases.title
    # Case Intake's numbered rows print as the rows in use plus a few: one page width's worth.
    assert 1 <= sheets.count(cases) <= 2
    assert len(result) < 20
