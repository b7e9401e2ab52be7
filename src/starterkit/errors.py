"""Every error a user can meet, as data: where it is, what is wrong, what to do."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in a spec, a data file or a batch row.

    ``where`` is a file position (``kit.yaml:12:5``), a CSV line or a workbook cell;
    ``path`` is the dotted path inside the spec or data (``sheets.charter.title``).
    """

    where: str
    path: str
    message: str
    fix: str

    def __str__(self) -> str:
        path = f" {self.path}:" if self.path else ""
        return f"{self.where}:{path} {self.message} — {self.fix}"


class StarterkitError(Exception):
    """Base of every error the CLI turns into a clear message instead of a traceback."""


class SpecError(StarterkitError):
    """A spec (or prefill data) has problems; all of them are listed, not just the first."""

    def __init__(self, problems: Iterable[Problem], subject: str = "the kit spec"):
        self.problems = sorted(problems, key=_position)
        self.subject = subject
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in {subject}:"
        super().__init__("\n".join([header, *(f"  {p}" for p in self.problems)]))


def _position(problem: Problem) -> tuple[int, int]:
    """Line and column from 'file:line:col' (problems without them sort first)."""
    parts = problem.where.rsplit(":", 2)
    try:
        return int(parts[-2]), int(parts[-1])
    except (IndexError, ValueError):
        return 0, 0


class BuildError(StarterkitError):
    """The workbook could not be written (a logo that cannot be read, a path that cannot be written)."""


class InputError(StarterkitError):
    """An input that cannot be used as given (a lock file named instead of its workbook)."""


class OutputError(StarterkitError):
    """An output that must not or cannot be written; the message names the path, the reason
    and what to do."""


class UnsafeOutput(OutputError):
    """An output path that would replace an input or something that is not a regular file."""


class WriteError(OutputError, OSError):
    """Writing an output failed, and it was left as it was (writes are whole or not at all).

    Also an OSError carrying the failure's errno and strerror, for callers that add their
    own wording.
    """

    def __init__(self, place: object, reason: OSError, what: str = "", fix: str = "") -> None:
        OSError.__init__(self, reason.errno, reason.strerror, str(place))
        what = f" {what}" if what else ""
        fix = f" — {fix}" if fix else ""
        self.message = f"{place}: cannot write{what} ({reason.strerror}){fix}"

    def __str__(self) -> str:
        return self.message


class FormatUnavailable(StarterkitError):
    """A report format whose optional dependency is not installed."""


class UsageProblem(StarterkitError):
    """Options that cannot work together (several formats without an output folder, say);
    the command line adds the help to read."""


def one_per_place(problems: Iterable[Problem]) -> list[Problem]:
    """One problem per spec path (or position): the first found, the most basic, explains it."""
    seen: set[str] = set()
    kept = []
    for problem in problems:
        place = problem.path or problem.where
        if place not in seen:
            seen.add(place)
            kept.append(problem)
    return kept


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt key, if one is close enough to suggest."""
    import difflib  # only a message with a suggestion needs it

    matches = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def suggestion(word: str, candidates: Iterable[str], what: str = "keys") -> str:
    """'did you mean X?' when a near miss exists, else the list of what is allowed."""
    candidates = list(candidates)
    close = did_you_mean(word, candidates)
    if close is not None:
        return f"did you mean '{close}'?"
    shown = ", ".join(candidates[:20]) + (" …" if len(candidates) > 20 else "")
    return f"use one of the allowed {what}: {shown}"


class UnreadableWorkbook(StarterkitError):
    """A file that cannot be analyzed at all: the message says why and what to do."""

    def __init__(self, source: str, message: str, fix: str):
        self.source, self.reason, self.fix = source, message, fix
        super().__init__(f"{source}: {message} — {fix}")


class LoopError(StarterkitError):
    """A returned kit the loop commands (``next``, ``review``, ``upgrade``) cannot turn into
    a new kit as asked; the message names the file and cell, what is wrong and what to do."""


class NetworkPaused(LoopError):
    """``next`` on a kit whose recorded decision is to pause the network (``--force`` builds
    the next kit anyway)."""
