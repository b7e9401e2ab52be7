"""Compile returned kits into one playbook: every pattern, wherever it was typed, once.

No file IO: ``compile_playbook`` takes kit data the reader already made.

Matching names. Stewards retype a pattern's name in Sessions, Cases and the Playbook, in
several returns and networks, with small differences. Two names are the same pattern when,
after case folding, dropping punctuation and collapsing spaces, rapidfuzz's
``token_sort_ratio`` (word order ignored) is at least ``NAME_THRESHOLD``.

Recurring problems. Two cases of different networks share a problem when their problem
texts share at least ``SHARED_TERMS`` key terms: words of three letters or more, case folded,
a plural "s" dropped, stop words left out. Cases linked that way, directly or through
another case, form one recurring problem.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from rapidfuzz import fuzz

from starterkit.playbook.model import CaseRef, Pattern, Playbook, RecurringProblem, Source
from starterkit.reader.kit_data import KitData, Row

NAME_THRESHOLD = 88
SHARED_TERMS = 3
#: Evidence order: proven first, retired last; a pattern not yet written up has no status.
STATUS_RANK = {"proven": 0, "tested": 1, "draft": 2, None: 3, "retired": 4}
_STOP_TEXT = """about above after again against all also and any are because been before being
    below between both but can cannot could did does doing down during each few for from
    further had has have having her here hers him his how into its itself just more most
    not now off once only other our ours out over own same she should some such than that
    the their theirs them then there these they this those through too under until very
    was were what when where which while who whom why will with would you your yours
    get gets got one two three week weeks day days time times still even"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
_PUNCTUATION = re.compile(r"[^\w\s]+")
_WORD = re.compile(r"[^\W\d_]{3,}")


def normal_name(name: str) -> str:
    """A pattern name for matching: case folded, punctuation dropped, spaces collapsed."""
    return " ".join(_PUNCTUATION.sub(" ", name.casefold()).split())


def same_pattern(a: str, b: str) -> bool:
    return fuzz.token_sort_ratio(normal_name(a), normal_name(b)) >= NAME_THRESHOLD


def key_terms(text: str) -> frozenset[str]:
    """The content words of a problem text (see the module docstring)."""
    terms = set()
    for word in _WORD.findall(text.casefold()):
        if word in STOP_WORDS:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        terms.add(word)
    return frozenset(terms)


def network_name(kit: KitData) -> str:
    return str(kit.charter.get("network_name") or kit.source)


def compile_playbook(
    kits: Iterable[KitData], as_of: dt.date, errors: Iterable[tuple[str, str, str]] = ()
) -> Playbook:
    """Every pattern of ``kits`` merged by name, in evidence order, and recurring problems."""
    kits = list(kits)
    patterns: list[Pattern] = []
    all_cases: list[tuple[int, CaseRef]] = []
    for index, kit in enumerate(kits):
        network = network_name(kit)
        capability = str(kit.charter.get("capability") or "").strip()
        cases = {str(row.get("case_id")).strip(): row for row in kit.rows("cases")}
        for row in kit.rows("cases"):
            if row.get("problem"):
                all_cases.append((index, _case_ref(network, row)))
        for kind, row in _named_rows(kit):
            if kind == "session" and not _held(row, as_of):
                continue  # a planned session has captured nothing yet
            name = " ".join(str(row.get("pattern")).split())
            pattern = _find(patterns, name)
            _add(pattern, name, kind, row, kit, network, capability, cases)
    for pattern in patterns:
        # Shown as most sources write it; the first such spelling on a tie.
        names = [source.name for source in pattern.sources]
        pattern.name = max(dict.fromkeys(names), key=names.count, default=pattern.name)
    patterns.sort(key=_evidence)
    return Playbook(
        as_of=as_of,
        networks=tuple(dict.fromkeys(network_name(kit) for kit in kits)),
        patterns=tuple(patterns),
        recurring=tuple(recurring_problems(all_cases)),
        errors=tuple(errors),
    )


def _named_rows(kit: KitData) -> Iterable[tuple[str, Row]]:
    # The Playbook first, so a written-up pattern's name is the one shown.
    for kind, table in (("playbook", "playbook"), ("session", "sessions"), ("case", "cases")):
        for row in kit.rows(table):
            if isinstance(row.get("pattern"), str) and row.get("pattern").strip():
                yield kind, row


def _held(row: Row, as_of: dt.date) -> bool:
    day = row.get("date")
    return isinstance(day, dt.date) and day <= as_of


def _find(patterns: list[Pattern], name: str) -> Pattern:
    best, best_score = None, -1.0
    wanted = normal_name(name)
    for pattern in patterns:
        score = fuzz.token_sort_ratio(wanted, normal_name(pattern.name))
        if score >= NAME_THRESHOLD and score > best_score:
            best, best_score = pattern, score
    if best is None:
        best = Pattern(name=name)
        patterns.append(best)
    return best


