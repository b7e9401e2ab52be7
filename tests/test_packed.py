"""A portfolio keeps its networks packed: each unpacked, whole and equal, when read."""

from __future__ import annotations

import dataclasses
import json
import pickle
import zlib

import pytest

from starterkit.analysis import combine
from starterkit.analysis.returns import changes
from starterkit.findings import SEVERITIES
from starterkit.packed import PackedReport, PackedReports, Packer
from starterkit.report import FileError
from starterkit.reporters.json_report import iter_report_json, report_dict, report_json

from networks import analyzed, healthy_network
from reports import AS_OF, network, three_networks


@pytest.fixture(scope="module")
def reports():
    """Three networks with flags and data findings, one of them with none of either."""
    return three_networks().networks


class TestPackedReports:
    def test_a_combined_portfolio_keeps_its_networks_packed(self, reports):
        portfolio = combine(reports, as_of=AS_OF)
        assert isinstance(portfolio.networks, PackedReports)
        assert len(portfolio.networks) == len(reports)

    def test_each_network_reads_back_equal_and_new(self, reports):
        packed = PackedReports.of(reports)
        assert list(packed) == list(reports)
        assert packed[1] == reports[1] and packed[1] is not reports[1]
        assert packed[-1] == reports[-1]
        assert [r.source for r in packed[1:]] == [r.source for r in reports[1:]]

    def test_equal_to_the_tuple_it_stands_for(self, reports):
        packed = PackedReports.of(reports)
        assert packed == tuple(reports) and tuple(reports) == packed
        assert packed == PackedReports.of(reports)
        assert packed != tuple(reports[:2])
        assert PackedReports(()) == ()

    def test_a_batch_packs_against_its_first_report(self, reports):
        packer = Packer()
        first, second = packer.pack(reports[0]), packer.pack(reports[1])
        assert second.dictionary is first.dictionary
        pickled = pickle.dumps(reports[1], pickle.HIGHEST_PROTOCOL)
        assert len(second.data) < len(zlib.compress(pickled)) < len(pickled)
        assert second.unpack() == reports[1]
        assert len(first.data) < len(second.data)  # the first is its own dictionary

    def test_every_part_of_a_report_reads_back_equal(self, reports):
        """Changes, moved figures, flags with evidence, data findings, sessions and cases."""
        before, after = reports[1], reports[0]
        changed = dataclasses.replace(after, changes=changes(before, after))
        assert changed.changes.raised or changed.changes.resolved
        assert PackedReport.of(changed).unpack() == changed

    def test_an_analyzed_kit_reads_back_equal(self):
        report = analyzed(healthy_network(9))
        assert report.sessions.items and report.cases.items and report.milestones.items
        assert PackedReport.of(report).unpack() == report

    def test_counts_are_kept_beside_the_packed_report(self, reports):
        for report in reports:
            packed = PackedReport.of(report)
            assert packed.flag_counts == tuple(report.severity_counts().values())
            assert packed.data_findings == len(report.data_findings)
            assert packed.flag_ids == tuple(flag.id for flag in report.flags)
            assert packed.risk_score == report.risk_score
            assert [packed.count(s) for s in SEVERITIES] == [report.count(s) for s in SEVERITIES]


class TestPortfolioCounts:
    def test_packed_and_plain_portfolios_count_alike(self):
        plain = three_networks()
        packed = dataclasses.replace(plain, networks=PackedReports.of(plain.networks))
        assert packed.severity_counts() == plain.severity_counts()
        assert packed.data_finding_count() == plain.data_finding_count() == 4
        assert packed.ranked() == plain.ranked()
        assert packed.all_flags() == plain.all_flags()


class TestStreamedJson:
    def test_packed_and_plain_portfolios_write_the_same_document(self):
        plain = three_networks()
        packed = dataclasses.replace(plain, networks=PackedReports.of(plain.networks))
        assert report_json(packed) == report_json(plain)
        assert report_dict(packed) == report_dict(plain)

    @pytest.mark.parametrize(
        "portfolio",
        [
            pytest.param(lambda: combine([network()], as_of=AS_OF), id="one network"),
            pytest.param(lambda: three_networks(), id="three networks"),
            pytest.param(
                lambda: combine([], errors=[FileError("a.xlsx", "broken", "fix")], as_of=AS_OF),
                id="only errors",
            ),
            pytest.param(lambda: combine([], as_of=AS_OF), id="empty"),
        ],
    )
    def test_the_pieces_are_the_whole_document_dumped_at_once(self, portfolio):
        """Written a piece at a time, the text is exactly ``report_dict`` dumped whole."""
        made = portfolio()
        whole = json.dumps(report_dict(made), indent=2, ensure_ascii=False, allow_nan=False)
        assert "".join(iter_report_json(made)) == whole

    def test_no_piece_holds_more_than_one_network(self):
        plain = three_networks()
        sources = [n.source for n in plain.networks]
        for piece in iter_report_json(plain):
            assert sum(f'"source": "{source}"' in piece for source in sources) <= 1
