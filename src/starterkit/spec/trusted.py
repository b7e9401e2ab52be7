"""Specs known to be valid, made without validating them again.

Validating a spec imports pydantic and builds its validators, which costs more than reading
a whole kit. The default kit's spec was validated when this package was made and written
into ``spec.known`` as Python code that makes it, twice: in the order default.yaml gives it,
and as a kit built from it records it (``DEFAULT_SPEC_JSON``, see ``builder.spec_json``,
whose mappings are sorted). ``spec.known`` also keeps a fingerprint of what made it
(default.yaml and the spec models). While the fingerprint still matches,

- ``default_spec()`` is that spec, and
- a returned kit whose recorded spec JSON is character for character ``DEFAULT_SPEC_JSON``
  reads as the recorded spec,

both equal to what validation gives (``tests/test_trusted_spec.py`` checks it). When the
fingerprint does not match (default.yaml or the models changed since ``spec.known`` was
written), nothing is trusted and every spec is validated as before.

Regenerate ``spec.known`` after changing default.yaml or the spec models::

    python -m starterkit.spec.trusted
"""

from __future__ import annotations

import dataclasses
import functools
import json
import zlib
from pathlib import Path

from starterkit.spec import model
from starterkit.spec.model import KitSpec

KNOWN_MODULE = Path(__file__).with_name("known.py")


def fingerprint() -> str:
    """What ``spec.known`` depends on: default.yaml and the spec models.

    A CRC, not a cryptographic hash: it tells a stale file from a current one, and it is
    computed by every process that reads a kit. Not the validator's version either:
    default.yaml holds plain text, numbers and lists, which validate to themselves
    (``tests/test_trusted_spec.py`` checks it against the installed pydantic).
    """
    crc = 0
    for path in (Path(__file__).with_name("default.yaml"), Path(model.__file__)):
        crc = zlib.crc32(path.read_bytes(), crc)
    return f"{crc:08x}"


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

    return known.default_spec()


@functools.cache
def _recorded() -> KitSpec | None:
    """The spec the default spec's JSON, as kits record it, validates to: the same values,
    its mappings in the recorded, sorted order."""
    if not _current():
        return None
    from starterkit.spec import known

    return known.recorded_spec()


def spec_for(recorded_json: str) -> KitSpec | None:
    """The spec a kit's recorded JSON validates to, when it is the default kit's; None
    otherwise."""
    from starterkit.spec import known

    spec = _recorded()
    return spec if spec is not None and recorded_json == known.DEFAULT_SPEC_JSON else None


def known_module_text() -> str:
    """The text of ``spec.known`` for the default spec as it is now (validated)."""
    from starterkit.builder import spec_json
    from starterkit.spec.load import (
        DEFAULT_SPEC_NAME,
        default_spec_text,
        load_spec_text,
        validated,
    )

    spec = load_spec_text(default_spec_text(), name=f"<embedded {DEFAULT_SPEC_NAME}>")
    recorded_json = spec_json(spec)
    recorded = validated(KitSpec, json.loads(recorded_json))
    # A spec part's repr is the call that makes it (class names, keywords and the reprs of
    # plain values), so the module below makes each spec without parsing or validating.
    code = repr(spec) + repr(recorded)
    parts = {
        name
        for name, value in vars(model).items()
        if isinstance(value, type) and dataclasses.is_dataclass(value)
    }
    names = sorted(name for name in parts if f"{name}(" in code)
    imports = "import datetime\n\n" if "datetime." in code else ""
    return (
        '"""The default kit\'s spec, validated when this file was written: as kits record it\n'
        "(DEFAULT_SPEC_JSON, and ``recorded_spec``) and in the order default.yaml gives it\n"
        "(``default_spec``).\n\n"
        "Written by `python -m starterkit.spec.trusted` (see ``spec.trusted``); a test fails\n"
        'when it is stale."""\n\n'
        f"{imports}from starterkit.spec.model import {', '.join(names)}\n\n"
        f'FINGERPRINT = "{fingerprint()}"\n'
        f"DEFAULT_SPEC_JSON = {recorded_json!r}\n\n\n"
        "def default_spec() -> KitSpec:\n"
        f"    return {spec!r}\n\n\n"
        "def recorded_spec() -> KitSpec:\n"
        f"    return {recorded!r}\n"
    )


if __name__ == "__main__":
    KNOWN_MODULE.write_text(known_module_text(), encoding="utf-8")
    print(f"wrote {KNOWN_MODULE}")
