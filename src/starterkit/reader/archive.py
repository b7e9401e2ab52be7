"""Open a returned file's zip archive safely, before any of its XML is parsed.

Refused: what is not a spreadsheet, what is encrypted (unless a password is given),
legacy .xls, zip bombs (by the sizes the archive declares, then by the bytes actually
inflated, counted while inflating), parts packed in ways no spreadsheet writes, and XML
carrying a DOCTYPE (entity expansion attacks; no spreadsheet part needs one).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

# ISA-L's inflate and CRC-32 give zlib's results in about half its time (the CRC in a
# tenth): inflating and checking every part is a fifth of reading a kit.
from isal import isal_zlib

from starterkit.errors import UnreadableWorkbook

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

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
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}


def open_archive(content: bytes, source: str, password: str | None = None) -> Archive:
    """The file's zip archive with every part inflated and counted (decrypted first when a
    password is given); anything unsafe or damaged is refused."""
    if content.startswith(OLE_MAGIC):
        content = _decrypt(content, source, password)
    if not content.startswith(b"PK"):
        raise UnreadableWorkbook(source, *_not_a_spreadsheet(content))
    try:
        archive = Archive(content)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise UnreadableWorkbook(
            source,
            "the file is damaged: its zip archive is incomplete or corrupt",
            "send the file again (it may have been cut off) or re-save it from the spreadsheet",
        ) from None
    _refuse_bombs(infos, source)
    archive.inflate_all(source)
    return archive


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


def refuse_doctypes(archive: Archive, source: str) -> dict[str, str]:
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


def damaged_part(source: str, name: str, what: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        source,
        f"the file is damaged: part {name} {what}",
        "send the file again (it may have been cut off) or re-save it from the spreadsheet",
    )


class Archive(zipfile.ZipFile):
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
        #: part name -> (its bytes as inflated, their CRC-32 as checked)
        self._checksums: dict[str, tuple[bytes, int]] = {}

    def inflate_all(self, source: str) -> None:
        seen: set[str] = set()
        total = 0
        for info in self.infolist():
            name = info.filename
            if name in seen:
                raise damaged_part(source, name, "appears twice in the archive")
            seen.add(name)
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                raise damaged_part(source, name, "is encrypted inside the archive")
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
                self._checksums[name] = (data, info.CRC)

    def _inflate(self, info: zipfile.ZipInfo, source: str, room: int) -> bytes:
        name = info.filename
        header = self.content[info.header_offset : info.header_offset + 30]
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise damaged_part(source, name, "has no valid header")
        start = info.header_offset + 30 + int.from_bytes(header[26:28], "little")
        start += int.from_bytes(header[28:30], "little")
        data = self.content[start : start + info.compress_size]
        if len(data) < info.compress_size:
            raise damaged_part(source, name, "is cut short")
        # Never inflate past what the part declares (+1 byte, to catch a lie), the part
        # limit or what is left of the archive's.
        cap = min(info.file_size, MAX_PART_INFLATED, room) + 1
        if info.compress_type == zipfile.ZIP_STORED:
            out = data[:cap]
        else:
            try:
                out = isal_zlib.decompressobj(-15).decompress(data, cap)
            except isal_zlib.error as exc:
                raise damaged_part(source, name, f"cannot be unpacked ({exc})") from None
        if len(out) > info.file_size:
            raise _bomb(
                source, f"part {name} unpacks to more than the {info.file_size:,} bytes it declares"
            )
        if len(out) >= cap:
            raise _bomb(source, f"part {name} unpacks to more than {cap - 1:,} bytes")
        ratio = len(out) / max(info.compress_size, 1)
        if len(out) > RATIO_FLOOR and ratio > MAX_RATIO:
            raise _bomb(source, f"part {name} unpacks {ratio:,.0f} times its packed size")
        if len(out) != info.file_size or isal_zlib.crc32(out) != info.CRC:
            raise damaged_part(source, name, "does not match its checksum")
        return out

    def part(self, name: str, limit: int = -1) -> bytes:
        data = self.parts[name]
        return data if limit < 0 else data[:limit]

    def checked_package(self, kind: str) -> bytes:
        """A fresh, uncompressed zip of the checked (and bounded) XML parts.

        Written here rather than by zipfile: a part the scans left unchanged keeps the
        checksum its inflation was checked against, so only the bounded ones are summed.
        """
        names = list(self.parts)
        if kind == "ods" and "mimetype" in self.parts:  # first, as ODS requires
            names.remove("mimetype")
            names.insert(0, "mimetype")
        local: list[bytes] = []
        central: list[bytes] = []
        offset = 0
        for name in names:
            data = self.parts[name]
            inflated, crc = self._checksums.get(name, (None, 0))
            if data is not inflated:
                crc = isal_zlib.crc32(data)
            raw = name.encode("utf-8")
            flags = 0 if raw.isascii() else 0x800  # UTF-8 names, as zipfile marks them
            fields = (20, flags, 0, 0, _DOS_DATE, crc, len(data), len(data), len(raw))
            local += [_LOCAL.pack(b"PK\x03\x04", *fields, 0), raw, data]
            central += [_CENTRAL.pack(b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset), raw]
            offset += _LOCAL.size + len(raw) + len(data)
        directory = b"".join(central)
        end = _END.pack(b"PK\x05\x06", 0, 0, len(names), len(names), len(directory), offset, 0)
        return b"".join([*local, directory, end])


#: Zip records (PKWARE APPNOTE 4.3.7, 4.3.12, 4.3.16) and the date 1980-01-01 00:00.
_LOCAL = struct.Struct("<4sHHHHHLLLHH")
_CENTRAL = struct.Struct("<4sHHHHHHLLLHHHHHLL")
_END = struct.Struct("<4sHHHHLLH")
_DOS_DATE = 0x21


def read_part(archive: Archive, name: str, source: str, limit: int = -1) -> bytes:
    try:
        return archive.part(name, limit)
    except (
        zipfile.BadZipFile,
        isal_zlib.error,
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
