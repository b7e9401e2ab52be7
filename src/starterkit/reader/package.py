"""Open a returned file safely and learn what the cell reader cannot tell us.

Before any value is read: refuse what is not a spreadsheet, what is encrypted (unless a
password is given), legacy .xls, zip bombs (by the sizes the archive declares, then by
the bytes actually inflated, counted while inflating) and XML carrying a DOCTYPE (entity
expansion attacks; no spreadsheet part needs one). Sheet parts are then bounded
(``sanitize``) and python-calamine is given a fresh in-memory package of exactly the
parts that were checked. A small scan of the package XML gives what python-calamine does
not expose: defined names, formula cell positions, the 1904 date system and the custom
document properties.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.parsers import expat

from starterkit.errors import UnreadableWorkbook
from starterkit.reader import sanitize
from starterkit.reader.cellref import cell_name, cell_position

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

#: Size limits, checked against the sizes the archive declares and again against the bytes
#: actually inflated. A filled kit is well under 1 MB inflated; these leave room for very
#: large workbooks (a 5 MB text cell is fine) while refusing archives built to exhaust
#: memory. The compression ratio only counts for parts above RATIO_FLOOR: text that
#: repeats compresses very well and is still honest.
MAX_FILE_BYTES = 128 * 1024 * 1024
MAX_TOTAL_INFLATED = 128 * 1024 * 1024
MAX_PART_INFLATED = 64 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR = 16 * 1024 * 1024
MAX_PARTS = 10_000
_HEAD_BYTES = 4096
_ROOT_ELEMENT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_SHEET_ROOTS = {"worksheet", "dialogsheet", "macrosheet", "chartsheet"}
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}


@dataclass(frozen=True)
class TableDef:
    """An Excel table: its name, sheet, corners (0-based, header row first) and column names."""

    name: str
    sheet: str
    header_row: int
    first_col: int
    last_row: int
    last_col: int
    columns: tuple[str, ...]


@dataclass
class Package:
    """What the package scan learned about a workbook."""

    kind: str  # "xlsx" or "ods"
    content: bytes  # the zip bytes (decrypted when a password was given)
    defined_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (sheet, A1)
    tables: dict[str, TableDef] = field(default_factory=dict)
    #: sheet title -> cells ("B7") holding a formula
    formula_cells: dict[str, set[str]] = field(default_factory=dict)
    date1904: bool = False
    properties: dict[str, str] = field(default_factory=dict)
    #: Values left out because they lie outside the area read (or are not cells at all).
    outside: list[sanitize.Outside] = field(default_factory=list)
    #: sheet title -> how many more such values were left out, beyond those listed
    outside_more: dict[str, int] = field(default_factory=dict)
    #: sheet title -> why its XML could not be read (the sheet is read as empty)
    damaged_sheets: dict[str, str] = field(default_factory=dict)


def open_package(content: bytes, source: str, password: str | None = None) -> Package:
    """Check the file is a safe, readable spreadsheet and scan its package XML."""
    if content.startswith(OLE_MAGIC):
        content = _decrypt(content, source, password)
    if not content.startswith(b"PK"):
        raise UnreadableWorkbook(source, *_not_a_spreadsheet(content))
    try:
        archive = _Archive(content)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise UnreadableWorkbook(
            source,
            "the file is damaged: its zip archive is incomplete or corrupt",
            "send the file again (it may have been cut off) or re-save it from the spreadsheet",
        ) from None
    _refuse_bombs(infos, source)
    archive.inflate_all(source)
    names = {info.filename for info in infos}
    if "xl/workbook.xml" in names:
        kind = "xlsx"
    elif "mimetype" in names and _read(archive, "mimetype", source).startswith(ODS_MIMETYPE):
        kind = "ods"
    else:
        raise UnreadableWorkbook(
            source,
            "this is a zip archive but not a spreadsheet (no workbook inside)",
            "analyze the .xlsx, .xlsm or .ods kit workbook itself",
        )
    roots = _refuse_doctypes(archive, source)
    package = Package(kind, content)
    try:
        if kind == "xlsx":
            _scan_xlsx(archive, names, package, source, roots)
        else:
            _scan_ods(archive, package, source)
    except (ElementTree.ParseError, expat.ExpatError, RecursionError) as exc:
        raise UnreadableWorkbook(
            source,
            f"the workbook's XML is damaged ({exc})",
            "re-save the file from the spreadsheet and send it again",
        ) from None
    package.content = archive.checked_package(kind)
    return package


# --- refusals --------------------------------------------------------------------------------


def _decrypt(content: bytes, source: str, password: str | None) -> bytes:
    import msoffcrypto
    import olefile

    try:
        streams = {"/".join(entry) for entry in olefile.OleFileIO(io.BytesIO(content)).listdir()}
    except OSError:
        streams = set()
    if "EncryptionInfo" not in streams:
        raise UnreadableWorkbook(
            source,
            "this is a legacy Excel 97–2003 (.xls) file, which the kit is not",
            "open it in Excel or LibreOffice and save it as .xlsx, then analyze that copy",
        )
    if password is None:
        raise UnreadableWorkbook(
            source,
            "the workbook is encrypted with a password, so its contents cannot be read",
            "give the password with --password, or ask the steward for a copy without one",
        )
    try:
        office_file = msoffcrypto.OfficeFile(io.BytesIO(content))
        office_file.load_key(password=password)
        output = io.BytesIO()
        office_file.decrypt(output)
    except Exception:  # msoffcrypto raises several unrelated types for a wrong key
        raise UnreadableWorkbook(
            source,
            "the password does not open this encrypted workbook",
            "check the password with the steward",
        ) from None
    return output.getvalue()


def _not_a_spreadsheet(content: bytes) -> tuple[str, str]:
    head = content[:1024].lstrip()
    if not content:
        what = "the file is empty"
    elif head.startswith(b"%PDF"):
        what = "this is a PDF, not a spreadsheet"
    elif head[:1] in (b"<",) and b"html" in head.lower():
        what = "this is a web page, not a spreadsheet"
    elif _looks_like_text(head):
        what = "this is a text file (CSV or similar), not a kit workbook"
    else:
        what = "this is not a spreadsheet file"
    return what, "analyze the .xlsx, .xlsm or .ods kit workbook the steward filled in"


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _refuse_bombs(infos: list[zipfile.ZipInfo], source: str) -> None:
    total = sum(info.file_size for info in infos)
    worst = max(infos, key=lambda i: i.file_size / max(i.compress_size, 1), default=None)
    too_big = len(infos) > MAX_PARTS or total > MAX_TOTAL_INFLATED
    if worst is not None:
        ratio = worst.file_size / max(worst.compress_size, 1)
        too_big = too_big or worst.file_size > MAX_PART_INFLATED
        too_big = too_big or (ratio > MAX_RATIO and worst.file_size > RATIO_FLOOR)
    if too_big:
        raise UnreadableWorkbook(
            source,
            f"the archive declares {total / 1024 / 1024:,.0f} MB of content in {len(infos)} parts, "
            "far beyond any kit workbook (a zip bomb?); nothing was unpacked",
            "do not open this file; ask the steward to send the workbook again",
        )


def _refuse_doctypes(archive: _Archive, source: str) -> dict[str, str]:
    """Refuse any XML part with a DOCTYPE; the local name of each part's root element."""
    roots: dict[str, str] = {}
    for name, data in archive.parts.items():
        if name == "mimetype":
            continue
        head = data[:_HEAD_BYTES]
        root = _ROOT_ELEMENT.search(head)
        # A DOCTYPE can only come before the root element; one padded past the part's
        # first bytes leaves no root element there, which no spreadsheet writes either.
        prolog = head if root is None else head[: root.start()]
        if root is None or b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
            raise UnreadableWorkbook(
                source,
                f"part {name} declares XML entities (a DOCTYPE), which no spreadsheet "
                "writes and which can be used to attack readers; nothing was read",
                "do not open this file; ask the steward to send the workbook again",
            )
        roots[name] = root.group(1).decode("ascii", "replace").rpartition(":")[2]
    return roots


