"""Repeated returns become history (kit.md, "Kit version 2 — Identity"): files of one
network fold into one current report, built through the builder's prefill and read back
through the reader, as original, LibreOffice and stripped files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from starterkit.analysis import analyze, combine
from starterkit.analysis.returns import fold_returns, name_key
from starterkit.builder import build
from starterkit.reader import read_path, read_workbook
from starterkit.report import NetworkReport
from starterkit.scenarios.exports import stripped_export
from starterkit.spec import default_spec

from libreoffice import convert
from networks import AS_OF, cycle_start, healthy_network, with_charter

KIT_A = "a0000000-0000-4000-8000-00000000000a"
NET_A = "a0000000-0000-4000-8000-0000000000aa"
BLANK = "b0000000-0000-4000-8000-00000000000b"
NET_B = "b0000000-0000-4000-8000-0000000000bb"
KIT_C1 = "c1000000-0000-4000-8000-00000000000c"
KIT_C2 = "c2000000-0000-4000-8000-00000000000c"
NET_C = "c0000000-0000-4000-8000-0000000000cc"


def return_of(
    week: int,
    source: str,
    *,
    kit_id: str | None = None,
    network_id: str | None = None,
    previous_kit_id: str | None = None,
    days_before: int = 0,
    form: str = "original",
    **charter,
) -> NetworkReport:
    """A return of a network filled up to ``days_before`` the analysis date (in cycle
    ``week`` as of then), built with the ids given and analyzed as of ``AS_OF``."""
    filled_on = AS_OF - dt.timedelta(days=days_before)
    data = healthy_network(week, filled_on)
    if charter:
        data = with_charter(data, **charter)
    content = build(
        default_spec(),
        data,
        build_time=dt.datetime.combine(filled_on, dt.time(9), tzinfo=dt.timezone.utc),
        kit_id=kit_id,
        network_id=network_id,
        previous_kit_id=previous_kit_id,
    )
    if form == "stripped":
        content = stripped_export(content)
    return analyze(read_workbook(content, source), AS_OF)


@pytest.fixture(scope="module")
def field_repair() -> tuple[NetworkReport, NetworkReport]:
    """One network-cycle returned twice: four weeks ago, and now with more filled in."""
    ids = {"kit_id": KIT_A, "network_id": NET_A, "network_name": "Field Repair Network"}
    earlier = return_of(5, "field-repair.xlsx", days_before=28, **ids)
    later = return_of(9, "field-repair FINAL.xlsx", **ids)
    return earlier, later


def test_names_compare_without_case_spaces_or_accents():
    assert name_key("  Réseau   de RÉPARATION ") == name_key("reseau de reparation")


class TestOneNetworkReturnedTwice:
    def test_the_latest_return_is_current_and_flags_are_not_doubled(self, field_repair):
        earlier, later = field_repair
        portfolio = combine([later, earlier], as_of=AS_OF)
        [network] = portfolio.networks
        assert network.source == "field-repair FINAL.xlsx"
        assert network.flags == later.flags
        assert portfolio.all_flags() == list(later.flags)
        assert [f.networks for f in portfolio.flag_frequency] == [1] * len(later.flags)

    def test_history_says_what_changed_since_the_last_return(self, field_repair):
        earlier, later = field_repair
        [network] = combine([earlier, later], as_of=AS_OF).networks
        changes = network.changes
        assert changes is not None
        assert changes.since_source == "field-repair.xlsx"
        assert changes.since_latest_entry is not None
        assert changes.since_latest_entry < AS_OF - dt.timedelta(days=7)
        assert changes.sessions_added == later.sessions.held - earlier.sessions.held
        assert changes.cases_added == later.cases.submitted - earlier.cases.submitted == 1
        assert {f.id for f in changes.resolved} == {f.id for f in earlier.flags} - {
            f.id for f in later.flags
        }
        assert not changes.raised
        assert "business_metric" in {m.key for m in changes.moved}
        moved = {m.key: m for m in changes.moved}
        assert moved["business_metric"].before == earlier.business_metric.latest
        assert moved["business_metric"].after == later.business_metric.latest

    def test_every_file_is_listed_with_the_rule_that_folded_it(self, field_repair):
        earlier, later = field_repair
        portfolio = combine([earlier, later], as_of=AS_OF)
        files = {f.source: f for f in portfolio.returns}
        assert files["field-repair FINAL.xlsx"].role == "current"
        assert files["field-repair FINAL.xlsx"].rule is None
        assert files["field-repair.xlsx"].role == "earlier"
        assert files["field-repair.xlsx"].rule == "same_kit_id"
        assert files["field-repair.xlsx"].current_source == "field-repair FINAL.xlsx"
        assert {f.kit_id for f in files.values()} == {KIT_A}
        assert {f.network_id for f in files.values()} == {NET_A}

    def test_a_stripped_copy_without_ids_folds_by_its_charter(self, field_repair):
        _, later = field_repair
        stripped = return_of(
            5,
            "field-repair export.xlsx",
            kit_id=KIT_A,
            days_before=28,
            form="stripped",
            network_name="  FIELD  repair network",
        )
        assert stripped.kit_id is None
        portfolio = combine([later, stripped], as_of=AS_OF)
        [network] = portfolio.networks
        assert network.source == "field-repair FINAL.xlsx"
        assert network.changes.since_source == "field-repair export.xlsx"
        files = {f.source: f for f in portfolio.returns}
        assert files["field-repair export.xlsx"].rule == "same_charter"
        assert portfolio.flags == () and network.flags == later.flags

    def test_the_current_return_need_not_come_last(self, field_repair):
        earlier, later = field_repair
        one = combine([earlier, later], as_of=AS_OF)
        other = combine([later, earlier], as_of=AS_OF)
        assert one.networks == other.networks

    @pytest.mark.libreoffice
    def test_a_libreoffice_save_of_the_return_folds_too(self, field_repair, tmp_path: Path):
        earlier, _ = field_repair
        content = build(
            default_spec(),
            with_charter(healthy_network(9), network_name="Field Repair Network"),
            kit_id=KIT_A,
            network_id=NET_A,
        )
        source = tmp_path / "field-repair saved.xlsx"
        source.write_bytes(content)
        saved = analyze(read_path(convert(source, tmp_path / "lo", "xlsx")), AS_OF)
        portfolio = combine([earlier, saved], as_of=AS_OF)
        assert len(portfolio.networks) == 1
        assert {f.rule for f in portfolio.returns} == {None, "same_kit_id"}


class TestCopiedBlankKit:
    def test_copies_filled_for_two_networks_raise_parallel_launch(self):
        meter = return_of(
            9, "meter.xlsx", kit_id=BLANK, network_id=NET_B, network_name="Meter Install Network"
        )
        billing = return_of(
            7, "billing.xlsx", kit_id=BLANK, network_id=NET_B, network_name="Billing Network"
        )
        portfolio = combine([meter, billing], as_of=AS_OF)
        assert [n.source for n in portfolio.networks] == ["meter.xlsx", "billing.xlsx"]
        [flag] = portfolio.flags
        assert flag.id == "parallel-launch"
        assert "Meter Install Network" in flag.message and "Billing Network" in flag.message
        assert all(f.rule is None and f.role == "current" for f in portfolio.returns)


class TestSuccessiveCycles:
    def test_a_networks_cycles_fold_into_its_latest(self):
        first = return_of(
            5,
            "safety 2025.xlsx",
            kit_id=KIT_C1,
            network_id=NET_C,
            days_before=84,
            network_name="Safety Network",
            cycle_number=1,
        )
        second = return_of(
            5,
            "safety 2026.xlsx",
            kit_id=KIT_C2,
            network_id=NET_C,
            previous_kit_id=KIT_C1,
            network_name="Safety Network",
            cycle_number=2,
        )
        folded = fold_returns([second, first])
        [network] = folded.current
        assert network.source == "safety 2026.xlsx" and network.changes is None
        assert network.previous_kit_id == KIT_C1 and network.network_id == NET_C
        rules = {f.source: (f.role, f.rule) for f in folded.files}
        assert rules == {
            "safety 2026.xlsx": ("current", None),
            "safety 2025.xlsx": ("earlier", "earlier_cycle"),
        }


@pytest.fixture(scope="module")
def twelve_files() -> list[NetworkReport]:
    repair = {"kit_id": KIT_A, "network_id": NET_A, "network_name": "Field Repair Network"}
    repair["organization"] = "Contoso"
    fabrikam = {"organization": "Fabrikam"}
    return [
        return_of(5, "repair.xlsx", days_before=28, **repair),
        return_of(7, "repair (1).xlsx", days_before=14, **repair),
        return_of(9, "repair FINAL.xlsx", **repair),
        return_of(
            5,
            "repair export.xlsx",
            days_before=28,
            form="stripped",
            **{**repair, "kit_id": None},
        ),
        return_of(9, "meter.xlsx", kit_id=BLANK, network_id=NET_B, network_name="Meter Network"),
        return_of(
            6, "billing.xlsx", kit_id=BLANK, network_id=NET_B, network_name="Billing Network"
        ),
        return_of(
            5,
            "safety cycle 1.xlsx",
            kit_id=KIT_C1,
            network_id=NET_C,
            days_before=84,
            network_name="Safety Network",
            cycle_number=1,
            **fabrikam,
        ),
        return_of(
            5,
            "safety cycle 2.xlsx",
            kit_id=KIT_C2,
            network_id=NET_C,
            previous_kit_id=KIT_C1,
            network_name="Safety Network",
            cycle_number=2,
            **fabrikam,
        ),
        return_of(9, "onboarding.xlsx", network_name="Onboarding Network", **fabrikam),
        return_of(8, "sales.xlsx", network_name="Sales Network", organization="Tailspin"),
        return_of(6, "quality.xlsx", network_name="Quality Network", organization="Woodgrove"),
        return_of(
            7,
            "logistics.xlsx",
            form="stripped",
            network_name="Logistics Network",
            organization="Litware",
        ),
    ]


@pytest.fixture(scope="module")
def twelve(twelve_files):
    return combine(twelve_files, as_of=AS_OF)


class TestTwelveFiles:
    """Three returns of one network, a stripped copy of one of them, two copies of one
    blank kit, a second-cycle network beside a first-cycle one, and singles."""

    def test_twelve_files_are_eight_networks(self, twelve_files, twelve):
        assert len(twelve_files) == len(twelve.returns) == 12
        assert [n.source for n in twelve.networks] == [
            "repair FINAL.xlsx",
            "meter.xlsx",
            "billing.xlsx",
            "safety cycle 2.xlsx",
            "onboarding.xlsx",
            "sales.xlsx",
            "quality.xlsx",
            "logistics.xlsx",
        ]

    def test_each_file_is_folded_by_its_rule(self, twelve):
        rules = {f.source: (f.role, f.current_source, f.rule) for f in twelve.returns}
        assert rules["repair.xlsx"] == ("earlier", "repair FINAL.xlsx", "same_kit_id")
        assert rules["repair (1).xlsx"] == ("earlier", "repair FINAL.xlsx", "same_kit_id")
        assert rules["repair export.xlsx"] == ("earlier", "repair FINAL.xlsx", "same_charter")
        assert rules["safety cycle 1.xlsx"] == ("earlier", "safety cycle 2.xlsx", "earlier_cycle")
        currents = [f.source for f in twelve.returns if f.role == "current"]
        assert currents == [n.source for n in twelve.networks]
        assert all(rules[s] == ("current", s, None) for s in currents)

    def test_only_the_repeated_network_has_a_history(self, twelve_files, twelve):
        by_source = {n.source: n for n in twelve.networks}
        repair = by_source["repair FINAL.xlsx"]
        assert repair.changes.since_source == "repair (1).xlsx"
        assert repair.changes.sessions_added == (
            twelve_files[2].sessions.held - twelve_files[1].sessions.held
        )
        assert [n.source for n in twelve.networks if n.changes] == ["repair FINAL.xlsx"]

    def test_portfolio_flags_are_the_copied_kits_launch_only(self, twelve_files, twelve):
        [flag] = twelve.flags
        assert flag.id == "parallel-launch"
        assert "Meter Network" in flag.message and "Billing Network" in flag.message
        assert "Safety" not in flag.message and "Onboarding" not in flag.message
        expected = [f for n in twelve.networks for f in n.flags]
        assert twelve.all_flags() == [flag, *expected]
        current = {n.source for n in twelve.networks}
        assert expected == [f for r in twelve_files if r.source in current for f in r.flags]
        launch = next(f for f in twelve.flag_frequency if f.id == "parallel-launch")
        assert launch.networks == 2

    def test_the_stripped_copy_starts_where_the_return_does(self, twelve_files):
        assert twelve_files[3].kit_id is None and twelve_files[3].cycle.start == cycle_start(
            5, AS_OF - dt.timedelta(days=28)
        )
        assert twelve_files[3].cycle.start == twelve_files[2].cycle.start


class TestReports:
    def test_text_counts_networks_and_files_and_lists_what_was_folded(self, field_repair):
        from rich.console import Console

        from starterkit.reporters.text import render_text

        earlier, later = field_repair
        other = return_of(7, "other.xlsx", network_name="Other Network", organization="Contoso")
        console = Console(width=120, record=True)
        render_text(combine([earlier, later, other], as_of=AS_OF), console)
        text = console.export_text()
        assert "2 networks analyzed from 3 files" in text
        assert "field-repair.xlsx folded in (same kit id and network name" in text
        assert "Changes since field-repair.xlsx" in text
        assert "cases submitted +1" in text

    def test_the_returns_table_has_a_row_per_file(self, field_repair):
        from starterkit.reporters.tables import tidy_rows

        earlier, later = field_repair
        rows = tidy_rows(combine([earlier, later], as_of=AS_OF))
        assert len(rows["networks"]) == 1
        assert [(r["source"], r["role"], r["rule"]) for r in rows["returns"]] == [
            ("field-repair.xlsx", "earlier", "same_kit_id"),
            ("field-repair FINAL.xlsx", "current", None),
        ]
        assert rows["returns"][0]["current_source"] == "field-repair FINAL.xlsx"

    def test_html_and_dashboard_show_the_history(self, field_repair):
        import io

        import openpyxl

        from starterkit.reporters.dashboard import render_dashboard
        from starterkit.reporters.html import render_html

        earlier, later = field_repair
        other = return_of(7, "other.xlsx", network_name="Other Network", organization="Contoso")
        portfolio = combine([earlier, later, other], as_of=AS_OF)
        page = render_html(portfolio)
        assert "2 networks analyzed from 3 files" in page
        assert "field-repair.xlsx folded in (same kit id and network name" in page
        assert "Changes since field-repair.xlsx" in page
        book = openpyxl.load_workbook(io.BytesIO(render_dashboard(portfolio)))
        assert "2 networks analyzed from 3 files" in book["Portfolio"]["A2"].value
        cells = [str(c.value) for ws in book.worksheets[2:] for row in ws.iter_rows() for c in row]
        assert any(c.startswith("field-repair.xlsx folded in") for c in cells)
        assert any(c.startswith("Changes since field-repair.xlsx") for c in cells)
