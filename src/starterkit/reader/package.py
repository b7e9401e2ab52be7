"""Learn from a returned file's package XML what the cell reader cannot tell us.

The archive is opened and checked first (``archive``). Sheet parts are then bounded
(``sanitize``) and python-calamine is given a fresh in-memory package of exactly the parts
that were checked. A small scan of the package XML gives what python-calamine does not
expose: defined names, tables, formula cell positions, the 1904 date system and the custom
document properties.
"""

from __future__ import annotations

import io
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from starterkit.errors import UnreadableWorkbook
from starterkit.reader import sanitize
from starterkit.reader.archive import (
    MAX_FILE_BYTES,
    Archive,
    damaged_part,
    open_archive,
    read_part,
    refuse_doctypes,
)
from starterkit.reader.cellref import cell_name, cell_position

__all__ = ["MAX_FILE_BYTES", "Package", "TableDef", "open_package"]

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_SHEET_ROOTS = {"worksheet", "dialogsheet", "macrosheet", "chartsheet"}


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
    #: docProps/custom.xml as it is: the custom document properties copy the kit's record,
    #: read only from a file without its _kit sheet, so they are parsed only when asked for
    custom_xml: bytes | None = None
    #: An ODS file's user-defined metadata, or the custom properties once parsed.
    _properties: dict[str, str] | None = None
    #: Values left out because they lie outside the area read (or are not cells at all).
    outside: list[sanitize.Outside] = field(default_factory=list)
    #: sheet title -> how many more such values were left out, beyond those listed
    outside_more: dict[str, int] = field(default_factory=dict)
    #: sheet title -> why its XML could not be read (the sheet is read as empty)
    damaged_sheets: dict[str, str] = field(default_factory=dict)
    #: sheet title -> its XML, for sheets given to the cell reader without an XML parse:
    #: parsed only should the cell reader refuse one, to say what is damaged
    unparsed_sheets: dict[str, bytes] = field(default_factory=dict)

    @property
    def properties(self) -> dict[str, str]:
        """The document's custom properties, by name; none when there are none or when
        their XML is damaged (they are only a copy of the kit's record)."""
        if self._properties is None:
            self._properties = _custom_properties(self.custom_xml)
        return self._properties


def open_package(content: bytes, source: str, password: str | None = None) -> Package:
    """Check the file is a safe, readable spreadsheet and scan its package XML."""
    archive = open_archive(content, source, password)
    names = {info.filename for info in archive.infolist()}
    if "xl/workbook.xml" in names:
        kind = "xlsx"
    elif "mimetype" in names and read_part(archive, "mimetype", source).startswith(ODS_MIMETYPE):
        kind = "ods"
    else:
        raise UnreadableWorkbook(
            source,
            "this is a zip archive but not a spreadsheet (no workbook inside)",
            "analyze the .xlsx, .xlsm or .ods kit workbook itself",
        )
    roots = refuse_doctypes(archive, source)
    package = Package(kind, archive.content)
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


# --- xlsx ------------------------------------------------------------------------------------

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
#: An <f> element, as spreadsheets write it: the literal start lets the scan skip to each
#: "<f" rather than try every "<".
_FORMULA = re.compile(rb"<f[ >/]")
#: One with a namespace prefix (<x:f>), looked for only in a part where a tag name ends in
#: ":f" at all (a pattern with a literal start, found in a third of the time ``in`` takes).
_PREFIXED_FORMULA = re.compile(rb"<\w++:f[ >/]")  # possessive: \w never gives back a ':'
_PREFIXED_FORMULA_NAME = re.compile(rb":f[ >/]")


def formula_cells(xml: bytes) -> set[str]:
    """Cells of a worksheet part that hold a formula.

    A cell's <f> is its first child, so the nearest ` r="` before each <f> is that cell's
    reference (the row's own r attribute comes before the cell's).
    """
    starts = [match.start() for match in _FORMULA.finditer(xml)]
    if _PREFIXED_FORMULA_NAME.search(xml):
        starts += [match.start() for match in _PREFIXED_FORMULA.finditer(xml)]
    cells = set()
    for position in starts:
        start = xml.rfind(b' r="', 0, position) + 4
        end = xml.find(b'"', start)
        if start >= 4 and end >= 0:  # else damaged XML, which the cell reader will say
            cells.add(xml[start:end].decode("utf-8", "replace"))
    return cells


_REFERENCE = re.compile(r"^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::.*)?$")


def _scan_xlsx(
    archive: Archive, names: set[str], package: Package, source: str, roots: dict[str, str]
) -> None:
    workbook = parsed_once("workbook", read_part(archive, "xl/workbook.xml", source), _workbook)
    if workbook.date1904 is not None:
        package.date1904 = workbook.date1904
    package.defined_names.update(workbook.defined_names)
    sheet_parts = _relationship_targets(archive, names, "xl/workbook.xml", source)
    sheets = {title: sheet_parts.get(rid, "") for title, rid in workbook.sheets}
    _bound_xlsx(archive, package, source, roots, {part: title for title, part in sheets.items()})
    for title, part in sheets.items():
        for target in _relationship_targets(archive, names, part, source).values():
            if target.startswith("xl/tables/") and target in names:
                found = parsed_once("table", read_part(archive, target, source), _table)
                if found is not None:
                    name, (top, left), (bottom, right), columns = found
                    package.tables[name] = TableDef(name, title, top, left, bottom, right, columns)
    # Formulas matter where the tables are; a file without tables is scanned whole.
    with_tables = {table.sheet for table in package.tables.values()} or set(sheets)
    for title in with_tables:
        if sheets.get(title) in names:
            xml = read_part(archive, sheets[title], source)
            package.formula_cells[title] = formula_cells(xml)
    if "docProps/custom.xml" in names:
        package.custom_xml = read_part(archive, "docProps/custom.xml", source)


