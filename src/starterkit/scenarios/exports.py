"""A filled kit as a tool that knows nothing of kits exports it: no Excel tables, no hidden
``_kit`` sheet, no custom document properties. Sheets, cells, formulas, names and
dropdowns stay as they were, so the reader has to find the data by sheet and header text.

Package surgery on the xlsx the builder wrote; the result is byte-identical for the same
input (every zip entry keeps a fixed timestamp).
"""

from __future__ import annotations

import io
import re
import zipfile

from starterkit.kit.contract import KIT_SHEET

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def stripped_export(content: bytes) -> bytes:
    """The workbook without its tables, its ``_kit`` sheet and its custom properties."""
    source = zipfile.ZipFile(io.BytesIO(content))
    parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    kit_part = _sheet_part(parts, KIT_SHEET)
    dropped = {name for name in parts if name.startswith("xl/tables/")}
    dropped |= {"docProps/custom.xml", kit_part, _rels_of(kit_part)}

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            if name in dropped:
                continue
            if name == "[Content_Types].xml":
                data = _without_overrides(data, dropped)
            elif name == "_rels/.rels":
                data = _without_relationships(data, "custom-properties")
            elif name == "xl/workbook.xml":
                data = _without_kit_sheet(data)
            elif name == "xl/_rels/workbook.xml.rels":
                data = _without_target(data, kit_part.removeprefix("xl/"))
            elif name.startswith("xl/worksheets/_rels/"):
                data = _without_relationships(data, "/table")
            elif name.startswith("xl/worksheets/sheet"):
                data = re.sub(
                    rb"<tableParts\b[^>]*/>|<tableParts\b.*?</tableParts>", b"", data, flags=re.S
                )
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return output.getvalue()


def _sheet_part(parts: dict[str, bytes], title: str) -> str:
    """The package part of the sheet with this title, through the workbook's relationships."""
    workbook = parts["xl/workbook.xml"].decode("utf-8")
    sheet = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*/>', workbook)
    if sheet is None:
        raise ValueError(f"the workbook has no {title} sheet")
    rel_id = re.search(r'r:id="([^"]+)"', sheet.group(0)).group(1)
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    rel = re.search(rf'<Relationship [^>]*Id="{rel_id}"[^>]*/>', rels).group(0)
    target = re.search(r'Target="([^"]+)"', rel).group(1)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _rels_of(part: str) -> str:
    folder, name = part.rsplit("/", 1)
    return f"{folder}/_rels/{name}.rels"


def _without_overrides(data: bytes, parts: set[str]) -> bytes:
    def keep(match: re.Match[bytes]) -> bytes:
        name = re.search(rb'PartName="/([^"]+)"', match.group(0)).group(1).decode()
        return b"" if name in parts else match.group(0)

    return re.sub(rb"<Override [^>]*/>", keep, data)


def _without_relationships(data: bytes, type_ending: str) -> bytes:
    pattern = rb'<Relationship [^>]*Type="[^"]*' + re.escape(type_ending.encode()) + rb'"[^>]*/>'
    return re.sub(pattern, b"", data)


def _without_target(data: bytes, target: str) -> bytes:
    pattern = rb'<Relationship [^>]*Target="/?(?:xl/)?' + re.escape(target.encode()) + rb'"[^>]*/>'
    return re.sub(pattern, b"", data)


def _without_kit_sheet(data: bytes) -> bytes:
    data = re.sub(rb'<sheet [^>]*name="' + KIT_SHEET.encode() + rb'"[^>]*/>', b"", data)
    # Names that point into the removed sheet would be #REF! in every spreadsheet.
    return re.sub(
        rb"<definedName [^>]*>[^<]*" + KIT_SHEET.encode() + rb"![^<]*</definedName>", b"", data
    )
