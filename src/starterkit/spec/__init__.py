"""The kit spec: YAML in, a validated `KitSpec` out.

Names load on first use, so reading a workbook (which needs only the model) does not pay
for the YAML parser and the spec checks.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starterkit.spec.load import default_spec, default_spec_text, load_spec, load_spec_text
    from starterkit.spec.model import KitSpec
    from starterkit.spec.prefill import FilledKit, Raw, resolve

_HOMES = {
    "default_spec": "load",
    "default_spec_text": "load",
    "load_spec": "load",
    "load_spec_text": "load",
    "KitSpec": "model",
    "FilledKit": "prefill",
    "Raw": "prefill",
    "resolve": "prefill",
}

__all__ = [
    "FilledKit",
    "KitSpec",
    "Raw",
    "default_spec",
    "default_spec_text",
    "load_spec",
    "load_spec_text",
    "resolve",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'starterkit.spec' has no attribute '{name}'")
    return getattr(importlib.import_module(f"starterkit.spec.{_HOMES[name]}"), name)
