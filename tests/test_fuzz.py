"""Seeded mutants of a real returned kit: each is a report or a clear error, never a crash.

Byte flips, broken XML inside a valid zip, wrong cell types, huge and negative serials,
far-away cells and damaged attributes. The mutants are analyzed with `starterkit analyze`
semantics (``analyze_one``) in one child process, so a native crash fails the test with
the seed that caused it instead of taking pytest down; a few go through the CLI for its
exit codes.
"""

from __future__ import annotations

import io
import json
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

HEALTHY = ROOT / "samples" / "healthy.xlsx"
MUTANTS = 300
SECONDS_EACH = 5

NUMBERS = [
    b"-20",
    b"-1",
    b"0",
    b"1e308",
    b"-1e308",
    b"1e400",
    b"2958466",
    b"2958465.99999",
    b"1e16",
    b"NaN",
    b"inf",
    b"-0",
    b"4.9e-324",
    b"99999999999999999999999",
    b"",
    b"abc",
]
TYPES = [b"s", b"n", b"b", b"e", b"d", b"str", b"inlineStr", b"x"]
REFERENCES = [
    b"XFD1048576",
    b"A99999999",
    b"ZZZZ1",
    b"A0",
    b"",
    b"1A",
    b"a1",
    b"DX5000",
    b"DY5001",
    b"B7",
]
JUNK = [b"<", b"&", b"]]>", b"<!--", b"\x00", b"\xff\xfe", b"&#0;", b'"', b"</row>", b"<c>"]


def _parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return output.getvalue()


def _sub_random(rng: random.Random, pattern: bytes, xml: bytes, make) -> bytes:
    matches = list(re.finditer(pattern, xml))
    for match in rng.sample(matches, min(len(matches), rng.randint(1, 6))):
        start, end = match.span(1)
        xml = xml[:start] + make() + xml[end:]
        break  # offsets move after an edit; one edit per call, calls repeat
    return xml


def mutant(seed: int, original: bytes) -> bytes:
    """One mutant of the workbook; the seed picks what is done to it."""
    rng = random.Random(seed)
    kind = seed % 7
    if kind == 0:  # byte flips anywhere in the file
        data = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        return bytes(data)
    parts = _parts(original)
    xml_names = [n for n in parts if n.endswith((".xml", ".rels"))]
    sheets = [n for n in parts if n.startswith("xl/worksheets/sheet")]
    if kind == 1:  # broken XML inside a valid zip
        name = rng.choice(xml_names)
        xml = parts[name]
        at = rng.randrange(len(xml))
        parts[name] = rng.choice(
            [
                xml[:at],
                xml[:at] + rng.choice(JUNK) + xml[at:],
                xml[:at] + xml[at + rng.randint(1, 40) :],
            ]
        )
    elif kind == 2:  # wrong cell types
        name = rng.choice(sheets)
        for _ in range(rng.randint(1, 10)):
            parts[name] = _sub_random(
                rng, rb'<c r="[A-Z]+\d+"[^>]*? t="([^"]*)"', parts[name], lambda: rng.choice(TYPES)
            )
    elif kind == 3:  # huge, negative and impossible numbers and serials
        name = rng.choice(sheets)
        for _ in range(rng.randint(1, 10)):
            parts[name] = _sub_random(
                rng, rb"<v>([^<]*)</v>", parts[name], lambda: rng.choice(NUMBERS)
            )
    elif kind == 4:  # far-away and malformed cell references
        name = rng.choice(sheets)
        for _ in range(rng.randint(1, 5)):
            parts[name] = _sub_random(
                rng, rb'<c r="([^"]*)"', parts[name], lambda: rng.choice(REFERENCES)
            )
    elif kind == 5:  # damaged rows, dimensions and counts
        name = rng.choice(sheets)
        xml = _sub_random(
            rng, rb'<row r="([^"]*)"', parts[name], lambda: rng.choice(REFERENCES + NUMBERS)
        )
        xml = _sub_random(
            rng, rb'<dimension ref="([^"]*)"', xml, lambda: rng.choice(REFERENCES) + b":XFD1048576"
        )
        parts[name] = xml
        parts["xl/sharedStrings.xml"] = _sub_random(
            rng,
            rb'(?:count|uniqueCount)="([^"]*)"',
            parts["xl/sharedStrings.xml"],
            lambda: rng.choice(NUMBERS),
        )
    else:  # the _kit record's claims
        name = "xl/worksheets/sheet8.xml"
        parts[name] = _sub_random(rng, rb"<v>([^<]*)</v>", parts[name], lambda: rng.choice(NUMBERS))
        if rng.random() < 0.5:
            parts[name] = parts[name].replace(
                b"</sheetData>",
                b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>',
            )
    return _zip(parts)


CHILD = """
import datetime as dt, json, resource, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
sys.path.insert(0, sys.argv[1])
from test_fuzz import HEALTHY, mutant
from starterkit.files.analyze_many import analyze_one
from starterkit.report import FileError, NetworkReport
original = HEALTHY.read_bytes()
folder = Path(sys.argv[2])
for seed in range(int(sys.argv[3])):
    path = folder / f"mutant-{seed}.xlsx"
    path.write_bytes(mutant(seed, original))
    print(json.dumps({"seed": seed, "started": True}), flush=True)
    start = time.perf_counter()
    result = analyze_one(path, dt.date(2027, 3, 1))
    took = time.perf_counter() - start
    ok = isinstance(result, (NetworkReport, FileError))
    message = result.message if isinstance(result, FileError) else ""
    print(json.dumps({"seed": seed, "ok": ok, "took": took, "error": message}), flush=True)
    path.unlink()
"""


@pytest.mark.fuzz
def test_mutants_are_each_a_report_or_a_clear_error(tmp_path):
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(Path(__file__).parent), str(tmp_path), str(MUTANTS)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    finished = [line for line in lines if "ok" in line]
    if run.returncode != 0:
        last = lines[-1]["seed"] if lines else None
        raise AssertionError(f"the reader died on mutant seed {last}: {run.stderr[-1500:]}")
    assert len(finished) == MUTANTS
    for line in finished:
        assert line["ok"], line
        assert "unexpected problem" not in line["error"], line
        assert line["took"] < SECONDS_EACH, line
    # The mutants reach the cell reader, not just the zip checks.
    assert sum(1 for line in finished if not line["error"]) > MUTANTS // 3


@pytest.mark.fuzz
def test_the_cli_exit_codes_hold_for_mutants(tmp_path):
    original = HEALTHY.read_bytes()
    cases = {
        "healthy.xlsx": (original, 0),
        "far-away.xlsx": (mutant(6, original), None),  # read: 0, or 1 with --fail-on
        "flipped.xlsx": (mutant(7, original), 2),
        "broken-xml.xlsx": (mutant(1, original), None),
    }
    for name, (content, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        run = subprocess.run(
            [sys.executable, "-m", "starterkit", "analyze", str(path), "--as-of", "2027-03-01"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "Traceback" not in run.stderr and "unexpected problem" not in run.stdout, run.stderr
        assert run.returncode in (0, 2), (name, run.returncode)
        if expected is not None:
            assert run.returncode == expected, (name, run.stdout[-500:])
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "starterkit",
            "analyze",
            str(tmp_path / "healthy.xlsx"),
            "--as-of",
            "2027-03-01",
            "--fail-on",
            "low",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode in (0, 1) and "Traceback" not in run.stderr
