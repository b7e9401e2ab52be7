"""The tidy CSV and Parquet tables: their published columns, their rows, and that both
formats read back through pandas as the same values, with CSV text safe for spreadsheets.

Most tests use a real portfolio: kits built with prefill data, read back and analyzed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
import re
import subprocess
import sys
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from starterkit.analysis import analyze, combine
from starterkit.analysis.metrics import SIGNALS
from starterkit.findings import Location, Severity
from starterkit.kit.contract import HEALTH_CHECKS
from starterkit.reader import read_workbook
from starterkit.report import FileError, Portfolio
from starterkit.reporters import tables
from starterkit.reporters.cell_safety import FORMULA_TRIGGERS, neutralised
from starterkit.reporters.tables import (
    COLUMN_TYPES,
    TABLES,
    MissingDependency,
    render_csv,
    render_parquet,
    tidy_rows,
)
from starterkit.spec import Raw

from conftest import ROOT
from networks import (
    AS_OF,
    analyzed,
    healthy_network,
    kit_bytes,
    with_charter,
    with_session,
    with_week,
)
from reports import network, portfolio_of
from returned import values_only_export

PUBLISHED = ("networks", "weekly_metrics", "flags", "data_findings", "cases", "sessions", "returns")
KEY = ("kit_id", "network", "source")
PANDAS_DTYPES = {"text": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}
ARROW_TYPES = {
    "text": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "date": pa.date32(),
    "boolean": pa.bool_(),
}
BOM = "\ufeff".encode()

#: Text that would run as a formula in a spreadsheet, one per trigger character.
HOSTILE = {
    "network": '=HYPERLINK("http://evil","x")',
    "organization": "+1+1",
    "problem": "-2+3",
    "facilitator": "@SUM(A1)",
    "attendees": "=1+1",
}


def problem_network() -> dict[str, Any]:
    """A network in week 8 with a high and a medium flag, a data finding and a case whose
    team has a comma and whose problem runs over two lines."""
    data = with_charter(healthy_network(8), cadence="flexible")
    data = with_session(data, 2, pattern=None)
    data = with_session(data, 3, attendees=Raw("twelve"))
    data["cases"][1]["problem"] = 'Meters read "0", twice\nafter a reset'
    data["cases"][2]["team"] = "Depot East, night shift"
    return data


def without_metadata() -> Any:
    """A blank kit exported as values only: no kit id, no charter, findings without a cell."""
    content = values_only_export(kit_bytes({}))
    return analyze(read_workbook(content, "exports/blank copy.xlsx"), AS_OF)


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    """Two first-cycle networks of one organisation (a portfolio flag), one with problems,
    a sparse network without its metadata sheet, and a file that failed."""
    return combine(
        [
            analyzed(problem_network(), source="kits/depot-repair.xlsx"),
            analyzed(healthy_network(5), source="kits/field-repair.xlsx"),
            without_metadata(),
        ],
        [FileError("kits/broken.xlsx", "The file is not an Excel workbook.", "Save it as .xlsx.")],
        AS_OF,
    )


@pytest.fixture(scope="module")
def empty() -> Portfolio:
    return combine([], [], AS_OF)


@pytest.fixture(scope="module", params=["portfolio", "empty"])
def any_portfolio(request) -> Portfolio:
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="module")
def hostile() -> Portfolio:
    """A real network whose typed text starts with formula triggers, with a negative metric."""
    data = with_charter(
        healthy_network(8), network_name=HOSTILE["network"], organization=HOSTILE["organization"]
    )
    data["cases"][0]["problem"] = HOSTILE["problem"]
    data = with_session(data, 1, facilitator=HOSTILE["facilitator"])
    data = with_session(data, 3, attendees=Raw(HOSTILE["attendees"]))
    data = with_week(data, 2, metric_value=-4.5)
    return combine([analyzed(data, source="kits/hostile.xlsx")], [], AS_OF)


# --- Reading the files back ---------------------------------------------------------------


def read_csv(content: bytes, name: str) -> pd.DataFrame:
    """A CSV table read as docs/tables.md tells BI users to read it."""
    columns = TABLES[name].columns
    return pd.read_csv(
        io.BytesIO(content),
        encoding="utf-8-sig",
        dtype={c.name: PANDAS_DTYPES[c.type] for c in columns if c.type != "date"},
        parse_dates=[c.name for c in columns if c.type == "date"],
        keep_default_na=False,
        na_values=[""],
    )


def plain(value: Any) -> Any:
    """A pandas cell as a plain Python value: missing values as None, timestamps as dates."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        assert value == value.normalize(), value
        return value.date()
    return value.item() if hasattr(value, "item") else value


