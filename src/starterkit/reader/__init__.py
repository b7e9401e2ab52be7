"""Read a returned kit workbook into typed kit data, read only and never trusting formulas.

``read_workbook(content, source)`` does no file IO; ``read_path`` reads the file's bytes
(never writing them) and calls it. Anything that makes the whole file unusable raises
``UnreadableWorkbook``; anything wrong with single cells becomes a data finding.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from starterkit.errors import UnreadableWorkbook
from starterkit.kit import contract
from starterkit.kit.contract import KIT_SHEET
from starterkit.kit.names import PLANNER_DECISION
from starterkit.reader import coerce
from starterkit.reader.archive import MAX_FILE_BYTES
from starterkit.reader.book import Book
from starterkit.reader.charter import read_charter, read_decision
from starterkit.reader.kit_data import KitData, KitMetadata, Row
from starterkit.reader.locate import TableFound
from starterkit.reader.package import open_package
from starterkit.reader.record import read_record
from starterkit.reader.tables import check_formulas_kept, find_table, read_table
from starterkit.spec.model import KitSpec

__all__ = ["KitData", "UnreadableWorkbook", "read_path", "read_workbook"]


def _keep_freed_buffers_mapped() -> None:
    """Reading a kit allocates and frees about 1.5 MB of buffers: the inflated parts, the
    package for the cell reader and the cell reader's copies of it. glibc's malloc hands
    freed memory above its trim threshold back to the system, to page-fault it in again for
    the next file: some 80 faults, 0.3 ms of each kit read. glibc raises that threshold to
    twice the largest block it has unmapped ("dynamic mmap threshold", mallopt(3)), so one
    8 MB block, never written to and freed at once, keeps a batch's buffers mapped. It takes
    30 µs, once; other allocators merely map and unmap the block.
    """
    bytes(8 * 1024 * 1024)


_keep_freed_buffers_mapped()


def read_path(path: str | Path, password: str | None = None) -> KitData:
    """Read a workbook file (opened read only) into kit data."""
    path = Path(path)
    return read_workbook(read_file_bytes(path), str(path), password=password)


def read_file_bytes(path: Path) -> bytes:
    """A regular file's bytes, up to MAX_FILE_BYTES; anything else is refused, never waited on.

    The file is opened without blocking (a named pipe would wait for a writer) and checked
    on the open descriptor, so what is read is what was checked.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise UnreadableWorkbook(str(path), "this is a folder", "give a workbook file") from None
    except OSError as exc:
        raise UnreadableWorkbook(
            str(path),
            f"cannot open the file ({exc.strerror or exc})",
            "check the path and permissions",
        ) from None
    with os.fdopen(descriptor, "rb", buffering=0) as file:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableWorkbook(str(path), "this is a folder", "give a workbook file")
        if not stat.S_ISREG(mode):
            raise UnreadableWorkbook(
                str(path),
                f"this is not a regular file but a {_file_kind(mode)}, so it was not read",
                "give the workbook file itself",
            )
        # As much as the file holds (one byte more shows a file that grew), never more than
        # the limit allows: no buffer of the limit's size for an ordinary kit.
        size = min(os.fstat(descriptor).st_size, MAX_FILE_BYTES)
        content = file.read(size + 1) or b""
    if len(content) > MAX_FILE_BYTES:
        raise UnreadableWorkbook(
            str(path),
            f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB, far beyond any kit "
            "workbook; it was not read",
            "analyze the kit workbook the steward filled in",
        )
    return content


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def read_workbook(content: bytes, source: str, *, password: str | None = None) -> KitData:
    """The kit data in a returned workbook's bytes; ``source`` names it in every message."""
    package = open_package(content, source, password)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(package.content))
    except (CalamineError, ValueError, OSError) as exc:
        raise UnreadableWorkbook(
            source,
            f"the spreadsheet cannot be read ({exc})",
            "re-save it from Excel or LibreOffice and send it again",
        ) from None
    return _read(Book(book, package, source))


def _read(book: Book) -> KitData:
    book.note_bounded()
    metadata, spec = read_record(book)
    routes: dict[str, str] = {}
    charter, charter_cells, routes["charter"] = read_charter(book, spec)
    tables: dict[str, tuple[list[Row], TableFound | None]] = {}
    for key in contract.TABLES:
        if not _kit_has_table(book, metadata, spec, key):
            continue
        tables[key] = read_table(book, spec, key)
        place = tables[key][1]
        routes[key] = place.route if place is not None else "headers"
    decision, decision_cell = read_decision(book, spec, tables["milestones"][1])
    if not _looks_like_a_kit(book, charter, tables):
        raise UnreadableWorkbook(
            book.source,
            "this workbook is not a peer learning kit: none of the kit's sheets, tables "
            "or charter fields were found",
            "analyze a workbook made with `starterkit build` and filled in by a steward",
        )
    check_formulas_kept(book)
    return KitData(
        source=book.source,
        spec=spec,
        metadata=metadata,
        charter=charter,
        charter_cells=charter_cells,
        planner_decision=decision,
        planner_decision_cell=decision_cell,
        tables={key: rows for key, (rows, _) in tables.items()},
        routes=routes,
        data_findings=book.findings,
        unread=_unread(book, spec, charter, charter_cells, tables, decision_cell),
    )


def _unread(book, spec, charter, charter_cells, tables, decision_cell) -> frozenset[str]:
    """What the reader looked for and could not find, or found and could not use: a charter
    cell holding text that is not a value of its field ("Hebdomadaire" for a cadence of an
    English kit) is no more read than a blank one (see ``KitData.unread``)."""
    # The charter holds every charter field of the spec, found or not.
    unread = {f"charter.{key}" for key in charter if key not in charter_cells}
    # A cell with a data finding, or with text that typed to nothing, was not read.
    noted = {(f.location.sheet, f.location.cell) for f in book.findings if f.location}
    for key, location in charter_cells.items():
        if charter.get(key) is not None:
            continue
        typed_in = book.grid(location.sheet).at(location.cell)
        if (location.sheet, location.cell) in noted or not coerce.is_blank(typed_in):
            unread.add(f"charter.{key}")
    for key, (_, place) in tables.items():
        if place is None:
            unread.add(key)
        elif place.missing:
            inputs = {c.key for c in spec.table(key).columns if c.type != "formula"}
            unread |= {f"{key}.{column}" for column in place.missing if column in inputs}
    if decision_cell is None:
        unread.add(PLANNER_DECISION)
    return frozenset(unread)


def _kit_has_table(book: Book, metadata: KitMetadata, spec: KitSpec, key: str) -> bool:
    """Whether the kit was made with the table. A version 1 kit has no Playbook to miss; a
    kit of unknown version (its record gone) is only read for one when it has it."""
    since = contract.TABLES_SINCE.get(key)
    if since is None:
        return True  # a table every kit version has (whatever version a damaged record claims)
    version = metadata.kit_schema_version
    if not spec.has_table(key) or (version is not None and version < since):
        return False
    return version is not None or find_table(book, spec, key) is not None


def _looks_like_a_kit(book: Book, charter: dict[str, Any], tables: dict[str, Any]) -> bool:
    if KIT_SHEET in book.sheet_names:
        return True
    found_tables = sum(1 for _, place in tables.values() if place is not None)
    return found_tables >= 2 or sum(v is not None for v in charter.values()) >= 3
