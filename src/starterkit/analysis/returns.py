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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from starterkit.findings import Finding
from starterkit.report import (
    Changes,
    CyclePosition,
    FoldRule,
    Moved,
    NetworkReport,
    ReturnedFile,
    WeeklySignals,
)

#: A file of a network-cycle (its index among the files) and the rule that tied it to the
#: cycle (None for its first).
_Member = tuple[int, "FoldRule | None"]


@dataclass(frozen=True, slots=True)
class Filed:
    """What folding reads of one file's report: who it is, its cycle and how much is filled
    in. A batch's reports can stay packed while they are folded."""

    source: str
    kit_id: str | None
    network_id: str | None
    network: str | None
    organization: str | None
    as_of: dt.date
    cycle: CyclePosition
    latest_entry: dt.date | None
    entries: int

    @classmethod
    def of(cls, report: NetworkReport) -> Filed:
        return cls(
            source=report.source,
            kit_id=report.kit_id,
            network_id=report.network_id,
            network=report.network,
            organization=report.organization,
            as_of=report.as_of,
            cycle=report.cycle,
            latest_entry=latest_entry(report),
            entries=_entries(report),
        )


@dataclass(frozen=True)
class Fold:
    """Which file is each network's current return, by index among the files."""

    #: Each network's current file and the earlier return of its network-cycle that it is
    #: compared with (None for a network-cycle's only return), in the order the files came.
    current: tuple[tuple[int, int | None], ...]
    #: Every file's role, in the order the files came.
    files: tuple[ReturnedFile, ...]


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


def _charter_key(file: Filed) -> tuple[str, str, dt.date | None] | None:
    if not file.network:
        return None
    return (name_key(file.organization), name_key(file.network), file.cycle.start)


def fold_returns(reports: Iterable[NetworkReport]) -> Folded:
    """Group the reports into network-cycles and networks (rules in the module doc)."""
    reports = tuple(reports)
    folded = fold([Filed.of(report) for report in reports])
    return Folded(
        current=tuple(
            with_changes(reports[head], None if since is None else reports[since])
            for head, since in folded.current
        ),
        files=folded.files,
    )


def with_changes(current: NetworkReport, earlier: NetworkReport | None) -> NetworkReport:
    """The current return, with what changed since ``earlier`` when there is one."""
    if earlier is None:
        return current
    return dataclasses.replace(current, changes=changes(earlier, current))


def fold(files: Sequence[Filed]) -> Fold:
    """Group the files into network-cycles and networks (rules in the module doc)."""
    groups: list[list[_Member]] = []
    by_kit: dict[tuple[str, str], int] = {}
    by_charter: dict[tuple[str, str, dt.date | None], int] = {}
    for index, file in enumerate(files):  # rules 1 and 2: files with a kit id
        if file.kit_id is None:
            continue
        key = (file.kit_id, name_key(file.network))
        if key in by_kit:
            groups[by_kit[key]].append((index, "same_kit_id"))
            continue
        by_kit[key] = len(groups)
        groups.append([(index, None)])
        charter = _charter_key(file)
        if charter is not None:
            by_charter.setdefault(charter, by_kit[key])
    for index, file in enumerate(files):  # rule 3: files without ids
        if file.kit_id is not None:
            continue
        charter = _charter_key(file)
        if charter is not None and charter in by_charter:
            groups[by_charter[charter]].append((index, "same_charter"))
            continue
        if charter is not None:
            by_charter[charter] = len(groups)
        groups.append([(index, None)])

    current: dict[int, int | None] = {}
    roles: dict[int, ReturnedFile] = {}
    for network in _by_network(files, [_ordered(files, group) for group in groups]):
        latest_cycle = network[0]
        head = latest_cycle[0][0]
        current[head] = latest_cycle[1][0] if len(latest_cycle) > 1 else None
        roles[head] = _file(files[head], files[head], "current", None)
        for index, rule in latest_cycle[1:]:
            roles[index] = _file(files[index], files[head], "earlier", rule)
        for cycle in network[1:]:
            for index, _ in cycle:
                roles[index] = _file(files[index], files[head], "earlier", "earlier_cycle")
    return Fold(
        current=tuple((index, current[index]) for index in range(len(files)) if index in current),
        files=tuple(roles[index] for index in range(len(files))),
    )


def _file(file: Filed, head: Filed, role: str, rule: FoldRule | None) -> ReturnedFile:
    return ReturnedFile(
        source=file.source,
        kit_id=file.kit_id,
        network_id=file.network_id,
        network=file.network,
        role=role,  # type: ignore[arg-type]
        current_source=head.source,
        rule=rule,
        latest_entry=file.latest_entry,
    )


def _ordered(files: Sequence[Filed], group: list[_Member]) -> list[_Member]:
    """A network-cycle's returns, the current one first: the latest dated entry, then the
    most filled in, then a file with ids over a stripped copy, then the later file given."""
    indexed = list(enumerate(group))
    indexed.sort(
        key=lambda pair: (
            files[pair[1][0]].latest_entry or dt.date.min,
            files[pair[1][0]].entries,
            files[pair[1][0]].kit_id is not None,
            pair[0],
        ),
        reverse=True,
    )
    ordered = [item for _, item in indexed]
    # A rule ties two files together: when a folded-in file ends up current, the file it
    # was folded into takes its rule.
    head_rule = ordered[0][1]
    return [(ordered[0][0], None), *((index, rule or head_rule) for index, rule in ordered[1:])]


def _by_network(files: Sequence[Filed], cycles: list[list[_Member]]) -> list[list[list[_Member]]]:
    """Rule 4: network-cycles sharing a network id under different cycle numbers, the latest
    cycle first. Copies of one blank kit share a network id and a cycle number: they stay
    apart (rule 2), and a later cycle joins the copy of its own name."""

    def first(cycle: list[_Member]) -> Filed:
        return files[cycle[0][0]]

    networks: list[list[list[_Member]]] = []
    by_network_id: dict[str, list[int]] = {}
    for cycle in cycles:
        head = first(cycle)
        if head.network_id is None:
            networks.append([cycle])
            continue
        candidates = [
            index
            for index in by_network_id.get(head.network_id, [])
            if all(first(c).cycle.cycle_number != head.cycle.cycle_number for c in networks[index])
        ]
        named = [
            index
            for index in candidates
            if any(name_key(first(c).network) == name_key(head.network) for c in networks[index])
        ]
        if candidates:
            networks[(named or candidates)[0]].append(cycle)
            continue
        by_network_id.setdefault(head.network_id, []).append(len(networks))
        networks.append([cycle])
    for network in networks:
        network.sort(key=lambda cycle: first(cycle).cycle.cycle_number, reverse=True)
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
