"""Commands that make kits: build, check, init and schema."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from starterkit.cli.boundary import EXIT_PROBLEMS
from starterkit.cli.group import main
from starterkit.cli.options import build_time_option
from starterkit.cli.terminal import progress, say

DEFAULT_OUTPUT = "peer-learning-kit.xlsx"


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

    pinned = build_time_option(build_time)
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
