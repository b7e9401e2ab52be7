"""Sheet names: one legal, unique name per network, and links between the sheets."""

from __future__ import annotations

import re
from collections.abc import Sequence

from starterkit.findings import quote_sheet
from starterkit.report import NetworkReport

PORTFOLIO_SHEET = "Portfolio"
FINDINGS_SHEET = "Findings"
FINDINGS_TABLE = "AllFindings"
RANKING_TABLE = "NetworksByRisk"
RESERVED_SHEET_NAMES = (PORTFOLIO_SHEET, FINDINGS_SHEET, "History")
MAX_SHEET_NAME = 31
ILLEGAL_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
#: Excel ignores a hyperlink whose path or anchor is longer than this.


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
    while name and utf16_length(name + suffix) > MAX_SHEET_NAME:
        name = name[:-1].rstrip(" '")
    return (name + suffix).strip(" '")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def file_name(source: str) -> str:
    return re.split(r"[\\/]", source)[-1] or source


def _file_stem(source: str) -> str:
    stem, dot, _ = file_name(source).rpartition(".")
    return stem if dot and stem else file_name(source)


def internal_link(sheet: str, cell: str = "A1") -> str:
    return f"internal:{quote_sheet(sheet)}!{cell}"
