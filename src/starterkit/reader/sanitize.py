"""Bound what a workbook's XML may claim before the cell reader sees it.

python-calamine allocates a sheet's whole rectangle, from A1 to its farthest cell, and
sizes some buffers by the counts a part declares. One stray value at XFD1048576, a
reference like A99999999, a ``uniqueCount="4294967295"`` or an ODS row repeated a
million times would make it allocate gigabytes, or abort the process.

A sheet part whose every cell, row and dimension tag is plainly inside the area (what
spreadsheets write) is checked so by pattern and given to the reader as it is. Any other
is walked once (expat, streaming events over the bytes) and rewritten only where needed:

- ``<dimension>`` is removed (the reader sizes sheets by their cells);
- cells and rows beyond ``MAX_ROWS`` x ``MAX_COLUMNS``, and cells whose reference is not
  a cell reference, are cut out and reported with their cell and value;
- ``count`` and ``uniqueCount`` attributes are removed (they are only hints);
- ODS repeat counts are clipped at the same bounds, and one that is not a number is read
  as 1 and reported.

Everything else keeps its bytes, so a healthy kit reaches the reader unchanged but for its
styled empty cells, dropped as the reader would skip them anyway. A part the
walk cannot parse is read as empty; a part given as it is and then refused by the cell
reader is parsed for the XML error that explains it (``xml_error``).
"""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass
from xml.parsers import expat

from starterkit.reader.cellref import cell_name

#: The area read on every sheet: rows 1 to 5,000 and columns A to DX. A kit's tables are
#: at most 2,000 rows (the spec says so) and a few dozen columns.
MAX_ROWS = 5_000
MAX_COLUMNS = 128
#: Values outside that area reported one by one per sheet; the rest are counted.
MAX_REPORTED = 20

_START_TAG = re.compile(rb"<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*\s*(/?)>")
_REFERENCE = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_VALUE = re.compile(rb"<(?:[\w.-]+:)?(?:v|t|p)(?:\s[^>]*)?>([^<]*)<")
_EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)


@dataclass(frozen=True)
class Outside:
    """A value the reader did not read: where it was and what it held."""

    sheet: str
    cell: str  # "XFD1048576", or the reference as written when it is not one
    value: str | None
    kind: str  # "far" (beyond the area read), "reference" (not a cell), "repeat"
    shared: bool = False  # value is an index into the shared strings


@dataclass
class SheetResult:
    xml: bytes
    outside: list[Outside]
    more: int = 0  # values outside the area beyond the first MAX_REPORTED
    damaged: str | None = None  # the XML error, when the part could not be parsed
    parsed: bool = True  # False: plainly bounded, given as it is without an XML parse


class _Edits:
    """Byte ranges to cut or replace in a part, applied in one pass at the end."""

    def __init__(self, xml: bytes):
        self.xml = xml
        self.changes: list[tuple[int, int, bytes]] = []

    def tag_end(self, start: int) -> tuple[int, bool]:
        """Where the start tag at ``start`` ends, and whether it closes itself."""
        match = _START_TAG.match(self.xml, start)
        if match is None:  # expat accepted it, so this does not happen; cut nothing
            return start, False
        return match.end(), match.group(1) == b"/"

    def element_end(self, end_index: int, empty_end: int | None) -> int:
        if empty_end is not None:
            return empty_end
        close = self.xml.find(b">", end_index)
        return len(self.xml) if close < 0 else close + 1

    def apply(self) -> bytes:
        if not self.changes:
            return self.xml
        out, at = [], 0
        for start, end, text in sorted(self.changes):
            if start < at:  # inside a range already cut
                continue
            out += [self.xml[at:start], text]
            at = end
        out.append(self.xml[at:])
        return b"".join(out)


#: What a double-quoted attribute value must escape (xml.sax.saxutils.quoteattr's set, kept
#: here so that importing the reader does not load xml.sax and, through it, urllib and ssl).
_ATTRIBUTE_ESCAPES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("\t", "&#9;"),
    ("\n", "&#10;"),
    ("\r", "&#13;"),
)


def _escape_attribute(text: str) -> str:
    for plain, escaped in _ATTRIBUTE_ESCAPES:
        text = text.replace(plain, escaped)
    return text


def _unescape(text: str) -> str:
    """&lt;, &gt; and &amp; as the characters (as xml.sax.saxutils.unescape does)."""
    if "&" not in text:
        return text
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _start_tag(name: str, attributes: list[str], empty: bool) -> bytes:
    pairs = "".join(
        f' {attributes[i]}="{_escape_attribute(attributes[i + 1])}"'
        for i in range(0, len(attributes), 2)
    )
    return f"<{name}{pairs}{'/' if empty else ''}>".encode()


