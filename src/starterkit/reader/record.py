"""The kit's record of itself (the hidden _kit sheet, or the custom document properties when
a tool dropped the sheet): its metadata and the spec it was built from."""

from __future__ import annotations

import json
from collections import OrderedDict

from starterkit.errors import UnreadableWorkbook
from starterkit.findings import Location
from starterkit.kit import contract
from starterkit.kit.contract import KIT_SHEET
from starterkit.kit.record import KitRecord
from starterkit.reader import coerce, findings
from starterkit.reader.book import Book
from starterkit.reader.kit_data import KitMetadata
from starterkit.reader.labels import best_shipped_spec
from starterkit.spec import trusted
from starterkit.spec.model import KitSpec

#: Specs parsed lately, by their JSON: a batch has a few distinct specs.
MAX_CACHED_SPECS = 32
_specs: OrderedDict[str, KitSpec] = OrderedDict()


def read_record(book: Book) -> tuple[KitMetadata, KitSpec]:
    """The kit's metadata and spec; the default spec, said so, when the record has none."""
    if KIT_SHEET not in book.sheet_names:
        return _without_kit_sheet(book)
    record = KitRecord.from_rows(book.grid(KIT_SHEET).rows[1:])
    _check_version(book, record, Location(KIT_SHEET, "B2"))
    spec = embedded_spec(record.spec_json)
    metadata = _metadata(record, "embedded" if spec is not None else "default")
    if spec is None:
        book.note(findings.KIT_SHEET_DAMAGED, Location(KIT_SHEET, "B2"))
        spec = default_spec()
    return metadata, spec


def embedded_spec(text: str) -> KitSpec | None:
    """The spec the kit was built from, or None when its JSON is damaged; each distinct spec
    of a batch is parsed once."""
    # The default kit's spec JSON, character for character, was validated when the package
    # was made. Asked first: comparing the JSON with it costs a tenth of hashing the JSON
    # (some 30,000 characters, new in each file) to look it up below.
    spec = trusted.spec_for(text)
    if spec is not None:
        return spec
    spec = _specs.get(text)
    if spec is not None:
        _specs.move_to_end(text)
        return spec
    try:
        from starterkit.spec.load import validated  # pydantic: only for specs not known valid

        spec = validated(KitSpec, json.loads(text))
    except (ValueError, RecursionError):  # json and pydantic errors are ValueErrors;
        return None  # JSON nested thousands deep exhausts the parser's recursion
    _specs[text] = spec
    if len(_specs) > MAX_CACHED_SPECS:
        _specs.popitem(last=False)
    return spec


def _check_version(book: Book, record: KitRecord, location: Location | None) -> None:
    """A version that is not a plausible version is said so (and read as unknown); a kit
    newer than this starterkit reads is refused."""
    if record.damaged_version is not None:
        value = record.damaged_version
        shown = coerce.to_text(value)[:40]
        book.note(findings.KIT_VERSION_DAMAGED, location, value, shown=shown)
    version = record.kit_schema_version
    if version is not None and version > contract.KIT_SCHEMA_VERSION:
        raise UnreadableWorkbook(
            book.source,
            f"the kit was made by a newer starterkit (kit version {version}; this one reads "
            f"up to version {contract.KIT_SCHEMA_VERSION})",
            "upgrade starterkit (pip install --upgrade starterkit) and analyze it again",
        )


def _without_kit_sheet(book: Book) -> tuple[KitMetadata, KitSpec]:
    record = KitRecord.from_properties(book.package.properties)
    _check_version(book, record, None)
    spec_name, spec = best_shipped_spec(book)
    book.note(findings.KIT_SHEET_MISSING, None, spec_name=spec_name)
    return _metadata(record, "default"), spec


def _metadata(record: KitRecord, spec_source: str) -> KitMetadata:
    return KitMetadata(
        kit_id=record.kit_id,
        network_id=record.network_id,
        previous_kit_id=record.previous_kit_id,
        kit_schema_version=record.kit_schema_version,
        spec_hash=record.spec_hash,
        generator_version=record.generator_version,
        built_at=record.built_at,
        spec_source=spec_source,
    )


def default_spec() -> KitSpec:
    from starterkit.spec import default_spec

    return default_spec()
