"""Analyzer speed and memory, as ratios against baselines measured in the same run.

    python benchmarks/bench_analyze.py [--files 2000] [--memory-only]

1. read + analyze one returned kit against pandas.read_excel(sheet_name=None,
   engine="openpyxl") (goal ≥ 10× faster) and against a bare unzip of the same file
   (goal ≤ 4×);
2. a batch of N files on all cores against one core (goal ≥ 1.7× on 2 cores);
3. peak memory of `starterkit analyze` (JSON report) at N files against 100 files
   (goal ≤ 1.3×);
4. `starterkit analyze one.xlsx` wall time against `python -c "import xlsxwriter"`
   (goal ≤ 2.5×).

The batch is N networks, each a file of its own: a few distinct kits at different weeks,
copied with fresh kit and network ids (so no two files are returns of one network).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

from starterkit.analysis import analyze
from starterkit.builder import build
from starterkit.files.analyze_many import analyze_files
from starterkit.files.workers import default_jobs
from starterkit.reader import read_path, read_workbook
from starterkit.spec import default_spec

from common import best_of, python, wall_time, with_parts_edited

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from kitdata import midcycle_network

AS_OF = dt.date(2027, 3, 1)
DISTINCT_KITS = 20

# VmHWM is the peak resident size of this program since it started; ru_maxrss would also
# count the parent's pages from before exec (Linux keeps it across execve).
PEAK_MEMORY = """
import sys
from starterkit.cli import main
try:
    main(sys.argv[1:], prog_name="starterkit")
except SystemExit:
    pass
with open("/proc/self/status") as status:
    peak = next(line for line in status if line.startswith("VmHWM:"))
print(peak.split()[1], file=sys.stderr)
"""


def make_kits(folder: Path, count: int) -> list[Path]:
    """``count`` returned kits, one network each: a few distinct networks at different
    weeks, copied with ids of their own."""
    folder.mkdir(parents=True, exist_ok=True)
    spec = default_spec()
    originals = []
    for n in range(min(count, DISTINCT_KITS)):
        data = midcycle_network(AS_OF, week=2 + n % 11)
        data["charter"] = {**data["charter"], "network_name": f"Network {n}"}
        path = folder / f"kit-{n:04d}.xlsx"
        path.write_bytes(build(spec, data))
        originals.append(path)
    paths = list(originals)
    for n in range(len(originals), count):
        path = folder / f"kit-{n:04d}.xlsx"
        path.write_bytes(another_network(originals[n % len(originals)].read_bytes(), n))
        paths.append(path)
    return paths


def another_network(content: bytes, n: int) -> bytes:
    """The kit with a kit id and a network id of its own (uuids of the same length, replaced
    in every part that records them), so that it is not a return of the original's network."""
    metadata = read_workbook(content, "original.xlsx").metadata
    ids = {
        old.encode(): str(uuid.UUID(int=(n << 8) + k)).encode()
        for k, old in enumerate((metadata.kit_id, metadata.network_id))
    }

    def new_ids(name: str, data: bytes) -> bytes:
        for old, new in ids.items():
            data = data.replace(old, new)
        return data

    return with_parts_edited(content, new_ids)


def unzip(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            archive.read(name)


def peak_memory_kib(folder: Path) -> int:
    run = subprocess.run(
        [
            python(),
            "-c",
            PEAK_MEMORY,
            "analyze",
            str(folder),
            "--jobs",
            "1",
            "--format",
            "json",
            "-o",
            str(folder.parent / f"{folder.name}.json"),
            "--as-of",
            AS_OF.isoformat(),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(run.stderr.strip().splitlines()[-1])


def compare_peak_memory(root: Path, batch: list[Path]) -> None:
    """Peak memory analyzing the first 100 files of ``batch`` against all of them."""
    small = root / "hundred"
    small.mkdir()
    for path in batch[:100]:
        shutil.copyfile(path, small / path.name)
    memory_small, memory_large = peak_memory_kib(small), peak_memory_kib(batch[0].parent)
    print(
        f"peak memory: {memory_small / 1024:.0f} MiB at 100 files, "
        f"{memory_large / 1024:.0f} MiB at {len(batch)}  → {memory_large / memory_small:.2f}× (goal ≤ 1.3×)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument(
        "--memory-only", action="store_true", help="measure only the peak memory (3.)"
    )
    args = parser.parse_args()

    if args.memory_only:
        with tempfile.TemporaryDirectory(prefix="bench-analyze-") as scratch:
            root = Path(scratch)
            compare_peak_memory(root, make_kits(root / "batch", args.files))
        return

    import pandas  # only the baseline needs it

    with tempfile.TemporaryDirectory(prefix="bench-analyze-") as scratch:
        root = Path(scratch)
        [one] = make_kits(root / "one", 1)

        ours = best_of(lambda: analyze(read_path(one), AS_OF), repeat=31)
        by_pandas = best_of(
            lambda: pandas.read_excel(one, sheet_name=None, engine="openpyxl"), repeat=7
        )
        bare = best_of(lambda: unzip(one), repeat=31)
        print(f"read + analyze one kit:        {ours * 1000:7.2f} ms")
        print(
            f"pandas.read_excel (openpyxl):  {by_pandas * 1000:7.2f} ms  → {by_pandas / ours:5.1f}× faster (goal ≥ 10×)"
        )
        print(
            f"bare unzip of the same file:   {bare * 1000:7.2f} ms  → {ours / bare:5.1f}× unzip (goal ≤ 4×)"
        )

        batch = make_kits(root / "batch", args.files)
        jobs = default_jobs()
        timings = {}
        for workers in (1, jobs):
            start = time.perf_counter()
            portfolio = analyze_files(batch, AS_OF, jobs=workers)
            timings[workers] = time.perf_counter() - start
            assert len(portfolio.networks) == args.files and not portfolio.errors
        print(
            f"{args.files} files: {timings[1]:.2f} s on 1 core, {timings[jobs]:.2f} s on {jobs} cores"
            f"  → {timings[1] / timings[jobs]:.2f}× (goal ≥ 1.7× on 2 cores)"
        )

        compare_peak_memory(root, batch)

        # As installed for a user: byte-code is cached after the first (warm-up) run.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        starterkit = shutil.which("starterkit") or "starterkit"
        cli = wall_time([starterkit, "analyze", str(one), "--as-of", AS_OF.isoformat()])
        baseline = wall_time([python(), "-c", "import xlsxwriter"])
        print(
            f"`starterkit analyze one.xlsx`: {cli * 1000:.0f} ms, import xlsxwriter {baseline * 1000:.0f} ms"
            f"  → {cli / baseline:.2f}× (goal ≤ 2.5×)"
        )


if __name__ == "__main__":
    main()