def _parser() -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.ordered_attributes = True
    return parser


def _attribute(attributes: list[str], local: str) -> str | None:
    for i in range(0, len(attributes), 2):
        if _local(attributes[i]) == local:
            return attributes[i + 1]
    return None


def _shown_value(fragment: bytes) -> str | None:
    match = _VALUE.search(fragment)
    if match is None:
        return None
    return _unescape(match.group(1).decode("utf-8", "replace"))


# Within the area read, conservatively: columns A to CZ, rows 1 to 4,999.
_SAFE_CELL = rb"(?:[A-Z]|[A-C][A-Z])(?:[1-9][0-9]{0,2}|[1-4][0-9]{3})"
_SAFE_ROW_NUMBER = rb"(?:[1-9][0-9]{0,2}|[1-4][0-9]{3})"
#: Whitespace inside a tag, as XML (and the cell reader) know it.
_SPACE = rb"[ \t\r\n]"
#: What may follow a cell's reference in its tag, in the schema's order, as spreadsheets write
#: it (style, type, cell and value metadata, phonetic flag), then the tag's end. Nothing else:
#: the cell reader takes a tag's last r, so a second one must never pass unseen.
_CELL_REST = rb'(?: s="\d++")?+(?: t="\w++")?+(?: cm="\d++")?+(?: vm="\d++")?+(?: ph="\w++")?+/?>'
#: What may follow a row's number in its tag: attributes in XML's syntax, values in double
#: quotes, none of them another r (prefixed or not), then the tag's end.
_ROW_REST = (
    rb"(?:" + _SPACE + rb"++(?!(?:[^\s=/>:]++:)?r[\s=])[^\s=/>\"'<]++"
    rb"" + _SPACE + rb"*+=" + _SPACE + rb"*+\"[^\"<]*+\")*+" + _SPACE + rb"*+/?>"
)
#: The same as spreadsheets write it: the schema's row attributes in its order (and Excel's
#: row height hint), then the tag's end. A row tag is matched against this first: it takes
#: far less time than _ROW_REST, which tries at each attribute whether it is another r.
_ROW_USUAL = (
    rb'(?: spans="[0-9: ]*+")?+(?: s="\d++")?+(?: customFormat="\w++")?+(?: ht="[\d.]++")?+'
    rb'(?: hidden="\w++")?+(?: customHeight="\w++")?+(?: outlineLevel="\d++")?+'
    rb'(?: collapsed="\w++")?+(?: thickTop="\w++")?+(?: thickBot="\w++")?+(?: ph="\w++")?+'
    rb'(?: x14ac:dyDescent="[\d.]++")?+/?>'
)
#: What makes a tag unbounded, after its "<" and any namespace prefix: a cell or row tag that
#: is not, whole, a reference in the area and what may follow it; a dimension tag that is
#: not just a reference in the area; or a value no cell reader should convert (calamine
#: panics making a date of 1e308 or inf).
#: Repeats are possessive where what follows can never be what they repeat: no time is
#: spent giving characters back.
_UNBOUNDED_TAG = (
    rb"(?:"
    rb"c(?=[\s/>])(?! r=\"" + _SAFE_CELL + rb"\"" + _CELL_REST + rb")"
    rb"|row(?=[\s/>])(?! r=\"" + _SAFE_ROW_NUMBER + rb"\"" + _ROW_USUAL + rb")"
    rb"(?!" + _SPACE + rb"++r=\"" + _SAFE_ROW_NUMBER + rb"\"" + _ROW_REST + rb")"
    rb"|dimension(?=[\s/>])(?!\s++ref=\"" + _SAFE_CELL + rb"(?::" + _SAFE_CELL + rb")?\"\s*+/>)"
    rb"|v>\s*+[-+]?(?:\d{12}|[\d.]*+[eE](?:[-+]?\d{3}|\+?[1-9]\d)|(?i:inf))"
    rb")"
)
#: The first unbounded tag, with or without a namespace prefix. The prefix is possessive,
#: as a name without ':' can never give a character back to match ':'.
_UNBOUNDED = re.compile(rb"<(?:[^\s/>:]++:)?" + _UNBOUNDED_TAG)
#: The same for parts whose tags have no prefix, as spreadsheets write them: with no
#: prefix to try at every "<", the scan takes two thirds of the time.
_UNBOUNDED_UNPREFIXED = re.compile(rb"<" + _UNBOUNDED_TAG)
#: What any prefixed cell, row, dimension or value tag contains (and a little more).
_PREFIXED_TAG = re.compile(rb":(?:c|row|dimension)(?=[\s/>])|:v>")
#: Numbers read at all (the reader's own limit is lower); beyond, the cell is cut out.
MAX_NUMBER = 1e15
_TEXT_TYPES = {"s", "str", "inlineStr", "e", "b"}


