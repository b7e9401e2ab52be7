"""Load and validate a kit spec, reporting every problem at once with its position.

The YAML parser, pydantic and the spec checks load on first use: building the default kit
and reading a kit built from it need none of them (their spec is known valid, see
``spec.trusted``).
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import typing
from importlib import resources
from pathlib import Path
from typing import Any

from starterkit.errors import Problem, SpecError, StarterkitError, one_per_place, suggestion
from starterkit.spec import model
from starterkit.spec.model import Branding, KitSpec

if typing.TYPE_CHECKING:
    from pydantic import ValidationError

    from starterkit.spec.source import PathKey, SpecSource

DEFAULT_SPEC_NAME = "default.yaml"

#: Pydantic's error types for a mapping with an unknown key and for a value that is not a
#: mapping, when it validates a spec part (a dataclass).
UNKNOWN_KEY = "unexpected_keyword_argument"
NOT_A_MAPPING = {"dict_type", "dataclass_type", "dataclass_args_type"}


def validated(cls: type[Any], data: Any) -> Any:
    """``data`` checked against a spec part's class and made into it; raises pydantic's
    ValidationError (a ValueError) listing every problem."""
    return _validator(cls).validate_python(data)


@functools.cache
def _validator(cls: type[Any]) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(cls)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of kit specs, from the same classes and limits validation uses."""
    return _validator(KitSpec).json_schema()


def load_spec(path: str | Path) -> KitSpec:
    """Read and validate a spec file (the logo path is resolved next to it)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StarterkitError(
            f"{path}: no such spec file — check the path, or run 'starterkit init' for a copy "
            "of the default spec"
        ) from None
    except UnicodeDecodeError as exc:
        raise StarterkitError(
            f"{path}: the spec is not UTF-8 text ({exc.reason} at byte {exc.start}) — "
            "save it as UTF-8"
        ) from None
    except OSError as exc:
        raise StarterkitError(f"{path}: cannot read the spec ({exc.strerror})") from None
    return load_spec_text(text, name=str(path), base_dir=path.parent)


def load_spec_text(text: str, name: str = "<spec>", base_dir: Path | None = None) -> KitSpec:
    """Validate spec text. Raises SpecError listing every problem found.

    A relative logo path is resolved against ``base_dir`` (the spec's folder).
    """
    from starterkit.spec.source import parse_yaml

    return validate_source(parse_yaml(text, name), base_dir)


def validate_source(source: SpecSource, base_dir: Path | None = None) -> KitSpec:
    from starterkit.spec import rules

    problems = list(source.problems)
    if not isinstance(source.data, dict):
        problems.append(
            Problem(
                source.where(()),
                "",
                "the spec must be a YAML mapping of keys such as kit_schema, name, lists, sheets",
                "start from 'starterkit init', which writes the default spec",
            )
        )
        raise SpecError(problems, subject=source.name)
    from pydantic import ValidationError

    try:
        spec = validated(KitSpec, source.data)
    except ValidationError as exc:
        problems += shape_problems(exc, source)
        spec = _without_unknown_keys(source.data, exc)
        if spec is None:
            # Checks between parts need a spec of the right shape, so they wait for these fixes.
            raise SpecError(one_per_place(problems), subject=source.name) from None
    if spec.branding.logo and base_dir is not None and not Path(spec.branding.logo).is_absolute():
        logo = str((base_dir / spec.branding.logo).resolve())
        spec = dataclasses.replace(spec, branding=dataclasses.replace(spec.branding, logo=logo))
    problems += rules.check_spec(spec, source)
    problems += rules.check_logo(spec, source)
    if problems:
        raise SpecError(one_per_place(problems), subject=source.name)
    return spec


def with_branding(spec: KitSpec, updates: dict[str, Any], colors: dict[str, str]) -> KitSpec:
    """The spec with branding values replaced (a batch row's logo, font or colours), validated."""
    from pydantic import ValidationError

    branding = dataclasses.asdict(spec.branding)
    branding.update(updates)
    branding["colors"] = {**branding["colors"], **colors}
    try:
        checked = validated(Branding, branding)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(map(str, e['loc']))} {_explain(e, tuple(e['loc']))[0]}"
            for e in exc.errors()
        )
        raise StarterkitError(f"the branding is not valid: {details}") from None
    return dataclasses.replace(spec, branding=checked)


