"""The JSON Schema (draft 2020-12) of the report document, derived from the report objects.

Each report dataclass becomes a ``$defs`` entry whose properties are its fields (types
from the annotations) plus the computed ``EXTRAS`` of ``json_report``; every property is
required and no other is allowed. Where a field holds one of a fixed set of words
(severity, phase, trend, health verdicts, route) the schema lists them: the ``Literal``
word lists of ``starterkit.report``. The published copy
is ``docs/report.schema.json``; regenerate it with
``python -m starterkit.reporters.json_schema > docs/report.schema.json``.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime as dt
import json
import sys
import types
import typing
from enum import Enum
from typing import Any

from starterkit.findings import SEVERITIES, DataFinding, Finding, Location
from starterkit.kit import contract
from starterkit.report import (
    PHASES,
    REPORT_SCHEMA_VERSION,
    TRENDS,
    VERDICTS,
    BusinessMetric,
    CaseFunnel,
    CaseRecord,
    Changes,
    CyclePosition,
    FileError,
    FlagFrequency,
    MilestoneStatus,
    Moved,
    NetworkReport,
    Portfolio,
    ReturnedFile,
    SessionRecord,
    Sessions,
    Signal,
)
from starterkit.reporters.json_report import CONVERTERS, EXTRAS, GENERATOR, TOP_LEVEL_FIELDS

__all__ = ["PHASES", "TRENDS", "report_schema", "report_schema_json"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_COUNT = {"type": "integer", "minimum": 0}
_SHARE = {"type": ["number", "null"], "minimum": 0, "maximum": 1}

#: Field schemas the annotations cannot say (fixed word lists, converted shapes).
OVERRIDES: dict[tuple[type, str], dict[str, Any]] = {
    (NetworkReport, "health"): {
        "type": "object",
        "properties": {
            key: {"enum": list(contract.HEALTH_STATUSES)} for key in contract.HEALTH_CHECKS
        },
        "required": list(contract.HEALTH_CHECKS),
        "additionalProperties": False,
    },
    (Sessions, "attendance_by_week"): {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"week": {"type": "integer"}, "attendance": {"type": "number"}},
            "required": ["week", "attendance"],
            "additionalProperties": False,
        },
    },
    (Sessions, "with_pattern_share"): _SHARE,
    (Sessions, "recap_on_time_share"): _SHARE,
    (FlagFrequency, "networks"): _COUNT,
    (Portfolio, "ranking"): {"type": "array", "items": _COUNT},
}

#: Schemas of the computed values in ``json_report.EXTRAS``.
EXTRA_SCHEMAS: dict[tuple[type, str], dict[str, Any]] = {
    (Location, "ref"): {"type": "string"},
    (NetworkReport, "risk_score"): _COUNT,
    (NetworkReport, "flag_counts"): {"$ref": "#/$defs/SeverityCounts"},
    (NetworkReport, "verdict"): {"enum": list(VERDICTS)},
}

DESCRIPTIONS: dict[tuple[type, str], str] = {
    (Location, "sheet"): "Sheet title as shown in the workbook.",
    (Location, "cell"): "A1-style cell, when the evidence is one cell.",
    (Location, "table"): "Excel table name, when the evidence is a table row.",
    (Location, "row"): "1-based data row within the table.",
    (Location, "column"): "The column's header as the sheet shows it.",
    (Location, "ref"): "Cell reference as a spreadsheet writes it, e.g. '90-Day Planner'!B8.",
    (Finding, "id"): "Red-flag id from the catalog, e.g. sponsor-passive.",
    (Finding, "evidence"): "Where the evidence is, in the workbook.",
    (DataFinding, "id"): "Kind of data problem.",
    (DataFinding, "value"): "What the cell held, as text.",
    (NetworkReport, "source"): "The network's current return, as given to the analyzer.",
    (NetworkReport, "kit_id"): "The kit's id: one network-cycle's workbook.",
    (
        NetworkReport,
        "network_id",
    ): "The network's id across its cycles; null for v1 or stripped kits.",
    (NetworkReport, "previous_kit_id"): "The kit of the cycle before, in a kit made by next.",
    (
        NetworkReport,
        "changes",
    ): "What changed since the previous return of this network-cycle; null for its only return.",
    (Changes, "since_source"): "The earlier return compared with.",
    (Changes, "since_latest_entry"): "The day of the earlier return's latest dated entry.",
    (Changes, "raised"): "Flags raised since the earlier return.",
    (Changes, "resolved"): "Flags of the earlier return no longer raised.",
    (Changes, "moved"): "Headline signals and the business metric whose latest value moved.",
    (Changes, "sessions_added"): "Held sessions added (negative when removed).",
    (Changes, "cases_added"): "Submitted cases added (negative when removed).",
    (Moved, "key"): "The signal's key, or business_metric.",
    (ReturnedFile, "source"): "The file, as given to the analyzer.",
    (ReturnedFile, "role"): "current: the network's current return; earlier: its history.",
    (ReturnedFile, "current_source"): "The source of the network's current return.",
    (
        ReturnedFile,
        "rule",
    ): "Why it was folded into the current return; null for the current file.",
    (ReturnedFile, "latest_entry"): "The day of the file's latest dated entry.",
    (NetworkReport, "route"): "How the reader found the data; anything but tables is a fallback.",
    (
        NetworkReport,
        "spec_source",
    ): "embedded: the kit's own spec from its _kit sheet; default: the default spec stood in.",
    (NetworkReport, "health"): "The Start Here health check verdicts, recomputed by the analyzer.",
    (NetworkReport, "weeks"): "The Metrics Tracker rows, computed columns recomputed.",
    (NetworkReport, "signals"): "The three headline adoption signals.",
    (NetworkReport, "flags"): "Red flags, most severe first.",
    (NetworkReport, "data_findings"): "Cells that could not be used as the kit intended.",
    (
        NetworkReport,
        "risk_score",
    ): "Sum of severity weights over the flags (high 5, medium 2, low 1).",
    (NetworkReport, "flag_counts"): "Flags per severity.",
    (NetworkReport, "verdict"): (
        "at_risk: 2+ high flags, ownership-gap or charter-no-metric, or risk score 12+; "
        "watch: another high flag or 2+ medium; else on_track."
    ),
    (SessionRecord, "held"): "Dated on or before the analysis date.",
    (SessionRecord, "recap_on_time"): "Recap published within the allowed days; null until due.",
    (SessionRecord, "case_ids"): "Case ids the session worked on, as listed in its row.",
    (SessionRecord, "location"): "The session's row in the Sessions table.",
    (CaseRecord, "days_to_solve"): "Days from submitted to solved.",
    (CaseRecord, "teams_applied"): "Teams that reused the method.",
    (CaseRecord, "location"): "The case's row in the Cases table.",
    (Sessions, "items"): "Every dated session, earliest first.",
    (CaseFunnel, "items"): "The cases counted as submitted, in sheet order.",
    (CyclePosition, "week"): "Cycle week as of the analysis date; null without a cycle start.",
    (CyclePosition, "cycle_number"): "1 for a network's first 90-day cycle.",
    (MilestoneStatus, "overdue"): "Past due and not done.",
    (Signal, "latest_week"): "Week of the latest value.",
    (Signal, "higher_is_better"): "True when a rise is good news.",
    (Sessions, "held"): "Sessions dated on or before the analysis date.",
    (Sessions, "planned"): "Sessions dated after the analysis date.",
    (Sessions, "expected"): "Sessions the charter cadence asks for by now.",
    (
        BusinessMetric,
        "progress_share",
    ): "Share of the way from baseline to target covered by the latest value (1 = target reached).",
    (FlagFrequency, "networks"): "Networks with this flag.",
    (FileError, "source"): "The file that could not be analyzed.",
    (Portfolio, "as_of"): "The date the analysis was run for.",
    (
        Portfolio,
        "flag_frequency",
    ): "Each flag id with the number of networks it fired for, most frequent first.",
    (Portfolio, "ranking"): "Indexes into networks, highest risk first.",
    (Portfolio, "flags"): "Flags about the portfolio as a whole (e.g. parallel-launch).",
    (Portfolio, "errors"): "Files that could not be analyzed at all.",
    (
        Portfolio,
        "returns",
    ): "Every analyzed file: the network it is, its role and the rule that folded it.",
}


class _Defs:
    """Collects a ``$defs`` entry for each dataclass and enum the document reaches."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        if cls.__name__ not in self.defs:
            self.defs[cls.__name__] = {}  # reserved first: definitions may be recursive
            self.defs[cls.__name__] = self._define(cls)
        return {"$ref": f"#/$defs/{cls.__name__}"}

    def _define(self, cls: type) -> dict[str, Any]:
        if issubclass(cls, Enum):
            return {"enum": [member.value for member in cls]}
        schema: dict[str, Any] = {"type": "object"}
        if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):
            schema["description"] = " ".join(cls.__doc__.split())
        schema["properties"] = self.properties(cls, [f.name for f in dataclasses.fields(cls)])
        for name in EXTRAS.get(cls, {}):
            schema["properties"][name] = _described(cls, name, EXTRA_SCHEMAS[cls, name])
        schema["required"] = list(schema["properties"])
        schema["additionalProperties"] = False
        return schema

    def properties(self, cls: type, names: list[str]) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        out = {}
        for name in names:
            override = OVERRIDES.get((cls, name))
            if override is None and (cls, name) in CONVERTERS:
                raise TypeError(f"{cls.__name__}.{name} is converted; give its schema in OVERRIDES")
            out[name] = _described(cls, name, override or self.annotation(hints[name]))
        return out

    def annotation(self, hint: Any) -> dict[str, Any]:
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin is typing.Literal:
            return {"enum": list(args)}
        if origin in (typing.Union, types.UnionType):
            options = [a for a in args if a is not type(None)]
            if len(options) != 1:
                raise TypeError(f"no schema for the union {hint}")
            if typing.get_origin(options[0]) is typing.Literal:
                return {"enum": [*typing.get_args(options[0]), None]}
            return _nullable(self.annotation(options[0]))
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.annotation(args[0])}
        if origin is collections.abc.Sequence:
            return {"type": "array", "items": self.annotation(args[0])}
        if origin is dict and args[0] is str:
            return {"type": "object", "additionalProperties": self.annotation(args[1])}
        if isinstance(hint, type) and (dataclasses.is_dataclass(hint) or issubclass(hint, Enum)):
            return self.ref(hint)
        simple = {
            bool: {"type": "boolean"},
            int: {"type": "integer"},
            float: {"type": "number"},
            str: {"type": "string"},
            dt.date: {"type": "string", "format": "date"},
        }
        if hint in simple:
            return dict(simple[hint])
        raise TypeError(f"no schema for {hint}")


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if isinstance(schema.get("type"), str):
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _described(cls: type, name: str, schema: dict[str, Any]) -> dict[str, Any]:
    description = DESCRIPTIONS.get((cls, name))
    return {"description": description, **schema} if description else dict(schema)


