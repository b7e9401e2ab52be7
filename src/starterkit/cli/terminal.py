"""What the commands show on the terminal besides their results: error lines, progress
bars and reports on standard output."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import click


def say(text: str) -> None:
    """A line (or a problem list) on standard error; file names and cell values quoted in it
    come from outside, so nothing in them may drive the terminal."""
    from starterkit.safe_text import for_terminal

    click.echo("\n".join(for_terminal(line) for line in text.split("\n")), err=True)


def print_report(portfolio, output_format: str) -> None:
    """The report on standard output: text on a terminal in colour, json and html as text."""
    if output_format == "text":
        from rich.console import Console

        from starterkit.reporters.text import render_text

        render_text(portfolio, Console())
        return
    from starterkit.files.report_files import report_pieces

    for piece in report_pieces(portfolio, output_format):
        click.echo(piece, nl=False)


@contextlib.contextmanager
def progress(description: str, total: int, show: bool) -> Iterator[Any]:
    """A transient progress bar on standard error; yields the callback that moves it."""
    if not show:
        yield lambda result: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda result: progress.advance(task)
