"""The round trip in one go: the default kit, a portfolio of returned samples, and what
each sample must raise; ``run`` writes them, analyzes the samples and writes the reports.

Each scenario is returned by a different organisation (so no two of them count as one
organisation launching networks in parallel), and the portfolio scenario adds one
organisation that does launch several at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from starterkit import scenarios
from starterkit.builder import build
from starterkit.errors import OutputError
from starterkit.scenarios.exports import stripped_export
from starterkit.scenarios.stories import GROUPS
from starterkit.spec import default_spec

if TYPE_CHECKING:
    from starterkit.report import Portfolio

KIT_FILE = "kit/peer-learning-kit.xlsx"
#: The day the committed samples in samples/ were returned; analyze them as of this date.
SAMPLES_AS_OF = dt.date(2027, 3, 11)
#: The committed samples' other forms, as other tools return them (samples/returned/...).
RETURNED_VARIANTS = {
    "libreoffice-xlsx": "re-saved as .xlsx by LibreOffice Calc",
    "libreoffice-ods": "saved as .ods by LibreOffice Calc",
    "stripped": "exported with no tables, no _kit sheet and no custom properties",
}
RETURNED_FOLDER = "returned"
REPORTS_FOLDER = "reports"
#: Seeds tried, in order, to give each scenario an organisation of its own.
MAX_SEED = 64
#: What a folder the demo wrote holds at its top, beside what file managers add.
DEMO_ENTRIES = {KIT_FILE.split("/")[0], RETURNED_FOLDER, REPORTS_FOLDER}
FILE_MANAGER_ENTRIES = {".DS_Store", "Thumbs.db", "desktop.ini"}


def is_demo_folder(folder: Path) -> bool:
    """True when the demo may write into ``folder``: it is missing, empty, or holds only
    the demo's own kit, returned and reports folders (a demo run before)."""
    if not folder.is_dir():
        return not folder.exists()
    return all(
        (entry.name in DEMO_ENTRIES and entry.is_dir()) or entry.name in FILE_MANAGER_ENTRIES
        for entry in folder.iterdir()
    )


@dataclass(frozen=True)
class DemoResult:
    """What a demo run wrote and found."""

    directory: Path
    as_of: dt.date
    portfolio: Portfolio
    samples: int
    #: The report formats written, the files they made, and why the others were not.
    formats: list[str]
    reports: list[Path]
    not_written: list[str]

    @property
    def kit(self) -> Path:
        return self.directory / KIT_FILE

    @property
    def returned(self) -> Path:
        return self.directory / RETURNED_FOLDER

    @property
    def reports_folder(self) -> Path:
        return self.directory / REPORTS_FOLDER

    def summary(self) -> str:
        """Where everything is, for the end of the run."""
        formats = ", ".join(self.formats)
        return "\n".join(
            [
                f"kit for stewards:  {self.kit}",
                f"returned samples:  {self.returned} "
                f"({self.samples} workbooks, as of {self.as_of.isoformat()})",
                f"reports:           {self.reports_folder} ({len(self.reports)} files: {formats})",
                *(f"not written:       {reason}" for reason in self.not_written),
                f"open first:        {self.reports_folder / 'report.html'}",
            ]
        )


def run(directory: Path, as_of: dt.date, force: bool = False) -> DemoResult:
    """The round trip in ``directory``: the kit and samples written, the samples analyzed
    and every report format available here written. A folder holding anything the demo did
    not write is refused unless ``force``."""
    from starterkit.files.analyze_many import analyze_files, collect_workbooks
    from starterkit.files.atomic import write_all_atomically
    from starterkit.reporters.formats import FORMATS, render, unavailable

    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory} is a file — give a folder for the demo")
    if not force and not is_demo_folder(directory):
        raise OutputError(
            f"{directory} holds files that starterkit demo did not write — give a new or "
            "empty folder, or add --force to write into it anyway"
        )
    files = demo_files(as_of)
    reports = directory / REPORTS_FOLDER
    write_all_atomically(directory, files, what="the demo")
    workbooks, missing = collect_workbooks([str(directory / RETURNED_FOLDER)])
    portfolio = analyze_files(workbooks, as_of, errors=missing)
    formats = [name for name in FORMATS if unavailable(name) is None]
    rendered = render(portfolio, formats, links_from=str(reports))
    written = write_all_atomically(reports, rendered, what="the demo", place=directory)
    reasons = [unavailable(name) for name in FORMATS]
    return DemoResult(
        directory,
        as_of,
        portfolio,
        samples=len(workbooks),
        formats=formats,
        reports=written,
        not_written=[reason for reason in reasons if reason],
    )


@dataclass(frozen=True)
class Sample:
    """One returned workbook of the demo portfolio and the flags it must raise."""

    path: str
    scenario: str
    week: int
    seed: int
    expected_flags: tuple[str, ...]


