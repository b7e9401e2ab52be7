"""The Excel dashboard on paper, printed to PDF by real LibreOffice: no two words print over
one another, type stays readable on every page, and no page after a sheet's first one
carries next to nothing."""

from __future__ import annotations

import pytest

from starterkit import demo

from dates import SAMPLES_DAY
from printed import pages, to_pdf

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.poppler,
]

MIN_MEDIAN_WORD_HEIGHT = 7
MIN_WORDS_AFTER_FIRST_PAGE = 15


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The demo's dashboard: twelve networks, as a consultant would print it."""
    folder = tmp_path_factory.mktemp("dashboard")
    result = demo.run(folder / "demo", SAMPLES_DAY)
    [dashboard] = [path for path in result.reports if path.name == "report.xlsx"]
    return pages(to_pdf(dashboard, folder))


def test_no_words_print_over_one_another(printed):
    clashes = [
        f"page {p.number}: {a.text!r} over {b.text!r}" for p in printed for a, b in p.overlapping()
    ]
    assert clashes == []


def test_type_is_readable_on_every_page(printed):
    small = [
        f"page {p.number}: median word height {p.median_height:.1f} pt"
        for p in printed
        if p.words and p.median_height < MIN_MEDIAN_WORD_HEIGHT
    ]
    assert small == []


def test_no_page_is_nearly_empty(printed):
    thin = [
        f"page {p.number}: {len(p.words)} words"
        for p in printed
        if len(p.words) < MIN_WORDS_AFTER_FIRST_PAGE
    ]
    assert thin == []
