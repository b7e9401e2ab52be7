"""The kit spec as typed values: the shape of `kit_spec/*.yaml`.

Every part is a frozen dataclass, so reading and building a kit use the spec as plain
values. Validating a spec (``spec.load``) checks these same classes with pydantic, which
reads the limits written beside each field (``Limits``) and the descriptions in each
field's metadata; pydantic is imported only then, never to read or build a kit.
`spec.rules` checks what the shape cannot say, such as the contract keys a spec must keep.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from starterkit import records
from starterkit.kit import contract
from starterkit.records import Record


class Limits:
    """Limits on a text or number field, applied when a spec is validated.

    The keywords are pydantic-core's own (``pattern``, ``min_length``, ``max_length``,
    ``gt``, ``ge``, ``le``); pydantic asks this object for the field's schema.
    """

    __slots__ = ("limits",)

    def __init__(self, **limits: Any) -> None:
        self.limits = limits

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return {**handler(source), **self.limits}


def described(description: str, **default: Any) -> Any:
    """A field with a description (shown by editors through the JSON Schema)."""
    return dataclasses.field(metadata={"description": description}, **default)


def empty(kind: type[dict] | type[list]) -> Any:
    """A field that is an empty dict or list unless the spec fills it (a new one each time)."""
    # The schema shows the default, as it does for every other field with one.
    return dataclasses.field(
        default_factory=kind, metadata={"json_schema_extra": {"default": kind()}}
    )


Key = Annotated[str, Limits(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=40)]
HexColor = Annotated[str, Limits(pattern=r"^#[0-9A-Fa-f]{6}$")]
Text = Annotated[str, Limits(max_length=2000)]
ShortText = Annotated[str, Limits(max_length=255)]
SheetTitle = Annotated[str, Limits(min_length=1, max_length=31)]
FieldType = Literal[
    "text", "long_text", "choice", "date", "whole", "number", "percent", "email", "formula"
]
CellValue = str | int | float | bool | dt.date | None


class SpecModel(Record):
    """A spec part: equality, hash and repr by its field values (``records.Record``), and
    frozen: each field is set once, by ``__init__``.

    ``dataclass(frozen=True)`` would compile a ``__setattr__`` and a ``__delattr__`` for each
    of the 24 parts in every process, a third of importing the spec; these two serve them all.
    """

    # Unknown keys are refused: a misspelt key would otherwise be silently ignored.
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.__dict__ or name not in records.field_names(type(self)):
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


#: A spec part: made with keywords, frozen, equality, hash and repr from SpecModel.
spec_part = dataclasses.dataclass(kw_only=True, eq=False, repr=False)


@spec_part
class Choice(SpecModel):
    """One dropdown entry: the key is what code and reports use, the label what people see."""

    key: Key
    label: Annotated[str, Limits(min_length=1, max_length=100)]


@spec_part
class FieldDef(SpecModel):
    """A charter field or a table column."""

    key: Key
    label: Annotated[str, Limits(min_length=1, max_length=80)]
    type: FieldType = "text"
    list: Key | None = None
    help: ShortText = ""
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    width: Annotated[float, Limits(gt=0, le=120)] | None = None


@spec_part
class CharterSection(SpecModel):
    """A titled group of Charter fields."""

    title: ShortText
    fields: list[FieldDef]


@spec_part
class Table(SpecModel):
    """An Excel table: its title, help line, size and columns."""

    title: ShortText
    help: Text = ""
    rows: Annotated[int, Limits(ge=1, le=2000)] = described(
        "Rows the table is sized to (blank input rows included)."
    )
    columns: list[FieldDef]


@spec_part
class SheetText(SpecModel):
    """A sheet's tab name, heading and guidance paragraph."""

    title: SheetTitle = described("The sheet tab name (at most 31 characters, none of []:*?/\\).")
    heading: ShortText
    guidance: Text = ""


@spec_part
class RhythmStep(SpecModel):
    """One stretch of the 90-day rhythm shown on Start Here."""

    weeks: ShortText
    text: Text


@spec_part
class HealthCheckText(SpecModel):
    """A health check's label and what to do when it is not OK."""

    label: ShortText
    help: Text = ""


