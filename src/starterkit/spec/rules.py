"""Checks the spec's shape cannot express: contract keys, references between parts, limits."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

from starterkit.errors import Problem, suggestion
from starterkit.kit import contract
from starterkit.kit.contract import KIT_SHEET
from starterkit.spec.logo import LOGO_FIX, logo_problem
from starterkit.spec.model import FieldDef, KitSpec, Prefill, Table
from starterkit.spec.prefill import check_prefill
from starterkit.spec.source import PathKey, SpecSource, format_path

FORBIDDEN_TITLE_CHARS = set("[]:*?/\\")
#: Where each table sits in the spec, e.g. ("sheets", "planner", "sessions").
TABLE_PATHS: dict[str, PathKey] = {
    key: ("sheets", sheet_key, key) for key, (_, sheet_key, _) in contract.TABLES.items()
}


def check_spec(spec: KitSpec, source: SpecSource) -> Iterator[Problem]:
    def problem(path: PathKey, message: str, fix: str) -> Problem:
        return Problem(source.where(path), format_path(path), message, fix)

    yield from _check_lists(spec, problem)
    yield from _check_sheet_titles(spec, problem)
    yield from _check_charter(spec, problem)
    for table_key, path in TABLE_PATHS.items():
        if not spec.has_table(table_key):
            yield problem(
                path[:2],
                f"the sheet '{path[1]}' is missing (kit version "
                f"{contract.TABLES_SINCE.get(table_key, 1)} added it)",
                f"copy 'sheets.{path[1]}' from the default spec (starterkit init writes one) "
                "and translate its labels; set 'kit_schema: 2'",
            )
            continue
        yield from _check_table(spec, table_key, spec.table(table_key), path, problem)
    yield from _check_health_checks(spec, problem)
    yield from _check_thresholds(spec, problem)
    yield from _check_date_format(spec, problem)

    for issue in check_prefill(spec, _set_prefill(spec)):
        yield problem(("prefill", *issue.path), issue.message, issue.fix)
    milestone_keys = {row.get("milestone") for row in spec.prefill.milestones}
    for key in contract.MILESTONE_KEYS:
        if key not in milestone_keys:
            yield problem(
                ("prefill", "milestones"),
                f"the milestone '{key}' is missing",
                f"add a row with 'milestone: {key}'; every kit carries the nine cycle milestones",
            )


def check_logo(spec: KitSpec, source: SpecSource) -> Iterator[Problem]:
    logo = spec.branding.logo
    if not logo:
        return
    path = Path(logo)
    where = source.where(("branding", "logo"))
    if path.suffix.lower() not in {".png", ".jpg", ".jpeg"}:
        yield Problem(
            where, "branding.logo", f"'{logo}' is not a PNG or JPEG", "use a .png or .jpg"
        )
    elif not path.is_file():
        yield Problem(
            where,
            "branding.logo",
            f"the logo file '{logo}' does not exist",
            "give a path relative to the spec file, or remove the key",
        )
    else:
        try:
            problem = logo_problem(path.read_bytes())
        except OSError as exc:
            problem = f"cannot be read ({exc.strerror})"
        if problem:
            yield Problem(where, "branding.logo", f"the logo file '{logo}' {problem}", LOGO_FIX)


def _check_lists(spec: KitSpec, problem) -> Iterator[Problem]:
    for list_key, required in contract.LIST_KEYS.items():
        if list_key not in spec.lists:
            yield problem(
                ("lists",),
                f"the list '{list_key}' is missing",
                f"add 'lists.{list_key}' with at least the keys {', '.join(required) or 'of your choice'}",
            )
            continue
        keys = [c.key for c in spec.lists[list_key]]
        for key in required:
            if key not in keys:
                yield problem(
                    ("lists", list_key),
                    f"the choice '{key}' is missing from list '{list_key}'",
                    "keep every built-in choice key; change its label to reword or translate it",
                )
    for list_key, choices in spec.lists.items():
        if not choices:
            yield problem(("lists", list_key), f"the list '{list_key}' is empty", "add choices")
        for what in ("key", "label"):
            seen: set[str] = set()
            for index, choice in enumerate(choices):
                value = getattr(choice, what)
                if value in seen:
                    yield problem(
                        ("lists", list_key, index, what),
                        f"the {what} '{value}' appears twice in list '{list_key}'",
                        f"give each choice its own {what}",
                    )
                seen.add(value)


def _check_sheet_titles(spec: KitSpec, problem) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for sheet_key in (*contract.VISIBLE_SHEETS, "lists"):
        if getattr(spec.sheets, sheet_key) is None:
            continue
        title = getattr(spec.sheets, sheet_key).title
        path = ("sheets", sheet_key, "title")
        bad = sorted(set(title) & FORBIDDEN_TITLE_CHARS)
        if bad:
            yield problem(
                path,
                f"the sheet title '{title}' contains {' '.join(bad)}",
                "Excel forbids [ ] : * ? / \\ in sheet names; choose other characters",
            )
        if title.startswith("'") or title.endswith("'"):
            yield problem(path, "a sheet title cannot start or end with '", "remove the quote")
        if title.lower() in {KIT_SHEET.lower(), "history"}:
            yield problem(path, f"the sheet title '{title}' is reserved", "choose another title")
        if title.lower() in seen:
            yield problem(
                path,
                f"the sheet title '{title}' is also used by sheets.{seen[title.lower()]}",
                "give every sheet its own title",
            )
        seen[title.lower()] = sheet_key


def _check_fields(
    spec: KitSpec,
    fields: list[tuple[PathKey, FieldDef]],
    required: dict[str, tuple[str, str | None]],
    what: str,
    parent: PathKey,
    problem,
) -> Iterator[Problem]:
    seen: set[str] = set()
    for path, field in fields:
        if field.key in seen:
            yield problem(
                (*path, "key"), f"the {what} key '{field.key}' is used twice", "rename one"
            )
        seen.add(field.key)
        if field.key in required:
            kind, list_key = required[field.key]
            if field.type != kind:
                yield problem(
                    (*path, "type"),
                    f"'{field.key}' must have type '{kind}', not '{field.type}'",
                    f"set 'type: {kind}'; the kit's formulas and the analyzer rely on it",
                )
                continue
            if list_key and field.list != list_key:
                yield problem(
                    (*path, "list"),
                    f"'{field.key}' must use the list '{list_key}', not '{field.list}'",
                    f"set 'list: {list_key}' and reword that list's labels instead",
                )
                continue
        elif field.type == "formula":
            yield problem(
                (*path, "type"),
                f"'{field.key}' cannot be a formula: only the kit's own computed columns are",
                "use text, number, whole, percent, date or choice for a column of your own",
            )
        if field.type == "choice":
            if field.list is None:
                yield problem((*path,), f"choice '{field.key}' names no list", "add 'list: <key>'")
            elif field.list not in spec.lists:
                yield problem(
                    (*path, "list"),
                    f"the list '{field.list}' does not exist",
                    suggestion(field.list, spec.lists, "lists"),
                )
        elif field.list is not None:
            yield problem(
                (*path, "list"),
                f"'{field.key}' has a list but its type is '{field.type}'",
                "set 'type: choice' or remove 'list'",
            )
    for key, (kind, _) in required.items():
        if key not in seen:
            yield problem(
                parent,
                f"the {what} '{key}' is missing",
                f"add it (type: {kind}); it is part of the kit contract — relabel it instead",
            )


def _check_charter(spec: KitSpec, problem) -> Iterator[Problem]:
    fields = [
        (("sheets", "charter", "sections", s, "fields", f), field)
        for s, section in enumerate(spec.sheets.charter.sections)
        for f, field in enumerate(section.fields)
    ]
    if not fields:
        yield problem(
            ("sheets", "charter", "sections"), "the charter has no fields", "add sections"
        )
        return
    yield from _check_fields(
        spec,
        fields,
        contract.CHARTER_FIELDS,
        "charter field",
        ("sheets", "charter", "sections"),
        problem,
    )


def _check_table(
    spec: KitSpec, table_key: str, table: Table, path: PathKey, problem
) -> Iterator[Problem]:
    required = contract.TABLES[table_key][2]
    fields = [((*path, "columns", i), column) for i, column in enumerate(table.columns)]
    if not fields:
        yield problem((*path, "columns"), "the table has no columns", "list its columns")
        return
    yield from _check_fields(
        spec, fields, required, f"{table_key} column", (*path, "columns"), problem
    )
    if table_key == "metrics" and table.rows != contract.CYCLE_WEEKS:
        yield problem(
            (*path, "rows"),
            f"the metrics table must have {contract.CYCLE_WEEKS} rows, one per week",
            f"set 'rows: {contract.CYCLE_WEEKS}'",
        )
    seen_labels: set[str] = set()
    for index, column in enumerate(table.columns):
        if column.label.casefold() in seen_labels:
            yield problem(
                (*path, "columns", index, "label"),
                f"the header '{column.label}' is used twice in this table",
                "give every column its own label; spreadsheets require unique table headers",
            )
        seen_labels.add(column.label.casefold())
    prefilled = len(getattr(spec.prefill, table_key))
    if table.rows < prefilled:
        yield problem(
            (*path, "rows"),
            f"the table has {table.rows} rows but the prefill has {prefilled}",
            f"set 'rows' to at least {prefilled} (plus room for a cycle of new rows)",
        )


def _check_health_checks(spec: KitSpec, problem) -> Iterator[Problem]:
    path = ("sheets", "start_here", "health_checks")
    given = spec.sheets.start_here.health_checks
    for key in contract.HEALTH_CHECKS:
        if key not in given:
            yield problem(
                path, f"the health check '{key}' has no text", f"add '{key}: {{label: ...}}'"
            )
    for key in given:
        if key not in contract.HEALTH_CHECKS:
            yield problem(
                (*path, key),
                f"there is no health check '{key}'",
                suggestion(key, contract.HEALTH_CHECKS, "checks"),
            )


def _check_thresholds(spec: KitSpec, problem) -> Iterator[Problem]:
    t = spec.thresholds
    if t.steward_allocation_min > t.steward_allocation_max:
        yield problem(
            ("thresholds", "steward_allocation_min"),
            "steward_allocation_min is above steward_allocation_max",
            "swap them (defaults 0.10 and 0.20)",
        )


def _check_date_format(spec: KitSpec, problem) -> Iterator[Problem]:
    text = spec.locale.date_format.lower()
    if not all(part in text for part in ("d", "m", "yy")):
        yield problem(
            ("locale", "date_format"),
            f"'{spec.locale.date_format}' does not show day, month and year",
            "use an Excel date format such as yyyy-mm-dd or dd/mm/yyyy",
        )


def _set_prefill(spec: KitSpec) -> dict[str, object]:
    """The spec's prefill as plain values, leaving out the parts it leaves at their default."""
    defaults = dataclasses.asdict(Prefill())
    return {
        key: value
        for key, value in dataclasses.asdict(spec.prefill).items()
        if value != defaults[key]
    }
