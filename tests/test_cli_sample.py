"""`starterkit sample`: a scenario's filled kit, as a steward returns it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from starterkit import scenarios
from starterkit.cli import main

from dates import SAMPLES_DAY

AS_OF = SAMPLES_DAY


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="starterkit")


def flags_found(path: Path) -> tuple[list[str], list[str]]:
    """Flag ids of each network (sorted, each once) and of the portfolio."""
    result = run("analyze", path, "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    networks = [sorted({f["id"] for f in n["flags"]}) for n in report["networks"]]
    return networks, [f["id"] for f in report["portfolio"]["flags"]]


def test_list_names_every_scenario_with_its_flags():
    result = run("sample", "--list")
    assert result.exit_code == 0
    for scenario in scenarios.SCENARIOS.values():
        line = next(x for x in result.stdout.splitlines() if x.startswith(scenario.name + " "))
        assert scenario.title in line
        assert all(flag in line for flag in scenario.expected_flags(scenario.sample_week))
    assert scenarios.PORTFOLIO in result.stdout


def test_a_scenario_at_a_week_raises_exactly_its_flags(tmp_path):
    target = tmp_path / "theater.xlsx"
    result = run(
        "sample", "--scenario", "presentation-theater", "--week", "5", "--as-of", AS_OF,
        "-o", target,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    expected = scenarios.SCENARIOS["presentation-theater"].expected_flags(5)
    assert f"--as-of {AS_OF.isoformat()}" in result.stdout
    assert ", ".join(expected) in result.stdout
    assert flags_found(target) == ([list(expected)], [])


def test_the_default_file_name_and_week(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("sample", "--scenario", "sponsor-vanished", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    week = scenarios.SCENARIOS["sponsor-vanished"].sample_week
    assert (tmp_path / f"sponsor-vanished-week{week}.xlsx").is_file()


def test_the_portfolio_goes_into_a_folder(tmp_path):
    folder = tmp_path / "launch"
    result = run("sample", "--scenario", scenarios.PORTFOLIO, "--as-of", AS_OF, "-o", folder)
    assert result.exit_code == 0, result.output
    networks = scenarios.portfolio_networks()
    assert sorted(p.stem for p in folder.iterdir()) == sorted(n.stem for n in networks)
    found, portfolio_flags = flags_found(folder)
    assert portfolio_flags == list(scenarios.portfolio_expected_flags())
    assert sorted(found) == sorted(list(n.expected_flags()) for n in networks)


def test_usage_errors(tmp_path):
    unknown = run("sample", "--scenario", "chaos")
    assert unknown.exit_code == 2
    assert "--scenario must be one of healthy, presentation-theater" in unknown.stderr
    assert "give --scenario NAME" in run("sample").stderr
    week = run("sample", "--scenario", scenarios.PORTFOLIO, "--week", "3", "-o", tmp_path)
    assert week.exit_code == 2
    assert "drop --week" in week.stderr
