"""Scenario networks: realistic filled kits for named situations, at any week of the cycle.

Each scenario is a peer learning network in one situation — healthy, or with one of the
failures the red-flag catalog describes — drawn from a seed: the organisation, people,
cases, sessions and weekly figures change with the seed, the flags it raises do not.
``scenario_data`` gives the builder's prefill data as the steward had filled the kit in on
``as_of``, which falls on the fourth day of cycle ``week`` (a Thursday puts the cycle
start on a Monday); ``sample_workbook`` builds it, byte for byte the same for the same
arguments. The parallel-launch portfolio is several networks of one group at once.

Nothing here reads the clock or the global random generator.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starterkit.scenarios.calendar import CycleCalendar, cycle_start_for
from starterkit.scenarios.portfolio import (
    PORTFOLIO,
    PORTFOLIO_FLAGS,
    PORTFOLIO_STORY,
    PORTFOLIO_TITLE,
    PortfolioNetwork,
    portfolio_plans,
)
from starterkit.scenarios.recipes import (
    FIRST_WEEK,
    LAST_WEEK,
    SCENARIOS,
    Scenario,
    check_week,
    plan_scenario,
)
from starterkit.scenarios.rows import render
from starterkit.scenarios.stories import DOMAINS

if TYPE_CHECKING:
    from starterkit.spec.model import KitSpec

__all__ = [
    "FIRST_WEEK",
    "LAST_WEEK",
    "PORTFOLIO",
    "PORTFOLIO_STORY",
    "PORTFOLIO_TITLE",
    "SCENARIOS",
    "PortfolioNetwork",
    "SampleFiles",
    "Scenario",
    "expected_flags_text",
    "listing",
    "portfolio_expected_flags",
    "portfolio_networks",
    "portfolio_workbooks",
    "sample_files",
    "sample_workbook",
    "scenario_data",
]


def scenario_named(name: str) -> Scenario:
    if name not in SCENARIOS:
        raise ValueError(f"unknown scenario {name!r}; choose one of: {', '.join(SCENARIOS)}")
    return SCENARIOS[name]


def scenario_data(name: str, week: int, *, as_of: dt.date, seed: int = 0) -> dict[str, Any]:
    """Builder prefill data for scenario ``name`` as filled in on ``as_of``, in cycle ``week``.

    The seed picks the domain (rotating through them, so neighbouring seeds differ), the
    organisation, the people and the cases; the flags are the scenario's whatever the seed.
    """
    scenario = scenario_named(name)
    check_week(week)
    _check_as_of(as_of)
    _check_seed(seed)
    position = list(SCENARIOS).index(name)
    domain = DOMAINS[(seed + position) % len(DOMAINS)]
    plan = plan_scenario(scenario, random.Random(f"{name}/{seed}"), domain)
    return render(plan, CycleCalendar(cycle_start_for(week, as_of)), week)


def sample_workbook(
    name: str, week: int, *, as_of: dt.date, seed: int = 0, spec: KitSpec | None = None
) -> bytes:
    """The kit workbook of ``scenario_data``, built as of 09:00 UTC on ``as_of``.

    ``spec`` (default: the default spec) may rebrand, reword or translate the kit, but must
    keep the default list keys, the regions AMER, EMEA and APAC among them; the expected
    flags assume the default red-flag thresholds.
    """
    return _build(scenario_data(name, week, as_of=as_of, seed=seed), as_of, spec)


def portfolio_networks(*, seed: int = 0) -> tuple[PortfolioNetwork, ...]:
    """The portfolio's networks, first launched first: file stem, scenario and cycle week."""
    _check_seed(seed)
    return tuple(network for network, _ in portfolio_plans(seed))


def portfolio_workbooks(
    *, as_of: dt.date, seed: int = 0, spec: KitSpec | None = None
) -> dict[str, bytes]:
    """File stem -> workbook of each network in the portfolio, first launched first.

    One group launches several first-cycle networks a few weeks apart, so their cycles
    overlap on ``as_of``; each network's own flags are its ``PortfolioNetwork.expected_flags``.
    """
    _check_as_of(as_of)
    _check_seed(seed)
    workbooks = {}
    for network, plan in portfolio_plans(seed):
        calendar = CycleCalendar(cycle_start_for(network.week, as_of))
        workbooks[network.stem] = _build(render(plan, calendar, network.week), as_of, spec)
    return workbooks


def portfolio_expected_flags() -> tuple[str, ...]:
    """The portfolio-level flags the portfolio raises (each network's own are separate)."""
    return PORTFOLIO_FLAGS


def expected_flags_text(name: str, week: int) -> str:
    """The flags scenario ``name`` raises in ``week``, comma-separated, or "none"."""
    return ", ".join(scenario_named(name).expected_flags(week)) or "none"


def listing() -> list[str]:
    """One line per scenario (its sample week, title and flags), then the portfolio."""
    lines = [
        f"{item.name:22} week {item.sample_week:2}  {item.title} — flags: "
        + expected_flags_text(item.name, item.sample_week)
        for item in SCENARIOS.values()
    ]
    return [*lines, f"{PORTFOLIO:22} {'':7}  {PORTFOLIO_TITLE}"]


@dataclass(frozen=True)
class SampleFiles:
    """What `starterkit sample` writes: the folder and file names (known before anything
    is built, so outputs can be checked first), the flags they raise, and the workbooks."""

    folder: Path
    names: tuple[str, ...]
    expected_flags: str
    make: Callable[[], dict[str, bytes]]


def sample_files(
    name: str, week: int | None, *, as_of: dt.date, seed: int = 0, output: Path | None = None
) -> SampleFiles:
    """Scenario ``name`` (or the portfolio) as files: one workbook at ``output`` (default
    NAME-weekN.xlsx; ``week`` defaults to the scenario's sample week), or for the portfolio
    one per network in the folder ``output`` (default NAME)."""
    if name == PORTFOLIO:
        networks = portfolio_networks(seed=seed)
        flags = (
            ", ".join(portfolio_expected_flags())
            + " across the portfolio; "
            + "; ".join(f"{n.stem}: {', '.join(n.expected_flags()) or 'none'}" for n in networks)
        )

        def portfolio() -> dict[str, bytes]:
            workbooks = portfolio_workbooks(as_of=as_of, seed=seed)
            return {f"{stem}.xlsx": content for stem, content in workbooks.items()}

        names = tuple(f"{network.stem}.xlsx" for network in networks)
        return SampleFiles(output or Path(name), names, flags, portfolio)
    week = week or scenario_named(name).sample_week
    target = output or Path(f"{name}-week{week}.xlsx")

    def one() -> dict[str, bytes]:
        return {target.name: sample_workbook(name, week, as_of=as_of, seed=seed)}

    return SampleFiles(target.parent, (target.name,), expected_flags_text(name, week), one)


def _build(data: dict[str, Any], as_of: dt.date, spec: KitSpec | None) -> bytes:
    # Imported here so that listing scenarios does not load the workbook writer.
    from starterkit.builder import build
    from starterkit.spec import default_spec

    build_time = dt.datetime.combine(as_of, dt.time(9), tzinfo=dt.timezone.utc)
    return build(spec or default_spec(), data, build_time=build_time)


def _check_as_of(as_of: object) -> None:
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise TypeError(f"as_of must be a date (datetime.date), not {as_of!r}")


def _check_seed(seed: object) -> None:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be a whole number, not {seed!r}")
