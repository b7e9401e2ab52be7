"""The `starterkit` command: a thin layer over the library. Each command parses its
options, calls the library and prints the results; errors end it in one place
(``cli.boundary``, which also lists the exit codes).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import click

from starterkit import __version__
from starterkit.cli.boundary import EXIT_BAD_INPUT, EXIT_PROBLEMS, Starterkit
from starterkit.cli.terminal import print_report, progress, say

DEFAULT_OUTPUT = "peer-learning-kit.xlsx"


@click.group(cls=Starterkit, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="starterkit")
def main() -> None:
    """Build peer learning network kits as Excel workbooks and analyze the filled ones."""


@main.command()
@click.argument("spec", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help=f"Workbook to write (default {DEFAULT_OUTPUT}); with --each, the folder. "
    "Missing folders are created.",
)
@click.option(
    "--data",
    "data_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="YAML or JSON prefill: charter values and table rows.",
)
@click.option(
    "--each",
    "networks",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV with one row per network; builds one workbook per row.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Processes for --each (default: all cores)."
)
@click.option(
    "--build-time",
    help="Pin the build time (ISO 8601) for byte-identical output; SOURCE_DATE_EPOCH works too.",
)
def build(
    spec: Path | None,
    output: Path | None,
    data_file: Path | None,
    networks: Path | None,
    jobs: int | None,
    build_time: str | None,
) -> None:
    """Build a kit workbook from SPEC (default: the embedded default kit).

    \b
    Examples:
      starterkit build -o kit.xlsx
      starterkit build kit.yaml --data acme.yaml -o acme.xlsx
      starterkit build kit.yaml --each networks.csv -o kits/
    """
    from starterkit.files.lock_files import refuse_lock_file
    from starterkit.spec import default_spec, load_spec

    pinned = _build_time(build_time)
    for named in (spec, data_file, networks):
        refuse_lock_file(named)
    kit_spec = default_spec() if spec is None else load_spec(spec)
    if networks is not None:
        if data_file is not None:
            raise click.UsageError("--data and --each cannot be combined")
        _build_each(
            kit_spec, [spec, networks, kit_spec.branding.logo], networks, output, jobs, pinned
        )
        return
    from starterkit.builder import build_path
    from starterkit.files.atomic import check_output
    from starterkit.spec.prefill import load_prefill_file

    target = output or Path(DEFAULT_OUTPUT)
    check_output(target, [spec, data_file, kit_spec.branding.logo])
    data = load_prefill_file(data_file, kit_spec) if data_file else None
    data_name = str(data_file) if data_file else "data"
    build_path(kit_spec, target, data, build_time=pinned, data_name=data_name)
    click.echo(f"wrote {target}")


def _build_each(kit_spec, inputs, networks: Path, output: Path | None, jobs, pinned) -> None:
    """One workbook per CSV row: bad rows named on standard error, a summary on standard
    output, exit 1 when a row failed."""
    from starterkit.files import build_many

    out_dir = output or Path("kits")
    plan = build_many.plan_batch(kit_spec, networks, out_dir, inputs)
    for problem in plan.problems:
        say(f"error: {problem}")
    show = sys.stderr.isatty() and len(plan.rows) > 1
    with progress("building", len(plan.rows), show) as advance:
        summary = build_many.build_batch(
            kit_spec, plan, networks, out_dir, jobs, pinned, on_done=advance
        )
    for error in summary.errors:
        say(f"error: {error}")
    click.echo(str(summary))
    if summary.failed_rows:
        sys.exit(EXIT_PROBLEMS)


@main.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def check(specs: tuple[Path, ...]) -> None:
    """Validate SPECS without building; list every problem with its line."""
    from starterkit.errors import SpecError
    from starterkit.files.lock_files import refuse_lock_file
    from starterkit.spec import load_spec

    found = False
    for path in specs:
        refuse_lock_file(path)
        try:
            kit_spec = load_spec(path)
        except SpecError as exc:
            found = True
            say(str(exc))
            continue
        fields = len(kit_spec.charter_fields())
        click.echo(f"{path}: valid ({fields} charter fields, {len(kit_spec.lists)} lists)")
    if found:
        sys.exit(EXIT_PROBLEMS)


@main.command()
@click.argument("directory", required=False, default=".", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def init(directory: Path, force: bool) -> None:
    """Write an editable copy of the default spec and an example networks.csv into DIRECTORY
    (created if missing)."""
    from starterkit.files.project import init_project

    for path in init_project(directory, force):
        click.echo(f"wrote {path}")
    # The kits go into the project folder too, not wherever the command happens to run.
    click.echo(
        f"next: edit {directory / 'kit.yaml'}, then run "
        f"'starterkit build {directory / 'kit.yaml'} --each {directory / 'networks.csv'} "
        f"-o {directory / 'kits'}'"
    )


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to a file instead of standard output (missing folders are created).",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of kit specs (for editor completion and checks)."""
    from starterkit.files.atomic import write_atomically
    from starterkit.spec.schema import schema_text

    if output is None:
        click.echo(schema_text(), nl=False)
        return
    write_atomically(output, [schema_text()], what="the schema")
    click.echo(f"wrote {output}")


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
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Processes to use (default: all cores)."
)
@click.option(
    "--password",
    envvar="STARTERKIT_PASSWORD",
    help="Password of encrypted workbooks (or set STARTERKIT_PASSWORD).",
)
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

    as_of = _as_of(as_of_text)
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


def _as_of(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(
            f"'{text}' is not a date; write it as YYYY-MM-DD", param_hint="--as-of"
        ) from None


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
    as_of = _as_of(as_of_text)
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

    as_of = _as_of(as_of_text)
    result = round_trip.run(directory, as_of, force)
    render_overview(result.portfolio, Console())
    click.echo()
    click.echo(result.summary())


def _build_time(text: str | None) -> dt.datetime | None:
    if text:
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise click.BadParameter(
                f"'{text}' is not an ISO 8601 date-time", param_hint="--build-time"
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return None


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
@click.option(
    "--password",
    envvar="STARTERKIT_PASSWORD",
    help="Password of encrypted workbooks (or set STARTERKIT_PASSWORD).",
)
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
    as_of = _as_of(as_of_text)
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
@click.option(
    "--password",
    envvar="STARTERKIT_PASSWORD",
    help="Password of an encrypted workbook (or set STARTERKIT_PASSWORD).",
)
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

    as_of = _as_of(as_of_text)
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


def _date_option(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(
            f"'{text}' is not a date; write it as YYYY-MM-DD", param_hint=option
        ) from None


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
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Processes to use (default: all cores)."
)
@click.option(
    "--password",
    envvar="STARTERKIT_PASSWORD",
    help="Password of encrypted workbooks (or set STARTERKIT_PASSWORD).",
)
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

    start = _date_option(start_text, "--start")
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
@click.option(
    "--password",
    envvar="STARTERKIT_PASSWORD",
    help="Password of an encrypted workbook (or set STARTERKIT_PASSWORD).",
)
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

    as_of = _as_of(as_of_text)
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
@click.option(
    "--password",
    envvar="STARTERKIT_PASSWORD",
    help="Password of an encrypted workbook (or set STARTERKIT_PASSWORD).",
)
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
