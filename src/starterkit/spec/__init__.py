"""The kit spec: YAML in, a validated `KitSpec` out."""

from starterkit.spec.load import default_spec, default_spec_text, load_spec, load_spec_text
from starterkit.spec.model import KitSpec
from starterkit.spec.values import FilledKit, Raw, resolve

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
