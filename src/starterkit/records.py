"""Equality, hash and repr by field values in order, written once for the dataclasses that
every run makes.

``dataclass`` compiles each method it writes, for each class, in every process. The spec
parts (``spec.model``) and the report's classes (``report``) are made by every process that
reads or builds a kit, so they take these three from ``Record`` (declared with
``eq=False, repr=False``) and ``dataclass`` writes only their ``__init__`` and the guards that
keep them frozen.
"""

from __future__ import annotations

import dataclasses
import functools


@functools.cache
def field_names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls))


class Record:
    """A dataclass's equality, hash and repr, as ``dataclass`` would write them."""

    __slots__ = ()

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in field_names(self.__class__))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        values = ", ".join(
            f"{name}={getattr(self, name)!r}" for name in field_names(self.__class__)
        )
        return f"{self.__class__.__qualname__}({values})"
