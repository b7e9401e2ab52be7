"""The report as a stable, versioned JSON document for BI tools and scripts.

The document's shape is the report objects' shape: each dataclass becomes an object with
its field names, plus a few computed values (``EXTRAS``). ``docs/report-format.md``
describes every field; ``docs/report.schema.json`` (from ``json_schema.report_schema``)
is the published schema. Plain dataclass walking only: this module is on the command
line's start-up path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from enum import Enum
from typing import Any

from starterkit import __version__
from starterkit.findings import Location, Severity
from starterkit.kit.record import GENERATOR
from starterkit.report import REPORT_SCHEMA_VERSION, NetworkReport, Portfolio, Sessions

#: Portfolio fields that sit at the document's top level; every other field goes under "portfolio".
TOP_LEVEL_FIELDS = ("as_of", "networks", "errors")


def by_name(counts: dict[Severity, int]) -> dict[str, int]:
    """Severity counts keyed by the severity's JSON name."""
    return {severity.value: count for severity, count in counts.items()}


#: Values the document carries beside an object's fields: computed, so a reader needs no code.
EXTRAS: dict[type, dict[str, Callable[[Any], Any]]] = {
    Location: {"ref": lambda location: location.ref},
    NetworkReport: {
        "risk_score": lambda network: network.risk_score,
        "flag_counts": lambda network: by_name(network.severity_counts()),
        "verdict": lambda network: network.verdict,
    },
}

#: Fields whose JSON form is not the plain walk's: pairs become named objects.
CONVERTERS: dict[tuple[type, str], Callable[[Any], Any]] = {
    (Sessions, "attendance_by_week"): lambda pairs: [
        {"week": week, "attendance": attendance} for week, attendance in pairs
    ],
}


#: Types whose values are JSON values as they are.
_PLAIN = frozenset({str, int, float, bool, type(None)})

#: A dataclass's JSON shape: each field with its converter (None: walked), then the
#: computed extras.
_Shape = tuple[tuple[tuple[str, Callable[[Any], Any] | None], ...], tuple[tuple[str, Any], ...]]
#: Shapes worked out once per class: a batch's document walks the same few classes
#: hundreds of thousands of times.
_SHAPES: dict[type, _Shape] = {}


def _shape(cls: type) -> _Shape:
    if cls not in _SHAPES:
        fields = tuple(
            (field.name, CONVERTERS.get((cls, field.name))) for field in dataclasses.fields(cls)
        )
        _SHAPES[cls] = (fields, tuple(EXTRAS.get(cls, {}).items()))
    return _SHAPES[cls]


def to_json_value(value: Any) -> Any:
    """A report object (or any part of one) as plain JSON values."""
    cls = type(value)
    if cls in _PLAIN:
        return value
    if cls in _SHAPES or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
        fields, extras = _shape(cls)
        out: dict[str, Any] = {}
        for name, convert in fields:
            item = getattr(value, name)
            out[name] = convert(item) if convert else to_json_value(item)
        for name, compute in extras:
            out[name] = to_json_value(compute(value))
        return out
    if isinstance(value, Enum):  # before str: Severity is a str enum
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, Sequence)) and not isinstance(value, str):
        return [to_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_json_value(item) for key, item in value.items()}
    return value


def summary(portfolio: Portfolio) -> dict[str, Any]:
    """The counts a reader wants first: networks, files, failed files, flags by severity."""
    return {
        "networks": len(portfolio.networks),
        "files": len(portfolio.returns) or len(portfolio.networks),
        "errors": len(portfolio.errors),
        "flags": by_name(portfolio.severity_counts()),
        "data_findings": portfolio.data_finding_count(),
    }


def report_dict(portfolio: Portfolio) -> dict[str, Any]:
    """The report document as plain values (a single network is a portfolio of one)."""
    return to_json_value(_document(portfolio))


def _document(portfolio: Portfolio) -> dict[str, Any]:
    """The document, its report objects not yet turned into JSON values (``to_json_value``
    does that, or ``_pieces`` one item at a time)."""
    fields = {field.name: getattr(portfolio, field.name) for field in dataclasses.fields(portfolio)}
    return {
        "report_schema": REPORT_SCHEMA_VERSION,
        "generator": GENERATOR,
        "generator_version": __version__,
        "as_of": portfolio.as_of,
        "summary": summary(portfolio),
        "networks": portfolio.networks,
        "portfolio": {
            name: value for name, value in fields.items() if name not in TOP_LEVEL_FIELDS
        },
        "errors": portfolio.errors,
    }


def report_json(portfolio: Portfolio) -> str:
    """The report document as JSON text (UTF-8 friendly, indented, no trailing newline)."""
    return "".join(iter_report_json(portfolio))


def iter_report_json(portfolio: Portfolio) -> Iterator[str]:
    """The same JSON text in pieces, one network (and one item of every other list) at a
    time.

    Writing a batch of thousands of networks this way never holds the whole document in
    memory, only one network's part of it.
    """
    return _pieces(_document(portfolio), 0)


def _pieces(value: Any, depth: int) -> Iterator[str]:
    """``value`` as ``_dumps`` writes it at ``depth`` levels of indentation: dicts and lists
    a key or an item at a time, each report object (a network, a flag, a file) whole."""
    indent = "\n" + "  " * (depth + 1)
    if isinstance(value, dict):
        if not value:
            yield "{}"
            return
        for index, (key, item) in enumerate(value.items()):
            yield ("," if index else "{") + indent + _dumps(key) + ": "
            yield from _pieces(item, depth + 1)
        yield indent[:-2] + "}"
    elif isinstance(value, Sequence) and not isinstance(value, str):
        if not value:
            yield "[]"
            return
        for index, item in enumerate(value):
            yield ("," if index else "[") + indent
            yield from _pieces(item, depth + 1)
        yield indent[:-2] + "]"
    else:
        yield _dumps(to_json_value(value)).replace("\n", indent[:-2])


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
