"""The Playbook sheet and table (kit version 2), `starterkit playbook` and `starterkit recap`."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from starterkit import scenarios
from starterkit.builder import build
from starterkit.cli import main
from starterkit.errors import StarterkitError
from starterkit.playbook import (
    compile_playbook,
    render_html,
    render_markdown,
    render_xlsx,
    same_pattern,
    session_recap,
)
from starterkit.playbook.compile import key_terms
from starterkit.reader import read_path, read_workbook
from starterkit.spec import default_spec

from conftest import BUILD_TIME
from libreoffice import convert

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
AS_OF = dt.date(2027, 3, 11)
PLAYBOOK_ROWS = [
    {
        "pattern": "Two-minute handover check",
        "problem": "Night shift misses open jobs at handover.",
        "method": "1. Read the open jobs aloud.\n2. Both sign the board.",
        "applies_to": "Every shift change",
        "source_cases": "C-001, C-002",
        "captured_on": dt.date(2027, 1, 14),
        "owner": "Ana Silva",
        "status": "tested",
        "teams_using": 3,
        "last_reviewed": dt.date(2027, 2, 1),
    },
    {"pattern": '=HYPERLINK("http://x.invalid","click")', "status": "draft"},
]


def typed_patterns(kits) -> dict[str, int]:
    """Every non-blank pattern cell of every table: normalized name -> times typed."""
    found: dict[str, int] = {}
    for kit in kits:
        for table in ("playbook", "sessions", "cases"):
            for row in kit.rows(table):
                if table == "sessions" and (row.get("date") is None or row.get("date") > AS_OF):
                    continue
                if isinstance(row.get("pattern"), str) and row.get("pattern").strip():
                    name = " ".join(row.get("pattern").split())
                    found[name] = found.get(name, 0) + 1
    return found


def assert_each_pattern_once_with_all_sources(kits, playbook) -> None:
    typed = typed_patterns(kits)
    for name, times in typed.items():
        holding = [p for p in playbook.patterns if any(s.name == name for s in p.sources)]
        assert len(holding) == 1, name
        assert sum(s.name == name for s in holding[0].sources) == times, name
    assert sum(len(p.sources) for p in playbook.patterns) == sum(typed.values())
    names = [p.name for p in playbook.patterns]
    for i, a in enumerate(names):
        assert not any(same_pattern(a, b) for b in names[i + 1 :]), a


class TestPlaybookSheet:
    def test_the_playbook_sheet_sits_between_case_intake_and_metrics(self, blank_book):
        names = blank_book.sheetnames
        assert names.index("Playbook") == names.index("Case Intake") + 1
        assert names.index("Metrics Tracker") == names.index("Playbook") + 1

    def test_pattern_ids_are_prefilled_and_status_is_a_dropdown(self, blank_book):
        ws = blank_book["Playbook"]
        assert ws["A7"].value == "P-01" and ws["A8"].value == "P-02"
        assert "Playbook" in ws.tables
        sources = {str(v.formula1) for v in ws.data_validations.dataValidation}
        assert "list_playbook_status" in sources
        assert "list_playbook_status" in blank_book.defined_names
        assert ws.protection.sheet and ws.freeze_panes == "C7"

    def test_a_blank_kit_reads_an_empty_playbook_without_a_finding(self, blank_kit):
        kit = read_workbook(blank_kit, "blank.xlsx")
        assert kit.rows("playbook") == []
        assert kit.routes["playbook"] == "tables"
        assert not [f for f in kit.data_findings if "Playbook" in f.message]

    def test_a_version_1_spec_is_asked_for_the_playbook_sheet(self, tmp_path):
        text = (ROOT / "kit_spec" / "default.yaml").read_text(encoding="utf-8")
        start = text.index("  playbook:\n    title: Playbook")
        end = text.index("  metrics:\n    title: Metrics Tracker")
        (tmp_path / "kit.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
        result = CliRunner().invoke(main, ["check", str(tmp_path / "kit.yaml")])
        assert result.exit_code == 1
        assert "sheets.playbook" in result.output and "is missing" in result.output


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_the_playbook_table_reads_back_identically_after_libreoffice(tmp_path, fmt):
    spec = default_spec()
    original = tmp_path / "kit.xlsx"
    original.write_bytes(build(spec, {"playbook": PLAYBOOK_ROWS}, build_time=BUILD_TIME))
    resaved = convert(original, tmp_path / "lo", fmt, recalc=True)
    before = [row.values for row in read_path(original).rows("playbook")]
    after = read_path(resaved)
    assert len(before) == 2 and before[0]["pattern_id"] == "P-01"
    assert before[0]["status"] == "tested" and before[0]["teams_using"] == 3
    assert [row.values for row in after.rows("playbook")] == before
    assert not [f for f in after.data_findings if "Playbook" in f.message]


class TestCompiling:
    def test_committed_v1_samples_take_patterns_from_sessions_and_cases(self):
        files = sorted((ROOT / "tests" / "v1").glob("*.xlsx"))
        kits = [read_path(path) for path in files]
        assert all(kit.rows("playbook") == [] for kit in kits)
        playbook = compile_playbook(kits, AS_OF)
        assert playbook.patterns and not any(p.written_up for p in playbook.patterns)
        assert_each_pattern_once_with_all_sources(kits, playbook)
        assert "Not yet written up" in render_html(playbook)

    @pytest.fixture(scope="class")
    @classmethod
    def portfolio(cls):
        books = scenarios.portfolio_workbooks(as_of=AS_OF)
        kits = [read_workbook(content, f"{stem}.xlsx") for stem, content in books.items()]
        for name in ("healthy", "sponsor-vanished"):
            content = scenarios.sample_workbook(name, 12, as_of=AS_OF)
            kits.append(read_workbook(content, f"{name}.xlsx"))
        return kits, compile_playbook(kits, AS_OF)

    def test_v2_scenario_kits_merge_each_pattern_once_with_its_sources(self, portfolio):
        kits, playbook = portfolio
        assert any(kit.rows("playbook") for kit in kits)
        assert_each_pattern_once_with_all_sources(kits, playbook)
        written = [p for p in playbook.patterns if p.written_up]
        assert written and all(p.method and p.status for p in written)
        assert any({"playbook", "session", "case"} <= {s.kind for s in p.sources} for p in written)

    def test_a_retyped_name_is_the_same_pattern(self):
        assert same_pattern("Check hub signal strength", "check hub signal strength.")
        assert same_pattern("Two-minute handover check", "two minute  handover-check")
        assert not same_pattern("Check the regulator first", "Confirm the slot by text")

    def test_patterns_come_in_evidence_order_within_each_capability(self, portfolio):
        _, playbook = portfolio
        rank = {"proven": 0, "tested": 1, "draft": 2, None: 3, "retired": 4}
        for _, group in playbook.by_capability():
            keys = [(rank[p.status], -(p.teams_using or 0)) for p in group]
            assert [k[0] for k in keys] == sorted(k[0] for k in keys)

    def test_a_portfolio_groups_by_capability_and_shows_recurring_problems(self, portfolio):
        _, playbook = portfolio
        assert playbook.is_portfolio and len(playbook.by_capability()) >= 2
        html = render_html(playbook)
        assert "Recurring problems across networks" in html and "share at least" in html
        for problem in playbook.recurring:
            assert len({c.network for c in problem.cases}) >= 2

    def test_key_terms_drop_stop_words_case_and_plurals(self):
        assert key_terms("The meters drop off the NETWORK") == {"meter", "drop", "network"}


class TestHostileText:
    @pytest.fixture(scope="class")
    @classmethod
    def playbook(cls):
        rows = [
            {
                "pattern": "<script>alert(1)</script> Fix",
                "problem": "=cmd|' /C calc'!A0 \x1b[31m",
                "method": "@SUM(1)",
                "status": "draft",
            }
        ]
        kit = read_workbook(build(default_spec(), {"playbook": rows}), "hostile.xlsx")
        return compile_playbook([kit], AS_OF)

    def test_html_escapes_markup_and_shows_control_characters(self, playbook):
        html = render_html(playbook)
        assert "<script>" not in html and "&lt;script&gt;" in html
        assert "\x1b" not in html

    def test_markdown_escapes_markup(self, playbook):
        md = render_markdown(playbook)
        assert "<script>" not in md and "\x1b" not in md

    def test_xlsx_keeps_formula_like_text_as_text(self, playbook):
        book = openpyxl.load_workbook(io.BytesIO(render_xlsx(playbook)))
        ws = book["Playbook"]
        assert "Playbook" in ws.tables
        cells = [c for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
        risky = [c for c in cells if c.value.startswith(("=", "@"))]
        assert len(risky) == 2 and all(c.quotePrefix for c in risky)
        assert all(c.data_type == "s" for c in risky)


@pytest.mark.chromium
def test_the_html_playbook_requests_nothing_and_shows_no_error():
    from chromium import chromium, open_html

    kits = [read_workbook(scenarios.sample_workbook("healthy", 12, as_of=AS_OF), "h.xlsx")]
    html = render_html(compile_playbook(kits, AS_OF))
    with chromium() as browser, open_html(browser, html) as opened:
        assert opened.requests == [] and opened.errors == [] and opened.console == []
        assert opened.page.locator("script").count() == 0
        assert opened.page.locator("article").count() >= 3


class TestRecap:
    @pytest.fixture(scope="class")
    @classmethod
    def kit(cls):
        return read_workbook(scenarios.sample_workbook("healthy", 9, as_of=AS_OF), "h.xlsx")

    def test_every_held_session_has_five_bullets(self, kit):
        held = [r for r in kit.rows("sessions") if r.get("date") and r.get("date") <= AS_OF]
        assert held
        for row in held:
            recap = session_recap(kit, row.get("session_no"), AS_OF)
            assert [label for label, _ in recap.bullets] == [
                "Case",
                "What we found",
                "Pattern",
                "Applies next to",
                "Next step",
            ]
            assert recap.text().count("\n• ") == 5
            assert recap.markdown().count("\n- **") == 5
            assert "C-" in recap.bullets[0][1]

    def test_a_planned_session_is_refused_naming_file_and_row(self, kit):
        planned = [r for r in kit.rows("sessions") if r.get("date") and r.get("date") > AS_OF]
        assert planned
        number = planned[0].get("session_no")
        with pytest.raises(StarterkitError, match=rf"h\.xlsx: session {number} \(Sessions row"):
            session_recap(kit, number, AS_OF)

    def test_an_unknown_session_is_refused(self, kit):
        with pytest.raises(StarterkitError, match=r"h\.xlsx: the Sessions table has no session 99"):
            session_recap(kit, 99, AS_OF)


class TestCommands:
    def test_playbook_writes_each_format_and_reports_bad_files(self, tmp_path):
        good = tmp_path / "healthy.xlsx"
        good.write_bytes(scenarios.sample_workbook("healthy", 12, as_of=AS_OF))
        bad = tmp_path / "broken.xlsx"
        bad.write_bytes(b"not a workbook")
        for name in ("pb.html", "pb.md", "pb.xlsx"):
            result = CliRunner().invoke(
                main,
                [
                    "playbook",
                    str(good),
                    str(bad),
                    "--as-of",
                    "2027-03-11",
                    "-o",
                    str(tmp_path / name),
                ],
            )
            assert result.exit_code == 2, result.output
            assert (tmp_path / name).stat().st_size > 0
            assert "broken.xlsx" in result.stderr and "wrote" in result.stderr

    def test_playbook_refuses_an_unknown_output_format(self, tmp_path):
        result = CliRunner().invoke(main, ["playbook", str(SAMPLES), "-o", str(tmp_path / "x.pdf")])
        assert result.exit_code == 2 and ".html, .md or .xlsx" in result.stderr

    def test_recap_prints_text_and_refuses_a_planned_session(self, tmp_path):
        path = tmp_path / "kit.xlsx"
        path.write_bytes(scenarios.sample_workbook("healthy", 9, as_of=AS_OF))
        ok = CliRunner().invoke(
            main, ["recap", str(path), "--session", "1", "--as-of", "2027-03-11"]
        )
        assert ok.exit_code == 0 and ok.stdout.count("• ") == 5 and ok.stderr == ""
        md = CliRunner().invoke(
            main,
            [
                "recap",
                str(path),
                "--session",
                "1",
                "--as-of",
                "2027-03-11",
                "-o",
                str(tmp_path / "r.md"),
            ],
        )
        assert md.exit_code == 0 and (tmp_path / "r.md").read_text().count("- **") == 5
        late = CliRunner().invoke(
            main, ["recap", str(path), "--session", "5", "--as-of", "2027-03-11"]
        )
        assert late.exit_code == 2
        assert late.stderr.startswith("error: ") and "kit.xlsx: session 5" in late.stderr
        assert late.stderr.count("\n") == 1
