"""Report objects built by hand, for testing the reporters without a workbook."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from starterkit.findings import DataFinding, Finding, Location, Severity
from starterkit.report import (
    BusinessMetric,
    CaseFunnel,
    CyclePosition,
    FileError,
    FlagFrequency,
    Milestones,
    MilestoneStatus,
    NetworkReport,
    Portfolio,
    Pulse,
    Sessions,
    Signal,
    WeeklySignals,
)

from dates import REPORT_DAY

AS_OF = REPORT_DAY
START = dt.date(2026, 1, 19)  # a Monday: AS_OF is in week 7
PLANNER = "90-Day Planner"


def flag(id: str, severity: Severity, *evidence: Location, message: str = "") -> Finding:
    return Finding(
        id=id,
        severity=severity,
        message=message or f"{id} fired.",
        action=f"Do what {id} asks.",
        evidence=evidence,
    )


def session_cell(row: int, column: str, cell: str) -> Location:
    return Location(PLANNER, cell, table="Sessions", row=row, column=column)


#: One flag of each severity, with evidence in a charter cell and in table rows.
FLAGS = (
    flag(
        "charter-cadence-flexible",
        Severity.HIGH,
        Location("Charter", "C27"),
        message="The cadence is left flexible.",
    ),
    flag(
        "session-no-pattern",
        Severity.MEDIUM,
        session_cell(2, "pattern", "K10"),
        message="Session 2 captured no pattern.",
    ),
    flag(
        "facilitator-not-rotating",
        Severity.LOW,
        *(session_cell(row, "facilitator", f"F{row + 8}") for row in (1, 2, 3, 4, 5)),
        message="One facilitator ran every session.",
    ),
)

DATA_FINDINGS = (
    DataFinding(
        id="not-a-date",
        message="'next tues' is not a date.",
        fix="Type the date as the sheet shows, e.g. 2026-02-10.",
        location=session_cell(3, "date", "B11"),
        value="next tues",
    ),
    DataFinding(
        id="not-in-list",
        message="'sometimes' is not a cadence.",
        fix="Pick a cadence from the list.",
        location=Location("Charter", "C27"),
        value="sometimes",
    ),
)


def network(**changes: Any) -> NetworkReport:
    """A network in week 7 of its first cycle with flags of each severity and data findings."""
    report = NetworkReport(
        source="kits/northwind.xlsx",
        kit_id="6f1c2a4e-0000-4000-8000-000000000001",
        organization="Northwind Utilities",
        network="Field Repair Network",
        as_of=AS_OF,
        route="tables",
        spec_source="embedded",
        cycle=CyclePosition(
            start=START,
            end=START + dt.timedelta(days=83),
            week=7,
            phase="sessions",
            cycle_number=1,
        ),
        health={
            "charter_complete": "ok",
            "cadence_set": "red_flag",
            "business_metric": "ok",
            "raci_accountable": "ok",
            "sessions_on_plan": "warning",
            "demo_day_done": "not_yet",
            "adoption_signal": "not_yet",
        },
        milestones=Milestones(
            done=1,
            total=2,
            items=(
                MilestoneStatus(
                    milestone="baseline_pulse",
                    title="Baseline pulse",
                    window="1–3",
                    due=START + dt.timedelta(days=20),
                    status="done",
                    done_on=START + dt.timedelta(days=10),
                    overdue=False,
                    location=Location(PLANNER, "B5", table="Milestones", row=1),
                ),
                MilestoneStatus(
                    milestone="finalize_charter",
                    title="Finalize the charter",
                    window="1–3",
                    due=START + dt.timedelta(days=20),
                    status="in_progress",
                    done_on=None,
                    overdue=True,
                    location=Location(PLANNER, "B6", table="Milestones", row=2),
                ),
            ),
        ),
        weeks=(
            WeeklySignals(
                week=1,
                week_start=START,
                active_members=10,
                attendance=0,
                cases_submitted=2,
                patterns_captured=0,
                patterns_used_in_field=None,
                median_days_to_solve=None,
                teams_repeating_methods=None,
                sponsor_touchpoints=1,
                pulse_score=2.5,
                metric_value=71,
            ),
            WeeklySignals(
                week=6,
                week_start=START + dt.timedelta(days=35),
                active_members=12,
                attendance=8,
                cases_submitted=3,
                patterns_captured=1,
                patterns_used_in_field=2,
                median_days_to_solve=27.5,
                teams_repeating_methods=1,
                sponsor_touchpoints=None,
                pulse_score=3.25,
                metric_value=73,
            ),
        ),
        signals=(
            Signal("patterns_used_in_field", "Patterns used in the field", 2, 6, "up", True, 2),
            Signal("median_days_to_solve", "Median days to solve", 27.5, 6, "down", False, 4),
            Signal("teams_repeating_methods", "Teams repeating methods", 1, 6, "none", True),
        ),
        sessions=Sessions(
            held=2,
            planned=1,
            expected=3,
            attendance_by_week=((4, 12.0), (6, 8.0)),
            average_attendance=10.0,
            with_pattern_share=0.5,
            recap_on_time_share=0.5,
            sponsor_present=1,
        ),
        cases=CaseFunnel(submitted=3, discussed=2, pattern=1, applied=1, parked=0),
        business_metric=BusinessMetric(
            name="First-time fix rate",
            unit="%",
            direction="higher_is_better",
            baseline=71,
            latest=73,
            latest_week=6,
            target=80,
            progress_share=2 / 9,
            status="watch",
        ),
        pulse=Pulse(baseline=2.5, baseline_week=1, latest=3.25, latest_week=6),
        flags=FLAGS,
        data_findings=DATA_FINDINGS,
    )
    return dataclasses.replace(report, **changes)


def portfolio_of(*networks: NetworkReport, errors: tuple[FileError, ...] = (), **changes: Any):
    """Networks combined as the analysis would: flag frequency and risk ranking filled in."""
    frequency: dict[str, FlagFrequency] = {}
    for report in networks:
        for finding in {f.id: f for f in report.flags}.values():
            seen = frequency.get(finding.id)
            count = seen.networks + 1 if seen else 1
            frequency[finding.id] = FlagFrequency(finding.id, finding.severity, count)
    ranking = sorted(range(len(networks)), key=lambda i: -networks[i].risk_score)
    portfolio = Portfolio(
        as_of=AS_OF,
        networks=networks,
        errors=errors,
        flag_frequency=tuple(sorted(frequency.values(), key=lambda f: -f.networks)),
        ranking=tuple(ranking),
    )
    return dataclasses.replace(portfolio, **changes)


def one_network(**changes: Any) -> Portfolio:
    return portfolio_of(network(**changes))


def three_networks() -> Portfolio:
    """Three networks of two organisations (two first cycles overlap) and a file that failed."""
    quiet = network(
        source="kits/contoso.xlsx",
        organization="Contoso",
        network="Onboarding Circle",
        flags=(),
        data_findings=(),
        route="headers",
        spec_source="default",
    )
    busy = network(
        source="kits/northwind-2.xlsx",
        network="Depot Safety Network",
        flags=(
            flag("charter-no-metric", Severity.HIGH, Location("Charter", "C9")),
            flag("demo-day-skipped", Severity.HIGH, Location(PLANNER, "F11")),
            *FLAGS,
        ),
    )
    parallel = flag(
        "parallel-launch",
        Severity.MEDIUM,
        Location("Charter", "C24"),
        message="Northwind Utilities runs two first-cycle networks at once.",
    )
    return portfolio_of(
        network(),
        quiet,
        busy,
        errors=(
            FileError(
                source="kits/broken.xlsx",
                message="The file is not an Excel workbook.",
                fix="Save it as .xlsx and run again.",
            ),
        ),
        flags=(parallel,),
    )
