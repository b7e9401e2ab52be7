"""The README tells the truth about the commands and the test set-up."""

from __future__ import annotations

import re

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
    assert "$ python -m pip install . && starterkit demo\n" in README


def test_every_flag_and_data_finding_is_documented_with_its_severity():
    from starterkit.analysis.catalog import FLAGS

    findings = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    for flag in FLAGS:
        assert f"| `{flag.id}` | {flag.severity.value} |" in findings, flag.id
    reader = "".join(p.read_text() for p in (ROOT / "src/starterkit/reader").glob("*.py"))
    data_ids = set(re.findall(r'(?:note\(|Unusable\()\s*"([a-z-]+)"', reader))
    assert len(data_ids) >= 10
    for data_id in data_ids:
        assert f"| `{data_id}` |" in findings, data_id


def test_every_table_column_is_listed_in_the_readme():
    from starterkit.reporters.tables import TABLES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for table in TABLES.values():
        [row] = [line for line in readme.splitlines() if line.startswith(f"| `{table.name}` |")]
        listed = row.split("|")[3]
        assert listed.strip() == ", ".join(f"`{c.name}`" for c in table.columns), table.name
