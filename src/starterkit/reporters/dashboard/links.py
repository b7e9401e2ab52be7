"""Links from the dashboard to the returned workbooks, at the cell a finding is about."""

from __future__ import annotations

import os

from starterkit.findings import Location, quote_sheet
from starterkit.reporters.dashboard.names import file_name, utf16_length
from starterkit.reporters.dashboard.page import Link
from starterkit.safe_text import for_link

#: Excel ignores a hyperlink whose path or anchor is longer than this.
MAX_LINK_LENGTH = 2079


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
        name = file_name(source)
        text = name
        if location is not None:
            text += f" › {location.ref if location.cell else quote_sheet(location.sheet)}"
        url = f"external:{_escape_path(self.path(source))}"
        anchor = _anchor(location) if location is not None else ""
        if max(utf16_length(url), utf16_length(anchor)) > MAX_LINK_LENGTH:
            return Link(None, text)
        return Link(f"{url}#{anchor}" if anchor else url, text)


def _anchor(location: Location) -> str:
    return location.ref if location.cell else f"{quote_sheet(location.sheet)}!A1"


def _escape_path(path: str) -> str:
    """The file path as a link stores it (``safe_text.for_link``). xlsxwriter escapes some
    of the same characters, but it splits a link at its first '#' and passes control
    characters into the XML, so the path is escaped here, whole."""
    return for_link(path)
