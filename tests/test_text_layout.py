"""The terminal report's indent: a table set in prints exactly what rich's Padding prints."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from starterkit.reporters.text_layout import ShiftedTable, indent

WORDS = "The cadence is set to flexible: sessions have no fixed rhythm, so nobody knows when."


def printed(renderable, width: int, color: bool) -> str:
    console = Console(
        width=width,
        force_terminal=color,
        color_system="truecolor" if color else None,
        file=io.StringIO(),
    )
    console.print(renderable)
    return console.file.getvalue()


def grid() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    table.add_row(Text("high", style="bold red"), Text("charter-cadence-flexible"), Text(WORDS))
    table.add_row(Text("low"), Text("id"), Text("short"))
    return table


def ranking() -> Table:
    table = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    table.add_column("#", justify="right")
    table.add_column("Network", overflow="fold")
    table.add_column("Risk", justify="right", style="bold")
    table.add_row("1", "Setters and Line Leads Community " * 3, "15")
    table.add_row("12", "Field Repair Network", "0")
    return table


@pytest.mark.parametrize("make", [grid, ranking])
@pytest.mark.parametrize("width", [24, 40, 60, 100, 140])
@pytest.mark.parametrize("color", [False, True])
def test_a_table_set_in_prints_as_padding_prints_it(make, width, color):
    shifted = indent(make(), 3)
    assert isinstance(shifted, ShiftedTable)
    assert printed(shifted, width, color) == printed(
        Padding(make(), (0, 0, 0, 3), expand=False), width, color
    )


def test_a_text_is_set_in_by_padding():
    assert isinstance(indent(Text(WORDS), 2), Padding)
