"""``review``: the steward's own kit given back, rebuilt from its data, with every finding
at its cell (a note and a highlight) and listed on a Review sheet after Start Here.

The returned file is never loaded and saved: it is read into kit data and built again,
keeping its kit id and network id, so its later returns fold with the earlier ones.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from starterkit.builder.sheets.review import CellNote, Extras, NotCarriedLine, ReviewLine
from starterkit.findings import DataFinding, Finding, Location, by_severity
from starterkit.kit import contract
from starterkit.loop.carry import Carried, NotCarried, as_current_spec, carry
from starterkit.reader.kit_data import KitData
from starterkit.spec.model import KitSpec

SEVERITY_WORDS = {"high": "High", "medium": "Medium", "low": "Low"}


@dataclass(frozen=True)
class Reviewed:
    content: bytes
    flags: list[Finding]
    data_findings: list[DataFinding]
    #: Cells of the new file that carry a note.
    noted: frozenset[tuple[str, str]]
    not_carried: list[NotCarried]


def fitted_spec(kit_data: KitData, spec: KitSpec) -> KitSpec:
    """``spec`` with each table at least as long as the returned kit's use of it, so
    that a row a steward added below a table has its place (review and next lose none)."""
    sheets = spec.sheets
    for key in contract.TABLES:
        rows = kit_data.rows(key)
        if key == "metrics" or not rows or not spec.has_table(key):
            continue
        table = spec.table(key)
        needed = max(row.number for row in rows)
        if key == "milestones":
            needed = max(needed, len(rows) + len(spec.prefill.milestones))
        if needed <= table.rows:
            continue
        sheet_key = contract.TABLES[key][1]
        sheet = getattr(sheets, sheet_key)
        sheet = dataclasses.replace(sheet, **{key: dataclasses.replace(table, rows=needed)})
        sheets = dataclasses.replace(sheets, **{sheet_key: sheet})
    return spec if sheets is spec.sheets else dataclasses.replace(spec, sheets=sheets)


def new_place(
    carried: Carried, location: Location | None, titles: set[str]
) -> tuple[str | None, str | None]:
    """Where a cell of the returned file is in the new one: its carried place, else the same
    cell when the new kit has that sheet, else only the sheet (or nothing)."""
    if location is None:
        return None, None
    if location.cell and (location.sheet, location.cell) in carried.places:
        return carried.places[(location.sheet, location.cell)]
    if location.sheet in titles:
        return location.sheet, location.cell
    return None, None


def not_carried_lines(items: list[NotCarried]) -> list[NotCarriedLine]:
    return [
        NotCarriedLine(
            item.location.ref if item.location else "", item.what, item.shown, item.reason
        )
        for item in items
    ]


def review_kit(
    kit_data: KitData, as_of: dt.date, *, build_time: dt.datetime | None = None
) -> Reviewed:
    """The reviewed kit's bytes, with what was found in it."""
    from starterkit.analysis import analyze
    from starterkit.analysis.catalog import BY_ID

    report = analyze(kit_data, as_of)
    spec = fitted_spec(kit_data, as_current_spec(kit_data.spec))
    carried = carry(kit_data, spec)
    titles = {getattr(spec.sheets, key).title for key in contract.VISIBLE_SHEETS}
    notes: list[CellNote] = []
    lines: list[ReviewLine] = []
    flags = by_severity(list(report.flags))
    for flag in flags:
        title = BY_ID[flag.id].title if flag.id in BY_ID else flag.id
        severity = SEVERITY_WORDS.get(flag.severity.value, flag.severity.value)
        text = f"{severity}: {title}\n{flag.message}\nWhat to do: {flag.action}"
        places = [(new_place(carried, e, titles), e) for e in flag.evidence] or [
            ((None, None), None)
        ]
        for index, ((sheet, cell), evidence) in enumerate(places):
            if sheet and cell:
                notes.append(CellNote(sheet, cell, text))
            shown = _shown(sheet, cell, evidence)
            if index == 0:
                lines.append(
                    ReviewLine(severity, title, flag.message, flag.action, sheet, cell, shown)
                )
            else:
                lines.append(ReviewLine("", "", "also here", "", sheet, cell, shown))
    for finding in kit_data.data_findings:
        location = finding.location
        fix = finding.fix
        if finding.value is None and not (
            location and location.cell and (location.sheet, location.cell) in carried.places
        ):
            # The file's shape (a merged range, a lost formula or table), not a value:
            # this kit is built afresh without it.
            sheet, cell = None, None
            fix = f"Nothing to do in this file, which is built afresh without it. ({fix})"
        else:
            sheet, cell = new_place(carried, location, titles)
        left_behind = location is not None and any(
            item.location is not None
            and (item.location.sheet, item.location.cell) == (location.sheet, location.cell)
            for item in carried.not_carried
        )
        if left_behind:
            fix = f"{fix} This kit has the formula back; the value is on the Not carried sheet."
        if sheet and cell and not left_behind:
            notes.append(CellNote(sheet, cell, f"Data: {finding.message}\nTo fix: {fix}"))
        lines.append(
            ReviewLine(
                "Data",
                "Cell not usable" if location and location.cell else "Data",
                finding.message,
                fix,
                sheet,
                cell,
                _shown(sheet, cell, location),
            )
        )
    high = sum(1 for f in flags if f.severity.value == "high")
    heading = (
        f"As of {as_of.isoformat()}: {len(flags)} red flag{'s' if len(flags) != 1 else ''} "
        f"({high} high) and {len(kit_data.data_findings)} data finding"
        f"{'s' if len(kit_data.data_findings) != 1 else ''}. Each is also a note on its cell, "
        "highlighted. Keep working in this file; this sheet is rewritten at the next review."
    )
    extras = Extras(
        notes=notes,
        review_heading=heading,
        review_lines=lines,
        not_carried=not_carried_lines(carried.not_carried),
    )
    content = rebuilt(kit_data, spec, carried.data, build_time, extras)
    return Reviewed(
        content,
        flags,
        list(kit_data.data_findings),
        frozenset((n.sheet, n.cell) for n in notes),
        carried.not_carried,
    )


def _shown(sheet: str | None, cell: str | None, location: Location | None) -> str:
    if sheet and cell:
        return Location(sheet, cell).ref
    if sheet:
        return Location(sheet).ref
    return str(location) if location else "the whole kit"


def rebuilt(
    kit_data: KitData,
    spec: KitSpec,
    data: dict,
    build_time: dt.datetime | None,
    extras: Extras,
) -> bytes:
    """The same network-cycle in a new file (review, upgrade): its ids kept, so its later
    returns fold with the earlier ones."""
    from starterkit.builder import build

    metadata = kit_data.metadata
    return build(
        spec,
        data,
        build_time=build_time,
        kit_id=metadata.kit_id,
        network_id=metadata.network_id,
        previous_kit_id=metadata.previous_kit_id,
        data_name=kit_data.source,
        extras=extras,
    )
