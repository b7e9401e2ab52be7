"""The code base passes its own linters (ruff settings live in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.parametrize("args", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff(args):
    ruff = shutil.which("ruff") or pytest.fail(
        "ruff is a test dependency: pip install -e '.[test]'"
    )
    result = subprocess.run(
        [ruff, *args, "src", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_imports_without_test_dependencies():
    """`starterkit build` must not pull openpyxl or pandas onto its start-up path."""
    code = "import sys, starterkit.cli, starterkit.builder; print(sorted(m for m in ('openpyxl', 'pandas', 'rich') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
