"""starterkit.tables.frames: the tidy tables as pandas DataFrames, the same tables, columns,
order and values as the Parquet files, typed with pandas' nullable dtypes; and pandas is
never imported to build or analyze kits."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import subprocess
import sys
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from starterkit.analysis import combine
from starterkit.files.analyze_many import analyze_files, collect_workbooks
from starterkit.report import FileError
from starterkit.reporters.tables import (
    COLUMN_TYPES,
    MissingDependency,
    render_csv,
    render_parquet,
)
from starterkit.tables import PANDAS_DTYPES, TABLES, frames

from conftest import ROOT

SAMPLES = ROOT / "samples"
#: The dtype pandas reports for each documented column type.
DTYPE_NAMES = {
    "text": "string",
    "integer": "Int64",
    "number": "Float64",
    "date": "datetime64[ns]",
    "boolean": "boolean",
}


def samples_as_of() -> dt.date:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    return dt.date.fromisoformat(re.search(r"as of \*\*(\d{4}-\d\d-\d\d)\*\*", readme).group(1))


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    """The committed samples as samples/README.md analyzes them, their stripped exports (no
    _kit sheet: data findings) and a file that failed."""
    broken = tmp_path_factory.mktemp("broken") / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    files, missing = collect_workbooks(
        [
            *sorted(str(path) for path in SAMPLES.glob("*.xlsx")),
            str(SAMPLES / "parallel-launch"),
            str(SAMPLES / "returned" / "stripped"),
            str(broken),
        ]
    )
    return analyze_files(files, samples_as_of(), errors=missing)


@pytest.fixture(scope="module")
def tables(portfolio):
    return frames(portfolio)


def plain(value: Any) -> Any:
    """A DataFrame cell as the plain Python value pyarrow gives for the Parquet cell."""
    if value is pd.NA or value is pd.NaT or value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        assert value == value.normalize(), value
        return value.date()
    return value.item() if hasattr(value, "item") else value


def test_every_table_in_the_order_the_files_are_written(tables):
    assert list(tables) == list(TABLES)
    assert list(tables) == [
        "networks",
        "weekly_metrics",
        "flags",
        "data_findings",
        "cases",
        "sessions",
        "returns",
        "errors",
    ]


def test_the_samples_fill_every_table(tables):
    for name, frame in tables.items():
        # The stripped exports' data findings went with them into their networks' history.
        assert len(frame) > 0 or name == "data_findings", name
    # Each stripped export is its sample's network again (same organisation, name, start).
    assert len(tables["networks"]) == 12
    assert len(tables["returns"]) == 24
    assert (tables["returns"]["rule"] == "same_charter").sum() == 12
    assert len(tables["errors"]) == 1
    assert set(tables["flags"]["flag_id"]) >= {"parallel-launch", "sponsor-passive"}


def test_frames_are_the_parquet_tables(portfolio, tables):
    files = render_parquet(portfolio)
    for name, table in TABLES.items():
        parquet = pq.read_table(io.BytesIO(files[f"{name}.parquet"]))
        frame = tables[name]
        assert list(frame.columns) == parquet.column_names == list(table.column_names), name
        rows = [
            {column: plain(frame[column].iloc[i]) for column in frame.columns}
            for i in range(len(frame))
        ]
        assert rows == parquet.to_pylist(), name


def test_columns_have_the_documented_dtypes(tables):
    assert set(PANDAS_DTYPES) == set(COLUMN_TYPES) == set(DTYPE_NAMES)
    for name, table in TABLES.items():
        for column in table.columns:
            dtype = tables[name][column.name].dtype
            assert str(dtype) == DTYPE_NAMES[column.type], (name, column.name, dtype)
            if column.type == "text":
                assert isinstance(dtype, pd.StringDtype)
                assert dtype.na_value is pd.NA


def test_empty_cells_are_missing_values_and_integers_stay_integers(tables):
    networks = tables["networks"]
    assert networks["risk_rank"].notna().all()
    assert networks["risk_rank"].dtype == "Int64"
    sessions = tables["sessions"]
    planned = sessions[~sessions["held"]]
    assert len(planned) > 0
    assert planned["recap_on_time"].isna().all()  # not yet due: empty, not False
    flags = tables["flags"]
    portfolio_flags = flags[flags["scope"] == "portfolio"]
    assert portfolio_flags["source"].isna().all()
    assert networks["as_of"].eq(pd.Timestamp(samples_as_of())).all()
    # dates work as dates
    assert (networks["cycle_end"] - networks["cycle_start"]).dt.days.eq(83).all()


def test_text_is_kept_as_typed():
    portfolio = combine([], [FileError("=cmd.xlsx", "+oops", "@fix")], dt.date(2027, 3, 1))
    errors = frames(portfolio)["errors"]
    assert errors.iloc[0].tolist() == ["=cmd.xlsx", "+oops", "@fix"]


def test_an_empty_portfolio_gives_empty_typed_frames():
    empty = frames(combine([], [], dt.date(2027, 3, 1)))
    assert list(empty) == list(TABLES)
    for name, table in TABLES.items():
        frame = empty[name]
        assert frame.empty, name
        assert list(frame.columns) == list(table.column_names), name
        assert [str(frame[c.name].dtype) for c in table.columns] == [
            DTYPE_NAMES[c.type] for c in table.columns
        ], name


def test_without_pandas_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependency, match=re.escape("pip install 'starterkit[pandas]'")):
        frames(combine([], [], dt.date(2027, 3, 1)))


def test_the_pandas_extra_installs_what_frames_needs():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'pandas = ["pandas>=2.1", "pyarrow>=14"]' in pyproject


BUILD_AND_ANALYZE = """
import datetime as dt, sys, tempfile
from pathlib import Path
from click.testing import CliRunner
from starterkit.analysis import analyze, combine
from starterkit.builder import build
from starterkit.cli import main
from starterkit.reader import read_workbook
from starterkit.reporters.formats import render
from starterkit.spec import default_spec
import starterkit.tables

