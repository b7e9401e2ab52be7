"""Text from a workbook, made safe to put in a spreadsheet someone else will open.

A steward's cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which some spreadsheets skip before those) would run as a formula in the
spreadsheet that opens our CSV, and would become one in an xlsx the moment someone
edits the cell. CSV cannot mark a cell as text, so there the text gets a leading
apostrophe; xlsx can, so the dashboard keeps the text and sets the cell's quote prefix.
"""

from __future__ import annotations

#: First characters that make a spreadsheet read a typed cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def neutralised(text: str) -> str:
    """The text for a CSV cell: a leading apostrophe when it would run as a formula."""
    return "'" + text if looks_like_formula(text) else text