@spec_part
class StartHereSheet(SheetText):
    """Start Here: steps, colour legend, rhythm, cycle dates and the health check."""

    steps_title: ShortText
    steps: list[Text]
    legend_title: ShortText
    legend_input: ShortText
    legend_formula: ShortText
    legend_label: ShortText
    rhythm_title: ShortText
    rhythm: list[RhythmStep]
    cycle_start_label: ShortText
    cycle_end_label: ShortText
    current_week_label: ShortText
    week_not_set: ShortText = described(
        default="not set", description="Current week while the Charter has no cycle start."
    )
    week_starts: ShortText = described(
        default="starts {date}",
        description="Current week before the cycle begins; {date} is the cycle start.",
    )
    health_title: ShortText
    health_check_column: ShortText
    health_result_column: ShortText
    health_help_column: ShortText
    health_checks: dict[Key, HealthCheckText]


@spec_part
class CharterSheet(SheetText):
    """The Charter: its column headings and sections of fields."""

    field_column: ShortText
    value_column: ShortText
    help_column: ShortText
    sections: list[CharterSection]


@spec_part
class RolesSheet(SheetText):
    """Roles & RACI: the roles table and the RACI matrix."""

    roles: Table
    raci: Table


@spec_part
class PlannerSheet(SheetText):
    """The 90-Day Planner: milestones, sessions and the end-of-cycle decision."""

    milestones: Table
    sessions: Table
    decision_label: ShortText
    decision_help: ShortText = ""


@spec_part
class CasesSheet(SheetText):
    """Case Intake: the cases table."""

    cases: Table


@spec_part
class PlaybookSheet(SheetText):
    """The Playbook: one row per pattern (kit version 2)."""

    playbook: Table


@spec_part
class MetricsSheet(SheetText):
    """The Metrics Tracker: the weekly table and its chart."""

    metrics: Table
    chart_title: ShortText
    chart_axis_title: ShortText = ""


@spec_part
class ListsSheet(SpecModel):
    """The hidden sheet that holds the dropdown lists."""

    title: SheetTitle = "Lists"


@spec_part
class Sheets(SpecModel):
    """Every sheet's text and tables."""

    start_here: StartHereSheet
    charter: CharterSheet
    roles: RolesSheet
    planner: PlannerSheet
    cases: CasesSheet
    playbook: PlaybookSheet | None = described(
        default=None,
        description="Kit version 2 and later; left out only by specs of version 1 kits, "
        "which cannot be built any more but whose returned kits still read.",
    )
    metrics: MetricsSheet
    lists: ListsSheet = ListsSheet()


@spec_part
class Messages(SpecModel):
    """Text of validation alerts and print footers."""

    invalid_title: Annotated[str, Limits(min_length=1, max_length=32)]
    choice_error: ShortText
    date_error: ShortText
    whole_error: ShortText
    number_error: ShortText
    range_error: ShortText = described("Use {minimum} and {maximum} as placeholders.")
    percent_error: ShortText
    required_marker: Annotated[str, Limits(max_length=5)] = " *"
    page_footer: ShortText = described("Use {page} and {pages} as placeholders.")


@spec_part
class Colors(SpecModel):
    """The kit's colours, as #RRGGBB."""

    primary: HexColor = "#1F3864"
    on_primary: HexColor = "#FFFFFF"
    accent: HexColor = "#2E75B6"
    input: HexColor = "#FFF8E1"
    formula: HexColor = "#EEF2F7"
    ok: HexColor = "#C6EFCE"
    warning: HexColor = "#FFEB9C"
    red_flag: HexColor = "#FFC7CE"
    not_yet: HexColor = "#E7E6E6"


@spec_part
class Branding(SpecModel):
    """Logo, font and colours."""

    logo: str | None = described(
        default=None, description="PNG or JPEG file, relative to the spec file."
    )
    font: Annotated[str, Limits(min_length=1, max_length=60)] = "Calibri"
    font_size: Annotated[float, Limits(ge=6, le=24)] = 10.0
    colors: Colors = Colors()


