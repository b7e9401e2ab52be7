"""The 90-day loop: next, review and upgrade."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from starterkit.cli.boundary import EXIT_PROBLEMS
from starterkit.cli.group import main
from starterkit.cli.options import as_of_date, date_option, jobs_option, password_option
from starterkit.cli.terminal import progress, say


@main.command("next")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The next kit to write; for a folder, a glob or several files, the folder to "
    "write one next kit per file into. Missing folders are created.",
)
@click.option(
    "--start",
    "start_text",
    metavar="DATE",
    help="First day of the next cycle (default: the first session day after this one ends).",
)
@click.option(
    "--spec",
    "spec_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Build the next kit on this spec instead of the kit's own (as upgrade does).",
)
@click.option("--force", is_flag=True, help="Build it even when the decision was to pause.")
@jobs_option
@password_option
def next_cycle(
    paths: tuple[str, ...],
    output: Path,
    start_text: str | None,
    spec_path: Path | None,
    force: bool,
    jobs: int | None,
    password: str | None,
) -> None:
    """The next 90-day cycle's kit for the same network, from a returned one.

    Carried: the charter (the latest business metric value becomes the baseline), roles
    and RACI, the open cases with their ids and the Playbook; milestones, sessions and
    weekly metrics start afresh. A decision to pause is refused without --force; a
    redesign marks the purpose, metric and cadence for review on Start Here.

    \b
    Exit codes: 0 built; 1 some files failed (the others were built); 2 a usage error or
    the one file given could not be used.

    \b
    Examples:
      starterkit next returned/field-repair.xlsx -o field-repair-cycle-2.xlsx
      starterkit next returned/ -o next-cycle/
    """
    from starterkit.files.analyze_many import collect_inputs
    from starterkit.files.atomic import check_output
    from starterkit.files.workers import default_jobs
    from starterkit.loop.files import next_many, next_one
    from starterkit.spec import load_spec

    start = date_option(start_text, "--start")
    new_spec = load_spec(spec_path) if spec_path else None
    files, missing = collect_inputs(paths)
    one_file = len(paths) == 1 and len(files) == 1 and not missing and Path(paths[0]).is_file()
    if one_file:
        check_output(output, [files[0], spec_path])
        outcome = next_one(files[0], output, start, new_spec, force, password)
        if outcome.error:
            from starterkit.errors import LoopError

            raise LoopError(outcome.error)
        _loop_outcome(outcome)
        return
    if output.exists() and not output.is_dir():
        from starterkit.errors import UsageProblem

        raise UsageProblem(
            f"{output}: several returned kits give several next kits — name a folder with -o"
        )
    for error in missing:
        say(f"error: {error.source}: {error.message} — {error.fix}")
    workers = min(jobs or default_jobs(), max(1, len(files)))
    show = sys.stderr.isatty() and len(files) > 1
    with progress("building next kits", len(files), show) as advance:
        batch = next_many(files, output, start, new_spec, force, workers, password, advance)
    for outcome in batch.outcomes:
        if outcome.error:
            say(f"error: {outcome.error}")
        else:
            _loop_outcome(outcome)
    click.echo(f"{batch} in {output}")
    if batch.failed or missing:
        sys.exit(EXIT_PROBLEMS)


def _loop_outcome(outcome) -> None:
    for warning in outcome.warnings:
        say(f"warning: {warning}")
    for item in outcome.not_carried:
        say(f"not carried: {item}")
    click.echo(f"wrote {outcome.output}: {outcome.summary}")


@main.command()
@click.argument("returned", type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="The reviewed kit."
)
@click.option(
    "--as-of",
    "as_of_text",
    metavar="DATE",
    help="Review as of this date (YYYY-MM-DD; default today): sets the cycle week.",
)
@password_option
def review(returned: Path, output: Path, as_of_text: str | None, password: str | None) -> None:
    """The steward's own kit given back with every finding at its cell.

    Each red flag and data finding is a note on its cells, highlighted, and a line on a
    Review sheet after Start Here with a link to the cell. The kit id and network id are
    kept: the steward keeps working in the reviewed file.

    \b
    Example:
      starterkit review returned/field-repair.xlsx -o field-repair-reviewed.xlsx
    """
    from starterkit.files.atomic import check_output, write_atomically
    from starterkit.loop.review import review_kit
    from starterkit.reader import read_path

    as_of = as_of_date(as_of_text)
    check_output(output, [returned])
    reviewed = review_kit(read_path(returned, password=password), as_of)
    write_atomically(output, reviewed.content, what="the reviewed kit")
    for item in reviewed.not_carried:
        say(f"not carried: {item}")
    click.echo(
        f"wrote {output}: {len(reviewed.flags)} red flags and "
        f"{len(reviewed.data_findings)} data findings, notes on {len(reviewed.noted)} cells"
    )


@main.command()
@click.argument("returned", type=click.Path(path_type=Path))
@click.option(
    "--spec",
    "spec_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The newer spec to move the kit onto.",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="The upgraded kit."
)
@password_option
def upgrade(returned: Path, spec_path: Path, output: Path, password: str | None) -> None:
    """A filled kit moved onto a newer spec, its kit id and network id kept.

    Labels may be reworded or translated, fields, choices and rows added. What the new
    spec has no place for is listed here with its cell and value, and on a "Not carried"
    sheet of the new file.

    \b
    Exit codes: 0 everything carried; 1 written, with values not carried; 2 a usage error
    or input that cannot be used.

    \b
    Example:
      starterkit upgrade returned/kit.xlsx --spec acme/kit-2027.yaml -o kit-2027.xlsx
    """
    from starterkit.files.atomic import check_output, write_atomically
    from starterkit.loop.upgrade import upgrade_kit
    from starterkit.reader import read_path
    from starterkit.spec import load_spec

    new_spec = load_spec(spec_path)
    check_output(output, [returned, spec_path])
    upgraded = upgrade_kit(read_path(returned, password=password), new_spec)
    write_atomically(output, upgraded.content, what="the upgraded kit")
    for item in upgraded.not_carried:
        click.echo(f"not carried: {item}")
    count = len(upgraded.not_carried)
    click.echo(
        f"wrote {output}"
        + (
            f": {count} value{'s' if count != 1 else ''} not carried (see its Not carried sheet)"
            if count
            else ": everything carried"
        ),
        err=bool(count),
    )
    if count:
        sys.exit(EXIT_PROBLEMS)
