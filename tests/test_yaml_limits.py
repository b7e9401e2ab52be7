"""A small hostile spec or data file cannot exhaust memory or the stack: aliases that
expand without end, thousands of nested brackets and huge files are refused at their line,
by ``check``, by ``load_spec`` and for ``build --data`` (YAML and JSON alike)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from starterkit.cli import main
from starterkit.errors import SpecError
from starterkit.spec import default_spec_text, load_spec
from starterkit.spec.source import MAX_ALIASES, MAX_DEPTH, parse_yaml

#: Nine levels of nine aliases each: 9**9 (387 million) values once expanded.
LAUGHS = "lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]\n" for i in range(1, 10)
)
DEEP_FLOW = "prefill:\n  charter: " + "[" * 990 + "]" * 990 + "\n"
DEEP_BLOCK = "".join("  " * i + f"k{i}:\n" for i in range(990)) + "  " * 990 + "v\n"


def refused(text: str, name: str = "kit.yaml") -> str:
    started = time.perf_counter()
    with pytest.raises(SpecError) as caught:
        parse_yaml(text, name)
    assert time.perf_counter() - started < 2
    [problem] = caught.value.problems
    return str(problem)


def test_alias_expansion_is_refused_at_the_alias():
    message = refused(LAUGHS)
    # lol0 has 10 values, lol1 adds 90 …: the budget runs out at the fourth level.
    assert message.startswith("kit.yaml:5:")
    assert "aliases (*lol3) repeat more than 10,000 values in all" in message
    assert message.endswith("— write the values out instead of repeating anchors with aliases")


def test_many_aliases_are_refused():
    text = "a: &a x\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]\n"
    assert f"repeat more than {MAX_ALIASES} times" in refused(text)


def test_a_few_aliases_are_fine():
    text = "a: &a {x: 1, y: [1, 2]}\nb: *a\nc: [*a, *a]\n"
    assert parse_yaml(text, "kit.yaml").data["c"][1] == {"x": 1, "y": [1, 2]}


@pytest.mark.parametrize(
    ("text", "where"),
    [(DEEP_FLOW, "kit.yaml:2:"), (DEEP_BLOCK, f"kit.yaml:{MAX_DEPTH + 1}:")],
    ids=["flow", "block"],
)
def test_deep_nesting_is_refused_at_its_line(text, where):
    message = refused(text)
    assert message.startswith(where)
    assert f"nest more than {MAX_DEPTH} levels deep here" in message


def test_a_huge_file_is_refused():
    line = "# a comment line that is long enough to count\n"
    message = refused(line * 250_000)
    assert "the file is longer than 10 million characters" in message
    assert message.startswith(f"kit.yaml:{10_000_000 // len(line) + 1}:1:")


def test_the_default_spec_is_within_every_limit():
    assert parse_yaml(default_spec_text(), "kit.yaml").data["name"]


def test_load_spec_refuses_laughs(tmp_path: Path):
    path = tmp_path / "kit.yaml"
    path.write_text(LAUGHS, encoding="utf-8")
    with pytest.raises(SpecError, match="aliases"):
        load_spec(path)


@pytest.mark.parametrize("text", [LAUGHS, DEEP_FLOW, DEEP_BLOCK], ids=["laughs", "flow", "block"])
def test_check_reports_the_limit_without_a_traceback(tmp_path: Path, text: str):
    path = tmp_path / "kit.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{path}:" in result.output


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("data.yaml", LAUGHS),
        ("data.yaml", DEEP_BLOCK),
        ("data.json", json.dumps({"charter": {}}).replace("{}", "[" * 990 + "]" * 990)),
    ],
    ids=["yaml laughs", "yaml deep", "json deep"],
)
def test_build_data_reports_the_limit(tmp_path: Path, name: str, text: str):
    data = tmp_path / name
    data.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", "--data", str(data), "-o", str(tmp_path / "k.xlsx")]
    )
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{data}:" in result.output
    assert not (tmp_path / "k.xlsx").exists()
