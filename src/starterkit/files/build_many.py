"""One workbook per row of a networks CSV, built in parallel.

Columns name charter fields (organization, network_name, cycle_start, sponsor, steward, …)
or branding (logo, font, color_primary, …); `file_name` sets the output name. Empty cells
keep the spec's value. A bad row is reported with its line and the other rows still build.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starterkit.errors import OutputError, Problem, StarterkitError, suggestion
from starterkit.files.atomic import check_output, note_writes_begin
from starterkit.files.workers import chunks, default_jobs, in_processes
from starterkit.spec.load import with_branding
from starterkit.spec.logo import LOGO_FIX, logo_problem
from starterkit.spec.model import KitSpec, field_names
from starterkit.spec.prefill import coerce

BRANDING_COLUMNS = ("logo", "font", "font_size")
COLOR_PREFIX = "color_"
FILE_NAME_COLUMN = "file_name"
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)
}
MAX_NAME = 100
#: Delimiters a spreadsheet may save a CSV with: European Excel writes ';' where the
#: decimal separator is a comma, "Unicode text" exports use tabs.
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}


@dataclass(frozen=True)
class BatchSummary:
    """What a batch did: how many workbooks were built where, and each failed row's line."""

    out_dir: Path
    built: int
    failed_rows: int
    errors: list[str]  # "networks.csv:LINE: what — fix", for rows that failed while building

    def __str__(self) -> str:
        built, failed = self.built, self.failed_rows
        return f"built {built} workbook{'s' if built != 1 else ''} in {self.out_dir}" + (
            f"; {failed} row{'s' if failed != 1 else ''} failed" if failed else ""
        )


def plan_batch(
    spec: KitSpec, networks: Path, out_dir: Path, inputs: list[Path | str | None]
) -> BatchPlan:
    """Read the networks CSV into rows to build (its problems are the plan's), refusing
    before any work an output that is one of ``inputs`` or not a regular file."""
    try:
        content = networks.read_bytes()
    except FileNotFoundError:
        raise StarterkitError(f"{networks}: no such CSV file — check the path") from None
    except OSError as exc:
        raise StarterkitError(
            f"{networks}: cannot read the CSV ({exc.strerror}) — check the path"
        ) from None
    text = decode_networks(content, str(networks))
    plan = read_networks(text, spec, str(networks), networks.parent)
    for row in plan.rows:
        check_output(out_dir / row.file_name, [*inputs, row.branding.get("logo")])
    return plan


def build_batch(
    spec: KitSpec,
    plan: BatchPlan,
    networks: Path,
    out_dir: Path,
    jobs: int | None = None,
    build_time: Any = None,
    on_done: Callable[[RowResult], None] = lambda result: None,
) -> BatchSummary:
    """Build the plan's rows into ``out_dir`` (created if missing), in ``jobs`` processes
    (default: all cores); rows that failed in the plan count as failed too."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the output folder ({exc.strerror})") from None
    workers = min(jobs or default_jobs(), max(1, len(plan.rows)))
    results = build_all(spec, plan.rows, out_dir, workers, build_time, on_done=on_done)
    failures = [f"{networks}:{r.line}: {r.error}" for r in results if r.error]
    return BatchSummary(
        out_dir,
        built=len(results) - len(failures),
        failed_rows=len(failures) + len({p.where for p in plan.problems}),
        errors=failures,
    )


def decode_networks(content: bytes, name: str) -> str:
    """The CSV's text: UTF-8, with or without a byte order mark; anything else is refused
    with what to do, not codec text."""
    if content[:2] in (b"\xff\xfe", b"\xfe\xff") or content[:200].count(b"\x00") > 10:
        raise StarterkitError(
            f"{name}: the CSV is saved as UTF-16 — save it as CSV UTF-8 "
            "(in Excel: File › Save As › CSV UTF-8)"
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise StarterkitError(
            f"{name}:{line}: the CSV is not UTF-8 text (byte 0x{content[exc.start]:02x}) — "
            "save it as CSV UTF-8 (in Excel: File › Save As › CSV UTF-8)"
        ) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of comma, semicolon and tab."""
    header = text.split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


@dataclass(frozen=True)
class BatchRow:
    """One network to build: its CSV line, prefill data, branding changes and output name."""

    line: int
    charter: dict[str, Any]
    branding: dict[str, Any]
    colors: dict[str, str]
    file_name: str
    stem: str  # the safe stem the name was made from, to renumber after failed builds


