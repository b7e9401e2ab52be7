"""Specs known to be valid, made into models without validating them again.

Validating a spec builds pydantic's validators for every model the first time, which costs
more than reading a whole kit. The default kit's spec was validated when this package was
made: its JSON (exactly as a kit built from it records it, see ``builder.spec_json``) is kept
in ``spec.known`` with a fingerprint of what made it (default.yaml, the spec models and the
pydantic version). While the fingerprint still matches,

- ``default_spec()`` is that spec, its models filled in directly from the JSON, and
- a returned kit whose recorded spec JSON is byte for byte that JSON reads it the same way,

both equal to what validation gives (``tests/test_trusted_spec.py`` checks it). When the
fingerprint does not match (default.yaml or the models changed since ``spec.known`` was
written), nothing is trusted and every spec is validated as before.

Regenerate ``spec.known`` after changing default.yaml or the spec models::

    python -m starterkit.spec.trusted
"""

from __future__ import annotations

import functools
import hashlib
import json
import types
import typing
from pathlib import Path
from typing import Any

from starterkit.spec import model
from starterkit.spec.model import KitSpec

KNOWN_MODULE = Path(__file__).with_name("known.py")


def fingerprint() -> str:
    """What the known JSON depends on: default.yaml and the spec models.

    Not the validator's version: default.yaml holds plain text, numbers and lists, which
    validate to themselves (``tests/test_trusted_spec.py`` checks it against the installed
    pydantic), and reading pydantic's version would import it, the cost this module avoids.
    """
    digest = hashlib.sha256()
    for path in (Path(__file__).with_name("default.yaml"), Path(model.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def _current() -> bool:
    """Whether ``spec.known`` was written from default.yaml and the models as they are now."""
    try:
        from starterkit.spec import known

        return fingerprint() == known.FINGERPRINT
    except (ImportError, AttributeError, OSError):
        return False


@functools.cache
def default_spec() -> KitSpec | None:
    """The default kit's spec as loading default.yaml gives it, without validating it
    again; None when ``spec.known`` is stale."""
    if not _current():
        return None
    from starterkit.spec import known

    return construct(KitSpec, json.loads(known.DEFAULT_SPEC_DATA))


@functools.cache
def _recorded() -> tuple[bytes, KitSpec] | None:
    """(sha256 of the default spec's JSON as kits record it, the spec that JSON validates
    to: the same values, its mappings in the recorded, sorted order)."""
    if not _current():
        return None
    from starterkit.spec import known

    text = known.DEFAULT_SPEC_JSON
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    return digest, construct(KitSpec, json.loads(text))


def spec_for(json_hash: bytes) -> KitSpec | None:
    """The spec a kit's recorded JSON with this sha256 validates to, when it is the default
    kit's; None otherwise."""
    recorded = _recorded()
    return recorded[1] if recorded is not None and recorded[0] == json_hash else None


def construct(cls: type[Any], data: dict[str, Any]) -> Any:
    """A spec part filled in from data that validated before, without validating it again."""
    hints = _hints(cls)
    return cls(**{name: _value(hints[name], item) for name, item in data.items()})


@functools.cache
def _hints(cls: type[Any]) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _value(annotation: Any, item: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _value(typing.get_args(annotation)[0], item)
    if origin in (typing.Union, types.UnionType):
        if item is None:
            return None
        members = [arg for arg in typing.get_args(annotation) if _is_model(arg)]
        return construct(members[0], item) if members and isinstance(item, dict) else item
    if origin is list:
        (inner,) = typing.get_args(annotation)
        return [_value(inner, element) for element in item]
    if origin is dict:
        inner = typing.get_args(annotation)[1]
        return {key: _value(inner, element) for key, element in item.items()}
    if _is_model(annotation):
        return construct(annotation, item)
    return item


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, model.SpecModel)


def known_module_text() -> str:
    """The text of ``spec.known`` for the default spec as it is now (validated)."""
    from starterkit.builder import spec_json
    from starterkit.spec.load import DEFAULT_SPEC_NAME, default_spec_text, load_spec_text

    spec = load_spec_text(default_spec_text(), name=f"<embedded {DEFAULT_SPEC_NAME}>")
    data = json.dumps(model.as_json_data(spec), ensure_ascii=False, separators=(",", ":"))
    return (
        '"""The default kit\'s spec, validated when this file was written: as kits record it\n'
        "(DEFAULT_SPEC_JSON) and in the order default.yaml gives it (DEFAULT_SPEC_DATA).\n\n"
        "Written by `python -m starterkit.spec.trusted` (see ``spec.trusted``); a test fails\n"
        'when it is stale."""\n\n'
        f'FINGERPRINT = "{fingerprint()}"\n'
        f"DEFAULT_SPEC_JSON = {spec_json(spec)!r}\n"
        f"DEFAULT_SPEC_DATA = {data!r}\n"
    )


if __name__ == "__main__":
    KNOWN_MODULE.write_text(known_module_text(), encoding="utf-8")
    print(f"wrote {KNOWN_MODULE}")
