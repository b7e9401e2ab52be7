"""The report's tidy tables as pandas DataFrames, for data partners working in notebooks.

``frames(portfolio)`` gives one DataFrame per table of ``docs/tables.md`` — the same
tables, columns and column order as the CSV and Parquet files, built from the same
``TABLES`` definitions and rows — typed with pandas' nullable dtypes (``PANDAS_DTYPES``),
so an empty cell is ``pd.NA`` (``NaT`` for a date) and never turns an integer column into
floats. Text is kept exactly as typed, as in Parquet.

pandas is an optional dependency (``pip install 'starterkit[pandas]'``), imported only
inside ``frames``: building kits and analyzing them never imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starterkit.reporters.tables import (
    TABLES,
    Column,
    MissingDependency,
    Row,
    Table,
    tidy_rows,
)

if TYPE_CHECKING:
    import pandas

    from starterkit.report import Portfolio

__all__ = ["PANDAS_DTYPES", "PANDAS_EXTRA", "TABLES", "Column", "Table", "frames", "tidy_rows"]

PANDAS_EXTRA = "pandas"

#: The pandas dtype of each column type: nullable throughout, dates as day-precision
#: timestamps (``datetime64[ns]`` at midnight), so ``.dt`` and date arithmetic work.
PANDAS_DTYPES = {
    "text": "string",
    "integer": "Int64",
    "number": "Float64",
    "date": "datetime64[ns]",
    "boolean": "boolean",
}


def frames(portfolio: Portfolio) -> dict[str, pandas.DataFrame]:
    """One DataFrame per tidy table (``networks``, ``weekly_metrics``, ``flags``,
    ``data_findings``, ``cases``, ``sessions``, ``errors``), in the order the files are
    written; a table with no rows is an empty DataFrame with its typed columns."""
    pd = _import_pandas()
    rows = tidy_rows(portfolio)
    return {name: _frame(pd, table, rows[name]) for name, table in TABLES.items()}


def _frame(pd, table: Table, rows: list[Row]) -> pandas.DataFrame:
    return pd.DataFrame(
        {
            column.name: pd.Series(
                [row[column.name] for row in rows],
                dtype=PANDAS_DTYPES[column.type],
                name=column.name,
            )
            for column in table.columns
        },
        columns=list(table.column_names),
    )


def _import_pandas():
    try:
        import pandas
    except ImportError as error:
        raise MissingDependency(
            f"DataFrames need pandas, which is not installed: "
            f"pip install 'starterkit[{PANDAS_EXTRA}]'"
        ) from error
    return pandas
