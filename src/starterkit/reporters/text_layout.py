"""How the terminal report sets a table or a text in from the left margin."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table


def indent(renderable: RenderableType, width: int) -> RenderableType:
    """``renderable`` printed ``width`` columns to the right, wrapped in the columns left."""
    if isinstance(renderable, Table):
        return ShiftedTable(renderable, width)
    return Padding(renderable, (0, 0, 0, width), expand=False)


class ShiftedTable:
    """A table printed ``width`` columns to the right: what ``Padding`` prints, without
    measuring the table first. A table pads every line to its own width, so Padding's
    measuring, which sizes the lines it pads, finds nothing to change and is a quarter
    of a table's time."""

    def __init__(self, table: Table, width: int) -> None:
        self.table, self.width = table, width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        shift = Segment(" " * self.width)
        table_options = options.update_width(options.max_width - self.width)
        for line in console.render_lines(self.table, table_options, pad=False):
            yield shift
            yield from line
            yield Segment.line()