def _plainly_bounded(xml: bytes) -> bool:
    """Whether every cell, row and dimension tag in a part is, whole, what spreadsheets
    write: a reference inside the area read, and no other reference. Checked at C speed
    by pattern, with no XML parse: the check holds whatever else the part holds, well-formed
    or not, since it reads each tag as the cell reader does.

    Every ``<c``, ``<row`` and ``<dimension`` is looked at, even in comments, so a tag the
    safe patterns miss sends the part down the full walk; nothing is missed. A part with a
    NUL byte (UTF-16, or damage) is walked too: its tags need not be ASCII bytes.
    """
    if b"\x00" in xml:
        return False
    if _PREFIXED_TAG.search(xml):
        return _UNBOUNDED.search(xml) is None
    return _UNBOUNDED_UNPREFIXED.search(xml) is None


def xml_error(xml: bytes) -> str | None:
    """Why a part is not well-formed XML (None when it is)."""
    try:
        expat.ParserCreate().Parse(xml, True)
    except expat.ExpatError as exc:
        return str(exc)
    return None


#: The end tag of a worksheet part's root, as the part's last bytes.
_WORKSHEET_END = re.compile(
    rb"</(?:[^\s/>:]++:)?(?:worksheet|dialogsheet|macrosheet|chartsheet)\s*+>\s*+$"
)


#: A cell that holds nothing but a style, as spreadsheets write it. The cell reader skips such
#: cells (they neither hold a value nor widen the sheet), and they are most of a kit's cells:
#: its tables' rows are styled before anyone types in them. Every reference this matches is a
#: real cell (at most ZZ999999), so one beyond the area is dropped just as the walk would
#: drop it, with nothing to say; a reference no sheet has is left for the walk to report.
#: They come in runs (a row's blank cells side by side), each run dropped as one match, in a
#: quarter less time than a match a cell. A run starts with a whole cell, so that the scan
#: still skips to each literal '<c r="'.
_STYLED_EMPTY = rb'<c r="[A-Z]{1,2}+[1-9][0-9]{0,5}+"(?: s="[0-9]++")?+/>'
_STYLED_EMPTY_CELL = re.compile(_STYLED_EMPTY + rb"(?:" + _STYLED_EMPTY + rb")*+")


