"""Sheet names: one legal, unique name per network, and links between the sheets."""

from __future__ import annotations

import re
from collections.abc import Sequence

from starterkit.findings import quote_sheet
from starterkit.report import NetworkReport

CONTENTS_SHEET = "Contents"
PORTFOLIO_SHEET = "Portfolio"
FINDINGS_SHEET = "Findings"
FINDINGS_TABLE = "AllFindings"
RANKING_TABLE = "NetworksByRisk"
CONTENTS_TABLE = "SheetsByNetwork"
RESERVED_SHEET_NAMES = (CONTENTS_SHEET, PORTFOLIO_SHEET, FINDINGS_SHEET, "History")
#: Between the organisation's initials and the network's words in a sheet name.
ORGANIZATION_SEPARATOR = " · "
#: Words an organisation's initials leave out ("Anvil Freight and Warehousing" → AFW).
MINOR_WORDS = frozenset({"and", "of", "the", "for", "de", "la", "le", "und", "&"})
MAX_INITIALS = 4
MAX_SHEET_NAME = 31
ILLEGAL_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
#: Excel ignores a hyperlink whose path or anchor is longer than this.


def network_title(report: NetworkReport) -> str:
    return report.network or report.source


def sheet_names(networks: Sequence[NetworkReport]) -> list[str]:
    """A legal sheet name per network, unique ignoring case, that stays recognisable when
    cut to Excel's 31 characters: the organisation's initials and the network's words,
    cut at a word ("MG · Customer Care Peer Network", "VP · Setters and Line Leads").

    The same network name in two organisations whose initials agree is told apart by the
    organisation's first word, then its whole name; a number is the last resort, for two
    networks of one name in one organisation."""
    # Each name taken -> the organisation that took it (None for the reserved names).
    taken: dict[str, str | None] = {name.casefold(): None for name in RESERVED_SHEET_NAMES}
    names = []
    for report in networks:
        organization = " ".join((report.organization or "").casefold().split())
        words = (
            legal_sheet_name(report.network or "")
            or legal_sheet_name(_file_stem(report.source))
            or "Network"
        )
        candidates = [
            _join(prefix, words) for prefix in _organization_prefixes(report.organization)
        ] or [_fit_sheet_name(words, "")]
        name = None
        for candidate in candidates:
            if candidate.casefold() not in taken:
                name = candidate
                break
            if taken[candidate.casefold()] == organization:
                break  # a namesake in the same organisation: a longer prefix will not help
        number = 2
        while name is None or name.casefold() in taken:
            name = _join_numbered(candidates[0], f" ({number})")
            number += 1
        taken[name.casefold()] = organization
        names.append(name)
    return names


def _organization_prefixes(organization: str | None) -> list[str]:
    """Ways to name the organisation in a sheet name, shortest first: its initials (or a
    one-word name itself), its first word, its whole name."""
    words = legal_sheet_name(organization or "").split()
    if not words:
        return []
    if len(words) == 1:
        return [_cut_words(words[0], 10)]
    initials = (
        "".join(w[0].upper() for w in words if w.casefold() not in MINOR_WORDS and w[0].isalnum())[
            :MAX_INITIALS
        ]
        or words[0][:4]
    )
    prefixes = [initials, _cut_words(words[0], 12), _cut_words(" ".join(words), 16)]
    return list(dict.fromkeys(prefixes))


def _join(prefix: str, words: str) -> str:
    room = MAX_SHEET_NAME - utf16_length(prefix + ORGANIZATION_SEPARATOR)
    return legal_sheet_name(prefix + ORGANIZATION_SEPARATOR + _cut_words(words, room))


def _join_numbered(name: str, suffix: str) -> str:
    room = MAX_SHEET_NAME - utf16_length(suffix)
    return _cut_words(name, room) + suffix


def _cut_words(text: str, room: int) -> str:
    """``text`` cut to ``room`` UTF-16 units at a word boundary; a single word longer
    than that is cut inside it."""
    if utf16_length(text) <= room:
        return text
    cut = ""
    for word in text.split():
        longer = f"{cut} {word}" if cut else word
        if utf16_length(longer) > room:
            break
        cut = longer
    return cut or _fit_sheet_name(text, "")[:room].rstrip(" '")


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
