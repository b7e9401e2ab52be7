"""Commands that read returned kits and report on them: analyze, sample and demo."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import click

from starterkit.cli.boundary import EXIT_BAD_INPUT, EXIT_PROBLEMS
from starterkit.cli.group import main
from starterkit.cli.options import as_of_date, jobs_option, password_option
from starterkit.cli.terminal import print_report, progress, say


class _LibraryChoice(click.Choice):
    """A choice among names the library defines, read only when a command needs them, so
    that starting any other command does not load the module they come from."""

    def __init__(self, names: Callable[[], Iterable[str]]) -> None:
        self._names = names
        self.case_sensitive = True

    @functools.cached_property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(self._names())


def _report_formats() -> Iterable[str]:
    from starterkit.reporters.formats import FORMAT_NAMES

    return FORMAT_NAMES


def _severities() -> Iterable[str]:
    from starterkit.findings import SEVERITIES

    return (severity.value for severity in SEVERITIES)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--as-of",
    "as_of_text",
    metavar="DATE",
    help="Analyze as of this date (YYYY-MM-DD; default today): sets the cycle week.",
)
@click.option(
    "--format",
    "output_formats",
    type=_LibraryChoice(_report_formats),
    multiple=True,
    help="Report format: text (default), json, html, xlsx, csv or parquet. "
    "Repeat it to write several formats into the -o folder.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="The report file (default: standard output for text, json and html), or the "
    "folder for several formats and for csv and parquet. Missing folders are created.",
)
@click.option(
    "--fail-on",
    type=_LibraryChoice(_severities),
    help="Exit with 1 when a flag of this severity or higher is found.",
)
@jobs_option
@password_option
def analyze(
    paths: tuple[str, ...],
    as_of_text: str | None,
    output_formats: tuple[str, ...],
    output: Path | None,
    fail_on: str | None,
    jobs: int | None,
    password: str | None,
) -> None:
    """Read returned kit workbooks and report adoption and red flags.

    PATHS are workbooks (.xlsx, .xlsm, .ods), folders (searched recursively) or glob
    patterns. Files are only read, never changed. A file that cannot be read is reported
    and the others are still analyzed.

    \b
    Exit codes: 0 analyzed; 1 a flag at or above --fail-on was found;
    2 a file could not be read, or a usage error.

    \b
    Examples:
      starterkit analyze returned/
      starterkit analyze kit.xlsx --as-of 2027-03-01 --format json -o report.json
      starterkit analyze returned/ --format html --format xlsx -o reports/
      starterkit analyze "returned/**/*.xlsx" --fail-on high
    """
    from starterkit.files.analyze_many import analyze_files, collect_inputs
    from starterkit.files.report_files import check_report_paths, report_destination, write_reports
    from starterkit.files.workers import default_jobs
    from starterkit.findings import Severity

    as_of = as_of_date(as_of_text)
    formats = tuple(dict.fromkeys(output_formats)) or ("text",)
    to_folder = report_destination(formats, output)
    files, missing = collect_inputs(paths)
    if output is not None:
        check_report_paths(formats, output, to_folder, files)
    workers = min(jobs or default_jobs(), max(1, len(files)))
    on_terminal = formats == ("text",) and output is None
    show_progress = on_terminal and sys.stderr.isatty() and len(files) > 1
    with progress("analyzing", len(files), show_progress) as advance:
        portfolio = analyze_files(
            files, as_of, jobs=workers, password=password, errors=missing, on_done=advance
        )
    if output is None:
        print_report(portfolio, formats[0])
    else:
        folder, written = write_reports(portfolio, formats, output, to_folder)
        if to_folder:
            names = ", ".join(path.name for path in written)
            click.echo(f"wrote {len(written)} files to {folder}: {names}", err=True)
        else:
            click.echo(f"wrote {written[0]}", err=True)
    if not (on_terminal and sys.stdout.isatty()):
        # The report is not on the terminal, so unreadable files are named here too.
        for error in portfolio.errors:
            say(f"error: {error.source}: {error.message} — {error.fix}")
    if portfolio.errors:
        sys.exit(EXIT_BAD_INPUT)
    if fail_on is not None:
        threshold = Severity(fail_on)
        if any(flag.severity.at_least(threshold) for flag in portfolio.all_flags()):
            sys.exit(EXIT_PROBLEMS)


@main.command()
@click.option("-s", "--scenario", metavar="NAME", help="The scenario (see --list).")
@click.option(
    "--week",
    type=click.IntRange(min=1, max=52),
    help="Cycle week on the as-of date (default: the scenario's own sample week).",
)
@click.option(
    "--as-of", "as_of_text", metavar="DATE", help="The day the steward returns it (default today)."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Other people and domains.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Workbook to write (default SCENARIO-weekN.xlsx); a folder for the portfolio. "
    "Missing folders are created.",
)
@click.option("--list", "list_them", is_flag=True, help="List the scenarios and exit.")
def sample(
    scenario: str | None,
    week: int | None,
    as_of_text: str | None,
    seed: int,
    output: Path | None,
    list_them: bool,
) -> None:
    """Write a filled kit as a steward would return it, for a named scenario.

    The flags a scenario raises are exact when the file is analyzed as of the same date,
    so analyze it with the --as-of that is printed.

    \b
    Examples:
      starterkit sample --list
      starterkit sample --scenario presentation-theater --week 9 -o theater.xlsx
      starterkit sample --scenario parallel-launch -o portfolio/
    """
    from starterkit import scenarios
    from starterkit.files.atomic import check_output, write_all_atomically

    if list_them:
        click.echo("\n".join(scenarios.listing()))
        return
    names = [*scenarios.SCENARIOS, scenarios.PORTFOLIO]
    if scenario not in names:
        raise click.UsageError(
            f"--scenario must be one of {', '.join(names)}"
            if scenario
            else "give --scenario NAME (or --list to see them)"
        )
    as_of = as_of_date(as_of_text)
    if scenario == scenarios.PORTFOLIO and week is not None:
        raise click.UsageError("the portfolio's networks each have their own week: drop --week")
    sample_set = scenarios.sample_files(scenario, week, as_of=as_of, seed=seed, output=output)
    for name in sample_set.names:
        check_output(sample_set.folder / name)
    written = write_all_atomically(sample_set.folder, sample_set.make(), what="the sample")
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(
        f"analyze with: starterkit analyze {sample_set.folder if len(written) > 1 else written[0]} "
        f"--as-of {as_of.isoformat()}   (expected flags: {sample_set.expected_flags})"
    )


@main.command()
@click.argument(
    "directory",
    required=False,
    default="starterkit-demo",
    type=click.Path(path_type=Path),
)
@click.option(
    "--as-of", "as_of_text", metavar="DATE", help="The day the samples come back (default today)."
)
@click.option(
    "--force", is_flag=True, help="Write into a folder that holds other files (they are kept)."
)
def demo(directory: Path, as_of_text: str | None, force: bool) -> None:
    """The whole round trip in DIRECTORY (default starterkit-demo): build the default kit,
    fill a portfolio of sample networks as stewards would, analyze them and write every
    report format.

    \b
    DIRECTORY/kit       the blank kit to hand to stewards
    DIRECTORY/returned  the filled samples, one scenario each, and a portfolio
    DIRECTORY/reports   the report in every format available here

    DIRECTORY is created if missing; a folder that holds anything else is refused
    unless --force is given.
    """
    from rich.console import Console

    from starterkit import demo as round_trip
    from starterkit.reporters.text import render_overview

    as_of = as_of_date(as_of_text)
    result = round_trip.run(directory, as_of, force)
    render_overview(result.portfolio, Console())
    click.echo()
    click.echo(result.summary())