def _bomb(source: str, what: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        source,
        f"{what}, far beyond any kit workbook (a zip bomb?); unpacking stopped there",
        "do not open this file; ask the steward to send the workbook again",
    )


def _damaged_part(source: str, name: str, what: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        source,
        f"the file is damaged: part {name} {what}",
        "send the file again (it may have been cut off) or re-save it from the spreadsheet",
    )


class _Archive(zipfile.ZipFile):
    """A zip over bytes in memory whose parts are inflated once, with every byte counted.

    Only stored and deflated parts are accepted (what every spreadsheet writes). Each part
    is inflated straight from the archive's bytes, never past the size it declares (one
    that holds more is a lie, so the file is refused), and the whole archive never past
    MAX_TOTAL_INFLATED. XML parts are kept for the scans and for the package the cell
    reader is given; other parts (images, macros) are counted and dropped.
    """

    def __init__(self, content: bytes):
        super().__init__(io.BytesIO(content))
        self.content = content
        self.parts: dict[str, bytes] = {}

    def inflate_all(self, source: str) -> None:
        seen: set[str] = set()
        total = 0
        for info in self.infolist():
            name = info.filename
            if name in seen:
                raise _damaged_part(source, name, "appears twice in the archive")
            seen.add(name)
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                raise _damaged_part(source, name, "is encrypted inside the archive")
            if info.compress_type not in _METHODS:
                raise UnreadableWorkbook(
                    source,
                    f"part {name} is packed with a compression method no spreadsheet uses "
                    f"(method {info.compress_type}); nothing was unpacked",
                    "re-save the workbook from Excel or LibreOffice and send it again",
                )
            data = self._inflate(info, source, MAX_TOTAL_INFLATED - total)
            total += len(data)
            if name == "mimetype" or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
                self.parts[name] = data

    def _inflate(self, info: zipfile.ZipInfo, source: str, room: int) -> bytes:
        name = info.filename
        header = self.content[info.header_offset : info.header_offset + 30]
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise _damaged_part(source, name, "has no valid header")
        start = info.header_offset + 30 + int.from_bytes(header[26:28], "little")
        start += int.from_bytes(header[28:30], "little")
        data = self.content[start : start + info.compress_size]
        if len(data) < info.compress_size:
            raise _damaged_part(source, name, "is cut short")
        # Never inflate past what the part declares (+1 byte, to catch a lie), the part
        # limit or what is left of the archive's.
        cap = min(info.file_size, MAX_PART_INFLATED, room) + 1
        if info.compress_type == zipfile.ZIP_STORED:
            out = data[:cap]
        else:
            try:
                out = zlib.decompressobj(-15).decompress(data, cap)
            except zlib.error as exc:
                raise _damaged_part(source, name, f"cannot be unpacked ({exc})") from None
        if len(out) > info.file_size:
            raise _bomb(
                source, f"part {name} unpacks to more than the {info.file_size:,} bytes it declares"
            )
        if len(out) >= cap:
            raise _bomb(source, f"part {name} unpacks to more than {cap - 1:,} bytes")
        ratio = len(out) / max(info.compress_size, 1)
        if len(out) > RATIO_FLOOR and ratio > MAX_RATIO:
            raise _bomb(source, f"part {name} unpacks {ratio:,.0f} times its packed size")
        if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
            raise _damaged_part(source, name, "does not match its checksum")
        return out

    def read_part(self, name: str, limit: int = -1) -> bytes:
        data = self.parts[name]
        return data if limit < 0 else data[:limit]

    def checked_package(self, kind: str) -> bytes:
        """A fresh, uncompressed zip of the checked (and bounded) XML parts."""
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as package:
            if kind == "ods" and "mimetype" in self.parts:
                package.writestr("mimetype", self.parts["mimetype"])
            for name, data in self.parts.items():
                if name != "mimetype" or kind != "ods":
                    package.writestr(name, data)
        return output.getvalue()


