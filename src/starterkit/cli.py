"""The `starterkit` command: a thin layer over the library.

Exit codes: 0 done; 1 done with problems found (`check` found spec problems, some rows
of a batch failed, or `analyze` found a flag at or above --fail-on); 2 usage error or input
that cannot be used (for `analyze`: any file that could not be read).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from starterkit import __version__
from starterkit.errors import StarterkitError

EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2
DEFAULT_OUTPUT = "peer-learning-kit.xlsx"


class BadInput(click.ClickException):
    """A library error shown as one clear message, exit code 2 unless told otherwise."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        _say(f"error: {self.format_message()}")


def _say(text: str) -> None:
    """A line (or a problem list) on standard error; file names and cell values quoted in it
    come from outside, so nothing in them may drive the terminal."""
    from starterkit.safe_text import for_terminal

    click.echo("\n".join(for_terminal(line) for line in text.split("\n")), err=True)


@contextlib.contextmanager
def _one_line_errors() -> Iterator[None]:
    """Every error as one `error:` line: click's own usage errors (which click prints as a
    usage block, a hint and the message) and library errors that reach the top."""
    try:
        yield
    except BadInput:
        raise
    except click.UsageError as exc:
        if isinstance(exc, NO_ARGS_IS_HELP):
            raise  # `starterkit` alone shows the help, as before
        message = " ".join(exc.format_message().split("\n")).strip().removesuffix(".")
        message = message[:1].lower() + message[1:]
        path = exc.ctx.command_path if exc.ctx else "starterkit"
        raise BadInput(f"{message} — see '{path} --help'", exc.exit_code) from None
    except click.ClickException as exc:
        raise BadInput(exc.format_message(), exc.exit_code) from None
    except StarterkitError as exc:
        raise BadInput(str(exc)) from None


#: click >= 8.2 raises this for a group called with nothing; it prints the help.
NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())
#: Other spellings of a command; they work but are not listed.
ALIASES = {"analyse": "analyze"}


