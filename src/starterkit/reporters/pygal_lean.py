"""pygal as the HTML report uses it: quiet on import, and quick for charts drawn hundreds
of times a page.

Importing this module adjusts pygal once, for the whole process:

- pygal's legacy import finder goes (see below);
- a chart marked ``LEAN`` (``charts.svg`` marks every chart it renders) is drawn without
  what the page strips from it anyway: the stylesheet and configuration script (the page
  carries one stylesheet for all charts) and the tooltip data for pygal's script, and its
  tree is written as text straight away;
- pygal's own bookkeeping, which dominates a small chart's time, takes shortcuts with the
  same results: its question whether an option is a series option, and where a chart
  finds its attributes while it renders.

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
from pygal.state import State
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


class _RenderState(State):
    """pygal's render state (the chart's options, merged with what its render works out),
    made the chart's own attribute dictionary while the chart renders, and the chart's
    dictionary of before given back after: pygal finds a chart's attributes in its state
    first through a ``__getattribute__`` of its own, and a chart reads them half a million
    times a hundred charts, a quarter of their time. Reading them from the chart's own
    dictionary finds the same values with no Python code in between."""

    def __init__(self, graph: Any, **kwargs: Any) -> None:
        super().__init__(graph, **kwargs)
        self.__dict__[_CHART_DICT] = graph.__dict__
        graph.__dict__ = self.__dict__


#: Where the render state keeps the chart's dictionary of before the render.
_CHART_DICT = "_starterkit_chart_dict"
_teardown = pygal.graph.base.BaseGraph.teardown


def _render_teardown(self: Any) -> None:
    chart_dict = self.__dict__.get(_CHART_DICT)
    _teardown(self)
    # pygal keeps the state after the render when asked to (PYGAL_KEEP_STATE).
    if chart_dict is not None and self.__dict__.get("state") is None:
        self.__dict__ = chart_dict


pygal.graph.base.State = _RenderState  # type: ignore[misc]
pygal.graph.base.BaseGraph.teardown = _render_teardown  # type: ignore[method-assign]
del pygal.graph.base.BaseGraph.__getattribute__