def _read(archive: _Archive, name: str, source: str, limit: int = -1) -> bytes:
    try:
        return archive.read_part(name, limit)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        RuntimeError,
        ValueError,
        KeyError,
    ) as exc:
        raise UnreadableWorkbook(
            source,
            f"the file is damaged: part {name} cannot be unpacked ({exc})",
            "send the file again (it may have been cut off) or re-save it from the spreadsheet",
        ) from None


# --- xlsx ------------------------------------------------------------------------------------

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def formula_cells(xml: bytes) -> set[str]:
    """Cells of a worksheet part that hold a formula.

    A cell's <f> is its first child, so the nearest ` r="` before each <f> is that cell's
    reference (the row's own r attribute comes before the cell's).
    """
    cells = set()
    for match in _FORMULA.finditer(xml):
        start = xml.rfind(b' r="', 0, match.start()) + 4
        cells.add(xml[start : xml.index(b'"', start)].decode())
    return cells


_REFERENCE = re.compile(r"^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::.*)?$")


def _scan_xlsx(
    archive: _Archive, names: set[str], package: Package, source: str, roots: dict[str, str]
) -> None:
    workbook = ElementTree.fromstring(_read(archive, "xl/workbook.xml", source))
    properties = workbook.find(f"{_NS_MAIN}workbookPr")
    if properties is not None:
        package.date1904 = properties.get("date1904", "0").lower() in ("1", "true")
    for defined in workbook.iter(f"{_NS_MAIN}definedName"):
        where = parse_reference(defined.text or "")
        if where and defined.get("localSheetId") is None:
            package.defined_names[defined.get("name", "")] = where
    sheet_parts = _relationship_targets(archive, names, "xl/workbook.xml", source)
    sheets = {
        sheet.get("name", ""): sheet_parts.get(sheet.get(f"{_NS_REL}id", ""), "")
        for sheet in workbook.iter(f"{_NS_MAIN}sheet")
    }
    _bound_xlsx(archive, package, source, roots, {part: title for title, part in sheets.items()})
    for title, part in sheets.items():
        for target in _relationship_targets(archive, names, part, source).values():
            if target.startswith("xl/tables/") and target in names:
                table = _table(ElementTree.fromstring(_read(archive, target, source)), title)
                if table is not None:
                    package.tables[table.name] = table
    # Formulas matter where the tables are; a file without tables is scanned whole.
    with_tables = {table.sheet for table in package.tables.values()} or set(sheets)
    for title in with_tables:
        if sheets.get(title) in names:
            xml = _read(archive, sheets[title], source)
            package.formula_cells[title] = formula_cells(xml)
    if "docProps/custom.xml" in names:
        custom = ElementTree.fromstring(_read(archive, "docProps/custom.xml", source))
        for prop in custom.iter(f"{_NS_CUSTOM}property"):
            value = next(iter(prop), None)
            if value is not None and value.text is not None:
                package.properties[prop.get("name", "")] = value.text.strip()


