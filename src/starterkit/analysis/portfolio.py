"""Many networks at once: what recurs, who is most at risk, and flags across networks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from starterkit.analysis.catalog import BY_ID, finding, in_catalog_order
from starterkit.analysis.cycle import day, has_text, name_key, one_line
from starterkit.analysis.returns import Filed, fold, with_changes
from starterkit.findings import Finding, Severity
from starterkit.packed import PackedReport, PackedReports, Packer
from starterkit.report import FileError, FlagFrequency, NetworkReport, Portfolio

#: A network's report, or what folding keeps of it: both say who it is and its cycle.
Network = TypeVar("Network", NetworkReport, Filed)


def network_name(report: NetworkReport | Filed) -> str:
    return report.network or report.source


def overlapping_launches(reports: Iterable[Network]) -> list[list[Network]]:
    """Groups of first-cycle networks of one organisation whose 12-week cycles overlap.

    Overlaps chain: when the first network overlaps the second and the second the third,
    the three make one group.
    """
    by_organization: dict[str, list[Network]] = {}
    for report in reports:
        # One report per network (``returns.fold_returns``): a blank kit copied for two
        # networks shares their kit id, and their launches may well overlap.
        cycle = report.cycle
        if has_text(report.organization) and cycle.start and cycle.end and cycle.cycle_number == 1:
            by_organization.setdefault(name_key(report.organization), []).append(report)
    groups = []
    for members in by_organization.values():
        members.sort(key=lambda r: (r.cycle.start, network_name(r).casefold()))
        group = [members[0]]
        group_end = members[0].cycle.end
        for report in members[1:]:
            if report.cycle.start <= group_end:
                group.append(report)
                group_end = max(group_end, report.cycle.end)
                continue
            if len(group) >= 2:
                groups.append(group)
            group, group_end = [report], report.cycle.end
        if len(group) >= 2:
            groups.append(group)
    return groups


#: Networks a parallel-launch message names; a larger group is counted after them (each
#: network's cycle start is still cited as evidence).
MAX_NAMED_LAUNCHES = 10


def parallel_launch(group: list[Network]) -> Finding:
    """The finding for one group of overlapping first cycles; it names its networks, the
    first ``MAX_NAMED_LAUNCHES`` of a larger group."""
    names = [
        f"{r.network} ({r.source}, from {day(r.cycle.start)})"
        if r.network
        else f"{r.source} (from {day(r.cycle.start)})"
        for r in group[:MAX_NAMED_LAUNCHES]
    ]
    if len(group) > len(names):
        listed = ", ".join(names) + f" and {len(group) - len(names):,} more"
    else:
        listed = ", ".join(names[:-1]) + " and " + names[-1]
    organization = one_line(group[0].organization)
    return finding(
        "parallel-launch",
        f"{len(group)} first-cycle networks of {organization} have overlapping 12-week "
        f"cycles: {listed}.",
        [r.cycle.start_cell for r in group if r.cycle.start_cell is not None],
    )


def flag_frequency(
    networks: Iterable[PackedReport], launches: list[list[Filed]]
) -> tuple[FlagFrequency, ...]:
    """How many networks raise each flag, most frequent first."""
    raised: dict[str, int] = {}
    for network in networks:
        for flag_id in dict.fromkeys(network.flag_ids):
            raised[flag_id] = raised.get(flag_id, 0) + 1
    if launches:
        raised["parallel-launch"] = sum(len(group) for group in launches)
    frequencies = [
        FlagFrequency(flag_id, BY_ID[flag_id].severity if flag_id in BY_ID else Severity.LOW, count)
        for flag_id, count in raised.items()
    ]
    frequencies.sort(key=lambda f: (-f.networks, f.severity.rank, f.id))
    return tuple(frequencies)


def ranking(networks: Sequence[PackedReport], files: Sequence[Filed]) -> tuple[int, ...]:
    """Indexes of the networks, highest risk first; ties by high flags, then by name."""
    return tuple(
        sorted(
            range(len(networks)),
            key=lambda i: (
                -networks[i].risk_score,
                -networks[i].count(Severity.HIGH),
                network_name(files[i]).casefold(),
                files[i].source,
            ),
        )
    )


#: A report packed, with what folding reads of it.
Packed = tuple[PackedReport, Filed]


def packing() -> Callable[[NetworkReport], Packed]:
    """A function that packs the reports of one batch (``packed.Packer``), each with what
    folding reads of it."""
    packer = Packer()
    return lambda report: (packer.pack(report), Filed.of(report))


def combine(
    reports: Iterable[NetworkReport],
    errors: Iterable[FileError] = (),
    as_of: dt.date | None = None,
) -> Portfolio:
    """One portfolio from many reports (and the files that could not be read).

    The reports are files: a network's repeated returns and earlier cycles fold into its
    one current report (``returns.fold``), which the portfolio holds; every file
    is listed in ``Portfolio.returns`` with the rule that folded it.
    """
    return combine_packed(map(packing(), reports), errors, as_of)


def combine_packed(
    reports: Iterable[Packed],
    errors: Iterable[FileError] = (),
    as_of: dt.date | None = None,
) -> Portfolio:
    """``combine`` for reports already packed (``packing``): the portfolio keeps them packed
    (``packed.PackedReports``), so a batch's reports are never all whole in memory."""
    packed: list[PackedReport] = []
    files: list[Filed] = []
    for report, file in reports:
        packed.append(report)
        files.append(file)
    if as_of is None:
        as_of = max((file.as_of for file in files), default=None) or dt.date.today()
    folded = fold(files)
    networks = [
        packed[head]
        if since is None
        else PackedReport.of(
            with_changes(packed[head].unpack(), packed[since].unpack()), packed[head].dictionary
        )
        for head, since in folded.current
    ]
    current = [files[head] for head, _ in folded.current]
    launches = overlapping_launches(current)
    flags = tuple(in_catalog_order(parallel_launch(group) for group in launches))
    return Portfolio(
        as_of=as_of,
        networks=PackedReports(networks),
        errors=tuple(errors),
        flag_frequency=flag_frequency(networks, launches),
        ranking=ranking(networks, current),
        flags=flags,
        returns=folded.files,
    )
