"""Analysis: a returned kit's data in, an adoption and red-flag report out. No file IO.

``analyze`` reads one workbook's data as of a date; ``combine`` puts many reports into a
portfolio and adds the flags that only show across networks.
"""

from __future__ import annotations

import datetime as dt

from starterkit.analysis import metrics
from starterkit.analysis.catalog import FLAGS, in_catalog_order
from starterkit.analysis.checks import run_checks, unjudged
from starterkit.analysis.cycle import context, has_text, one_line
from starterkit.analysis.health import health
from starterkit.analysis.portfolio import combine
from starterkit.reader.kit_data import KitData
from starterkit.report import NetworkReport

__all__ = ["FLAGS", "analyze", "combine"]


def analyze(kit_data: KitData, as_of: dt.date) -> NetworkReport:
    """The adoption report and red flags of one returned kit, as of ``as_of``."""
    ctx = context(kit_data, as_of)
    weekly = metrics.weeks(ctx)
    organization, network = (kit_data.charter.get(k) for k in ("organization", "network_name"))
    return NetworkReport(
        source=kit_data.source,
        kit_id=kit_data.metadata.kit_id,
        network_id=kit_data.metadata.network_id,
        previous_kit_id=kit_data.metadata.previous_kit_id,
        organization=one_line(organization) if has_text(organization) else None,
        network=one_line(network) if has_text(network) else None,
        as_of=as_of,
        route=kit_data.route,
        spec_source=kit_data.metadata.spec_source,
        cycle=metrics.cycle_position(ctx),
        health=health(ctx),
        milestones=metrics.milestones(ctx),
        weeks=weekly,
        signals=metrics.signals(ctx, weekly),
        sessions=metrics.sessions(ctx, weekly),
        cases=metrics.case_funnel(ctx),
        business_metric=metrics.business_metric(ctx),
        pulse=metrics.pulse(weekly),
        flags=tuple(in_catalog_order(run_checks(ctx))),
        data_findings=(*kit_data.data_findings, *unjudged(ctx)),
    )