def _bound_xlsx(
    archive: _Archive,
    package: Package,
    source: str,
    roots: dict[str, str],
    titles: dict[str, str],
) -> None:
    """Every part the cell reader could take for a sheet is bounded, whatever its name;
    the shared strings and styles lose their count hints."""
    shared_strings = next((name for name, root in roots.items() if root == "sst"), None)
    for name, root in roots.items():
        if root in ("sst", "styleSheet"):
            try:
                archive.parts[name] = sanitize.strip_counts(archive.parts[name])
            except expat.ExpatError as exc:
                raise _damaged_part(source, name, f"is not well-formed XML ({exc})") from None
        elif root in _SHEET_ROOTS:
            title = titles.get(name, name)
            result = sanitize.sanitize_sheet(archive.parts[name], title)
            archive.parts[name] = result.xml
            if result.damaged:
                package.damaged_sheets[title] = result.damaged
            if result.more:
                package.outside_more[title] = result.more
            for item in result.outside:
                if item.shared and shared_strings and (item.value or "").isdigit():
                    text = sanitize.shared_string(archive.parts[shared_strings], int(item.value))
                    item = sanitize.Outside(item.sheet, item.cell, text, item.kind)
                package.outside.append(item)


def _relationship_targets(
    archive: _Archive, names: set[str], part: str, source: str
) -> dict[str, str]:
    """Relationship id -> target part name, for a part's relationships."""
    folder, _, file_name = part.rpartition("/")
    rels_name = f"{folder}/_rels/{file_name}.rels"
    if rels_name not in names:
        return {}
    targets: dict[str, str] = {}
    for rel in ElementTree.fromstring(_read(archive, rels_name, source)):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        targets[rel.get("Id", "")] = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(f"{folder}/{target}")
        )
    return targets