@spec_part
class Locale(SpecModel):
    """Language and how dates are written and read."""

    language: Annotated[str, Limits(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    date_format: Annotated[str, Limits(min_length=1, max_length=30)] = "yyyy-mm-dd"
    day_first: bool = described(
        default=False, description="Read ambiguous text dates such as 03/04/2026 day first."
    )


@spec_part
class Protection(SpecModel):
    """Sheet protection of the built kit."""

    enabled: bool = True
    password: str | None = described(
        default=None,
        description="Blank means protected without a password (a guard, not security).",
    )


@spec_part
class Thresholds(SpecModel):
    """Red-flag thresholds; defaults follow the source article."""

    sponsor_passive_days: Annotated[int, Limits(ge=1, le=365)] = 30
    steward_min_sessions: Annotated[int, Limits(ge=1)] = 3
    steward_facilitation_share: Annotated[float, Limits(gt=0, le=1)] = 0.6
    steward_min_cases: Annotated[int, Limits(ge=1)] = 3
    steward_submission_share: Annotated[float, Limits(gt=0, le=1)] = 0.5
    facilitator_rotation_sessions: Annotated[int, Limits(ge=2)] = 3
    sponsor_minutes_per_month_max: Annotated[float, Limits(gt=0)] = 30.0
    steward_allocation_min: Annotated[float, Limits(ge=0, le=1)] = 0.10
    steward_allocation_max: Annotated[float, Limits(ge=0, le=1)] = 0.20
    presentation_share: Annotated[float, Limits(gt=0, le=1)] = 1 / 3
    recap_days: Annotated[int, Limits(ge=0, le=30)] = 1
    region_access_week: Annotated[int, Limits(ge=1, le=12)] = 8
    cases_min: Annotated[int, Limits(ge=1)] = 3
    cases_week: Annotated[int, Limits(ge=1, le=12)] = 3
    cadence_gap_factor: Annotated[float, Limits(ge=1)] = 1.5
    sessions_min_by_week_8: Annotated[int, Limits(ge=0)] = 2
    adoption_signal_week: Annotated[int, Limits(ge=1, le=12)] = 8
    metric_watch_margin: Annotated[float, Limits(ge=0, le=1)] = described(
        default=0.1,
        description="How far behind the straight line to target (as a share of the way) "
        "counts as 'watch' rather than 'off track'.",
    )


@spec_part
class Prefill(SpecModel):
    """Values written into input cells: charter fields by key, table rows by column key."""

    charter: dict[Key, CellValue] = empty(dict)
    planner_decision: CellValue = None
    roles: list[dict[Key, CellValue]] = empty(list)
    raci: list[dict[Key, CellValue]] = empty(list)
    milestones: list[dict[Key, CellValue]] = empty(list)
    sessions: list[dict[Key, CellValue]] = empty(list)
    cases: list[dict[Key, CellValue]] = empty(list)
    playbook: list[dict[Key, CellValue]] = empty(list)
    metrics: list[dict[Key, CellValue]] = empty(list)


@spec_part
class KitSpec(SpecModel):
    """A complete kit: text, lists, layout, branding, thresholds and prefilled rows."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {
        "extra": "forbid",
        "title": "starterkit kit spec",
    }

    kit_schema: Literal[1, 2] = described(
        "Version of this spec format: 2 has the Playbook sheet (1 is read, not built)."
    )
    name: ShortText = described("The kit's title, shown on Start Here.")
    locale: Locale = Locale()
    branding: Branding = Branding()
    protection: Protection = Protection()
    thresholds: Thresholds = Thresholds()
    lists: dict[Key, list[Choice]]
    messages: Messages
    sheets: Sheets
    prefill: Prefill = Prefill()

    def label(self, list_key: str, choice_key: str) -> str:
        for choice in self.lists[list_key]:
            if choice.key == choice_key:
                return choice.label
        raise KeyError(f"{list_key}.{choice_key}")

    def charter_fields(self) -> list[FieldDef]:
        return [f for section in self.sheets.charter.sections for f in section.fields]

    def table(self, table_key: str) -> Table:
        sheet_key = contract.TABLES[table_key][1]
        return getattr(getattr(self.sheets, sheet_key), table_key)

    def has_table(self, table_key: str) -> bool:
        """Whether this spec defines the table (a version 1 kit's spec has no Playbook)."""
        return getattr(self.sheets, contract.TABLES[table_key][1]) is not None


def field_names(part: Any) -> tuple[str, ...]:
    """The field names of a spec part (a class or a value), in their order."""
    return tuple(field.name for field in dataclasses.fields(part))


def as_json_data(part: Any) -> Any:
    """A spec part as plain JSON values (dates as ISO text): what validation reads back."""
    return _json_ready(dataclasses.asdict(part))


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_ready(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