class Starterkit(click.Group):
    """The command group: one-line errors, and `analyse` for `analyze` (not listed)."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, ALIASES.get(cmd_name, cmd_name))

    def make_context(self, info_name: str | None, args: list[str], parent=None, **extra):
        # The group's own options are parsed here (`starterkit --bogus`).
        with _one_line_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        # The command name, the command's options and arguments, and the command itself.
        with _one_line_errors():
            return super().invoke(ctx)


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
    from starterkit.builder import build_path
    from starterkit.files.atomic import check_output

    pinned = _build_time(build_time)
    for named in (spec, data_file, networks):
        _refuse_lock_file(named)
    with _user_errors():
        kit_spec = _load(spec)
        if networks is not None:
            if data_file is not None:
                raise click.UsageError("--data and --each cannot be combined")
            inputs = [spec, networks, kit_spec.branding.logo]
            failed = _build_each(kit_spec, networks, output or Path("kits"), jobs, pinned, inputs)
            if failed:
                sys.exit(EXIT_PROBLEMS)
            return
        target = output or Path(DEFAULT_OUTPUT)
        check_output(target, [spec, data_file, kit_spec.branding.logo])
        data = _read_data(data_file, kit_spec) if data_file else None
        build_path(
            kit_spec,
            target,
            data,
            build_time=pinned,
            data_name=str(data_file) if data_file else "data",
        )
    click.echo(f"wrote {target}")


@main.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def check(specs: tuple[Path, ...]) -> None:
    """Validate SPECS without building; list every problem with its line."""
    from starterkit.errors import SpecError
    from starterkit.spec import load_spec

    found = False
    for path in specs:
        _refuse_lock_file(path)
        try:
            kit_spec = load_spec(path)
        except SpecError as exc:
            found = True
            _say(str(exc))
            continue
        except StarterkitError as exc:
            raise BadInput(str(exc)) from None
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
    from starterkit.files.atomic import write_all_atomically
    from starterkit.spec import default_spec_text
    from starterkit.spec.schema import schema_text

    if directory.exists() and not directory.is_dir():
        raise BadInput(f"{directory} is a file — give a folder for the project files")
    files = {
        "kit.yaml": default_spec_text(),
        "schema.json": schema_text(),
        "networks.csv": EXAMPLE_NETWORKS,
    }
    existing = [directory / name for name in files if (directory / name).exists()]
    if existing and not force:
        names = ", ".join(str(p) for p in existing)
        raise BadInput(
            f"{names} already exist{'s' if len(existing) == 1 else ''} — "
            "nothing was written; use --force to overwrite"
        )
    try:
        write_all_atomically(directory, {name: [text] for name, text in files.items()})
    except OSError as exc:
        raise BadInput(f"{directory}: cannot write ({exc.strerror})") from None
    for name in files:
        click.echo(f"wrote {directory / name}")
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
    try:
        write_atomically(output, [schema_text()])
    except OSError as exc:
        raise BadInput(f"{output}: cannot write the schema ({exc.strerror})") from None
    click.echo(f"wrote {output}")


SEVERITIES = ("high", "medium", "low")
#: The names of starterkit.reporters.formats.FORMATS, listed here to keep start-up light.
REPORT_FORMATS = ("text", "json", "html", "xlsx", "csv", "parquet")
#: Formats that can go to standard output.
STREAMABLE_FORMATS = ("text", "json", "html")


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
    type=click.Choice(REPORT_FORMATS),
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
    type=click.Choice(SEVERITIES),
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
    from starterkit.files.analyze_many import analyze_files, collect_workbooks
    from starterkit.files.workers import default_jobs
    from starterkit.findings import Severity

    as_of = _as_of(as_of_text)
    formats = tuple(dict.fromkeys(output_formats)) or ("text",)
    to_folder = _check_outputs(formats, output)
    # A lock file named on the command line is reported as unreadable; the rest go on.
    locked = [error for error in map(_lock_file_error, paths) if error]
    named = {error.source for error in locked}
    files, missing = collect_workbooks(path for path in paths if path not in named)
    missing = [*locked, *missing]
    if output is not None:
        _check_report_paths(formats, output, to_folder, files)
    workers = min(jobs or default_jobs(), max(1, len(files)))
    on_terminal = formats == ("text",) and output is None
    show_progress = on_terminal and sys.stderr.isatty() and len(files) > 1
    with _progress("analyzing", len(files), show_progress) as advance:
        portfolio = analyze_files(
            files, as_of, jobs=workers, password=password, errors=missing, on_done=advance
        )
    if output is None:
        _print_report(portfolio, formats[0])
    else:
        _write_reports(portfolio, formats, output, to_folder)
    if not (on_terminal and sys.stdout.isatty()):
        # The report is not on the terminal, so unreadable files are named here too.
        for error in portfolio.errors:
            _say(f"error: {error.source}: {error.message} — {error.fix}")
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
        for item in scenarios.SCENARIOS.values():
            flags = ", ".join(item.expected_flags(item.sample_week)) or "none"
            click.echo(f"{item.name:22} week {item.sample_week:2}  {item.title} — flags: {flags}")
        click.echo(f"{scenarios.PORTFOLIO:22} {'':7}  {scenarios.PORTFOLIO_TITLE}")
        return
    names = [*scenarios.SCENARIOS, scenarios.PORTFOLIO]
    if scenario not in names:
        raise click.UsageError(
            f"--scenario must be one of {', '.join(names)}"
            if scenario
            else "give --scenario NAME (or --list to see them)"
        )
    as_of = _as_of(as_of_text)
    if scenario == scenarios.PORTFOLIO:
        if week is not None:
            raise click.UsageError("the portfolio's networks each have their own week: drop --week")
        folder = output or Path(scenario)
        for network in scenarios.portfolio_networks(seed=seed):
            check_output(folder / f"{network.stem}.xlsx")
        files = {
            f"{stem}.xlsx": content
            for stem, content in scenarios.portfolio_workbooks(as_of=as_of, seed=seed).items()
        }
        flags = (
            ", ".join(scenarios.portfolio_expected_flags())
            + " across the portfolio; "
            + "; ".join(
                f"{n.stem}: {', '.join(n.expected_flags()) or 'none'}"
                for n in scenarios.portfolio_networks(seed=seed)
            )
        )
    else:
        item = scenarios.SCENARIOS[scenario]
        week = week or item.sample_week
        target = output or Path(f"{scenario}-week{week}.xlsx")
        check_output(target)
        folder = target.parent
        files = {target.name: scenarios.sample_workbook(scenario, week, as_of=as_of, seed=seed)}
        flags = ", ".join(item.expected_flags(week)) or "none"
    try:
        written = write_all_atomically(folder, files)
    except OSError as exc:
        raise BadInput(f"{folder}: cannot write the sample ({exc.strerror})") from None
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(
        f"analyze with: starterkit analyze {folder if len(written) > 1 else written[0]} "
        f"--as-of {as_of.isoformat()}   (expected flags: {flags})"
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
    from starterkit.files.analyze_many import analyze_files, collect_workbooks
    from starterkit.files.atomic import write_all_atomically
    from starterkit.reporters.formats import FORMATS, render, unavailable
    from starterkit.reporters.text import render_overview

    as_of = _as_of(as_of_text)
    if directory.exists() and not directory.is_dir():
        raise BadInput(f"{directory} is a file — give a folder for the demo")
    if not force and not round_trip.is_demo_folder(directory):
        raise BadInput(
            f"{directory} holds files that starterkit demo did not write — give a new or "
            "empty folder, or add --force to write into it anyway"
        )
    files = round_trip.demo_files(as_of)
    reports = directory / round_trip.REPORTS_FOLDER
    try:
        write_all_atomically(directory, files)
        workbooks, missing = collect_workbooks([str(directory / round_trip.RETURNED_FOLDER)])
        portfolio = analyze_files(workbooks, as_of, errors=missing)
        formats = [name for name in FORMATS if unavailable(name) is None]
        written = write_all_atomically(reports, render(portfolio, formats, links_from=str(reports)))
    except OSError as exc:
        raise BadInput(f"{directory}: cannot write the demo ({exc.strerror})") from None
    render_overview(portfolio, Console())
    click.echo()
    click.echo(f"kit for stewards:  {directory / round_trip.KIT_FILE}")
    click.echo(
        f"returned samples:  {directory / round_trip.RETURNED_FOLDER} "
        f"({len(workbooks)} workbooks, as of {as_of.isoformat()})"
    )
    click.echo(f"reports:           {reports} ({len(written)} files: {', '.join(formats)})")
    for name in FORMATS:
        reason = unavailable(name)
        if reason:
            click.echo(f"not written:       {reason}")
    click.echo(f"open first:        {reports / 'report.html'}")


def _check_outputs(formats: tuple[str, ...], output: Path | None) -> bool:
    """Refuse, before any work, what cannot be written; True when -o names a folder."""
    from starterkit.reporters.formats import FORMATS, unavailable

    for name in formats:
        reason = unavailable(name)
        if reason:
            raise BadInput(reason)
    to_folder = len(formats) > 1 or any(FORMATS[name].writes_tables for name in formats)
    if output is None:
        if to_folder:
            raise click.UsageError(
                "several formats, csv and parquet write a set of files: add -o FOLDER"
            )
        if formats[0] not in STREAMABLE_FORMATS:
            raise click.UsageError(f"--format {formats[0]} writes a file: add -o FILE")
    elif not to_folder and output.is_dir():
        to_folder = True  # an existing folder: the report goes in it under its usual name
    elif to_folder and output.exists() and not output.is_dir():
        raise click.UsageError(f"{output} is a file; -o must name a folder for these formats")
    return to_folder


def _check_report_paths(
    formats: tuple[str, ...], output: Path, to_folder: bool, inputs: list[Path]
) -> None:
    """Refuse, before any work, a report file that is a workbook being analyzed or that is
    not a regular file."""
    from starterkit.files.atomic import check_output
    from starterkit.reporters.formats import FORMATS
    from starterkit.reporters.tables import TABLES

    if not to_folder:
        check_output(output, inputs)
        return
    for name in formats:
        file_name = FORMATS[name].file_name
        for each in [file_name] if file_name else [f"{table}.{name}" for table in TABLES]:
            check_output(output / each, inputs)


#: Office and LibreOffice leave these beside an open file: what to say about each.
LOCK_FILES = {
    "~$": "an Office lock file — close the workbook in Excel",
    ".~lock.": "a LibreOffice lock file — close the workbook in LibreOffice",
}


def _lock_file(path: Path) -> str | None:
    """What kind of lock file ``path`` is, or None when it is not one."""
    for prefix, what in LOCK_FILES.items():
        if path.name.startswith(prefix):
            return what
    return None


def _refuse_lock_file(path: Path | None) -> None:
    """A named input that is a lock file is refused: its real file is the one meant."""
    what = _lock_file(path) if path is not None else None
    if what:
        raise BadInput(f"{path} is {what} and give the real file")


def _lock_file_error(argument: str):
    """For analyze: a lock file named on the command line is an unreadable file."""
    from starterkit.report import FileError

    path = Path(argument)
    what = _lock_file(path)
    if not what or path.is_dir():
        return None
    kind, fix = what.split(" — ")
    return FileError(argument, f"this is {kind}, not the workbook", f"{fix} and give the real file")


def _print_report(portfolio, output_format: str) -> None:
    """The report on standard output: text on a terminal in colour, json and html as text."""
    if output_format == "text":
        from rich.console import Console

        from starterkit.reporters.text import render_text

        render_text(portfolio, Console())
        return
    from starterkit.reporters.formats import render

    for content in render(portfolio, [output_format]).values():
        if isinstance(content, bytes):
            click.echo(content.decode("utf-8"), nl=False)
        else:
            for piece in content:
                click.echo(piece, nl=False)


def _write_reports(portfolio, formats: tuple[str, ...], output: Path, to_folder: bool) -> None:
    """Every format's files written whole, all of them or none."""
    from starterkit.files.atomic import write_all_atomically
    from starterkit.reporters.formats import render

    folder = output if to_folder else output.parent
    files = render(portfolio, formats, links_from=str(folder))
    if not to_folder:
        # One file under the name the user gave.
        files = {output.name: next(iter(files.values()))}
    try:
        written = write_all_atomically(folder, files)
    except OSError as exc:
        raise BadInput(
            f"{output}: cannot write the report ({exc.strerror}) — check that the folder "
            "can be written"
        ) from None
    if to_folder:
        names = ", ".join(path.name for path in written)
        click.echo(f"wrote {len(written)} files to {folder}: {names}", err=True)
    else:
        click.echo(f"wrote {written[0]}", err=True)


