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
from xml.etree import ElementTree

from common import python, with_parts_edited

ROOT = Path(__file__).resolve().parents[1]
HEALTHY = ROOT / "samples" / "healthy.xlsx"

WRAPPER = """
import resource, subprocess, sys
run = subprocess.run(sys.argv[1:], capture_output=True)
print(run.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def sheet_part(content: bytes, title: str) -> str:
    """The part that holds the sheet with this title (the workbook's sheets in order)."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {item.get("Id"): item.get("Target") for item in rels}
    for sheet in book.iter(f"{main}sheet"):
        if sheet.get("name") == title:
            return "xl/" + targets[sheet.get(rel)].lstrip("/").removeprefix("xl/")
    raise LookupError(title)


def with_stray_cell(content: bytes, part: str, cell: str) -> bytes:
    row = re.match(r"[A-Z]+(\d+)", cell).group(1)
    new = f'<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>oops</t></is></c></row>'.encode()

    def add_cell(name: str, data: bytes) -> bytes:
        return data.replace(b"</sheetData>", new + b"</sheetData>") if name == part else data

    return with_parts_edited(content, add_cell)


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
    charter, kit_sheet = sheet_part(content, "Charter"), sheet_part(content, "_kit")
    cases = {
        "plain kit": content,
        "stray cell at Charter!XFD1048576": with_stray_cell(content, charter, "XFD1048576"),
        "stray cell at _kit!XFD1048576": with_stray_cell(content, kit_sheet, "XFD1048576"),
        "stray cell at Charter!Z1048576 (Ctrl+End slip)": with_stray_cell(
            content, charter, "Z1048576"
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
