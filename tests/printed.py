"""Printed kits: a workbook rendered to PDF by headless LibreOffice, read back as word boxes.

``pdftotext -bbox`` (poppler-utils) gives every printed word with its box in points; the
checks here are what a reader of the paper notices: words printed over one another, type
too small to read, a header word cut off, and pages that carry next to nothing.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from xml.etree import ElementTree

from libreoffice import TIMEOUT_SECONDS, find_soffice


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def overlaps(self, other: Word) -> bool:
        """Printed over one another: boxes of consecutive lines touch (a line's box is a
        little taller than the line spacing), so more than a third of the smaller height."""
        across = min(self.x1, other.x1) - max(self.x0, other.x0)
        down = min(self.y1, other.y1) - max(self.y0, other.y0)
        return across > 0.5 and down > min(self.height, other.height) / 3


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def median_height(self) -> float:
        return statistics.median(w.height for w in self.words) if self.words else 0.0

    def overlapping(self) -> list[tuple[Word, Word]]:
        found = []
        words = sorted(self.words, key=lambda w: w.x0)
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                if b.x0 >= a.x1:
                    break
                if a.overlaps(b):
                    found.append((a, b))
        return found


def to_pdf(xlsx: Path, out_dir: Path) -> Path:
    """``xlsx`` printed to PDF by LibreOffice as ``out_dir/<stem>.pdf``; ``xlsx`` is untouched."""
    soffice = find_soffice()
    if soffice is None or shutil.which("pdftotext") is None:
        raise RuntimeError("LibreOffice (soffice) and poppler-utils (pdftotext) are needed")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-pdf-") as scratch:
        root = Path(scratch)
        (root / "profile" / "user").mkdir(parents=True)
        copy = Path(shutil.copy2(xlsx, root / xlsx.name))
        cmd = [
            soffice,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(root / "out"),
            str(copy),
        ]
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, start_new_session=True
        )
        produced = root / "out" / f"{copy.stem}.pdf"
        if proc.returncode != 0 or not produced.is_file():
            raise RuntimeError(f"soffice could not print {xlsx}: {proc.stdout} {proc.stderr}")
        return Path(shutil.move(produced, out_dir / produced.name))


def pages(pdf: Path) -> list[Page]:
    """Every page of ``pdf`` with its words and their boxes (points, origin top left)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # pdftotext writes XHTML; the doctype and entities are all plain XML can trip on.
    body = html[html.index("<body>") : html.index("</body>") + len("</body>")]
    root = ElementTree.fromstring(body)
    result = []
    for number, page in enumerate(root.iter("page"), start=1):
        words = tuple(
            Word(
                unescape(w.text or ""),
                float(w.get("xMin")),
                float(w.get("yMin")),
                float(w.get("xMax")),
                float(w.get("yMax")),
            )
            for w in page.iter("word")
        )
        result.append(Page(number, float(page.get("width")), float(page.get("height")), words))
    return result


def page_sheets(pages_: list[Page], sheet_titles: list[str]) -> list[str]:
    """The sheet each page prints, read from the footer (its left word(s) are the title)."""
    names = []
    current = ""
    for page in pages_:
        bottom = [w for w in page.words if w.y0 > page.height - 40]
        line = " ".join(w.text for w in sorted(bottom, key=lambda w: w.x0))
        for title in sorted(sheet_titles, key=len, reverse=True):
            if line.startswith(title):
                current = title
                break
        names.append(current)
    return names
