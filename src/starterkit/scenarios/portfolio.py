"""The parallel-launch portfolio: one group starts several first-cycle networks within weeks.

The article's advice is to run one network and prove the model first. Here a group
launches four, two to three weeks apart, in four of its businesses. The first is healthy;
the others show what launching in parallel costs: the sponsor shared with the first
network stops turning up, one network's patterns go unused, and one steward carries
everything alone.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from starterkit.scenarios.network import NetworkPlan
from starterkit.scenarios.people import REGIONS, NamePicker, Person, email_address
from starterkit.scenarios.recipes import SCENARIOS, plan_scenario
from starterkit.scenarios.stories import GROUP_DOMAINS, GROUPS

PORTFOLIO = "parallel-launch"
PORTFOLIO_TITLE = "Four networks launched at once"
PORTFOLIO_STORY = (
    "One group launched four first-cycle networks within five weeks; their 12-week cycles "
    "overlap and the sponsor of the first is stretched across the second."
)
PORTFOLIO_FLAGS = ("parallel-launch",)

#: (scenario, cycle week on the analysis date) of each network, the first launched first.
LAUNCHES = (
    ("healthy", 11),
    ("sponsor-vanished", 9),
    ("no-adoption-signal", 8),
    ("steward-bottleneck", 6),
)
#: The network that shares the first network's sponsor.
SHARED_SPONSOR_NETWORK = 1


@dataclass(frozen=True)
class PortfolioNetwork:
    """One network of the portfolio: its workbook's file stem, scenario and cycle week."""

    stem: str
    network: str
    scenario: str
    week: int

    def expected_flags(self) -> tuple[str, ...]:
        """This network's own flags, those of its scenario at its week."""
        return SCENARIOS[self.scenario].expected_flags(self.week)


def stem_of(name: str) -> str:
    """A file stem from a network name: "First-Visit Fix Network" -> first-visit-fix-network."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def portfolio_plans(seed: int) -> list[tuple[PortfolioNetwork, NetworkPlan]]:
    """Each network's description and plan, in launch order."""
    rng = random.Random(f"{PORTFOLIO}/{seed}")
    group = rng.choice(GROUPS)
    region = rng.choice(REGIONS)
    name = NamePicker(rng).name(region)
    sponsor = Person(name, "sponsor", "Group Operations", region, email_address(name, group[1]))
    plans = []
    for index, (scenario, week) in enumerate(LAUNCHES):
        domain = GROUP_DOMAINS[(seed + index) % len(GROUP_DOMAINS)]
        shared = index in (0, SHARED_SPONSOR_NETWORK)
        plan = plan_scenario(
            SCENARIOS[scenario],
            random.Random(f"{PORTFOLIO}/{seed}/{index}"),
            domain,
            organization=group,
            sponsor=sponsor if shared else None,
        )
        network = plan.charter["network_name"]
        plans.append((PortfolioNetwork(stem_of(network), network, scenario, week), plan))
    return plans
