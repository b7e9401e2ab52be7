"""The README tells the truth about the commands and the test set-up."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import sys
from pathlib import Path

from click.testing import CliRunner

from starterkit.cli import main

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_and_has_help():
    for name, command in main.commands.items():
        assert f"starterkit {name}" in README, name
        assert command.help, name
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0, name


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r'^TEST_COMMAND="(.+)"$', ci, re.M).group(1)
    assert f"$ {command}\n" in README


def test_readme_quick_start_runs_the_demo_on_the_embedded_default():
    assert "$ python -m pip install -q . && starterkit demo\n" in README


def test_every_flag_and_data_finding_is_documented_with_its_severity():
    from starterkit.analysis.catalog import FLAGS

    findings = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    for flag in FLAGS:
        assert f"| `{flag.id}` | {flag.severity.value} |" in findings, flag.id
    from starterkit.reader.findings import DATA_FINDING_IDS

    assert len(DATA_FINDING_IDS) >= 10
    for data_id in DATA_FINDING_IDS:
        assert f"| `{data_id}` |" in findings, data_id


def test_every_table_column_is_listed_in_the_readme():
    from starterkit.reporters.tables import TABLES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for table in TABLES.values():
        [row] = [line for line in readme.splitlines() if line.startswith(f"| `{table.name}` |")]
        listed = row.split("|")[3]
        assert listed.strip() == ", ".join(f"`{c.name}`" for c in table.columns), table.name


# --- The README's examples run and print what the README shows ---------------------------

#: The width of the terminal the README's transcripts were taken in.
TRANSCRIPT_COLUMNS = 100
#: A line of only this, in a transcript, stands for any number of lines (none included).
ELISION = "…"
#: `starterkit demo` without --as-of runs as of today; the README shows this day.
DEMO_DAY = "2027-03-11"


def console_transcripts() -> list[tuple[str, list[str]]]:
    """Every `$ command` of the README's console blocks, in order, with the lines shown
    after it (up to the next command or the end of the block, trailing blanks dropped)."""
    transcripts: list[tuple[str, list[str]]] = []
    for block in re.findall(r"^```console\n(.*?)^```$", README, flags=re.M | re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                transcripts.append((line[2:], []))
            else:
                assert transcripts, f"console block starts without a command: {line!r}"
                transcripts[-1][1].append(line)
    return [(command, _without_trailing_blanks(shown)) for command, shown in transcripts]


def _without_trailing_blanks(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def python_snippets() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", README, flags=re.M | re.S)


def matches(shown: list[str], actual: list[str]) -> bool:
    """The shown lines are the actual ones, where a line of only `…` stands for any lines
    (a command shown without output prints nothing)."""
    if not shown:
        return not actual
    if shown[0].strip() == ELISION:
        return any(matches(shown[1:], actual[start:]) for start in range(len(actual) + 1))
    return bool(actual) and shown[0] == actual[0] and matches(shown[1:], actual[1:])


def extras() -> set[str]:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = pyproject.split("[project.optional-dependencies]\n", 1)[1].split("\n[", 1)[0]
    return set(re.findall(r"^([\w-]+) = \[", section, flags=re.M))


def ci_test_command() -> str:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    return re.search(r'^TEST_COMMAND="(.+)"$', ci, re.M).group(1)


PIP_INSTALL = re.compile(
    r"python -m pip install (?:-q )?(?:\.|'\.\[(\w+)\]'|'starterkit\[(\w+)\]')"
)


def test_commands_that_are_not_starterkit_are_the_ci_ones_or_install_an_extra_that_exists():
    for command, _ in console_transcripts():
        if command == ci_test_command():
            continue
        for part in command.split(" && "):
            if part.startswith("starterkit "):
                continue
            match = PIP_INSTALL.fullmatch(part)
            assert match, f"README runs {part!r}, which is neither starterkit, pip nor CI's"
            extra = match.group(1) or match.group(2)
            assert extra is None or extra in extras(), part
    for extra in re.findall(r"starterkit\[(\w+)\]", README):
        assert extra in extras(), extra


def make_the_spec_mistakes(folder: Path) -> None:
    """The three mistakes the README's refused spec shows: `colors` misspelt, the
    `flexible` cadence deleted and the cycle start written in words."""
    spec = folder / "acme" / "kit.yaml"
    text = spec.read_text(encoding="utf-8")
    for old, new in (
        ("\n  colors:\n", "\n  colour:\n"),
        ("\n    - {key: flexible, label: Flexible}\n", "\n"),
        ("\nprefill:\n", "\nprefill:\n  charter: {cycle_start: next monday}\n"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    spec.write_text(text, encoding="utf-8")


#: What to do before a command whose shown output starts with this line.
PREPARE = {"3 problems in acme/kit.yaml:": make_the_spec_mistakes}


def run_starterkit(command: str) -> list[str]:
    env = {"COLUMNS": str(TRANSCRIPT_COLUMNS), "LINES": None, "FORCE_COLOR": None}
    env |= {"NO_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None}
    env |= {"SOURCE_DATE_EPOCH": None, "STARTERKIT_PASSWORD": None}
    args = shlex.split(command)[1:]
    result = CliRunner(env=env).invoke(main, args, prog_name="starterkit")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    output = result.output
    if args == ["demo"]:
        output = output.replace(dt.date.today().isoformat(), DEMO_DAY)
    return [line.rstrip() for line in _without_trailing_blanks(output.splitlines())]


def test_every_console_transcript_is_what_the_command_prints(tmp_path, monkeypatch):
    """Every `$ starterkit …` in the README runs, in order, in one folder, on a plain install
    (no pyarrow), and prints exactly the lines shown (`…` elides lines; trailing spaces and
    today's date in the demo aside)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    stale = []
    ran = 0
    for command, shown in console_transcripts():
        for part in command.split(" && "):
            if not part.startswith("starterkit "):
                continue
            if shown and shown[0] in PREPARE:
                PREPARE[shown[0]](tmp_path)
            actual = run_starterkit(part)
            ran += 1
            if not matches(shown, actual):
                stale.append(f"$ {part}\n" + "\n".join(actual))
    assert ran >= 9
    assert not stale, "README transcripts differ; these commands print:\n\n" + "\n\n".join(stale)


def test_the_transcript_matcher_elides_only_whole_lines():
    assert matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "…", "d"], ["a", "d"])
    assert matches(["…"], [])
    assert not matches(["a", "…", "d"], ["a", "b", "c"])
    assert not matches(["a … d"], ["a b c d"])
    assert not matches(["a"], ["a", "b"])


def test_the_python_examples_run_in_order(tmp_path, monkeypatch, capsys):
    """Each ```python block of the README runs as a pip user would paste it, in order and
    in one session: earlier ones make the files and names later ones use."""
    monkeypatch.chdir(tmp_path)
    snippets = python_snippets()
    assert len(snippets) >= 3
    namespace: dict[str, object] = {"__name__": "__readme__"}
    for number, snippet in enumerate(snippets, start=1):
        code = compile(snippet, f"README.md python example {number}", "exec")
        exec(code, namespace)
    assert (tmp_path / "field-repair.xlsx").is_file()
    assert "frames" in namespace