def sanitize_sheet(xml: bytes, title: str) -> SheetResult:
    """An xlsx worksheet part with no cell beyond the area read and no dimension claim.

    A part that is plainly bounded loses its styled empty cells, which the cell reader would
    parse only to skip (unless it holds CDATA, whose text must keep every byte). A part cut
    short (which the cell reader would read up to the cut, saying nothing) is walked, and so
    read as empty and said to be damaged.
    """
    if _WORKSHEET_END.search(xml, max(0, len(xml) - 64)):
        lean = _STYLED_EMPTY_CELL.sub(b"", xml)
        if b"<![CDATA[" in lean:  # looked for in the shorter part: any in the part is still there
            lean = xml
        if _plainly_bounded(lean):
            return SheetResult(lean, [], parsed=False)
    edits = _Edits(xml)
    parser = _parser()
    outside: list[Outside] = []
    more = 0
    row, col, depth = -1, 0, 0
    #: Elements being cut: depth, start, end when self-closing, what (kind:cell), shared.
    dropping: list[tuple[int, int, int | None, str, bool]] = []
    numbers: list[tuple[int, int, int | None, str]] = []  # numeric cells kept, to check

    def start(name: str, attributes: list[str]) -> None:
        nonlocal row, col, depth
        depth += 1
        local = _local(name)
        if local not in ("c", "row", "dimension"):
            return
        begin = parser.CurrentByteIndex
        tag_end, empty = edits.tag_end(begin)
        if local == "dimension":
            dropping.append((depth, begin, tag_end if empty else None, "", False))
            return
        reference = _attribute(attributes, "r")
        if local == "row":
            col = 0
            if reference is None:
                row += 1
            elif reference.isascii() and reference.isdigit() and len(reference) <= 7:
                row = int(reference) - 1
            else:
                row = MAX_ROWS  # not a row number: the row is dropped
            if not 0 <= row < MAX_ROWS:
                dropping.append((depth, begin, tag_end if empty else None, "row", False))
            return
        if reference is None:
            place, label = (row, col), None
        else:
            match = _REFERENCE.match(reference)
            place = _position(match) if match else None
            label = reference
        if place is None or not (0 <= place[0] < MAX_ROWS and 0 <= place[1] < MAX_COLUMNS):
            valid = place is not None and place[0] < 1048576 and place[1] < 16384
            cell = cell_name(*place) if valid else label or ""
            kind = "far" if valid else "reference"
            shared = _attribute(attributes, "t") == "s"
            dropping.append((depth, begin, tag_end if empty else None, f"{kind}:{cell}", shared))
        else:
            row, col = place[0], place[1] + 1
            if _attribute(attributes, "t") not in _TEXT_TYPES:
                numbers.append((depth, begin, tag_end if empty else None, cell_name(*place)))

    def end(name: str) -> None:
        nonlocal more, depth
        depth -= 1
        if numbers and numbers[-1][0] == depth + 1:
            _, begin, empty_end, cell = numbers.pop()
            stop = edits.element_end(parser.CurrentByteIndex, empty_end)
            value = _shown_value(xml[begin:stop])
            if value is not None and not _plausible_number(value):
                edits.changes.append((begin, stop, b""))
                if len(outside) < MAX_REPORTED:
                    outside.append(Outside(title, cell, value, "number"))
                else:
                    more += 1
            return
        if not dropping or dropping[-1][0] != depth + 1:
            return
        _, begin, empty_end, what, shared = dropping.pop()
        stop = edits.element_end(parser.CurrentByteIndex, empty_end)
        edits.changes.append((begin, stop, b""))
        if what.startswith(("far:", "reference:")):
            kind, _, cell = what.partition(":")
            value = _shown_value(xml[begin:stop])
            if value is None and kind == "far":
                return  # an empty, styled cell: nothing was lost
            if len(outside) < MAX_REPORTED:
                outside.append(Outside(title, cell, value, kind, shared))
            else:
                more += 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as exc:
        return SheetResult(_EMPTY_SHEET, [], 0, str(exc))
    return SheetResult(edits.apply(), outside, more)


def _plausible_number(text: str) -> bool:
    """Whether a numeric cell's value is a number the cell reader can hold safely."""
    try:
        number = float(text.strip())
    except ValueError:
        return True  # not a number at all: the cell reader reads it as text or an error
    return math.isfinite(number) and abs(number) <= MAX_NUMBER


def _position(match: re.Match[str]) -> tuple[int, int]:
    col = 0
    for letter in match.group(1):
        col = col * 26 + ord(letter) - 64
    return int(match.group(2)) - 1, col - 1


class _Stop(Exception):
    """Raised in a handler to stop parsing once what was looked for is found."""


def strip_counts(xml: bytes) -> bytes:
    """The part without ``count``/``uniqueCount`` on its root element (buffer-size hints
    the cell reader would trust). Raises expat.ExpatError when the part is not XML."""
    parser = _parser()
    found: list[tuple[int, str, list[str]]] = []

    def start(name: str, attributes: list[str]) -> None:
        found.append((parser.CurrentByteIndex, name, attributes))
        raise _Stop

    parser.StartElementHandler = start
    with contextlib.suppress(_Stop):
        parser.Parse(xml, True)
    if not found:
        return xml
    begin, name, attributes = found[0]
    kept = [
        item
        for i in range(0, len(attributes), 2)
        if _local(attributes[i]) not in ("count", "uniqueCount")
        for item in attributes[i : i + 2]
    ]
    if len(kept) == len(attributes):
        return xml
    edits = _Edits(xml)
    tag_end, empty = edits.tag_end(begin)
    edits.changes.append((begin, tag_end, _start_tag(name, kept, empty)))
    return edits.apply()


def shared_string(xml: bytes, index: int) -> str | None:
    """The text of shared string ``index`` (for reporting a value that was cut)."""
    parser = _parser()
    state = {"n": -1, "depth": 0, "text": []}

    def start(name: str, attributes: list[str]) -> None:
        if _local(name) == "si":
            state["n"] += 1
            if state["n"] > index:
                raise _Stop

    def text(data: str) -> None:
        if state["n"] == index:
            state["text"].append(data)

    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    with contextlib.suppress(_Stop, expat.ExpatError):
        parser.Parse(xml, True)
    return "".join(state["text"]) if state["n"] >= index else None