kit = build(default_spec(), {"charter": {"cycle_start": dt.date(2027, 1, 11)}})
report = analyze(read_workbook(kit, "kit.xlsx"), dt.date(2027, 3, 1))
files = render(combine([report], as_of=dt.date(2027, 3, 1)), ["text", "json", "html", "xlsx", "csv"])
assert "networks.csv" in files
with tempfile.TemporaryDirectory() as folder:
    kit_path = str(Path(folder) / "kit.xlsx")
    for args in (["build", "-o", kit_path], ["analyze", kit_path, "--as-of", "2027-03-01"],
                 ["analyze", kit_path, "--format", "csv", "-o", str(Path(folder) / "out")]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, (args, result.output)
assert "pandas" not in sys.modules, "pandas was imported"
print("ok")
"""


def test_building_and_analyzing_never_import_pandas():
    result = subprocess.run(
        [sys.executable, "-c", BUILD_AND_ANALYZE], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_docs_give_the_dtype_of_every_column_type():
    docs = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    section = docs.split("### pandas", 1)[1].split("\n## ", 1)[0]
    documented = dict(re.findall(r"^\| `(\w+)` \| `([\w\[\]]+)`", section, flags=re.M))
    assert documented == PANDAS_DTYPES


def test_the_pandas_examples_in_the_docs_run(portfolio, tables, tmp_path, monkeypatch):
    """docs/tables.md's examples, in order, on the tables written to out/."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    for name, content in {**render_csv(portfolio), **render_parquet(portfolio)}.items():
        (tmp_path / "out" / name).write_bytes(content)
    docs = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    snippets = re.findall(r"^```python\n(.*?)^```$", docs, flags=re.M | re.S)
    assert len(snippets) == 3
    namespace: dict[str, Any] = {"portfolio": portfolio}
    exec(compile(snippets[0], "docs/tables.md CSV example", "exec"), namespace)
    from_csv = namespace["networks"]
    assert list(from_csv.columns) == list(tables["networks"].columns)
    assert [str(t) for t in from_csv.dtypes if not str(t).startswith("datetime64")] == [
        str(t) for t in tables["networks"].dtypes if not str(t).startswith("datetime64")
    ]
    for number, snippet in enumerate(snippets[1:], start=2):
        exec(compile(snippet, f"docs/tables.md example {number}", "exec"), namespace)
    assert list(namespace["tables"]) == list(TABLES)