EXAMPLE_NETWORKS = """\
organization,network_name,cycle_start,sponsor,steward,data_partner,cadence
Northwind Utilities,Field Repair Network,2027-01-11,Dana Whitfield,Ravi Menon,Lee Park,every_two_weeks
Northwind Utilities,Contact Centre Network,2027-04-12,Sam Ortiz,Mia Chen,Lee Park,weekly
"""


@contextlib.contextmanager
def _user_errors() -> Iterator[None]:
    """Turn library errors into one clear message on stderr (exit 2), never a traceback."""
    try:
        yield
    except StarterkitError as exc:
        raise BadInput(str(exc)) from None


def _load(spec: Path | None):
    from starterkit.spec import default_spec, load_spec

    return default_spec() if spec is None else load_spec(spec)


def _read_data(path: Path, kit_spec) -> dict[str, Any]:
    """Prefill data from YAML or JSON, checked against the spec with file positions."""
    from starterkit.errors import Problem, SpecError, one_per_place
    from starterkit.spec.prefill import check_prefill
    from starterkit.spec.source import format_path, parse_yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StarterkitError(f"{path}: no such data file — check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StarterkitError(f"{path}: cannot read the data file ({exc})") from None
    source = parse_yaml(text, str(path))
    if not isinstance(source.data, dict):
        raise StarterkitError(
            f"{path}: the data must be a mapping with keys such as "
            "'charter' and 'sessions' — see the README's prefill example"
        )
    problems = list(source.problems) + [
        Problem(source.where(issue.path), format_path(issue.path), issue.message, issue.fix)
        for issue in check_prefill(kit_spec, source.data)
    ]
    if problems:
        raise SpecError(one_per_place(problems), subject=str(path))
    return source.data


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


def _build_each(
    kit_spec,
    networks: Path,
    out_dir: Path,
    jobs: int | None,
    build_time: dt.datetime | None,
    inputs: list[Path | str | None],
) -> int:
    from starterkit.files import build_many
    from starterkit.files.atomic import check_output
    from starterkit.files.workers import default_jobs

    try:
        content = networks.read_bytes()
    except FileNotFoundError:
        raise StarterkitError(f"{networks}: no such CSV file — check the path") from None
    except OSError as exc:
        raise StarterkitError(
            f"{networks}: cannot read the CSV ({exc.strerror}) — check the path"
        ) from None
    text = build_many.decode_networks(content, str(networks))
    plan = build_many.read_networks(text, kit_spec, str(networks), networks.parent)
    for row in plan.rows:
        check_output(out_dir / row.file_name, [*inputs, row.branding.get("logo")])
    for problem in plan.problems:
        _say(f"error: {problem}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StarterkitError(
            f"{out_dir}: cannot create the output folder ({exc.strerror})"
        ) from None
    workers = min(jobs or default_jobs(), max(1, len(plan.rows)))
    results = _run_with_progress(build_many, kit_spec, plan.rows, out_dir, workers, build_time)
    failures = [r for r in results if r.error]
    for result in failures:
        _say(f"error: {networks}:{result.line}: {result.error}")
    built = len(results) - len(failures)
    bad_rows = len(failures) + len({p.where for p in plan.problems})
    click.echo(
        f"built {built} workbook{'s' if built != 1 else ''} in {out_dir}"
        + (f"; {bad_rows} row{'s' if bad_rows != 1 else ''} failed" if bad_rows else "")
    )
    return bad_rows


def _run_with_progress(build_many, kit_spec, rows, out_dir, workers, build_time):
    show = sys.stderr.isatty() and len(rows) > 1
    with _progress("building", len(rows), show) as advance:
        return build_many.build_all(kit_spec, rows, out_dir, workers, build_time, on_done=advance)


@contextlib.contextmanager
def _progress(description: str, total: int, show: bool) -> Iterator[Any]:
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


if __name__ == "__main__":  # pragma: no cover
    main()
