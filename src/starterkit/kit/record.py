"""The kit's record of itself: the hidden _kit sheet's rows and the custom document properties.

The builder writes a ``KitRecord`` as both; the reader reads it back from the sheet, or from
the properties when a tool dropped the hidden sheet. The properties carry the ids and versions,
not the spec.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

GENERATOR = "starterkit"

#: The _kit sheet's header row; the record's rows follow it.
HEADER = ("key", "value")
VERSION_KEY = "kit_schema_version"
#: The record's keys, in the order they are written; the spec's parts follow them.
KEYS = (
    VERSION_KEY,
    "kit_id",
    "network_id",
    "previous_kit_id",
    "spec_hash",
    "generator",
    "generator_version",
    "built_at",
)
SPEC_PARTS = "spec_json_parts"
#: The spec's parts are keyed spec_json_1, spec_json_2, … (SPEC_PARTS counts them).
SPEC_PART_PREFIX = "spec_json_"
#: Each custom document property is a record key with this prefix.
PROPERTY_PREFIX = "starterkit_"
#: Excel allows 32,767 characters in a cell; the spec's JSON is split well below that.
JSON_CHUNK = 30_000
#: Versions read as versions; anything else in the version cell is damaged.
VERSIONS = range(0, 1_000_000)


def spec_part(index: int) -> str:
    """The key of the spec JSON's ``index``-th part (from 1)."""
    return f"{SPEC_PART_PREFIX}{index}"


@dataclass(frozen=True)
class KitRecord:
    """What a kit says about itself: its ids, versions, build time and the resolved spec."""

    kit_schema_version: int | None = None
    #: This network-cycle's workbook (kept by review/upgrade, new for each cycle).
    kit_id: str | None = None
    #: The network across its cycles (kit version 2 on; None in a version 1 kit).
    network_id: str | None = None
    #: The kit of the cycle before, in a kit made by ``next``.
    previous_kit_id: str | None = None
    spec_hash: str | None = None
    generator: str | None = None
    generator_version: str | None = None
    built_at: str | None = None
    #: The resolved spec as JSON ("" when the record does not carry it).
    spec_json: str = ""
    #: The version cell as found when it held no plausible version (then read as unknown).
    damaged_version: Any = field(default=None, compare=False)

    def to_rows(self) -> list[tuple[str, str | int]]:
        """(key, value) rows for the _kit sheet, under its header; blank values are left out."""
        text = self.spec_json
        chunks = [text[i : i + JSON_CHUNK] for i in range(0, len(text), JSON_CHUNK)]
        rows = [(key, getattr(self, key)) for key in KEYS if getattr(self, key) is not None]
        rows.append((SPEC_PARTS, len(chunks)))
        rows.extend((spec_part(index), chunk) for index, chunk in enumerate(chunks, start=1))
        return rows

    def to_properties(self) -> dict[str, str | int]:
        """Custom document properties: the record without the spec."""
        return {
            PROPERTY_PREFIX + key: getattr(self, key)
            for key in KEYS
            if getattr(self, key) is not None
        }

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[Any]]) -> KitRecord:
        """The record in the _kit sheet's rows under its header, as a spreadsheet returns them.

        The spec is read from as many parts as the record claims, never more than it holds.
        """
        record: dict[str, Any] = {}
        for row in rows:
            if len(row) >= 2 and isinstance(row[0], str) and row[0]:
                record[row[0]] = row[1]
        version, damaged = _version(record.get(VERSION_KEY))
        claimed = _whole(record.get(SPEC_PARTS)) or 0
        parts = max(0, min(claimed, sum(1 for key in record if key.startswith(SPEC_PART_PREFIX))))
        text = "".join(str(record.get(spec_part(i), "")) for i in range(1, parts + 1))
        return cls(
            kit_schema_version=version,
            damaged_version=damaged,
            spec_json=text,
            **{key: _text_or_none(record.get(key)) for key in KEYS[1:]},
        )

    @classmethod
    def from_properties(cls, properties: Mapping[str, Any]) -> KitRecord:
        """The record in a file's custom document properties (no spec)."""
        version, damaged = _version(properties.get(PROPERTY_PREFIX + VERSION_KEY))
        return cls(
            kit_schema_version=version,
            damaged_version=damaged,
            **{key: properties.get(PROPERTY_PREFIX + key) for key in KEYS[1:]},
        )


def _version(value: Any) -> tuple[int | None, Any]:
    """(version, None) for a plausible version; (None, value) for a damaged one."""
    if _is_blank(value):
        return None, None
    version = _whole(value)
    if version is None or version not in VERSIONS:
        return None, value
    return version, None


def _whole(value: Any) -> int | None:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(number) or abs(number) > 2**53:
        return None
    return int(number)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text_or_none(value: Any) -> str | None:
    """A record cell as text, as the reader reads any text cell (``coerce.to_text``)."""
    if _is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