def _table(element: ElementTree.Element, sheet: str) -> TableDef | None:
    name = element.get("displayName") or element.get("name")
    corners = (element.get("ref") or "").split(":")
    if not name or len(corners) != 2:
        return None
    try:
        first, last = cell_position(corners[0]), cell_position(corners[1])
    except (AttributeError, TypeError, ValueError):
        return None
    columns = tuple(column.get("name", "") for column in element.iter(f"{_NS_MAIN}tableColumn"))
    return TableDef(name, sheet, first[0], first[1], last[0], last[1], columns)


def parse_reference(text: str) -> tuple[str, str] | None:
    """('Sheet', 'B7') from a defined name's "'Sheet'!$B$7" (first cell of a range)."""
    return _sheet_and_cell(_REFERENCE, text.strip().lstrip("="))


def _sheet_and_cell(pattern: re.Pattern[str], text: str) -> tuple[str, str] | None:
    """The sheet (unquoted) and cell of a reference, by a pattern with the groups
    quoted sheet, plain sheet, column letters, row number; None when it does not match."""
    match = pattern.match(text)
    if not match:
        return None
    sheet = match.group(1).replace("''", "'") if match.group(1) else match.group(2)
    return sheet, f"{match.group(3)}{match.group(4)}"


# --- ods -------------------------------------------------------------------------------------

_NS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_REFERENCE = re.compile(r"^\$?(?:'((?:[^']|'')+)'|([^.]+))\.\$?([A-Z]{1,3})\$?([0-9]{1,7})")


_NS_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"


def _scan_ods(archive: _Archive, package: Package, source: str) -> None:
    """Walk content.xml once: formula cell positions per sheet, then the named ranges."""
    if "meta.xml" in archive.namelist():
        meta = ElementTree.fromstring(_read(archive, "meta.xml", source))
        for prop in meta.iter(f"{_NS_META}user-defined"):
            if prop.text is not None:
                package.properties[prop.get(f"{_NS_META}name", "")] = prop.text.strip()

    try:
        bounded = sanitize.sanitize_ods_content(_read(archive, "content.xml", source))
    except expat.ExpatError as exc:
        raise _damaged_part(source, "content.xml", f"is not well-formed XML ({exc})") from None
    archive.parts["content.xml"] = bounded.xml
    package.outside.extend(bounded.outside)
    if bounded.more:
        package.outside_more[bounded.outside[0].sheet] = bounded.more
    content = io.BytesIO(bounded.xml)
    sheet, row, col, cells = "", 0, 0, set()
    row_repeat = 1
    for event, element in ElementTree.iterparse(content, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == f"{_NS_TABLE}table":
                sheet, row, cells = element.get(f"{_NS_TABLE}name", ""), 0, set()
            elif tag == f"{_NS_TABLE}table-row":
                col = 0
                row_repeat = int(element.get(f"{_NS_TABLE}number-rows-repeated", "1"))
            elif tag in (f"{_NS_TABLE}table-cell", f"{_NS_TABLE}covered-table-cell"):
                if element.get(f"{_NS_TABLE}formula") is not None:
                    cells.add(cell_name(row, col))
                col += int(element.get(f"{_NS_TABLE}number-columns-repeated", "1"))
            continue
        if tag == f"{_NS_TABLE}table-row":
            row += row_repeat
            element.clear()
        elif tag == f"{_NS_TABLE}table":
            package.formula_cells[sheet] = cells
            element.clear()
        elif tag == f"{_NS_TABLE}database-range":
            table = _database_range(element)
            if table is not None:
                package.tables[table.name] = table
        elif tag == f"{_NS_TABLE}named-range":
            where = _sheet_and_cell(
                _ODS_REFERENCE, element.get(f"{_NS_TABLE}cell-range-address", "")
            )
            if where:
                package.defined_names[element.get(f"{_NS_TABLE}name", "")] = where


def _database_range(element: ElementTree.Element) -> TableDef | None:
    """A table as LibreOffice keeps it in ODS: a named database range (headers in the grid)."""
    name = element.get(f"{_NS_TABLE}name", "")
    corners = element.get(f"{_NS_TABLE}target-range-address", "").split(":")
    if not name or len(corners) != 2:
        return None
    first = _sheet_and_cell(_ODS_REFERENCE, corners[0])
    last = _sheet_and_cell(_ODS_REFERENCE, corners[1])
    if not first or not last:
        return None
    top, left = cell_position(first[1])
    bottom, right = cell_position(last[1])
    return TableDef(name, first[0], top, left, bottom, right, ())