def _without_unknown_keys(data: dict[str, Any], exc: ValidationError) -> KitSpec | None:
    """The spec with misspelt keys left out, when that is all that is wrong with its shape.

    A typo is the commonest mistake; dropping the key lets every other check still run.
    """
    from pydantic import ValidationError

    errors = exc.errors()
    if any(error["type"] != UNKNOWN_KEY for error in errors):
        return None
    pruned = copy.deepcopy(data)
    for error in errors:
        *parents, key = error["loc"]
        node: Any = pruned
        for part in parents:
            node = node[part]
        node.pop(key, None)
    try:
        return validated(KitSpec, pruned)
    except ValidationError:
        return None


@functools.cache
def default_spec_text() -> str:
    return resources.files("starterkit.spec").joinpath(DEFAULT_SPEC_NAME).read_text("utf-8")


@functools.cache
def default_spec() -> KitSpec:
    """The embedded default kit (validated when the package was made: ``spec.trusted``)."""
    from starterkit.spec import trusted

    known = trusted.default_spec()
    if known is not None:
        return known
    return load_spec_text(default_spec_text(), name=f"<embedded {DEFAULT_SPEC_NAME}>")


def shape_problems(exc: ValidationError, source: SpecSource) -> list[Problem]:
    from starterkit.spec.source import format_path

    problems = []
    for error in exc.errors():
        loc = tuple(part for part in error["loc"] if part != "[key]")
        loc = _spec_path(loc, source.data)
        message, fix = _explain(error, loc)
        problems.append(Problem(source.where(loc), format_path(loc), message, fix))
    return problems


def _spec_path(loc: tuple[Any, ...], data: Any) -> PathKey:
    """Keep the parts of a pydantic location that exist in the spec.

    Pydantic adds the union branch it tried ('str', 'int', ...) after a value; such a tag is
    not in the data, so the walk stops at the scalar. A missing key is kept as the last part.
    """
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict):
            path.append(part)
            if part not in node:
                break
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            path.append(part)
            node = node[part]
        else:
            break
    return tuple(path)


def _model_at(path: PathKey) -> Any:
    """The spec model class that the mapping at ``path`` is validated against."""
    annotation: Any = KitSpec
    for part in path:
        annotation = _unwrap(annotation)
        if _is_part(annotation):
            annotation = typing.get_type_hints(annotation).get(str(part))
            if annotation is None:
                return None
        elif typing.get_origin(annotation) in (list, dict):
            annotation = typing.get_args(annotation)[-1]
        else:
            return None
    annotation = _unwrap(annotation)
    return annotation if _is_part(annotation) else None


def _is_part(annotation: Any) -> bool:
    return isinstance(annotation, type) and dataclasses.is_dataclass(annotation)


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and '| None' to reach the model, list or dict type."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    args = typing.get_args(annotation)
    if args and typing.get_origin(annotation) not in (list, dict):
        for arg in args:
            if arg is not type(None):
                return _unwrap(arg)
    return annotation


def _explain(error: dict[str, Any], loc: PathKey) -> tuple[str, str]:
    kind = error["type"]
    key = loc[-1] if loc else ""
    value = error.get("input")
    if kind == "missing":
        return (
            f"required key '{key}' is missing",
            "add it; kit_spec/default.yaml shows an example of every key",
        )
    if kind == UNKNOWN_KEY:
        parent = _model_at(loc[:-1])
        allowed = sorted(model.field_names(parent)) if parent is not None else []
        return f"unknown key '{key}'", suggestion(str(key), allowed) if allowed else "remove it"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        options = [part.strip(" '") for part in expected.replace(" or ", ",").split(",")]
        return (
            f"'{value}' is not allowed here (expected {expected})",
            suggestion(str(value), [o for o in options if o], "values"),
        )
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if pattern.startswith("^#"):
            return f"'{value}' is not a colour", "write it as #RRGGBB, e.g. #1F3864"
        if "A-Za-z" in pattern:
            return (
                f"'{value}' is not a valid key",
                "start with a letter and use only letters, digits and '_'",
            )
        return f"'{value}' does not have the expected form", f"match the pattern {pattern}"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return f"text is longer than {limit} characters", f"shorten it to {limit} or fewer"
    if kind == "string_too_short":
        return "text is empty", "write some text here"
    if kind in NOT_A_MAPPING:
        return f"expected a mapping of keys here, got {_describe(value)}", "indent keys under it"
    if kind == "list_type":
        return f"expected a list here, got {_describe(value)}", "write items as '- ...' lines"
    return f"{error['msg']} (got {_describe(value)})", "correct the value"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