def _add(
    pattern: Pattern,
    name: str,
    kind: str,
    row: Row,
    kit: KitData,
    network: str,
    capability: str,
    cases: dict[str, Row],
) -> None:
    date_key = {"playbook": "captured_on", "session": "date", "case": "session_date"}[kind]
    ref = {
        "playbook": str(row.get("pattern_id") or f"row {row.number}"),
        "session": str(row.get("session_no") or f"row {row.number}"),
        "case": str(row.get("case_id") or f"row {row.number}"),
    }[kind]
    pattern.sources.append(
        Source(kind, network, kit.source, ref, row.get(date_key), row.at("pattern").ref, name)
    )
    _once(pattern.networks, network)
    if capability:
        _once(pattern.capabilities, capability)
    if kind == "playbook":
        _write_up(pattern, row)
        case_ids = _ids(row.get("source_cases"))
    elif kind == "session":
        case_ids = _ids(row.get("cases"))
    else:
        case_ids = [str(row.get("case_id"))]
        pattern.problem = pattern.problem or row.get("problem")
        if row.get("applies_next"):
            _once(pattern.applies_to, str(row.get("applies_next")))
        if not pattern.written_up and row.get("teams_applied") is not None:
            pattern.teams_using = max(pattern.teams_using or 0, int(row.get("teams_applied")))
    for case_id in case_ids:
        case = cases.get(case_id)
        ref_case = _case_ref(network, case) if case else CaseRef(network, case_id, None, None)
        if all((c.network, c.case_id) != (network, case_id) for c in pattern.cases):
            pattern.cases.append(ref_case)


def _write_up(pattern: Pattern, row: Row) -> None:
    """A Playbook row's text wins over what Sessions and Cases say."""
    pattern.problem = row.get("problem") or pattern.problem
    pattern.method = row.get("method") or pattern.method
    if row.get("applies_to"):
        pattern.applies_to.insert(0, str(row.get("applies_to")))
        pattern.applies_to[:] = list(dict.fromkeys(pattern.applies_to))
    status = row.get("status")
    better = status is not None and STATUS_RANK.get(status, 3) < STATUS_RANK.get(pattern.status, 3)
    if better or pattern.status is None:
        pattern.status = status
    teams = row.get("teams_using")
    if teams is not None:
        # One written-up row per network: teams add up across networks.
        pattern.teams_using = (pattern.teams_using or 0) + int(teams)
    for key, keep in (("last_reviewed", max), ("captured_on", min)):
        day = row.get(key)
        if isinstance(day, dt.date):
            current = getattr(pattern, key)
            setattr(pattern, key, day if current is None else keep(current, day))
    if row.get("owner"):
        _once(pattern.owners, str(row.get("owner")))


def _evidence(pattern: Pattern) -> tuple:
    return (
        pattern.capabilities[0].casefold() if pattern.capabilities else "\uffff",
        STATUS_RANK.get(pattern.status, 3),
        -(pattern.teams_using or 0),
        -len(pattern.sources),
        pattern.name.casefold(),
    )


def _ids(text: object) -> list[str]:
    if not isinstance(text, str):
        return []
    return [part.strip() for part in re.split(r"[,;\s]+", text) if part.strip()]


def _case_ref(network: str, row: Row) -> CaseRef:
    return CaseRef(
        network,
        str(row.get("case_id") or f"row {row.number}"),
        row.get("problem"),
        row.get("submitted_on"),
    )


def _once(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def recurring_problems(cases: list[tuple[int, CaseRef]]) -> list[RecurringProblem]:
    """Cases of different kits that share ``SHARED_TERMS`` key terms, linked into groups."""
    terms = [key_terms(case.problem or "") for _, case in cases]
    parent = list(range(len(cases)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(cases)):
        for j in range(i + 1, len(cases)):
            if cases[i][0] != cases[j][0] and len(terms[i] & terms[j]) >= SHARED_TERMS:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(cases)):
        groups.setdefault(root(i), []).append(i)
    found = []
    for members in groups.values():
        if len({cases[i][0] for i in members}) < 2:
            continue
        shared: dict[str, int] = {}
        for i in members:
            for term in terms[i]:
                shared[term] = shared.get(term, 0) + 1
        common = sorted(t for t, n in shared.items() if n >= 2)
        found.append(RecurringProblem(tuple(common), tuple(cases[i][1] for i in members)))
    found.sort(key=lambda r: (-len({c.network for c in r.cases}), -len(r.cases), r.terms))
    return found
