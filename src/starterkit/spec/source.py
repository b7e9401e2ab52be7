"""YAML text to plain data, remembering where every key and item was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from starterkit.errors import Problem, SpecError
from starterkit.spec.paths import PathKey, format_path

try:  # the C parser is several times faster; fall back when libyaml is absent
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass
class SpecSource:
    """Parsed YAML plus the line and column of each path, for error messages."""

    name: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: PathKey) -> str:
        """`file:line:column` of the nearest written ancestor of ``path``."""
        probe = tuple(path)
        while probe and probe not in self.positions:
            probe = probe[:-1]
        line, column = self.positions.get(probe, (1, 1))
        return f"{self.name}:{line}:{column}"


#: Limits on a spec or data file, so a small hostile file cannot exhaust memory or the
#: stack: its size, how deep mappings and lists nest, how many aliases it uses, and how
#: many values the aliases may add in all when expanded.
MAX_DOCUMENT_CHARS = 10_000_000
MAX_DEPTH = 64
MAX_ALIASES = 100
MAX_ALIAS_VALUES = 10_000


def parse_yaml(text: str, name: str) -> SpecSource:
    """Parse spec text; a syntax error raises SpecError at once.

    Duplicate keys and dates that do not exist (2027-02-30) are kept in ``problems`` with
    their position, so they are reported together with everything validation finds later.
    A file beyond the limits above (billion laughs, thousands of nested brackets) is
    refused at the line where it crosses one, before anything is built from it.
    """
    _check_limits(text, name)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        problems: list[Problem] = []
        source = SpecSource(name, None, problems=problems)
        if root is not None:
            _record_positions(root, (), source, problems)
            source.data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        opened = ""
        if exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            opened = f", {exc.context} on line {exc.context_mark.line + 1}"
        raise SpecError(
            [
                Problem(
                    where,
                    "",
                    f"this is not valid YAML ({exc.problem}{opened})",
                    "check the indentation and quoting there; text containing ': ' "
                    "or starting with a special character needs quotes",
                )
            ],
            subject=name,
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError(
            [Problem(name, "", f"this is not valid YAML ({exc})", "fix the file's syntax")],
            subject=name,
        ) from None
    finally:
        loader.dispose()
    return source


def _limit_error(name: str, line: int, column: int, message: str, fix: str) -> SpecError:
    return SpecError([Problem(f"{name}:{line}:{column}", "", message, fix)], subject=name)


def _check_limits(text: str, name: str) -> None:
    """Refuse a document over a limit, reading only its events (no tree is built)."""
    if len(text) > MAX_DOCUMENT_CHARS:
        line = text.count("\n", 0, MAX_DOCUMENT_CHARS) + 1
        raise _limit_error(
            name,
            line,
            1,
            f"the file is longer than {MAX_DOCUMENT_CHARS // 1_000_000} million characters",
            "a spec or data file is a few hundred kilobytes; split the data or remove "
            "what does not belong in it",
        )
    loader = _Loader(text)
    # Values inside each open collection (aliases counted as the values they stand for)
    # and each anchor's value count, to know what an alias adds when expanded.
    open_counts: list[int] = [0]
    open_anchors: list[str | None] = []
    anchored: dict[str, int] = {}
    aliases = added = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            mark = event.start_mark
            if isinstance(event, yaml.CollectionStartEvent):
                if len(open_anchors) >= MAX_DEPTH:
                    raise _limit_error(
                        name,
                        mark.line + 1,
                        mark.column + 1,
                        f"mappings and lists nest more than {MAX_DEPTH} levels deep here",
                        "a spec or data file needs a few levels; check for brackets "
                        "that are never closed",
                    )
                open_counts.append(1)
                open_anchors.append(event.anchor)
            elif isinstance(event, yaml.CollectionEndEvent):
                count = open_counts.pop()
                anchor = open_anchors.pop()
                if anchor is not None:
                    anchored[anchor] = count
                open_counts[-1] += count
            elif isinstance(event, yaml.ScalarEvent):
                open_counts[-1] += 1
                if event.anchor is not None:
                    anchored[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                size = anchored.get(event.anchor, 1)
                added += size
                if aliases > MAX_ALIASES or added > MAX_ALIAS_VALUES:
                    raise _limit_error(
                        name,
                        mark.line + 1,
                        mark.column + 1,
                        f"aliases (*{event.anchor}) repeat more than "
                        + (
                            f"{MAX_ALIASES} times"
                            if aliases > MAX_ALIASES
                            else f"{MAX_ALIAS_VALUES:,} values in all"
                        ),
                        "write the values out instead of repeating anchors with aliases",
                    )
                open_counts[-1] += size
    except yaml.YAMLError:
        pass  # the parse proper reports syntax errors with their position
    finally:
        loader.dispose()


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STRING = "tag:yaml.org,2002:str"


def _check_timestamp(node: yaml.ScalarNode, path: PathKey, source: SpecSource) -> Problem | None:
    """A date such as 2027-02-30 is read as text instead of stopping the whole parse."""
    try:
        yaml.SafeLoader("").construct_yaml_timestamp(node)
    except ValueError as exc:
        node.tag = _STRING
        return Problem(
            source.where(path),
            format_path(path),
            f"{node.value} is not a real date ({exc})",
            "write a date that exists, as YYYY-MM-DD",
        )
    return None


def _record_positions(
    node: yaml.Node, path: PathKey, source: SpecSource, problems: list[Problem]
) -> None:
    source.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode) and node.tag == _TIMESTAMP:
        problem = _check_timestamp(node, path, source)
        if problem:
            problems.append(problem)
    elif isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(
                    Problem(
                        f"{source.name}:{key_node.start_mark.line + 1}:"
                        f"{key_node.start_mark.column + 1}",
                        format_path((*path, key)),
                        f"key '{key}' is written twice (first on line {seen[key]})",
                        "keep one of them; YAML would silently use the last",
                    )
                )
            seen[key] = key_node.start_mark.line + 1
            child = (*path, key)
            _record_positions(value_node, child, source, problems)
            # Point at the key rather than the value, so errors name the line people read.
            source.positions[child] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_positions(item, (*path, index), source, problems)