def frame_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{name: plain(frame[name].iloc[i]) for name in frame.columns} for i in range(len(frame))]


def as_in_csv(name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows as CSV holds them: text that would run as a formula gets its apostrophe."""
    text = {c.name for c in TABLES[name].columns if c.type == "text"}
    return [
        {k: neutralised(v) if k in text and v is not None else v for k, v in row.items()}
        for row in rows
    ]


def csv_lines(content: bytes) -> list[str]:
    assert content.startswith(BOM)
    return content[len(BOM) :].decode("utf-8").split("\r\n")


# --- The published columns ----------------------------------------------------------------


def test_tables_come_in_the_published_order_and_failed_files_last():
    assert tuple(TABLES)[:7] == PUBLISHED
    assert tuple(TABLES) == (*PUBLISHED, "errors")
    assert all(name == table.name for name, table in TABLES.items())


def test_every_column_is_snake_case_typed_and_explained_in_one_line():
    for table in TABLES.values():
        names = table.column_names
        assert len(set(names)) == len(names), table.name
        for column in table.columns:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", column.name), column.name
            assert column.type in COLUMN_TYPES, column.name
            assert column.meaning and "\n" not in column.meaning and "|" not in column.meaning


def test_network_tables_start_with_the_key_and_networks_carry_the_date():
    for name in PUBLISHED:
        assert TABLES[name].column_names[:3] == KEY, name
    assert TABLES["networks"].column_names[3] == "as_of"
    assert TABLES["errors"].column_names == ("source", "message", "fix")


def test_health_and_signal_columns_follow_the_analysis():
    names = TABLES["networks"].column_names
    assert tuple(tables.HEALTH_CHECK_TITLES) == HEALTH_CHECKS
    assert [n for n in names if n.startswith("health_")] == [f"health_{k}" for k in HEALTH_CHECKS]
    assert tuple(tables.SIGNAL_NAMES) == tuple(key for key, _ in SIGNALS)
    for key, _ in SIGNALS:
        assert {f"{key}_latest", f"{key}_latest_week", f"{key}_trend"} <= set(names)


def test_the_weekly_table_has_every_weekly_signal():
    from starterkit.report import WeeklySignals

    fields = tuple(f.name for f in dataclasses.fields(WeeklySignals))
    assert TABLES["weekly_metrics"].column_names[3:] == fields


def test_docs_list_every_column_with_its_type_and_meaning_in_order():
    docs = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", docs, flags=re.M)
    for table in TABLES.values():
        [section] = [s for s in sections if s.startswith(f"`{table.name}`\n")]
        assert f"One row is {table.row}.\nKey: {table.key}.\n" in section, table.name
        documented = re.findall(r"^\| `([a-z0-9_]+)` \| (\w+) \| (.+) \|$", section, flags=re.M)
        assert documented == [(c.name, c.type, c.meaning) for c in table.columns], table.name


# --- Rows ---------------------------------------------------------------------------------


def test_rows_have_exactly_the_documented_columns(any_portfolio):
    rows = tidy_rows(any_portfolio)
    assert tuple(rows) == tuple(TABLES)
    for name, table in TABLES.items():
        for row in rows[name]:
            assert tuple(row) == table.column_names, name


def test_values_are_plain_python_of_the_column_type(portfolio):
    python_types = {"text": str, "integer": int, "number": float, "date": dt.date, "boolean": bool}
    seen = set()
    for name, rows in tidy_rows(portfolio).items():
        for column in TABLES[name].columns:
            for row in rows:
                value = row[column.name]
                if value is not None:
                    assert type(value) is python_types[column.type], (name, column.name, value)
                    seen.add(column.type)
    assert seen == set(COLUMN_TYPES)


def test_row_counts_are_the_things_counted(portfolio):
    rows = tidy_rows(portfolio)
    networks = portfolio.networks
    assert len(networks) == 3 and len(portfolio.flags) == 1
    assert len(rows["networks"]) == 3
    assert len(rows["weekly_metrics"]) == 3 * 12
    assert len(rows["flags"]) == len(portfolio.flags) + sum(len(n.flags) for n in networks)
    assert len(rows["data_findings"]) == sum(len(n.data_findings) for n in networks) >= 1
    assert len(rows["cases"]) == sum(len(n.cases.items) for n in networks) >= 1
    assert len(rows["sessions"]) == sum(len(n.sessions.items) for n in networks) >= 1
    assert rows["errors"] == [
        {
            "source": "kits/broken.xlsx",
            "message": "The file is not an Excel workbook.",
            "fix": "Save it as .xlsx.",
        }
    ]


def test_an_empty_portfolio_has_no_rows(empty):
    assert all(rows == [] for rows in tidy_rows(empty).values())


def test_key_columns_name_the_network_of_each_row(portfolio):
    rows = tidy_rows(portfolio)
    keys = {n.source: (n.kit_id, n.network, n.source) for n in portfolio.networks}
    assert [tuple(r[k] for k in KEY) for r in rows["networks"]] == list(keys.values())
    for name in ("weekly_metrics", "data_findings", "cases", "sessions"):
        for row in rows[name]:
            assert tuple(row[k] for k in KEY) == keys[row["source"]], name
    for report in portfolio.networks:
        weeks = [r["week"] for r in rows["weekly_metrics"] if r["source"] == report.source]
        assert weeks == list(range(1, 13))
        sessions = [r for r in rows["sessions"] if r["source"] == report.source]
        assert [(r["sheet"], r["cell"]) for r in sessions] == [
            (s.location.sheet, s.location.cell) for s in report.sessions.items
        ]
    sparse = rows["networks"][2]
    assert (sparse["kit_id"], sparse["network"], sparse["source"]) == (
        None,
        None,
        "exports/blank copy.xlsx",
    )
    assert sparse["spec_source"] == "default"


def test_networks_rank_by_risk_and_count_their_flags(portfolio):
    rows = tidy_rows(portfolio)["networks"]
    for place, index in enumerate(portfolio.ranking, start=1):
        assert rows[index]["risk_rank"] == place
    for row, report in zip(rows, portfolio.networks, strict=True):
        assert row["verdict"] == report.verdict
        assert row["risk_score"] == report.risk_score
        counts = (row["flags_high"], row["flags_medium"], row["flags_low"])
        assert counts == tuple(
            report.count(s) for s in (Severity.HIGH, Severity.MEDIUM, Severity.LOW)
        )
        assert row["data_findings"] == len(report.data_findings)
        assert row["as_of"] == AS_OF
        assert row["cases_submitted"] == report.cases.submitted
        assert row["sessions_held"] == report.sessions.held
    problems = rows[0]
    # One high flag (cadence not fixed): watch by the verdict rule.
    assert (problems["verdict"], problems["health_cadence_set"]) == ("watch", "red_flag")
    assert problems["cycle_week"] == 8 and problems["cycle_phase"] == "sessions"
    assert problems["metric_name"] == "First-time fix rate"
    assert problems["patterns_used_in_field_trend"] == "up"


def test_portfolio_flags_have_no_network_and_evidence_is_joined(portfolio):
    rows = tidy_rows(portfolio)["flags"]
    [launch] = [r for r in rows if r["scope"] == "portfolio"]
    assert launch["flag_id"] == "parallel-launch"
    assert (launch["kit_id"], launch["network"], launch["source"]) == (None, None, None)
    evidence = portfolio.flags[0].evidence
    assert launch["evidence"] == "; ".join(location.ref for location in evidence)
    assert len(evidence) == 2 and launch["evidence"].count("; ") == 1
    assert (launch["evidence_sheet"], launch["evidence_cell"]) == (
        evidence[0].sheet,
        evidence[0].cell,
    )
    network_flags = [r for r in rows if r["scope"] == "network"]
    assert {r["flag_id"] for r in network_flags} >= {
        "charter-cadence-flexible",
        "session-no-pattern",
    }
    assert all(r["source"] for r in network_flags)
    assert rows[0] is launch


def test_data_findings_say_where_the_cell_is(portfolio):
    [finding] = [r for r in tidy_rows(portfolio)["data_findings"] if r["value"] == "twelve"]
    assert finding["finding_id"] == "not-a-number"
    assert (finding["sheet"], finding["table_name"], finding["table_row"]) == (
        "90-Day Planner",
        "Sessions",
        3,
    )
    assert finding["cell"] and finding["table_column"]


def test_sessions_join_their_case_ids_and_cases_carry_their_fields(portfolio):
    rows = tidy_rows(portfolio)
    first = rows["sessions"][0]
    assert (first["session_no"], first["case_ids"], first["held"]) == (1, "C-001", True)
    assert first["session_date"] == portfolio.networks[0].sessions.items[0].date
    planned = [r for r in rows["sessions"] if not r["held"]]
    assert planned and all(r["case_ids"] is None for r in planned)
    case = rows["cases"][0]
    assert (case["case_id"], case["team"], case["linked_metric"]) == ("C-001", "Depot North", True)
    assert case["days_to_solve"] == 14 and case["sheet"] == "Case Intake"


def test_a_value_of_the_wrong_type_is_refused():
    with pytest.raises(TypeError, match=r"networks\.organization is a text column"):
        tidy_rows(portfolio_of(network(organization=12)))
    with pytest.raises(TypeError, match=r"networks\.as_of is a date column"):
        tidy_rows(portfolio_of(network(as_of=dt.datetime(2026, 3, 4, 9))))


# --- CSV ----------------------------------------------------------------------------------


def test_csv_files_have_the_documented_header(any_portfolio):
    files = render_csv(any_portfolio)
    assert list(files) == [f"{name}.csv" for name in TABLES]
    for name, table in TABLES.items():
        lines = csv_lines(files[f"{name}.csv"])
        assert lines[0] == ",".join(table.column_names)
        assert lines[-1] == ""  # every line, the last one too, ends in CRLF


def test_an_empty_portfolio_writes_headers_only(empty):
    for name, content in render_csv(empty).items():
        table = TABLES[name.removesuffix(".csv")]
        assert content == BOM + ",".join(table.column_names).encode() + b"\r\n"


def test_csv_reads_back_through_pandas_as_the_same_values(portfolio):
    files = render_csv(portfolio)
    rows = tidy_rows(portfolio)
    for name in TABLES:
        frame = read_csv(files[f"{name}.csv"], name)
        assert tuple(frame.columns) == TABLES[name].column_names
        assert frame_rows(frame) == as_in_csv(name, rows[name]), name


def test_csv_cells_are_written_as_documented(portfolio):
    files = render_csv(portfolio)
    sessions = csv_lines(files["sessions.csv"])
    first = dict(zip(TABLES["sessions"].column_names, sessions[1].split(","), strict=True))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", first["session_date"])
    assert (first["held"], first["slides_used"], first["attendees"]) == ("true", "false", "11.0")
    networks = files["networks.csv"].decode("utf-8-sig")
    # A whole number in a number column reads as a number; no thousands separators anywhere.
    assert ",71.0,80.0," in networks
    assert not re.search(r"\d,\d{3}\.", networks)
    cases = files["cases.csv"].decode("utf-8-sig")
    assert '"Depot East, night shift"' in cases
    assert '"Meters read ""0"", twice\nafter a reset"' in cases


def test_large_small_and_negative_numbers_are_written_plainly_and_read_back_exactly():
    report = network()
    metric = dataclasses.replace(
        report.business_metric, baseline=1234567.5, target=-0.000012, latest=-2
    )
    portfolio = portfolio_of(dataclasses.replace(report, business_metric=metric))
    content = render_csv(portfolio)["networks.csv"]
    line = csv_lines(content)[1]
    assert ",1234567.5,-1.2e-05,-2.0," in line
    row = read_csv(content, "networks").iloc[0]
    assert (row["metric_baseline"], row["metric_target"], row["metric_latest"]) == (
        1234567.5,
        -0.000012,
        -2.0,
    )


def test_the_empty_kit_leaves_cells_empty(portfolio):
    sparse = read_csv(render_csv(portfolio)["networks.csv"], "networks").iloc[2]
    assert sparse["kit_id"] is pd.NA and sparse["cycle_start"] is pd.NaT
    assert sparse["cycle_phase"] == "unknown"


# --- Parquet ------------------------------------------------------------------------------


def test_parquet_files_have_the_documented_schema(any_portfolio):
    files = render_parquet(any_portfolio)
    assert list(files) == [f"{name}.parquet" for name in TABLES]
    for name, table in TABLES.items():
        schema = pq.read_schema(io.BytesIO(files[f"{name}.parquet"]))
        assert schema.names == list(table.column_names)
        for column in table.columns:
            field = schema.field(column.name)
            assert field.type == ARROW_TYPES[column.type], (name, column.name)
            assert field.nullable
            assert field.metadata == {b"description": column.meaning.encode()}


def test_parquet_reads_back_through_pandas_as_the_same_values(portfolio):
    files = render_parquet(portfolio)
    rows = tidy_rows(portfolio)
    for name, table in TABLES.items():
        frame = pd.read_parquet(io.BytesIO(files[f"{name}.parquet"]), dtype_backend="pyarrow")
        assert tuple(frame.columns) == table.column_names
        for column in table.columns:
            assert frame[column.name].dtype.pyarrow_dtype == ARROW_TYPES[column.type]
        assert frame_rows(frame) == rows[name], name
        assert len(frame) == len(rows[name])


def test_parquet_is_compressed():
    metadata = pq.ParquetFile(io.BytesIO(render_parquet(portfolio_of(network()))["flags.parquet"]))
    assert metadata.metadata.row_group(0).column(0).compression == "SNAPPY"


def test_without_pyarrow_parquet_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingDependency, match=re.escape("pip install 'starterkit[parquet]'")):
        render_parquet(portfolio_of(network()))
    assert render_csv(portfolio_of(network()))  # CSV needs nothing optional


def test_missing_dependency_is_a_user_error():
    from starterkit.errors import StarterkitError

    assert issubclass(MissingDependency, StarterkitError)
    assert issubclass(MissingDependency, RuntimeError)


def test_importing_the_module_imports_neither_pyarrow_nor_pandas():
    code = (
        "import sys, starterkit.reporters.tables; "
        "print(sorted(m for m in ('pyarrow', 'pandas', 'numpy') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --- Formula injection --------------------------------------------------------------------


def test_csv_text_that_would_run_as_a_formula_gets_an_apostrophe(hostile):
    files = render_csv(hostile)
    cells = {
        name: read_csv(files[f"{name}.csv"], name) for name in ("networks", "cases", "sessions")
    }
    cells["data_findings"] = read_csv(files["data_findings.csv"], "data_findings")
    assert set(cells["networks"]["network"]) == {"'" + HOSTILE["network"]}
    assert set(cells["networks"]["organization"]) == {"'" + HOSTILE["organization"]}
    assert "'" + HOSTILE["problem"] in set(cells["cases"]["problem"])
    assert "'" + HOSTILE["facilitator"] in set(cells["sessions"]["facilitator"])
    assert "'" + HOSTILE["attendees"] in set(cells["data_findings"]["value"])
    # Every key column of every table carries the neutralised network name.
    for name in ("weekly_metrics", "cases", "sessions", "data_findings"):
        frame = read_csv(files[f"{name}.csv"], name)
        assert set(frame["network"]) == {"'" + HOSTILE["network"]}, name
    # Plain text and numbers are left alone: a negative number is a number, not text.
    assert "Depot North" in set(cells["cases"]["team"])
    weeks = read_csv(files["weekly_metrics.csv"], "weekly_metrics")
    assert weeks["metric_value"].iloc[1] == -4.5
    assert ",-4.5\r\n" in files["weekly_metrics.csv"].decode("utf-8-sig")  # the last column


def test_no_csv_text_cell_starts_a_formula(hostile):
    for name, content in render_csv(hostile).items():
        table = TABLES[name.removesuffix(".csv")]
        frame = read_csv(content, table.name)
        for column in table.columns:
            if column.type == "text":
                values = frame[column.name].dropna()
                assert not any(v.startswith(FORMULA_TRIGGERS) for v in values), column.name


def test_parquet_keeps_the_text_as_typed(hostile):
    files = render_parquet(hostile)
    networks = pq.read_table(io.BytesIO(files["networks.parquet"])).to_pylist()
    assert networks[0]["network"] == HOSTILE["network"]
    assert networks[0]["organization"] == HOSTILE["organization"]
    cases = pq.read_table(io.BytesIO(files["cases.parquet"])).column("problem").to_pylist()
    assert HOSTILE["problem"] in cases
    sessions = pq.read_table(io.BytesIO(files["sessions.parquet"]))
    assert HOSTILE["facilitator"] in sessions.column("facilitator").to_pylist()
    findings = pq.read_table(io.BytesIO(files["data_findings.parquet"])).column("value")
    assert HOSTILE["attendees"] in findings.to_pylist()


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_every_trigger_is_neutralised_in_every_table(trigger):
    """Report text as any tool could have left it, tabs and carriage returns included."""
    text = trigger + "cmd|' /C calc'!A0"
    report = network(
        network=text,
        organization=text,
        flags=(
            dataclasses.replace(network().flags[0], message=text, evidence=(Location(text, "A1"),)),
        ),
    )
    files = render_csv(portfolio_of(report))
    for name in ("networks", "weekly_metrics", "flags", "data_findings"):
        frame = read_csv(files[f"{name}.csv"], name)
        assert set(frame["network"]) == {"'" + text}, name
    flags = read_csv(files["flags.csv"], "flags").iloc[0]
    assert flags["message"] == "'" + text and flags["evidence_sheet"] == "'" + text
    assert tidy_rows(portfolio_of(report))["networks"][0]["network"] == text


# --- Determinism --------------------------------------------------------------------------


def test_the_same_portfolio_gives_the_same_bytes(portfolio):
    assert render_csv(portfolio) == render_csv(portfolio)
    assert render_parquet(portfolio) == render_parquet(portfolio)
    copy = dataclasses.replace(portfolio, networks=tuple(portfolio.networks))
    assert render_parquet(copy) == render_parquet(portfolio)