@dataclass
class BatchPlan:
    rows: list[BatchRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_networks(text: str, spec: KitSpec, name: str, base_dir: Path) -> BatchPlan:
    """Parse the CSV into rows to build; header problems stop everything, row problems one row.

    A CSV that cannot be parsed at all (a cell longer than any spreadsheet cell, usually a
    quote that is never closed) stops everything, naming the line where the row starts.
    """
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = [h.strip() for h in _next_row(reader, name, 1) or []]
    if not any(headers):
        raise StarterkitError(
            f"{name}: the CSV is empty — write a header line such as "
            "'organization,network_name,cycle_start'"
        )
    fields = {f.key: f for f in spec.charter_fields()}
    colors = set(field_names(spec.branding.colors))
    allowed = [*fields, *BRANDING_COLUMNS, *(COLOR_PREFIX + c for c in colors), FILE_NAME_COLUMN]
    unknown = [h for h in headers if h not in allowed]
    if unknown:
        raise StarterkitError(
            "\n".join(
                f"{name}:1: unknown column '{h}' — {suggestion(h, allowed, 'columns')}"
                for h in unknown
            )
        )
    plan = BatchPlan()
    used_names: set[str] = set()
    while True:
        line = reader.line_num + 1  # where the row starts; a quoted cell may span lines
        cells = _next_row(reader, name, line)
        if cells is None:
            break
        if not any(cell.strip() for cell in cells):
            continue
        row: dict[str | None, str] = dict(zip(headers, cells, strict=False))
        if len(cells) > len(headers):
            row[None] = delimiter.join(cells[len(headers) :])
        where = f"{name}:{line}"
        problems: list[Problem] = []
        charter: dict[str, Any] = {}
        branding: dict[str, Any] = {}
        row_colors: dict[str, str] = {}
        for column, raw in row.items():
            if column is None:
                problems.append(
                    Problem(
                        where,
                        "",
                        "the row has more cells than the header",
                        f"quote cells that contain {DELIMITERS[delimiter]}",
                    )
                )
                continue
            value = (raw or "").strip()
            if not value:
                continue
            if column in fields:
                typed, issue = coerce(spec, fields[column], _from_text(fields[column].type, value))
                if issue:
                    problems.append(Problem(where, column, *issue))
                else:
                    charter[column] = typed
            elif column == "logo":
                logo = Path(value)
                branding["logo"] = str(logo if logo.is_absolute() else (base_dir / logo).resolve())
                if not Path(branding["logo"]).is_file():
                    problems.append(
                        Problem(
                            where,
                            column,
                            f"the logo '{value}' does not exist",
                            "give a path relative to the CSV file",
                        )
                    )
                elif wrong := logo_problem(Path(branding["logo"]).read_bytes()):
                    problems.append(Problem(where, column, f"the logo '{value}' {wrong}", LOGO_FIX))
            elif column == "font_size":
                try:
                    branding["font_size"] = float(value)
                except ValueError:
                    problems.append(
                        Problem(where, column, f"'{value}' is not a number", "write e.g. 10")
                    )
            elif column.startswith(COLOR_PREFIX):
                if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
                    problems.append(
                        Problem(where, column, f"'{value}' is not a colour", "write it as #RRGGBB")
                    )
                row_colors[column[len(COLOR_PREFIX) :]] = value
            elif column != FILE_NAME_COLUMN:
                branding[column] = value
        if (branding or row_colors) and not problems:
            try:
                with_branding(spec, branding, row_colors)
            except StarterkitError as exc:
                problems.append(Problem(where, "", str(exc), "fix the branding cells of this row"))
        if problems:
            plan.problems.extend(problems)
            continue
        # Named only once the row is known to build, so a failed row takes no name and
        # "-2" always has a first file beside it.
        stem = row.get(FILE_NAME_COLUMN) or " ".join(
            str(charter.get(k, "")) for k in ("organization", "network_name")
        )
        safe_stem = safe_file_stem(stem or f"kit-{line}")
        file_name = unique_name(safe_stem, used_names) + ".xlsx"
        plan.rows.append(BatchRow(line, charter, branding, row_colors, file_name, safe_stem))
    return plan


def _next_row(reader: Any, name: str, line: int) -> list[str] | None:
    """The next row, or None at the end; a row that cannot be parsed stops the whole file,
    named by ``line``, where the row starts."""
    try:
        return next(reader, None)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            # The limit (128 KB) is far beyond any spreadsheet cell (32,767 characters), so
            # it is kept: reaching it means a quote opened a cell and was never closed.
            raise StarterkitError(
                f"{name}:{line}: a cell is longer than {csv.field_size_limit():,} characters "
                '— check for a quote (") that opens a cell and is never closed'
            ) from None
        raise StarterkitError(
            f"{name}:{line}: the CSV cannot be read ({exc}) — save it again as CSV UTF-8"
        ) from None


def _from_text(kind: str, value: str) -> Any:
    """CSV cells are text; numbers are read as numbers ("15%" as 0.15 for a percent)."""
    if kind in {"whole", "number", "percent"}:
        text = value.replace(" ", "")
        scale = 1.0
        if kind == "percent" and text.endswith("%"):
            text, scale = text[:-1], 0.01
        try:
            number = float(text) * scale
        except ValueError:
            return value
        return int(number) if kind == "whole" and number.is_integer() else number
    return value


def safe_file_stem(text: str) -> str:
    """A file name stem that is valid on Windows, macOS and Linux."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text).strip("-._")[:MAX_NAME].strip("-._")
    if not stem:
        stem = "kit"
    if stem.split(".")[0].upper() in WINDOWS_RESERVED:
        stem = f"{stem}-kit"
    return stem


def unique_name(stem: str, used: set[str]) -> str:
    name, n = stem, 2
    while name.lower() in used:
        name = f"{stem}-{n}"
        n += 1
    used.add(name.lower())
    return name


@dataclass(frozen=True)
class RowResult:
    line: int
    path: Path | None
    error: str | None


def build_all(
    spec: KitSpec,
    rows: list[BatchRow],
    out_dir: Path,
    jobs: int,
    build_time: Any,
    on_done: Callable[[RowResult], None] = lambda result: None,
) -> list[RowResult]:
    """Build every row, in ``jobs`` processes; results come back in CSV order."""
    results: list[RowResult] = []
    if jobs <= 1 or len(rows) <= 1:
        for row in rows:
            results.append(_build_row(spec, row, out_dir, build_time))
            on_done(results[-1])
        return _renumber_after_failures(rows, results, out_dir)
    parts = chunks(rows, jobs, 8, 4)
    # The workers write the files; count them as begun here, where interrupts are handled.
    note_writes_begin()
    for part, done in in_processes(
        _build_chunk, parts, jobs, _start_worker, (spec, out_dir, build_time)
    ):
        for result in done if done is not None else [_died(row) for row in part]:
            results.append(result)
            on_done(result)
    return _renumber_after_failures(rows, sorted(results, key=lambda r: r.line), out_dir)


def _died(row: BatchRow) -> RowResult:
    return RowResult(
        row.line,
        None,
        "the process building this row stopped unexpectedly — run again with --jobs 1",
    )


def _renumber_after_failures(
    rows: list[BatchRow], results: list[RowResult], out_dir: Path
) -> list[RowResult]:
    """Names count only the files actually built: a row that failed while building gives its
    name up, so a later "-3" becomes "-2" (and "-2" the first). Rows and results are in CSV
    order; each rename moves a file onto a name given earlier in that order, which is free by
    then (its row failed or its file has already moved on)."""
    if all(result.error is None for result in results):
        return results
    used: set[str] = set()
    renumbered: list[RowResult] = []
    for row, result in zip(rows, results, strict=True):
        if result.path is not None and row.stem:
            name = unique_name(row.stem, used) + ".xlsx"
            if name != result.path.name:
                target = out_dir / name
                result.path.replace(target)
                result = RowResult(result.line, target, None)
        renumbered.append(result)
    return renumbered


_WORKER: dict[str, Any] = {}


def _start_worker(spec: KitSpec, out_dir: Path, build_time: Any) -> None:
    """Each worker receives the spec once, not once per row."""
    _WORKER.update(spec=spec, out_dir=out_dir, build_time=build_time)


def _build_chunk(rows: list[BatchRow]) -> list[RowResult]:
    return [
        _build_row(_WORKER["spec"], row, _WORKER["out_dir"], _WORKER["build_time"]) for row in rows
    ]


def _build_row(spec: KitSpec, row: BatchRow, out_dir: Path, build_time: Any) -> RowResult:
    from starterkit.builder import build_path

    try:
        if row.branding or row.colors:
            spec = with_branding(spec, row.branding, row.colors)
        path = build_path(
            spec,
            out_dir / row.file_name,
            {"charter": row.charter},
            build_time=build_time,
            data_name=f"line {row.line}",
        )
        return RowResult(row.line, path, None)
    except StarterkitError as exc:
        return RowResult(row.line, None, str(exc))
