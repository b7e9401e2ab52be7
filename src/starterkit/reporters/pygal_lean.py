"""pygal as the HTML report uses it: quiet on import, and quick for charts drawn hundreds
of times a page.

Importing this module adjusts pygal once, for the whole process:

- pygal's legacy import finder goes (see below);
- a chart marked ``LEAN`` (``charts.svg`` marks every chart it renders) is drawn without
  what the page strips from it anyway: the stylesheet and configuration script (the page
  carries one stylesheet for all charts) and the tooltip data for pygal's script, and its
  tree is written as text straight away;
- pygal's own bookkeeping, which dominates a small chart's time, takes shortcuts with the
  same results: its question whether an option is a series option, and its look-up of a
  chart's attributes.

A chart not marked ``LEAN`` renders exactly as pygal alone would render it.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

import pygal
import pygal.graph.base
import pygal.graph.graph
from pygal.config import SerieConfig
from pygal.etree import etree
from pygal.svg import Svg

#: The attribute ``charts.svg`` sets on a chart so its render skips what the page strips.
LEAN = "_starterkit_lean"

# pygal appends a finder for its map plugins to sys.meta_path, of the kind that predates
# find_spec; Python then warns (ImportWarning) on every import no other finder resolves,
# in whatever code runs next. The report draws no maps, so the finder goes.
sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, pygal.PluginImportFixer)]


class _LeanSvg(Svg):
    """pygal's SVG writer, which skips the stylesheet and configuration script of a lean
    chart (making them is a third of the time a chart takes) and writes its tree as text
    straight away."""

    def add_styles(self) -> None:
        if not getattr(self.graph, LEAN, False):
            super().add_styles()

    def add_scripts(self) -> None:
        if not getattr(self.graph, LEAN, False):
            super().add_scripts()

    def render(self, is_unicode: bool = False, pretty_print: bool = False) -> Any:
        """pygal's last step; for a lean chart without pygal's encoding of the tree to UTF-8
        one piece at a time and decoding it back."""
        if not getattr(self.graph, LEAN, False):
            return super().render(is_unicode, pretty_print)
        for xml_filter in self.graph.xml_filters:
            self.root = xml_filter(self.root)
        return etree.tostring(self.root, encoding="unicode")


pygal.graph.base.Svg = _LeanSvg  # type: ignore[misc]

_tooltip_data = pygal.graph.graph.Graph._tooltip_data


def _lean_tooltip_data(self: Any, *args: Any, **kwargs: Any) -> None:
    """pygal's tooltip data (``<desc>`` elements for its script), which a lean chart goes
    without: they are an eighth of its elements."""
    if not getattr(self, LEAN, False):
        _tooltip_data(self, *args, **kwargs)


pygal.graph.graph.Graph._tooltip_data = _lean_tooltip_data  # type: ignore[method-assign]


class _SerieConfig(SerieConfig):
    """pygal's series options, listing its names once: pygal asks ``dir`` of it for every
    option of every series, a sixth of a chart's time."""

    _names: list[str] | None = None

    def __dir__(self) -> list[str]:
        cls = type(self)
        if cls._names is None:
            cls._names = list(super().__dir__())
        return cls._names


pygal.graph.base.SerieConfig = _SerieConfig  # type: ignore[misc]


def _option_names(obj: Any) -> Any:
    """``dir`` as pygal's chart code calls it, where it asks, for each option a chart has,
    whether it is a series option too: ``dir`` sorts a fresh list of all their names for
    every question, a set of them answers at once (a fifth of a chart's time)."""
    if isinstance(obj, _SerieConfig):
        return _serie_option_names()
    return dir(obj)


@functools.cache
def _serie_option_names() -> frozenset[str]:
    return frozenset(dir(_SerieConfig()))


# A name in pygal.graph.base's globals comes before the builtin, for that module only.
pygal.graph.base.dir = _option_names  # type: ignore[attr-defined]


def _getattribute(self: Any, name: str) -> Any:
    """pygal's lookup of a chart's attribute (its render state first, then the chart), with
    one dictionary look-up where pygal makes three attribute look-ups through itself: a
    chart reads its options half a million times a hundred charts, a quarter of their time."""
    if name[:2] != "__" and name != "state":
        state = _object_getattribute(self, "__dict__").get("state")
        if state is not None and name in state.__dict__:
            return getattr(state, name)
    return _object_getattribute(self, name)


_object_getattribute = object.__getattribute__
pygal.graph.base.BaseGraph.__getattribute__ = _getattribute  # type: ignore[method-assign]
