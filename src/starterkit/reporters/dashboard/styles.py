"""Colours and cell looks of the dashboard, and the xlsxwriter formats made from them."""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook

from starterkit.findings import Severity
from starterkit.reporters.cell_safety import looks_like_formula

TABLE_STYLE = "Table Style Light 15"

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