def sample_plan() -> list[Sample]:
    """Every scenario at its sample week, then the portfolio's networks.

    The plan does not depend on the date: a scenario's organisation comes from its seed.
    """
    # The portfolio's organisation is one of the groups: keep every group out.
    taken = {name for name, _ in GROUPS}
    plan = []
    for scenario in scenarios.SCENARIOS.values():
        seed = next(
            seed for seed in range(MAX_SEED) if _organization(scenario.name, seed) not in taken
        )
        taken.add(_organization(scenario.name, seed))
        plan.append(
            Sample(
                path=f"{RETURNED_FOLDER}/{scenario.name}.xlsx",
                scenario=scenario.name,
                week=scenario.sample_week,
                seed=seed,
                expected_flags=scenario.expected_flags(scenario.sample_week),
            )
        )
    for network in scenarios.portfolio_networks():
        plan.append(
            Sample(
                path=f"{RETURNED_FOLDER}/{scenarios.PORTFOLIO}/{network.stem}.xlsx",
                scenario=network.scenario,
                week=network.week,
                seed=0,
                expected_flags=network.expected_flags(),
            )
        )
    return plan


def demo_files(as_of: dt.date) -> dict[str, bytes]:
    """The blank kit and every returned sample, by path inside the demo folder, as they
    would be on ``as_of``."""
    build_time = dt.datetime.combine(as_of, dt.time(9), tzinfo=dt.timezone.utc)
    files = {KIT_FILE: build(default_spec(), build_time=build_time)}
    portfolio = scenarios.portfolio_workbooks(as_of=as_of)
    for sample in sample_plan():
        if sample.path.startswith(f"{RETURNED_FOLDER}/{scenarios.PORTFOLIO}/"):
            stem = sample.path.rsplit("/", 1)[1].removesuffix(".xlsx")
            files[sample.path] = portfolio[stem]
        else:
            files[sample.path] = scenarios.sample_workbook(
                sample.scenario, sample.week, as_of=as_of, seed=sample.seed
            )
    return files


def sample_files(as_of: dt.date = SAMPLES_AS_OF) -> dict[str, bytes]:
    """The committed samples: each returned workbook, and its stripped export under
    ``returned/stripped/`` (the LibreOffice forms need LibreOffice and are made apart)."""
    files = {}
    for path, content in demo_files(as_of).items():
        if path.startswith(f"{RETURNED_FOLDER}/"):
            name = path.removeprefix(f"{RETURNED_FOLDER}/")
            files[name] = content
            files[f"returned/stripped/{name}"] = stripped_export(content)
    return files


def samples_readme(as_of: dt.date = SAMPLES_AS_OF) -> str:
    """samples/README.md: what each sample is and exactly the flags it must raise."""
    lines = [
        "# Sample returned kits",
        "",
        "Filled kits as stewards return them, one per scenario, made by `starterkit sample`",
        f"as of **{as_of.isoformat()}**. Analyze them as of that date:",
        "",
        "```console",
        f"$ starterkit analyze samples/*.xlsx samples/parallel-launch/ --as-of {as_of.isoformat()}",
        "```",
        "",
        "Each file must raise exactly the flags below — no more, no fewer — in every form",
        "under `returned/`; the healthy network raises none. `tests/test_samples.py` checks",
        "this and fails when a file here is stale; regenerate with",
        "`python scripts/make_samples.py` (the LibreOffice forms need `soffice`).",
        "",
        "| file | scenario | week | flags it must raise |",
        "| --- | --- | --- | --- |",
    ]
    for sample in sample_plan():
        name = sample.path.removeprefix(f"{RETURNED_FOLDER}/")
        title = scenarios.SCENARIOS[sample.scenario].title
        flags = ", ".join(f"`{flag}`" for flag in sample.expected_flags) or "none"
        lines.append(f"| `{name}` | {title} | {sample.week} | {flags} |")
    portfolio_flags = ", ".join(f"`{flag}`" for flag in scenarios.portfolio_expected_flags())
    lines += [
        "",
        f"Analyzed together, the four networks in `{scenarios.PORTFOLIO}/` also raise the",
        f"portfolio flag {portfolio_flags}. {scenarios.PORTFOLIO_STORY}",
        "Every other sample comes from an organisation of its own.",
        "",
        "## Other forms (`returned/`)",
        "",
        "| folder | the same files |",
        "| --- | --- |",
        *(f"| `returned/{folder}/` | {what} |" for folder, what in RETURNED_VARIANTS.items()),
        "",
    ]
    return "\n".join(lines)


def _organization(name: str, seed: int) -> str:
    # The organisation does not depend on the date; any date will do to read it.
    data = scenarios.scenario_data(name, 1, as_of=dt.date(2027, 1, 7), seed=seed)
    return data["charter"]["organization"]
