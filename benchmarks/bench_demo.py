"""`starterkit demo` wall time, as a ratio against `starterkit build` of the default kit
measured in the same run.

    python benchmarks/bench_demo.py [--repeat 5]

The demo builds the kit and twelve returned samples, analyzes them and writes every
report format; the baseline builds the one kit. Both run as a user runs them: the
installed command, byte-code cached after the first (warm-up) run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from common import wall_time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    starterkit = shutil.which("starterkit") or "starterkit"
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as scratch:
        folder = Path(scratch)
        demo = wall_time([starterkit, "demo", str(folder / "demo")], args.repeat)
        build = wall_time([starterkit, "build", "-o", str(folder / "kit.xlsx")], args.repeat)
    print(
        f"`starterkit demo`: {demo:.2f} s; `starterkit build`: {build:.2f} s"
        f"  → the demo takes {demo / build:.1f}× one build"
    )


if __name__ == "__main__":
    main()
