"""Files that are one network: repeated returns of a network-cycle, and a network's cycles.

Stewards send the kit back several times a cycle ("healthy (1).xlsx", "… FINAL.xlsx"),
copy a blank kit for a second network, and start a new kit each cycle. The portfolio shows
each network once, its latest return current and the others as its history. The rules, in
this order (kit.md, "Kit version 2 — Identity"):

1. the same ``kit_id`` and the same network name (case, spaces and accents ignored): returns
   of one network-cycle (``same_kit_id``);
2. the same ``kit_id`` under different network names: a blank kit copied for several
   networks, so different networks;
3. a file without ids (a stripped export): the same organisation, network name and cycle
   start as another file means the same network-cycle (``same_charter``);
4. the same ``network_id`` with different cycle numbers: one network's successive cycles,
   the latest cycle current (``earlier_cycle``).

Of a network-cycle's returns the one with the latest dated entry is current (then the one
with more filled in, then one with ids over a stripped copy, then the later file given). A current return with earlier ones carries
what changed since the latest of them (``Changes``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from starterkit.findings import Finding
from starterkit.report import (
    Changes,
    FoldRule,
    Moved,
    NetworkReport,
    ReturnedFile,
    WeeklySignals,
)

#: A file of a network-cycle and the rule that tied it to the cycle (None for its first).
_Member = tuple[NetworkReport, "FoldRule | None"]


@dataclass(frozen=True)
class Folded:
    """The networks, one current report each (with its changes), and every file's role."""

    current: tuple[NetworkReport, ...]
    files: tuple[ReturnedFile, ...]