def report_schema() -> dict[str, Any]:
    """The JSON Schema of ``json_report.report_dict``'s document."""
    defs = _Defs()
    portfolio_fields = [f.name for f in dataclasses.fields(Portfolio)]
    top = defs.properties(Portfolio, [n for n in portfolio_fields if n in TOP_LEVEL_FIELDS])
    section = defs.properties(Portfolio, [n for n in portfolio_fields if n not in TOP_LEVEL_FIELDS])
    defs.defs["SeverityCounts"] = {
        "type": "object",
        "description": "Flags per severity.",
        "properties": {severity.value: _COUNT for severity in SEVERITIES},
        "required": [severity.value for severity in SEVERITIES],
        "additionalProperties": False,
    }
    properties = {
        "report_schema": {
            "description": "Version of this format; fields are only added within a version.",
            "const": REPORT_SCHEMA_VERSION,
        },
        "generator": {"const": GENERATOR},
        "generator_version": {
            "description": "starterkit version that wrote the report.",
            "type": "string",
        },
        "as_of": top["as_of"],
        "summary": {
            "type": "object",
            "properties": {
                "networks": {"description": "Networks analyzed.", **_COUNT},
                "files": {"description": "Files analyzed (a network may have several).", **_COUNT},
                "errors": {"description": "Files that could not be analyzed.", **_COUNT},
                "flags": {
                    "description": "Flags per severity over all networks and the portfolio.",
                    "$ref": "#/$defs/SeverityCounts",
                },
                "data_findings": {"description": "Data findings over all networks.", **_COUNT},
            },
            "required": ["networks", "files", "errors", "flags", "data_findings"],
            "additionalProperties": False,
        },
        "networks": {
            "description": "One report per network: its current return.",
            **top["networks"],
        },
        "portfolio": {
            "type": "object",
            "properties": section,
            "required": list(section),
            "additionalProperties": False,
        },
        "errors": top["errors"],
    }
    return {
        "$schema": DIALECT,
        "title": "starterkit analysis report",
        "description": "Adoption and red-flag report for one or more peer learning network kits.",
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        "$defs": dict(sorted(defs.defs.items())),
    }


def report_schema_json() -> str:
    """The schema as the text of ``docs/report.schema.json``."""
    return json.dumps(report_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(report_schema_json())
