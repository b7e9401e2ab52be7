"""YAML text to plain data, remembering where every key and item was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from starterkit.errors import Problem, SpecError

try:  # the C parser is several times faster; fall back when libyaml is absent
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

PathKey = tuple[str | int, ...]


def format_path(path: PathKey) -> str:
    """('sheets', 'charter', 'sections', 2) -> 'sheets.charter.sections[2]'."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


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


def parse_yaml(text: str, name: str) -> SpecSource:
    """Parse spec text; a syntax error raises SpecError at once.

    Duplicate keys and dates that do not exist (2027-02-30) are kept in ``problems`` with
    their position, so they are reported together with everything validation finds later.
    """
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