def _custom_properties(xml: bytes | None) -> dict[str, str]:
    properties: dict[str, str] = {}
    if xml is None:
        return properties
    try:
        custom = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, RecursionError):
        return properties
    for prop in custom.iter(f"{_NS_CUSTOM}property"):
        value = next(iter(prop), None)
        if value is not None and value.text is not None:
            properties[prop.get("name", "")] = value.text.strip()
    return properties


#: Structure parts parsed lately, by what they are and their bytes: every kit built from one
#: spec has the same workbook part, relationships and tables, so a batch parses each once.
#: Only what parsed is kept (a damaged part fails every time), and only small parts (at
#: most 256 × 16 KB kept, whatever a batch holds).
MAX_PARSED = 256
MAX_PARSED_BYTES = 16 * 1024
_parsed: dict[tuple[str, bytes], Any] = {}


def parsed_once(kind: str, xml: bytes, parse: Callable[[bytes], Any]) -> Any:
    """``parse(xml)``, which must return something immutable, kept for the next kit."""
    if len(xml) > MAX_PARSED_BYTES:
        return parse(xml)
    key = (kind, xml)
    if key not in _parsed:
        if len(_parsed) >= MAX_PARSED:  # in a long-lived process, specs come and go
            _parsed.clear()
        _parsed[key] = parse(xml)
    return _parsed[key]


@dataclass(frozen=True)
class _Workbook:
    """What the workbook part says: its date system (None: not said), its workbook-wide
    defined names to cells, in order, and its sheets' titles with their relationship ids."""

    date1904: bool | None
    defined_names: tuple[tuple[str, tuple[str, str]], ...]
    sheets: tuple[tuple[str, str], ...]


def _workbook(xml: bytes) -> _Workbook:
    workbook = ElementTree.fromstring(xml)
    properties = workbook.find(f"{_NS_MAIN}workbookPr")
    date1904 = None
    if properties is not None:
        date1904 = properties.get("date1904", "0").lower() in ("1", "true")
    defined_names = []
    for defined in workbook.iter(f"{_NS_MAIN}definedName"):
        where = parse_reference(defined.text or "")
        if where and defined.get("localSheetId") is None:
            defined_names.append((defined.get("name", ""), where))
    sheets = tuple(
        (sheet.get("name", ""), sheet.get(f"{_NS_REL}id", ""))
        for sheet in workbook.iter(f"{_NS_MAIN}sheet")
    )
    return _Workbook(date1904, tuple(defined_names), sheets)


def _bound_xlsx(
    archive: Archive,
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
                raise damaged_part(source, name, f"is not well-formed XML ({exc})") from None
        elif root in _SHEET_ROOTS:
            title = titles.get(name, name)
            original = archive.parts[name]
            result = sanitize.sanitize_sheet(original, title)
            archive.parts[name] = result.xml
            if not result.parsed:  # should it be refused, its damage is named where it is
                package.unparsed_sheets[title] = original
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
    archive: Archive, names: set[str], part: str, source: str
) -> dict[str, str]:
    """Relationship id -> target part name, for a part's relationships."""
    folder, _, file_name = part.rpartition("/")
    rels_name = f"{folder}/_rels/{file_name}.rels"
    if rels_name not in names:
        return {}
    xml = read_part(archive, rels_name, source)
    return dict(parsed_once(f"relationships in {folder}", xml, _targets_from(folder)))


def _targets_from(folder: str) -> Callable[[bytes], tuple[tuple[str, str], ...]]:
    def targets(xml: bytes) -> tuple[tuple[str, str], ...]:
        found: dict[str, str] = {}
        for rel in ElementTree.fromstring(xml):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            found[rel.get("Id", "")] = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(f"{folder}/{target}")
            )
        return tuple(found.items())

    return targets


def _table(xml: bytes) -> tuple[str, tuple[int, int], tuple[int, int], tuple[str, ...]] | None:
    """An Excel table part's name, corners and column names (None when unusable)."""
    element = ElementTree.fromstring(xml)
    name = element.get("displayName") or element.get("name")
    corners = (element.get("ref") or "").split(":")
    if not name or len(corners) != 2:
        return None
    try:
        first, last = cell_position(corners[0]), cell_position(corners[1])
    except (AttributeError, TypeError, ValueError):
        return None
    columns = tuple(column.get("name", "") for column in element.iter(f"{_NS_MAIN}tableColumn"))
    return name, first, last, columns


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


def _scan_ods(archive: Archive, package: Package, source: str) -> None:
    """Walk content.xml once: formula cell positions per sheet, then the named ranges."""
    package._properties = {}
    if "meta.xml" in archive.namelist():
        meta = ElementTree.fromstring(read_part(archive, "meta.xml", source))
        for prop in meta.iter(f"{_NS_META}user-defined"):
            if prop.text is not None:
                package._properties[prop.get(f"{_NS_META}name", "")] = prop.text.strip()

    try:
        bounded = sanitize.sanitize_ods_content(read_part(archive, "content.xml", source))
    except expat.ExpatError as exc:
        raise damaged_part(source, "content.xml", f"is not well-formed XML ({exc})") from None
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
