"""Peak memory of `starterkit analyze` on a kit with one stray far-away cell, against the
same kit without it (goal ≤ 2×).

    python benchmarks/bench_memory.py

Each run is a fresh process; its peak resident size is read with
``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` in a small wrapper that starts it, so
nothing else this benchmark did counts. Before the sheet area was bounded, the stray cell
at XFD1048576 aborted the process (a 512 GB allocation) and one at Z1048576 cost 1.15 GB.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from common import python

ROOT = Path(__file__).resolve().parents[1]
HEALTHY = ROOT / "samples" / "healthy.xlsx"
CHARTER = "xl/worksheets/sheet2.xml"
KIT_SHEET = "xl/worksheets/sheet8.xml"

WRAPPER = """
import resource, subprocess, sys
run = subprocess.run(sys.argv[1:], capture_output=True)
print(run.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def with_stray_cell(content: bytes, part: str, cell: str) -> bytes:
    row = re.match(r"[A-Z]+(\d+)", cell).group(1)
    new = f'<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>oops</t></is></c></row>'.encode()
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                data = data.replace(b"</sheetData>", new + b"</sheetData>")
            target.writestr(info.filename, data)
    return output.getvalue()


def peak_kib(path: Path) -> tuple[int, int]:
    starterkit = shutil.which("starterkit")
    command = [starterkit] if starterkit else [python(), "-m", "starterkit"]
    run = subprocess.run(
        [python(), "-c", WRAPPER, *command, "analyze", str(path), "--as-of", "2027-03-01"],
        capture_output=True,
        text=True,
        check=True,
    )
    code, peak = run.stdout.split()
    return int(code), int(peak)


def main() -> None:
    content = HEALTHY.read_bytes()
    cases = {
        "plain kit": content,
        "stray cell at Charter!XFD1048576": with_stray_cell(content, CHARTER, "XFD1048576"),
        "stray cell at _kit!XFD1048576": with_stray_cell(content, KIT_SHEET, "XFD1048576"),
        "stray cell at Charter!Z1048576 (Ctrl+End slip)": with_stray_cell(
            content, CHARTER, "Z1048576"
        ),
    }
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as scratch:
        peaks = {}
        for n, (name, data) in enumerate(cases.items()):
            path = Path(scratch) / f"kit-{n}.xlsx"
            path.write_bytes(data)
            code, peaks[name] = min(peak_kib(path) for _ in range(3))
            print(f"{name:48} exit {code}  peak {peaks[name] / 1024:6.1f} MiB")
        base = peaks["plain kit"]
        worst = max(peaks.values())
        print(f"worst stray cell against the plain kit: {worst / base:.2f}× (goal ≤ 2×)")
        sys.exit(0 if worst <= 2 * base else 1)


if __name__ == "__main__":
    main()