# --- ods -------------------------------------------------------------------------------------


@dataclass
class OdsResult:
    xml: bytes
    outside: list[Outside]
    more: int = 0


def sanitize_ods_content(xml: bytes) -> OdsResult:
    """content.xml with every table's rows and cells, repeats included, inside the area read.

    Raises expat.ExpatError when the part is not well-formed.
    """
    edits = _Edits(xml)
    parser = _parser()
    result = OdsResult(xml, [])
    sheet, row, col, row_repeat, depth = "", 0, 0, 1, 0
    #: Elements being cut: depth, start, end when self-closing, the cell to report ("" none).
    dropping: list[tuple[int, int, int | None, str]] = []

    def report(item: Outside) -> None:
        if len(result.outside) < MAX_REPORTED:
            result.outside.append(item)
        else:
            result.more += 1

    def repeat_of(attributes: list[str], local: str, where: str) -> tuple[int, bool]:
        text = _attribute(attributes, local)
        if text is None:
            return 1, False
        digits = text.strip()
        if digits.isascii() and digits.isdigit() and digits.strip("0"):
            # Any count past the area read is clipped anyway; never convert a huge one.
            return (int(digits) if len(digits) <= 9 else 10**9), False
        report(Outside(sheet, where, text, "repeat"))
        return 1, True

    def rewrite(name: str, attributes: list[str], local: str, value: int, span) -> None:
        flat = list(attributes)
        for i in range(0, len(flat), 2):
            if _local(flat[i]) == local:
                flat[i + 1] = str(value)
        begin, tag_end, empty = span
        edits.changes.append((begin, tag_end, _start_tag(name, flat, empty)))

    def start(name: str, attributes: list[str]) -> None:
        nonlocal sheet, row, col, row_repeat, depth
        depth += 1
        if dropping:
            return
        local = _local(name)
        if local == "table":
            sheet, row, col = _attribute(attributes, "name") or "", 0, 0
            return
        if local not in ("table-row", "table-cell", "covered-table-cell"):
            return
        begin = parser.CurrentByteIndex
        tag_end, empty = edits.tag_end(begin)
        span = (begin, tag_end, empty)
        if local == "table-row":
            col = 0
            where = cell_name(min(row, 1048575), 0)
            repeat, damaged = repeat_of(attributes, "number-rows-repeated", where)
            if row >= MAX_ROWS:
                dropping.append((depth, begin, tag_end if empty else None, "row:" + where))
                row_repeat = repeat
                return
            row_repeat = min(repeat, MAX_ROWS - row)
            if row_repeat != repeat or damaged:
                rewrite(name, attributes, "number-rows-repeated", row_repeat, span)
            return
        where = cell_name(min(row, 1048575), min(col, 16383))
        repeat, damaged = repeat_of(attributes, "number-columns-repeated", where)
        has_value = not empty or _attribute(attributes, "value-type") is not None
        if col >= MAX_COLUMNS:
            dropping.append((depth, begin, tag_end if empty else None, where if has_value else ""))
            col += repeat
            return
        clipped = min(repeat, MAX_COLUMNS - col)
        if clipped != repeat and has_value:
            report(
                Outside(
                    sheet,
                    cell_name(row, MAX_COLUMNS),
                    _shown_value(xml[tag_end : tag_end + 400]),
                    "far",
                )
            )
        if clipped != repeat or damaged:
            rewrite(name, attributes, "number-columns-repeated", clipped, span)
        col += clipped

    def end(name: str) -> None:
        nonlocal row, depth
        depth -= 1
        if dropping:
            if dropping[-1][0] != depth + 1:
                return
            _, begin, empty_end, where = dropping.pop()
            stop = edits.element_end(parser.CurrentByteIndex, empty_end)
            edits.changes.append((begin, stop, b""))
            fragment = xml[begin:stop]
            if where.startswith("row:"):
                where = where[4:] if b"value-type" in fragment else ""
            if where:
                report(Outside(sheet, where, _shown_value(fragment), "far"))
        if _local(name) == "table-row":
            row += row_repeat

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(xml, True)
    result.xml = edits.apply()
    return result


__all__ = [
    "MAX_COLUMNS",
    "MAX_ROWS",
    "Outside",
    "sanitize_ods_content",
    "sanitize_sheet",
    "shared_string",
    "strip_counts",
]