def name_key(text: str | None) -> str:
    """A name as compared across files: case, spacing and accents ignored."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def latest_entry(report: NetworkReport) -> dt.date | None:
    """The day of the newest thing the steward dated, up to the analysis date."""
    days: list[dt.date] = []
    days += [s.date for s in report.sessions.items if s.held]
    days += [s.recap_published_on for s in report.sessions.items if s.recap_published_on]
    for case in report.cases.items:
        days += [d for d in (case.submitted_on, case.session_date, case.solved_on) if d]
    days += [m.done_on for m in report.milestones.items if m.done_on]
    days += [w.week_start for w in report.weeks if w.week_start and _filled(w)]
    return max((d for d in days if d <= report.as_of), default=None)


def _filled(week: WeeklySignals) -> bool:
    inputs = (
        week.active_members,
        week.attendance,
        week.patterns_used_in_field,
        week.teams_repeating_methods,
        week.sponsor_touchpoints,
        week.pulse_score,
        week.metric_value,
    )
    return any(value is not None for value in inputs)


def _entries(report: NetworkReport) -> int:
    """How much the steward has filled in: breaks ties between returns of the same day."""
    return (
        len(report.sessions.items)
        + len(report.cases.items)
        + sum(1 for m in report.milestones.items if m.status)
        + sum(1 for w in report.weeks if _filled(w))
    )


def _charter_key(report: NetworkReport) -> tuple[str, str, dt.date | None] | None:
    if not report.network:
        return None
    return (name_key(report.organization), name_key(report.network), report.cycle.start)


def fold_returns(reports: Iterable[NetworkReport]) -> Folded:
    """Group the reports into network-cycles and networks (rules in the module doc)."""
    reports = tuple(reports)
    groups: list[list[_Member]] = []
    by_kit: dict[tuple[str, str], int] = {}
    by_charter: dict[tuple[str, str, dt.date | None], int] = {}
    for report in reports:  # rules 1 and 2: files with a kit id
        if report.kit_id is None:
            continue
        key = (report.kit_id, name_key(report.network))
        if key in by_kit:
            groups[by_kit[key]].append((report, "same_kit_id"))
            continue
        by_kit[key] = len(groups)
        groups.append([(report, None)])
        charter = _charter_key(report)
        if charter is not None:
            by_charter.setdefault(charter, by_kit[key])
    for report in reports:  # rule 3: files without ids
        if report.kit_id is not None:
            continue
        charter = _charter_key(report)
        if charter is not None and charter in by_charter:
            groups[by_charter[charter]].append((report, "same_charter"))
            continue
        if charter is not None:
            by_charter[charter] = len(groups)
        groups.append([(report, None)])

    current: dict[int, NetworkReport] = {}
    files: dict[int, ReturnedFile] = {}
    for network in _by_network([_ordered(group) for group in groups]):
        latest_cycle = network[0]
        first = latest_cycle[0][0]
        history = [report for report, _ in latest_cycle[1:]]
        head = dataclasses.replace(first, changes=changes(history[0], first)) if history else first
        current[id(first)] = head
        files[id(first)] = _file(first, head, "current", None)
        for report, rule in latest_cycle[1:]:
            files[id(report)] = _file(report, head, "earlier", rule)
        for cycle in network[1:]:
            for report, _ in cycle:
                files[id(report)] = _file(report, head, "earlier", "earlier_cycle")
    return Folded(
        current=tuple(current[id(r)] for r in reports if id(r) in current),
        files=tuple(files[id(report)] for report in reports),
    )


def _file(
    report: NetworkReport, head: NetworkReport, role: str, rule: FoldRule | None
) -> ReturnedFile:
    return ReturnedFile(
        source=report.source,
        kit_id=report.kit_id,
        network_id=report.network_id,
        network=report.network,
        role=role,  # type: ignore[arg-type]
        current_source=head.source,
        rule=rule,
        latest_entry=latest_entry(report),
    )


def _ordered(group: list[_Member]) -> list[_Member]:
    """A network-cycle's returns, the current one first: the latest dated entry, then the
    most filled in, then a file with ids over a stripped copy, then the later file given."""
    indexed = list(enumerate(group))
    indexed.sort(
        key=lambda pair: (
            latest_entry(pair[1][0]) or dt.date.min,
            _entries(pair[1][0]),
            pair[1][0].kit_id is not None,
            pair[0],
        ),
        reverse=True,
    )
    ordered = [item for _, item in indexed]
    # A rule ties two files together: when a folded-in file ends up current, the file it
    # was folded into takes its rule.
    head_rule = ordered[0][1]
    return [(ordered[0][0], None), *((report, rule or head_rule) for report, rule in ordered[1:])]


def _by_network(cycles: list[list[_Member]]) -> list[list[list[_Member]]]:
    """Rule 4: network-cycles sharing a network id under different cycle numbers, the latest
    cycle first. Copies of one blank kit share a network id and a cycle number: they stay
    apart (rule 2), and a later cycle joins the copy of its own name."""
    networks: list[list[list[_Member]]] = []
    by_network_id: dict[str, list[int]] = {}
    for cycle in cycles:
        first = cycle[0][0]
        if first.network_id is None:
            networks.append([cycle])
            continue
        candidates = [
            index
            for index in by_network_id.get(first.network_id, [])
            if all(c[0][0].cycle.cycle_number != first.cycle.cycle_number for c in networks[index])
        ]
        named = [
            index
            for index in candidates
            if any(name_key(c[0][0].network) == name_key(first.network) for c in networks[index])
        ]
        if candidates:
            networks[(named or candidates)[0]].append(cycle)
            continue
        by_network_id.setdefault(first.network_id, []).append(len(networks))
        networks.append([cycle])
    for network in networks:
        network.sort(key=lambda cycle: cycle[0][0].cycle.cycle_number, reverse=True)
    return networks


def changes(before: NetworkReport, after: NetworkReport) -> Changes:
    """What changed from the earlier return ``before`` to the later ``after``."""
    raised, resolved = _flag_changes(before.flags, after.flags)
    moved = []
    earlier = {signal.key: signal for signal in before.signals}
    for signal in after.signals:
        was = earlier.get(signal.key)
        old = was.latest if was else None
        if old != signal.latest:
            moved.append(Moved(signal.key, signal.label, old, signal.latest))
    metric_before, metric_after = before.business_metric.latest, after.business_metric.latest
    if metric_before != metric_after:
        label = after.business_metric.name or before.business_metric.name or "Business metric"
        moved.append(Moved("business_metric", label, metric_before, metric_after))
    return Changes(
        since_source=before.source,
        since_latest_entry=latest_entry(before),
        raised=raised,
        resolved=resolved,
        moved=tuple(moved),
        sessions_added=after.sessions.held - before.sessions.held,
        cases_added=after.cases.submitted - before.cases.submitted,
    )


def _flag_changes(
    before: tuple[Finding, ...], after: tuple[Finding, ...]
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """(raised, resolved): flags matched first by id and evidence, then by id alone."""
    left_before, left_after = list(before), list(after)
    for same in (
        lambda a, b: a.id == b.id and a.evidence == b.evidence,
        lambda a, b: a.id == b.id,
    ):
        for flag in list(left_after):
            match = next((old for old in left_before if same(old, flag)), None)
            if match is not None:
                left_before.remove(match)
                left_after.remove(flag)
    return tuple(left_after), tuple(left_before)
