"""Report formats for a large portfolio, as ratios against the JSON report measured in the
same run.

    python benchmarks/bench_reports.py [--networks 200]

Analyzes N returned kits once, then times rendering each format (text, html, xlsx, csv,
parquet) and all of them together against rendering the JSON document alone, and prints
each format's size. Rendering only: the files are made in memory, not written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from starterkit.files.analyze_many import analyze_files
from starterkit.report import Portfolio
from starterkit.reporters.formats import FORMATS, render, unavailable

from bench_analyze import make_kits
from common import best_of

AS_OF = dt.date(2027, 3, 1)

#: The goals: (row label, timing, at most this many times the JSON report's time).
GOALS = (("HTML report", "html", 6.0), ("all formats", "all", 12.0))


def rendered_size(portfolio: Portfolio, names: list[str]) -> int:
    """Bytes of every file the formats make (streamed text consumed to count it)."""
    total = 0
    for content in render(portfolio, names, links_from=".").values():
        if isinstance(content, bytes):
            total += len(content)
        else:
            total += sum(len(piece.encode("utf-8")) for piece in content)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-reports-") as scratch:
        kits = make_kits(Path(scratch), args.networks)
        portfolio = analyze_files(kits, AS_OF)
    assert len(portfolio.networks) == args.networks and not portfolio.errors

    names = [name for name in FORMATS if unavailable(name) is None]
    skipped = [name for name in FORMATS if name not in names]
    timings = {
        name: best_of(lambda name=name: rendered_size(portfolio, [name]), repeat=args.repeat)
        for name in names
    }
    timings["all"] = best_of(lambda: rendered_size(portfolio, names), repeat=args.repeat)
    baseline = timings["json"]
    print(f"{args.networks}-network portfolio, rendered in memory (median of {args.repeat}):")
    for name in [*names, "all"]:
        size = rendered_size(portfolio, names if name == "all" else [name])
        label = "all formats" if name == "all" else name
        print(
            f"  {label:12} {timings[name]:7.2f} s  {size / 2**20:7.1f} MiB"
            f"  → {timings[name] / baseline:6.1f}× the JSON report"
        )
    if skipped:
        print(f"  not measured (optional dependency missing): {', '.join(skipped)}")
    print("goals, ÷ the JSON report in this run:")
    for label, name, goal in GOALS:
        ratio = timings[name] / baseline
        verdict = "met" if ratio <= goal else "missed"
        print(f"  {label} ÷ JSON: {ratio:5.1f}×  (goal ≤ {goal:g}×, {verdict})")


if __name__ == "__main__":
    main()
