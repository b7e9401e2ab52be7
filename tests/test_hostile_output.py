"""Whatever a returned workbook, a spec or prefill data holds, every file we write is valid
for its format and nothing typed in a cell reaches the terminal as a control sequence."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
from rich.console import Console

from starterkit.builder import build
from starterkit.findings import DataFinding, Location
from starterkit.report import FileError
from starterkit.reporters.dashboard import render_dashboard
from starterkit.reporters.formats import plain_text, render
from starterkit.reporters.html import render_html
from starterkit.reporters.text import render_text
from starterkit.safe_text import (
    MAX_CELL_CHARS,
    cut,
    for_cell,
    for_link,
    for_terminal,
    for_xml,
    map_strings,
)
from starterkit.spec import default_spec

from libreoffice import convert
from reports import network, portfolio_of

#: Every C0 control character, DEL, a C1 control, bidi overrides and noncharacters.
CONTROLS = "".join(chr(code) for code in range(32)) + "\x7f\x85\x9b\u202e\u2066\u200f\ufffe\uffff"
SPOOF = "\x1b[2J\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\\rover\x08\x07"
#: What a terminal must never receive from our text: any control but tab and line feed,
#: C1 controls and bidirectional formatting characters.
TERMINAL_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def hostile_network(suffix: str = ""):
    text = CONTROLS + SPOOF
    return network(
        source=f"kits/ev{text}il{suffix}.xlsx",
        organization=f"Org {text} [bold red]markup[/bold red]",
        network=f"Net {text}{suffix}",
        data_findings=(
            DataFinding(
                "not-a-date",
                f"'{text}' is not a date",
                "type a date",
                Location(f"Sheet{text}", "B2"),
                text,
            ),
        ),
    )


def hostile_portfolio():
    return portfolio_of(
        hostile_network(),
        hostile_network(" 2"),
        errors=(FileError(f"bad{CONTROLS}.xlsx", f"cannot read {SPOOF}", "fix"),),
    )


def xml_parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.endswith((".xml", ".rels", ".vml"))
        }


def assert_valid_xlsx(content: bytes) -> None:
    for name, part in xml_parts(content).items():
        try:
            ElementTree.fromstring(part)
        except ElementTree.ParseError as exc:  # pragma: no cover - the failure itself
            pytest.fail(f"{name} is not well-formed XML: {exc}")


# The safe-text functions


def test_terminal_text_shows_every_control_character():
    shown = for_terminal(CONTROLS + SPOOF + "\ud800")
    assert TERMINAL_UNSAFE.search(shown) is None
    assert "␛[2J" in shown and "␍over" in shown and "<U+202E>" in shown
    assert for_terminal("tab\tand\nnew line") == "tab\tand\nnew line"


def test_xml_text_keeps_what_xml_allows():
    shown = for_xml(CONTROLS + "\ud800")
    assert XML_UNSAFE.search(shown) is None
    assert "\t" in shown and "\n" in shown and "\r" in shown and "\u202e" in shown
    assert shown.encode("utf-8")  # no lone surrogate left
    ElementTree.fromstring(f"<a>{shown.replace('<', '&lt;')}</a>".encode())


def test_ordinary_text_is_the_same_object():
    text = "Field Repair Network — Zürich"
    assert for_terminal(text) is text and for_xml(text) is text and for_cell(text) is text
    portfolio = portfolio_of(network())
    assert map_strings(portfolio, for_terminal) is portfolio


def test_long_text_is_cut_with_a_visible_note():
    text = "x" * 5_000_000
    cell = for_cell(text)
    assert len(cell) <= MAX_CELL_CHARS
    kept = cell.index(" …")
    assert cell.endswith(f"[{5_000_000 - kept:,} more characters cut]")
    assert cut("short", 10) == "short"


def test_link_targets_are_percent_encoded_and_decode_back():
    path = f"kits/a b#1{CONTROLS}.xlsx"
    link = for_link(path)
    assert re.fullmatch(r"[\x21-\x7e]+", link.encode("ascii", "backslashreplace").decode())
    assert "#" not in link and " " not in link
    assert unquote(link) == path.replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd")


# The terminal report


def test_text_report_file_holds_no_control_character():
    text = plain_text(hostile_portfolio())
    assert TERMINAL_UNSAFE.search(text) is None
    assert "␛[2J" in text and "<U+202E>" in text
    assert "[bold red]markup[/bold red]" in text  # shown as typed, never read as markup


@pytest.mark.parametrize("one", [True, False], ids=["one network", "portfolio"])
def test_terminal_gets_no_escape_sequence_but_our_colours(one):
    portfolio = portfolio_of(hostile_network()) if one else hostile_portfolio()
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="truecolor", width=100)
    render_text(portfolio, console)
    # Our own styling is SGR only (ESC [ … m); take it out and nothing else may remain.
    without_styles = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())
    assert TERMINAL_UNSAFE.search(without_styles) is None
    assert "markup[/bold red]" in without_styles


# Files the analysis writes


def test_dashboard_parts_are_well_formed_xml():
    content = render_dashboard(hostile_portfolio(), links_from="reports")
    assert_valid_xlsx(content)
    rels = b"".join(part for name, part in xml_parts(content).items() if name.endswith(".rels"))
    targets = [unquote(t.decode()) for t in re.findall(rb'Target="([^"]*evil[^"]*)"', rels)]
    assert targets, "the links to the hostile files are kept"
    for target in targets:
        assert "\x1b[2J" in target  # the link opens the file by its own name


def test_html_report_holds_no_character_html_forbids():
    page = render_html(hostile_portfolio())
    assert XML_UNSAFE.search(page) is None
    assert "␛[2J" in page


def test_json_and_csv_reports_are_written_and_json_keeps_the_text():
    files = render(hostile_portfolio(), ["json", "csv"])
    document = json.loads("".join(files.pop("report.json")))
    assert document["networks"][0]["network"].startswith("Net " + CONTROLS)
    assert files and all(isinstance(content, bytes) for content in files.values())


# Kits built from hostile data


def hostile_data() -> dict:
    text = CONTROLS + SPOOF
    return {
        "charter": {"organization": f"Org {text}", "network_name": f"Net {text}", "sponsor": text},
        "sessions": [{"facilitator": f"F {text}", "pattern": f"P {text}"}],
        "cases": [{"problem": f"Problem {text}", "team": f"T {text}"}],
    }


def test_kit_from_hostile_data_is_well_formed():
    content = build(default_spec(), hostile_data())
    assert_valid_xlsx(content)


@pytest.mark.libreoffice
def test_hostile_files_open_in_libreoffice(tmp_path: Path):
    kit = tmp_path / "kit.xlsx"
    kit.write_bytes(build(default_spec(), hostile_data()))
    dashboard = tmp_path / "report.xlsx"
    dashboard.write_bytes(render_dashboard(hostile_portfolio()))
    for path in (kit, dashboard):
        assert convert(path, tmp_path / "lo").stat().st_size > 0


# Long text


@pytest.mark.parametrize("fmt", ["text", "json", "html", "xlsx", "csv"])
def test_a_five_megabyte_name_renders_quickly(fmt):
    name = ("Field Repair " * 400_000)[:5_000_000]
    portfolio = portfolio_of(network(network=name, organization=name[:100_000]), network())
    started = time.perf_counter()
    files = render(portfolio, [fmt])
    for content in files.values():
        if not isinstance(content, bytes):
            "".join(content)
    assert time.perf_counter() - started < 5
    if fmt == "xlsx":
        content = files["report.xlsx"]
        assert_valid_xlsx(content)
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            strings = archive.read("xl/sharedStrings.xml").decode()
        assert "more characters cut]" in strings
