"""What a compiled playbook holds: patterns merged across sources, and recurring problems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """One place a pattern was named: a Playbook row, a Sessions row or a Cases row."""

    #: "playbook", "session" or "case".
    kind: str
    network: str
    file: str
    #: P-01, "session 3" or C-004.
    ref: str
    date: dt.date | None
    #: Sheet!Cell of the row's pattern cell.
    cell: str
    #: The name exactly as typed there.
    name: str


@dataclass(frozen=True)
class CaseRef:
    network: str
    case_id: str
    problem: str | None
    date: dt.date | None


@dataclass
class Pattern:
    """One pattern, however many rows, returns and networks name it."""

    name: str
    problem: str | None = None
    method: str | None = None
    applies_to: list[str] = field(default_factory=list)
    status: str | None = None
    teams_using: int | None = None
    last_reviewed: dt.date | None = None
    captured_on: dt.date | None = None
    owners: list[str] = field(default_factory=list)
    capabilities: list[str] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    cases: list[CaseRef] = field(default_factory=list)

    @property
    def written_up(self) -> bool:
        """Whether some Playbook row writes it up (else it is only named in Sessions or Cases)."""
        return any(source.kind == "playbook" for source in self.sources)

    @property
    def sessions(self) -> list[Source]:
        return [source for source in self.sources if source.kind == "session"]


@dataclass(frozen=True)
class RecurringProblem:
    """Cases in different networks whose problem texts share key terms."""

    terms: tuple[str, ...]
    cases: tuple[CaseRef, ...]


@dataclass(frozen=True)
class Playbook:
    as_of: dt.date
    networks: tuple[str, ...]
    patterns: tuple[Pattern, ...]
    recurring: tuple[RecurringProblem, ...]
    #: (file, reason, fix) of every file that could not be read.
    errors: tuple[tuple[str, str, str], ...] = ()

    @property
    def is_portfolio(self) -> bool:
        return len(self.networks) > 1

    def by_capability(self) -> list[tuple[str, list[Pattern]]]:
        """Patterns grouped under their first capability, groups in order of first pattern."""
        groups: dict[str, list[Pattern]] = {}
        for pattern in self.patterns:
            groups.setdefault(pattern.capabilities[0] if pattern.capabilities else "", []).append(
                pattern
            )
        return list(groups.items())
