"""Builder speed, as ratios against baselines measured in the same run.

    python benchmarks/bench_build.py [--kits 200]

1. build() of the default kit against bare xlsxwriter writing the same cell values
   (goal ≤ 1.5×), and against bare xlsxwriter writing the same cells (blank input cells
   with a format, formulas with their cached values), which is the work any kit must do;
2. `starterkit build` wall time against `python -c "import xlsxwriter"` (goal ≤ 3×);
3. a batch of N kits with --each on all cores against one core (goal ≥ 1.7× on 2 cores).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import xlsxwriter

from starterkit.builder import build
from starterkit.spec import default_spec

from common import best_of, cell_values, plain_write, python, wall_time

BUILD_TIME = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)


def same_cells_write(content: bytes) -> bytes:
    """Every cell the kit writes, with one format per cell and formulas with cached values."""
    formulas = openpyxl.load_workbook(io.BytesIO(content))
    values = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    cells = []
    for ws in formulas.worksheets:
        cached = values[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                if cell.has_style or cell.value is not None:
                    value = getattr(cell.value, "text", cell.value)
                    cells.append(
                        (
                            ws.title,
                            cell.row - 1,
                            cell.column - 1,
                            value,
                            cached[cell.coordinate].value,
                        )
                    )
    output = io.BytesIO()

    def write() -> bytes:
        output.seek(0)
        output.truncate()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        fmt = book.add_format({"bg_color": "#FFF8E1", "locked": False})
        sheets = {}
        for title, row, col, value, result in cells:
            ws = sheets.get(title) or sheets.setdefault(title, book.add_worksheet(title))
            if isinstance(value, str) and value.startswith("="):
                ws.write_formula(row, col, value, fmt, result if result is not None else "")
            elif value is None:
                ws.write_blank(row, col, None, fmt)
            elif hasattr(value, "year"):
                ws.write_datetime(row, col, value, fmt)
            else:
                ws.write(row, col, value, fmt)
        book.close()
        return output.getvalue()

    return write


def batch_csv(path: Path, kits: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["organization", "network_name", "cycle_start", "sponsor", "steward"])
        for n in range(kits):
            start = dt.date(2027, 1, 4) + dt.timedelta(weeks=n % 20)
            writer.writerow(
                [f"Org {n // 10}", f"Network {n}", start.isoformat(), "Sam Lee", "Kim Park"]
            )


def timed_batch(networks: Path, out: Path, jobs: int) -> float:
    import subprocess

    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(
        [
            python(),
            "-m",
            "starterkit",
            "build",
            "--each",
            str(networks),
            "-o",
            str(out),
            "--jobs",
            str(jobs),
            "--build-time",
            BUILD_TIME.isoformat(),
        ],
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - start
    assert len(list(out.glob("*.xlsx"))) == int(networks.read_text().count("\n")) - 1
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kits", type=int, default=200)
    args = parser.parse_args()
    spec = default_spec()
    kit = build(spec, build_time=BUILD_TIME)

    kit_time = best_of(lambda: build(spec, build_time=BUILD_TIME), repeat=15)
    values = cell_values(kit)
    plain_time = best_of(lambda: plain_write(values), repeat=15)
    cells_time = best_of(same_cells_write(kit), repeat=15)
    print(f"build per kit            {kit_time * 1000:7.1f} ms")
    print(
        f"  xlsxwriter, same values {plain_time * 1000:6.1f} ms   ratio {kit_time / plain_time:5.2f}x  (goal <= 1.5x)"
    )
    print(
        f"  xlsxwriter, same cells  {cells_time * 1000:6.1f} ms   ratio {kit_time / cells_time:5.2f}x"
    )

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        # As installed for a user: byte-code is cached after the first (warm-up) run.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        starterkit = shutil.which("starterkit") or "starterkit"
        cli = wall_time([starterkit, "build", "-o", str(tmp_path / "kit.xlsx")])
        bare = wall_time([python(), "-c", "import xlsxwriter"])
        print(f"starterkit build (wall)  {cli * 1000:7.0f} ms")
        print(
            f"  python -c 'import xlsxwriter' {bare * 1000:5.0f} ms   ratio {cli / bare:5.2f}x  (goal <= 3x)"
        )

        networks = tmp_path / "networks.csv"
        batch_csv(networks, args.kits)
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        one = timed_batch(networks, tmp_path / "one", 1)
        many = timed_batch(networks, tmp_path / "many", cores)
        print(f"batch of {args.kits} kits, 1 core  {one:6.2f} s")
        print(
            f"  {cores} cores {many:6.2f} s   speed-up {one / many:5.2f}x  (goal >= 1.7x on 2 cores)"
        )


if __name__ == "__main__":
    sys.exit(main())
