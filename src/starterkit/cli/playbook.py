"""Commands that gather what networks produce: playbook and recap."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from starterkit.cli.boundary import EXIT_BAD_INPUT
from starterkit.cli.group import main
from starterkit.cli.options import as_of_date, password_option
from starterkit.cli.terminal import say


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The playbook to write: .html (one page that prints well), .md (for wikis) or "
    ".xlsx (a table with filters). Missing folders are created.",
)
@click.option(
    "--as-of",
    "as_of_text",
    metavar="DATE",
    help="Compile as of this date (YYYY-MM-DD; default today): later sessions are planned.",
)
@password_option
def playbook(
    paths: tuple[str, ...], output: Path, as_of_text: str | None, password: str | None
) -> None:
    """Compile the patterns of returned kits into a playbook people read.

    PATHS are workbooks, folders or glob patterns, as for analyze: one network, or a
    portfolio (patterns then grouped by capability, with the problems that recur across
    networks). Every Playbook row is there, and patterns only named in Sessions or Cases,
    marked as not yet written up; one pattern typed in several places is one entry.

    \b
    Exit codes: 0 written; 2 a file could not be read (the others are compiled), or a
    usage error.

    \b
    Examples:
      starterkit playbook returned/ -o playbook.html
      starterkit playbook kit.xlsx --as-of 2027-03-11 -o playbook.md
    """
    from starterkit.errors import StarterkitError, UsageProblem
    from starterkit.files.atomic import check_output, write_atomically
    from starterkit.playbook import compile_playbook, render_html, render_markdown, render_xlsx
    from starterkit.playbook.files import output_format, read_kits

    kind = output_format(output)
    if not kind:
        raise UsageProblem(
            f"{output}: the playbook is written as .html, .md or .xlsx — name the file so"
        )
    as_of = as_of_date(as_of_text)
    kits, errors = read_kits(paths, password)
    check_output(output, [kit.source for kit in kits])
    if not kits:
        for source, reason, fix in errors:
            say(f"error: {source}: {reason} — {fix}")
        raise StarterkitError("no workbook could be read, so no playbook was written")
    compiled = compile_playbook(kits, as_of, errors)
    render = {"html": render_html, "markdown": render_markdown, "xlsx": render_xlsx}[kind]
    content = render(compiled)
    write_atomically(
        output, content if isinstance(content, bytes) else [content], what="the playbook"
    )
    click.echo(
        f"wrote {output}: {len(compiled.patterns)} patterns from {len(kits)} workbooks",
        err=True,
    )
    for source, reason, fix in errors:
        say(f"error: {source}: {reason} — {fix}")
    if errors:
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@click.argument("returned", type=click.Path(path_type=Path))
@click.option("--session", "session_no", type=int, required=True, help="The session number.")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write the recap to this file."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown"]),
    help="Plain text (default) or Markdown (default for an -o ending in .md).",
)
@click.option(
    "--as-of",
    "as_of_text",
    metavar="DATE",
    help="Today for the recap (YYYY-MM-DD; default today): a later session is still planned.",
)
@password_option
def recap(
    returned: Path,
    session_no: int,
    output: Path | None,
    output_format: str | None,
    as_of_text: str | None,
    password: str | None,
) -> None:
    """The five-bullet recap of a held session, ready to paste.

    What case, what we found, the pattern, where it applies next, and the next step with
    its date, from RETURNED's Sessions, Case Intake and Playbook.

    \b
    Example:
      starterkit recap returned/kit.xlsx --session 3 --format markdown
    """
    from starterkit.files.atomic import check_output, write_atomically
    from starterkit.playbook import session_recap
    from starterkit.reader import read_path

    as_of = as_of_date(as_of_text)
    if output is not None:
        check_output(output, [returned])
    the_recap = session_recap(read_path(returned, password=password), session_no, as_of)
    markdown = output_format == "markdown" or (
        output_format is None and output is not None and output.suffix.lower() == ".md"
    )
    text = the_recap.markdown() if markdown else the_recap.text()
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, [text], what="the recap")
        click.echo(f"wrote {output}", err=True)
