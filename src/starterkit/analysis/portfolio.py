"""Many networks at once: what recurs, who is most at risk, and flags across networks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from starterkit.analysis.catalog import BY_ID, finding, in_catalog_order
from starterkit.analysis.cycle import day, has_text, name_key, one_line
from starterkit.analysis.returns import fold_returns
from starterkit.findings import Finding, Severity
from starterkit.report import FileError, FlagFrequency, NetworkReport, Portfolio


def network_name(report: NetworkReport) -> str:
    return report.network or report.source


def overlapping_launches(reports: tuple[NetworkReport, ...]) -> list[list[NetworkReport]]:
    """Groups of first-cycle networks of one organisation whose 12-week cycles overlap.

    Overlaps chain: when the first network overlaps the second and the second the third,
    the three make one group.
    """
    by_organization: dict[str, list[NetworkReport]] = {}
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


def parallel_launch(group: list[NetworkReport]) -> Finding:
    """The finding for one group of overlapping first cycles; it names every network."""
    names = [
        f"{r.network} ({r.source}, from {day(r.cycle.start)})"
        if r.network
        else f"{r.source} (from {day(r.cycle.start)})"
        for r in group
    ]
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    organization = one_line(group[0].organization)
    return finding(
        "parallel-launch",
        f"{len(group)} first-cycle networks of {organization} have overlapping 12-week "
        f"cycles: {listed}.",
        [r.cycle.start_cell for r in group if r.cycle.start_cell is not None],
    )


def flag_frequency(
    reports: tuple[NetworkReport, ...], launches: list[list[NetworkReport]]
) -> tuple[FlagFrequency, ...]:
    """How many networks raise each flag, most frequent first."""
    raised: dict[str, int] = {}
    for report in reports:
        for flag_id in dict.fromkeys(f.id for f in report.flags):
            raised[flag_id] = raised.get(flag_id, 0) + 1
    if launches:
        raised["parallel-launch"] = sum(len(group) for group in launches)
    frequencies = [
        FlagFrequency(flag_id, BY_ID[flag_id].severity if flag_id in BY_ID else Severity.LOW, count)
        for flag_id, count in raised.items()
    ]
    frequencies.sort(key=lambda f: (-f.networks, f.severity.rank, f.id))
    return tuple(frequencies)


def ranking(reports: tuple[NetworkReport, ...]) -> tuple[int, ...]:
    """Indexes of the networks, highest risk first; ties by high flags, then by name."""
    return tuple(
        sorted(
            range(len(reports)),
            key=lambda i: (
                -reports[i].risk_score,
                -reports[i].count(Severity.HIGH),
                network_name(reports[i]).casefold(),
                reports[i].source,
            ),
        )
    )


def combine(
    reports: Iterable[NetworkReport],
    errors: Iterable[FileError] = (),
    as_of: dt.date | None = None,
) -> Portfolio:
    """One portfolio from many reports (and the files that could not be read).

    The reports are files: a network's repeated returns and earlier cycles fold into its
    one current report (``returns.fold_returns``), which the portfolio holds; every file
    is listed in ``Portfolio.returns`` with the rule that folded it.
    """
    files = tuple(reports)
    if as_of is None:
        as_of = max((r.as_of for r in files), default=None) or dt.date.today()
    folded = fold_returns(files)
    reports = folded.current
    launches = overlapping_launches(reports)
    flags = tuple(in_catalog_order(parallel_launch(group) for group in launches))
    return Portfolio(
        as_of=as_of,
        networks=reports,
        errors=tuple(errors),
        flag_frequency=flag_frequency(reports, launches),
        ranking=ranking(reports),
        flags=flags,
        returns=folded.files,
    )
