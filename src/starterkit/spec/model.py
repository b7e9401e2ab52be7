"""The kit spec as typed models: the shape of `kit_spec/*.yaml`.

Pydantic checks the shape (and generates the JSON Schema editors use); `spec.rules`
checks what the shape cannot say, such as the contract keys a spec must keep.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from starterkit.kit import contract

Key = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=40)]
HexColor = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
Text = Annotated[str, StringConstraints(max_length=2000)]
ShortText = Annotated[str, StringConstraints(max_length=255)]
FieldType = Literal[
    "text", "long_text", "choice", "date", "whole", "number", "percent", "email", "formula"
]
CellValue = str | int | float | bool | dt.date | None


class SpecModel(BaseModel):
    # Validators are built on first use, not on import: reading a kit whose spec is known
    # (spec.trusted) never needs them. Defaults below are made without validating them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Choice(SpecModel):
    """One dropdown entry: the key is what code and reports use, the label what people see."""

    key: Key
    label: Annotated[str, StringConstraints(min_length=1, max_length=100)]


class FieldDef(SpecModel):
    """A charter field or a table column."""

    key: Key
    label: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    type: FieldType = "text"
    list: Key | None = None
    help: ShortText = ""
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    width: Annotated[float, Field(gt=0, le=120)] | None = None


class CharterSection(SpecModel):
    title: ShortText
    fields: list[FieldDef]


class Table(SpecModel):
    title: ShortText
    help: Text = ""
    rows: Annotated[int, Field(ge=1, le=2000)] = Field(
        description="Rows the table is sized to (blank input rows included)."
    )
    columns: list[FieldDef]


class SheetText(SpecModel):
    title: Annotated[str, StringConstraints(min_length=1, max_length=31)] = Field(
        description="The sheet tab name (at most 31 characters, none of []:*?/\\)."
    )
    heading: ShortText
    guidance: Text = ""


class RhythmStep(SpecModel):
    weeks: ShortText
    text: Text


class HealthCheckText(SpecModel):
    label: ShortText
    help: Text = ""


class StartHereSheet(SheetText):
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
    week_not_set: ShortText = Field(
        default="not set", description="Current week while the Charter has no cycle start."
    )
    week_starts: ShortText = Field(
        default="starts {date}",
        description="Current week before the cycle begins; {date} is the cycle start.",
    )
    health_title: ShortText
    health_check_column: ShortText
    health_result_column: ShortText
    health_help_column: ShortText
    health_checks: dict[Key, HealthCheckText]


class CharterSheet(SheetText):
    field_column: ShortText
    value_column: ShortText
    help_column: ShortText
    sections: list[CharterSection]


class RolesSheet(SheetText):
    roles: Table
    raci: Table


class PlannerSheet(SheetText):
    milestones: Table
    sessions: Table
    decision_label: ShortText
    decision_help: ShortText = ""


class CasesSheet(SheetText):
    cases: Table


class PlaybookSheet(SheetText):
    playbook: Table


class MetricsSheet(SheetText):
    metrics: Table
    chart_title: ShortText
    chart_axis_title: ShortText = ""


class ListsSheet(SpecModel):
    title: Annotated[str, StringConstraints(min_length=1, max_length=31)] = "Lists"


class Sheets(SpecModel):
    start_here: StartHereSheet
    charter: CharterSheet
    roles: RolesSheet
    planner: PlannerSheet
    cases: CasesSheet
    playbook: PlaybookSheet | None = Field(
        default=None,
        description="Kit version 2 and later; left out only by specs of version 1 kits, "
        "which cannot be built any more but whose returned kits still read.",
    )
    metrics: MetricsSheet
    lists: ListsSheet = ListsSheet.model_construct()


class Messages(SpecModel):
    """Text of validation alerts and print footers."""

    invalid_title: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    choice_error: ShortText
    date_error: ShortText
    whole_error: ShortText
    number_error: ShortText
    range_error: ShortText = Field(description="Use {minimum} and {maximum} as placeholders.")
    percent_error: ShortText
    required_marker: Annotated[str, StringConstraints(max_length=5)] = " *"
    page_footer: ShortText = Field(description="Use {page} and {pages} as placeholders.")


class Colors(SpecModel):
    primary: HexColor = "#1F3864"
    on_primary: HexColor = "#FFFFFF"
    accent: HexColor = "#2E75B6"
    input: HexColor = "#FFF8E1"
    formula: HexColor = "#EEF2F7"
    ok: HexColor = "#C6EFCE"
    warning: HexColor = "#FFEB9C"
    red_flag: HexColor = "#FFC7CE"
    not_yet: HexColor = "#E7E6E6"


class Branding(SpecModel):
    logo: str | None = Field(
        default=None, description="PNG or JPEG file, relative to the spec file."
    )
    font: Annotated[str, StringConstraints(min_length=1, max_length=60)] = "Calibri"
    font_size: Annotated[float, Field(ge=6, le=24)] = 10
    colors: Colors = Colors.model_construct()


class Locale(SpecModel):
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    date_format: Annotated[str, StringConstraints(min_length=1, max_length=30)] = "yyyy-mm-dd"
    day_first: bool = Field(
        default=False, description="Read ambiguous text dates such as 03/04/2026 day first."
    )


class Protection(SpecModel):
    enabled: bool = True
    password: str | None = Field(
        default=None,
        description="Blank means protected without a password (a guard, not security).",
    )


class Thresholds(SpecModel):
    """Red-flag thresholds; defaults follow the source article."""

    sponsor_passive_days: Annotated[int, Field(ge=1, le=365)] = 30
    steward_min_sessions: Annotated[int, Field(ge=1)] = 3
    steward_facilitation_share: Annotated[float, Field(gt=0, le=1)] = 0.6
    steward_min_cases: Annotated[int, Field(ge=1)] = 3
    steward_submission_share: Annotated[float, Field(gt=0, le=1)] = 0.5
    facilitator_rotation_sessions: Annotated[int, Field(ge=2)] = 3
    sponsor_minutes_per_month_max: Annotated[float, Field(gt=0)] = 30
    steward_allocation_min: Annotated[float, Field(ge=0, le=1)] = 0.10
    steward_allocation_max: Annotated[float, Field(ge=0, le=1)] = 0.20
    presentation_share: Annotated[float, Field(gt=0, le=1)] = 1 / 3
    recap_days: Annotated[int, Field(ge=0, le=30)] = 1
    region_access_week: Annotated[int, Field(ge=1, le=12)] = 8
    cases_min: Annotated[int, Field(ge=1)] = 3
    cases_week: Annotated[int, Field(ge=1, le=12)] = 3
    cadence_gap_factor: Annotated[float, Field(ge=1)] = 1.5
    sessions_min_by_week_8: Annotated[int, Field(ge=0)] = 2
    adoption_signal_week: Annotated[int, Field(ge=1, le=12)] = 8
    metric_watch_margin: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.1,
        description="How far behind the straight line to target (as a share of the way) "
        "counts as 'watch' rather than 'off track'.",
    )


class Prefill(SpecModel):
    """Values written into input cells: charter fields by key, table rows by column key."""

    charter: dict[Key, CellValue] = {}
    planner_decision: CellValue = None
    roles: list[dict[Key, CellValue]] = []
    raci: list[dict[Key, CellValue]] = []
    milestones: list[dict[Key, CellValue]] = []
    sessions: list[dict[Key, CellValue]] = []
    cases: list[dict[Key, CellValue]] = []
    playbook: list[dict[Key, CellValue]] = []
    metrics: list[dict[Key, CellValue]] = []


class KitSpec(SpecModel):
    """A complete kit: text, lists, layout, branding, thresholds and prefilled rows."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        defer_build=True,
        json_schema_extra={"title": "starterkit kit spec"},
    )

    kit_schema: Literal[1, 2] = Field(
        description="Version of this spec format: 2 has the Playbook sheet (1 is read, not built)."
    )
    name: ShortText = Field(description="The kit's title, shown on Start Here.")
    locale: Locale = Locale.model_construct()
    branding: Branding = Branding.model_construct()
    protection: Protection = Protection.model_construct()
    thresholds: Thresholds = Thresholds.model_construct()
    lists: dict[Key, list[Choice]]
    messages: Messages
    sheets: Sheets
    prefill: Prefill = Prefill.model_construct()

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
