"""Cell formats from the spec's branding: one xlsxwriter format per distinct look."""

from __future__ import annotations

from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from starterkit.spec.model import KitSpec

GREY_TEXT = "#595959"
GRID = "#BFBFBF"
#: Input cells carry a darker border than the grid, so they stand out on a greyscale print
#: even when the brand's input colour is pale.
INPUT_BORDER = "#7F7F7F"
#: Input kinds whose text wraps inside the cell rather than spilling over its neighbours.
WRAPPED_INPUTS = {"text", "long_text", "email", "choice"}


class Styles:
    def __init__(self, workbook: Workbook, spec: KitSpec):
        self._workbook = workbook
        self._cache: dict[tuple, Format] = {}
        self.colors = spec.branding.colors
        self.font = spec.branding.font
        self.size = spec.branding.font_size
        self.date_format = spec.locale.date_format
        # Every format carries the brand font, including the default one xlsxwriter uses.
        workbook.formats[0].set_font_name(self.font)
        workbook.formats[0].set_font_size(self.size)

    def make(self, **props: Any) -> Format:
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self._workbook.add_format(
                {"font_name": self.font, "font_size": self.size, **props}
            )
        return self._cache[key]

    def number_format(self, kind: str) -> str | None:
        return {
            "date": self.date_format,
            "percent": "0%",
            "whole": "0",
            "text": "@",
            "long_text": "@",
            "email": "@",
        }.get(kind)

    # --- looks ------------------------------------------------------------------------------

    def band(self) -> Format:
        return self.make(
            bold=True,
            font_size=self.size + 4,
            font_color=self.colors.on_primary,
            bg_color=self.colors.primary,
            valign="vcenter",
            indent=1,
        )

    def heading(self) -> Format:
        return self.make(bold=True, font_size=self.size + 8, font_color=self.colors.primary)

    def guidance(self) -> Format:
        return self.make(italic=True, font_color=GREY_TEXT, text_wrap=True, valign="top")

    def guidance_plain(self) -> Format:
        return self.make(text_wrap=True, valign="top")

    def guidance_inline(self) -> Format:
        return self.make(italic=True, font_color=GREY_TEXT)

    def title(self) -> Format:
        return self.make(bold=True, font_size=self.size + 2, font_color=self.colors.primary)

    def section(self) -> Format:
        return self.make(
            bold=True, font_color=self.colors.primary, bottom=2, bottom_color=self.colors.accent
        )

    def header(self) -> Format:
        return self.make(
            bold=True,
            font_color=self.colors.on_primary,
            bg_color=self.colors.primary,
            text_wrap=True,
            valign="vcenter",
            border=1,
            border_color=GRID,
        )

    def label(self, bold: bool = False) -> Format:
        return self.make(bold=bold, valign="top", text_wrap=True, border=1, border_color=GRID)

    def note(self) -> Format:
        return self.make(
            font_color=GREY_TEXT, text_wrap=True, valign="top", border=1, border_color=GRID
        )

    def input(self, kind: str) -> Format:
        props: dict[str, Any] = {
            "bg_color": self.colors.input,
            "locked": False,
            "border": 1,
            "border_color": INPUT_BORDER,
            "valign": "top",
        }
        if kind in WRAPPED_INPUTS:
            props["text_wrap"] = True
        fmt = self.number_format(kind)
        if fmt:
            props["num_format"] = fmt
        return self.make(**props)

    def computed(self, kind: str = "number", bold: bool = False) -> Format:
        props: dict[str, Any] = {
            "bg_color": self.colors.formula,
            "font_color": self.colors.primary,
            "border": 1,
            "border_color": GRID,
            "valign": "top",
            "text_wrap": True,
            "bold": bold,
        }
        if kind == "decimal":
            props["num_format"] = "0.0"
        elif kind not in {"text", "long_text", "email", "number"}:
            props["num_format"] = self.number_format(kind)
        return self.make(**props)

    def swatch(self, color: str) -> Format:
        return self.make(bg_color=color, border=1, border_color=GRID)

    def status_fill(self, color: str) -> Format:
        """A conditional-format look: fill only, so the cell keeps its own font."""
        key = (("conditional", color),)
        if key not in self._cache:
            self._cache[key] = self._workbook.add_format({"bg_color": color})
        return self._cache[key]
