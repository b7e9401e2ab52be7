"""Broken kit specs: each problem names its line, its path, what is wrong and what to do.

Every broken spec is the default spec with one small edit, and every expected position is
found by searching the edited text, so these tests keep working when default.yaml changes.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from starterkit.errors import Problem, SpecError, StarterkitError
from starterkit.spec import default_spec, default_spec_text, load_spec, load_spec_text

NAME = "kit.yaml"


def edit(old: str, new: str, text: str | None = None, *, after: str | None = None) -> str:
    """The spec text (default: the default spec) with ``old`` replaced by ``new``.

    Without ``after``, ``old`` must occur exactly once; with it, the first ``old`` following
    the one occurrence of ``after`` is replaced.
    """
    text = default_spec_text() if text is None else text
    if after is None:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times, not once"
        return text.replace(old, new)
    index = text.index(old, _anchor(text, after))
    return text[:index] + new + text[index + len(old) :]


def drop_line(containing: str) -> str:
    """The default spec without the one line containing ``containing``."""
    lines = default_spec_text().splitlines(keepends=True)
    kept = [line for line in lines if containing not in line]
    assert len(kept) == len(lines) - 1, f"{containing!r} is not on exactly one line"
    return "".join(kept)


def add_line_after(containing: str, new_line: str) -> str:
    """The default spec with ``new_line`` (same indentation) after the line with ``containing``."""
    [line] = [x for x in default_spec_text().splitlines(keepends=True) if containing in x]
    indent = line[: len(line) - len(line.lstrip())]
    return edit(line, f"{line}{indent}{new_line}\n")


def set_value(key: str, value: str, text: str) -> str:
    """``text`` with the value on the one line reading ``key: ...`` replaced by ``value``."""
    pattern = re.compile(rf"^(\s*{re.escape(key)}:) .*$", re.MULTILINE)
    assert len(pattern.findall(text)) == 1, f"'{key}:' is not on exactly one line"
    return pattern.sub(rf"\g<1> {value}", text)


def with_prefill_charter(key: str, value: str) -> str:
    """The default spec with one charter value prefilled."""
    return edit("\nprefill:\n", f"\nprefill:\n  charter:\n    {key}: {value}\n")


def at(text: str, needle: str, *, after: str | None = None, name: str = NAME) -> str:
    """`name:line:column` where ``needle`` starts in ``text``.

    Without ``after``, ``needle`` must occur exactly once; with it, the first ``needle``
    following the one occurrence of ``after`` is meant.
    """
    if after is None:
        assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times, not once"
        index = text.index(needle)
    else:
        index = text.index(needle, _anchor(text, after))
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{name}:{line}:{column}"


def line_of(text: str, needle: str, *, after: str | None = None) -> int:
    return int(at(text, needle, after=after).split(":")[1])


def _anchor(text: str, after: str) -> int:
    assert text.count(after) == 1, f"{after!r} occurs {text.count(after)} times, not once"
    return text.index(after)


def problems_in(text: str) -> list[Problem]:
    with pytest.raises(SpecError) as caught:
        load_spec_text(text, name=NAME)
    return caught.value.problems


def only_problem(text: str) -> Problem:
    found = problems_in(text)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


class TestDefaultSpec:
    """The default spec itself is valid, so every failure below comes from its edit."""

    def test_default_spec_text_loads_without_problems(self) -> None:
        spec = load_spec_text(default_spec_text(), name=NAME)

        assert spec.sheets.cases.title == default_spec().sheets.cases.title


class TestYamlSyntax:
    """Text that is not YAML, or not a mapping, is reported at the character where it breaks."""

    def test_unquoted_colon_in_a_value_points_at_the_colon_and_suggests_quotes(self) -> None:
        name = default_spec().name
        text = edit(f"name: {name}\n", "name: Peer Learning: Starter Kit\n")

        problem = only_problem(text)

        assert problem.where == at(text, ": Starter Kit")
        assert problem.path == ""
        assert "not valid YAML" in problem.message
        assert "mapping values are not allowed" in problem.message
        assert "quotes" in problem.fix

    def test_tab_indentation_is_reported_on_its_line(self) -> None:
        font = default_spec().branding.font
        text = edit(f"  font: {font}\n", f"\tfont: {font}\n")

        problem = only_problem(text)

        assert problem.where == at(text, f"\tfont: {font}")
        assert "tab" in problem.message
        assert "indentation" in problem.fix

    def test_duplicate_key_names_both_lines(self) -> None:
        font = default_spec().branding.font
        text = edit(f"  font: {font}\n", f"  font: {font}\n  font: Arial\n")
        first_line = line_of(text, f"font: {font}")

        problem = only_problem(text)

        assert problem.where == at(text, "font: Arial")
        assert problem.path == "branding.font"
        assert problem.message == f"key 'font' is written twice (first on line {first_line})"
        assert "keep one" in problem.fix

    @pytest.mark.parametrize("text", ["", "- kit_schema\n- name\n"], ids=["empty", "a list"])
    def test_spec_that_is_not_a_mapping_says_what_a_spec_is(self, text: str) -> None:
        problem = only_problem(text)

        assert problem.where == f"{NAME}:1:1"
        assert "must be a YAML mapping" in problem.message
        assert "starterkit init" in problem.fix


class TestUnknownKeys:
    """A misspelt key is reported where it is written, with the key it was probably meant to be."""

    def test_misspelt_top_level_key_suggests_the_real_one(self) -> None:
        text = edit("\nbranding:\n", "\nbrandingg:\n")

        problem = only_problem(text)

        assert problem.where == at(text, "brandingg:")
        assert problem.path == "brandingg"
        assert problem.message == "unknown key 'brandingg'"
        assert problem.fix == "did you mean 'branding'?"

    def test_unknown_key_with_no_near_miss_lists_the_allowed_keys(self) -> None:
        text = edit("\nbranding:\n", "\nappearance:\n")

        problem = only_problem(text)

        assert problem.message == "unknown key 'appearance'"
        assert problem.fix.startswith("use one of the allowed keys: ")
        assert "branding" in problem.fix and "sheets" in problem.fix

    def test_misspelt_colour_name_suggests_the_real_one(self) -> None:
        text = edit("  colors:\n    primary:", "  colors:\n    primery:")

        problem = only_problem(text)

        assert problem.where == at(text, "primery:")
        assert problem.path == "branding.colors.primery"
        assert problem.message == "unknown key 'primery'"
        assert problem.fix == "did you mean 'primary'?"

    def test_misspelt_field_key_is_unknown_and_the_real_key_missing(self) -> None:
        text = edit("{key: organization, label:", "{key: organization, lable:")
        field_path = "sheets.charter.sections[0].fields[0]"

        found = {p.path: p for p in problems_in(text)}

        assert set(found) == {f"{field_path}.lable", f"{field_path}.label"}
        unknown = found[f"{field_path}.lable"]
        assert unknown.where == at(text, "lable:", after="{key: organization,")
        assert unknown.message == "unknown key 'lable'"
        assert unknown.fix == "did you mean 'label'?"
        missing = found[f"{field_path}.label"]
        assert missing.where == at(text, "{key: organization,")
        assert missing.message == "required key 'label' is missing"


class TestBadValues:
    """A value of the wrong form names the value and shows the right form."""

    def test_colour_without_six_hex_digits_shows_the_form(self) -> None:
        primary = default_spec().branding.colors.primary
        text = edit(f'primary: "{primary}"', 'primary: "#1F386"')

        problem = only_problem(text)

        assert problem.where == at(text, 'primary: "#1F386"')
        assert problem.path == "branding.colors.primary"
        assert problem.message == "'#1F386' is not a colour"
        assert "#RRGGBB" in problem.fix

    def test_misspelt_field_type_suggests_the_real_type(self) -> None:
        text = edit(
            "{key: cycle_start, label: Cycle start, type: date",
            "{key: cycle_start, label: Cycle start, type: dat",
        )

        problem = only_problem(text)

        assert problem.where == at(text, "type: dat", after="{key: cycle_start,")
        assert problem.path.startswith("sheets.charter.sections[")
        assert problem.path.endswith("].type")
        assert problem.message.startswith("'dat' is not allowed here (expected ")
        assert "'long_text'" in problem.message
        assert problem.fix == "did you mean 'date'?"

    def test_sheet_title_with_a_slash_names_the_forbidden_character(self) -> None:
        title = default_spec().sheets.cases.title
        text = edit(f"title: {title}\n", "title: Cases/Intake\n")

        problem = only_problem(text)

        assert problem.where == at(text, "title: Cases/Intake")
        assert problem.path == "sheets.cases.title"
        assert problem.message == "the sheet title 'Cases/Intake' contains /"
        assert "Excel forbids" in problem.fix

    def test_sheet_title_over_31_characters_gives_the_limit(self) -> None:
        title = default_spec().sheets.cases.title
        long_title = "Case Intake for Every Network Team"
        assert len(long_title) > 31
        text = edit(f"title: {title}\n", f"title: {long_title}\n")

        problem = only_problem(text)

        assert problem.where == at(text, f"title: {long_title}")
        assert problem.path == "sheets.cases.title"
        assert problem.message == "text is longer than 31 characters"
        assert problem.fix == "shorten it to 31 or fewer"


class TestContract:
    """Keys the analyzer relies on cannot be retyped or dropped; the fix says to relabel instead."""

    def test_retyped_contract_field_names_the_required_type(self) -> None:
        text = edit(
            "{key: cycle_start, label: Cycle start, type: date",
            "{key: cycle_start, label: Cycle start, type: text",
        )

        problem = only_problem(text)

        assert problem.where == at(text, "type: text", after="{key: cycle_start,")
        assert problem.path.endswith("].type")
        assert problem.message == "'cycle_start' must have type 'date', not 'text'"
        assert problem.fix.startswith("set 'type: date'")

    def test_removed_contract_field_is_reported_missing_with_its_type(self) -> None:
        text = drop_line("{key: cycle_start,")

        problem = only_problem(text)

        # The problem is placed inside the charter's sections (today: on the first one).
        charter_sections = line_of(text, "sections:", after="\n  charter:\n")
        roles_sheet = line_of(text, "\n  roles:\n")
        assert charter_sections <= int(problem.where.split(":")[1]) <= roles_sheet
        assert problem.path.startswith("sheets.charter.sections")
        assert problem.message == "the charter field 'cycle_start' is missing"
        assert "type: date" in problem.fix
        assert "kit contract" in problem.fix

    def test_removed_contract_choice_names_the_choice_and_the_list(self) -> None:
        text = drop_line("{key: flexible,")

        problem = only_problem(text)

        assert problem.where == at(text, "cadence:", after="\nlists:\n")
        assert problem.path == "lists.cadence"
        assert problem.message == "the choice 'flexible' is missing from list 'cadence'"
        assert "change its label" in problem.fix

    def test_contract_choice_field_on_another_list_names_the_required_list(self) -> None:
        text = edit("list: session_day,", "list: cadence,")

        problem = only_problem(text)

        assert problem.where == at(text, "list: cadence", after="{key: session_day,")
        assert problem.message == "'session_day' must use the list 'session_day', not 'cadence'"
        assert problem.fix.startswith("set 'list: session_day'")

    @pytest.mark.parametrize("rows", [11, 13])
    def test_metrics_table_must_have_one_row_per_week(self, rows: int) -> None:
        current = default_spec().sheets.metrics.metrics.rows
        text = edit(f"rows: {current}\n", f"rows: {rows}\n", after="\n  metrics:\n")

        problem = only_problem(text)

        assert problem.where == at(text, f"rows: {rows}\n")
        assert problem.path == "sheets.metrics.metrics.rows"
        assert problem.message == "the metrics table must have 12 rows, one per week"
        assert problem.fix == "set 'rows: 12'"


class TestLists:
    """Choice fields and their lists must match up, and each list reads unambiguously."""

    def test_choice_field_on_a_missing_list_suggests_the_nearest_list(self) -> None:
        text = add_line_after(
            "{key: session_output,",
            "- {key: meeting_region, label: Meeting region, type: choice, list: regoin}",
        )

        problem = only_problem(text)

        assert problem.where == at(text, "list: regoin")
        assert problem.path.endswith("].list")
        assert problem.message == "the list 'regoin' does not exist"
        assert problem.fix == "did you mean 'region'?"

    def test_two_choices_with_the_same_label_point_at_the_second(self) -> None:
        cadence = [c.key for c in default_spec().lists["cadence"]]
        text = edit("{key: monthly, label: Monthly}", "{key: monthly, label: Weekly}")

        problem = only_problem(text)

        assert problem.where == at(text, "label: Weekly}", after="{key: monthly,")
        assert problem.path == f"lists.cadence[{cadence.index('monthly')}].label"
        assert problem.message == "the label 'Weekly' appears twice in list 'cadence'"
        assert problem.fix == "give each choice its own label"


class TestPrefill:
    """Prefilled values are checked against their field's type and list, at their own line."""

    def test_value_not_in_the_list_lists_the_allowed_keys(self) -> None:
        text = with_prefill_charter("cadence", "fortnightly")

        problem = only_problem(text)

        assert problem.where == at(text, "cadence: fortnightly")
        assert problem.path == "prefill.charter.cadence"
        assert problem.message == "'fortnightly' is not in the list 'cadence'"
        keys = ", ".join(c.key for c in default_spec().lists["cadence"])
        assert problem.fix == f"use one of the allowed choice keys: {keys}"

    def test_near_miss_choice_key_suggests_the_real_key(self) -> None:
        text = with_prefill_charter("cadence", "weekley")

        problem = only_problem(text)

        assert problem.message == "'weekley' is not in the list 'cadence'"
        assert problem.fix == "did you mean 'weekly'?"

    @pytest.mark.parametrize("value", ["next monday", "12/01/2027", "2027-1-5"])
    def test_date_field_value_that_is_not_a_date_shows_the_form(self, value: str) -> None:
        text = with_prefill_charter("cycle_start", value)

        problem = only_problem(text)

        assert problem.where == at(text, f"cycle_start: {value}")
        assert problem.path == "prefill.charter.cycle_start"
        assert problem.message == f"{value!r} is not a date"
        assert problem.fix == "write a date that exists, as YYYY-MM-DD"

    def test_impossible_calendar_date_is_a_problem_not_a_crash(self) -> None:
        text = with_prefill_charter("cycle_start", "2027-02-30")

        problem = only_problem(text)

        assert problem.where == at(text, "2027-02-30")
        assert problem.path == "prefill.charter.cycle_start"
        assert problem.message == "2027-02-30 is not a real date (day is out of range for month)"

    def test_missing_milestone_names_the_milestone_key(self) -> None:
        text = drop_line("{milestone: demo_day,")

        problem = only_problem(text)

        assert problem.where == at(text, "milestones:", after="\nprefill:\n")
        assert problem.path == "prefill.milestones"
        assert problem.message == "the milestone 'demo_day' is missing"
        assert "milestone: demo_day" in problem.fix


def png(width: int = 4, height: int = 3) -> bytes:
    """A whole, tiny RGB PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    pixels = b"".join(b"\x00" + b"\x1f\x38\x64" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


class TestLogo:
    """A logo path is resolved next to the spec file and must name an existing PNG or JPEG."""

    def _spec_with_logo(self, folder: Path, logo: str) -> Path:
        path = folder / "kit.yaml"
        path.write_text(edit("  logo: null\n", f"  logo: {logo}\n"), encoding="utf-8")
        return path

    def test_missing_logo_names_the_resolved_file_and_the_spec_line(self, tmp_path: Path) -> None:
        path = self._spec_with_logo(tmp_path, "images/logo.png")

        with pytest.raises(SpecError) as caught:
            load_spec(path)

        [problem] = caught.value.problems
        line = path.read_text(encoding="utf-8").splitlines().index("  logo: images/logo.png") + 1
        assert problem.where == f"{path}:{line}:3"
        assert problem.path == "branding.logo"
        resolved = (tmp_path / "images" / "logo.png").resolve()
        assert problem.message == f"the logo file '{resolved}' does not exist"
        assert "relative to the spec file" in problem.fix

    def test_logo_next_to_the_spec_is_found_whatever_the_working_folder(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        (tmp_path / "images").mkdir()
        (tmp_path / "images" / "logo.png").write_bytes(png())
        path = self._spec_with_logo(tmp_path, "images/logo.png")
        monkeypatch.chdir(tmp_path / "images")

        spec = load_spec(path)

        assert spec.branding.logo == str((tmp_path / "images" / "logo.png").resolve())

    def test_logo_that_is_not_png_or_jpeg_is_refused(self, tmp_path: Path) -> None:
        (tmp_path / "logo.gif").write_bytes(b"GIF89a")
        path = self._spec_with_logo(tmp_path, "logo.gif")

        with pytest.raises(SpecError) as caught:
            load_spec(path)

        [problem] = caught.value.problems
        assert problem.message == f"'{(tmp_path / 'logo.gif').resolve()}' is not a PNG or JPEG"
        assert problem.fix == "use a .png or .jpg"

    @pytest.mark.parametrize(
        ("content", "says"),
        [
            (b"this is text, named .png", "is not a PNG or JPEG image"),
            (b"", "is not a PNG or JPEG image"),
            (png()[:30], "cut short"),
            (png()[:-12], "cut short"),
            (b"\xff\xd8\xff\xe0 a broken JPEG", "cut short"),
            (b"\xff\xd8\xff\xe0\x00\x10JFIF\xff\xd9", "cannot be read"),
        ],
        ids=["text", "empty", "truncated header", "truncated end", "broken jpeg", "jpeg header"],
    )
    def test_logo_that_is_not_a_whole_image_is_refused_at_its_line(
        self, tmp_path: Path, content: bytes, says: str
    ) -> None:
        (tmp_path / "logo.png").write_bytes(content)
        path = self._spec_with_logo(tmp_path, "logo.png")

        with pytest.raises(SpecError) as caught:
            load_spec(path)

        [problem] = caught.value.problems
        line = path.read_text(encoding="utf-8").splitlines().index("  logo: logo.png") + 1
        assert problem.where == f"{path}:{line}:3"
        assert problem.message.startswith(f"the logo file '{(tmp_path / 'logo.png').resolve()}'")
        assert says in problem.message
        assert problem.fix.startswith("export the logo again as PNG")

    def test_building_with_a_broken_logo_is_an_error_naming_the_file(self, tmp_path: Path) -> None:
        from starterkit.builder import build
        from starterkit.errors import BuildError

        logo = tmp_path / "logo.png"
        logo.write_bytes(png()[:40])
        spec = dataclasses.replace(
            default_spec(), branding=dataclasses.replace(default_spec().branding, logo=str(logo))
        )

        with pytest.raises(BuildError, match="export the logo again as PNG") as caught:
            build(spec)
        assert str(caught.value).startswith(f"{logo}: the logo is a PNG image cut short")

    def test_a_whole_logo_is_built_in(self, tmp_path: Path) -> None:
        from starterkit.builder import build

        logo = tmp_path / "logo.png"
        logo.write_bytes(png())
        spec = dataclasses.replace(
            default_spec(), branding=dataclasses.replace(default_spec().branding, logo=str(logo))
        )
        assert b"xl/media/image1.png" in build(spec)

    def test_a_broken_logo_in_a_batch_row_fails_that_row_only(self, tmp_path: Path) -> None:
        from starterkit.files.build_many import build_all, read_networks

        (tmp_path / "bad.png").write_bytes(b"not an image")
        (tmp_path / "good.png").write_bytes(png())
        text = "organization,network_name,logo\nA,One,bad.png\nB,Two,good.png\n"
        plan = read_networks(text, default_spec(), "networks.csv", tmp_path)
        [problem] = plan.problems
        assert str(problem).startswith(
            "networks.csv:2: logo: the logo 'bad.png' is not a PNG or JPEG image"
        )
        (tmp_path / "kits").mkdir()
        results = build_all(default_spec(), plan.rows, tmp_path / "kits", 2, None)
        assert [(r.line, r.error, r.path.name) for r in results] == [(3, None, "B-Two.xlsx")]


class TestManyProblems:
    """Every problem in a spec is reported in one error, each at its own line."""

    def test_three_shape_problems_are_all_reported(self) -> None:
        primary = default_spec().branding.colors.primary
        title = default_spec().sheets.cases.title
        text = edit(f'primary: "{primary}"', 'primary: "1F3864"')
        text = edit(
            "{key: cycle_start, label: Cycle start, type: date",
            "{key: cycle_start, label: Cycle start, type: dat",
            text,
        )
        text = edit(f"title: {title}\n", "title: Case Intake for Every Network Team\n", text)

        found = problems_in(text)

        assert len(found) >= 3
        by_path = {p.path: p for p in found}
        assert by_path["branding.colors.primary"].where == at(text, 'primary: "1F3864"')
        assert by_path["sheets.cases.title"].where == at(text, "title: Case Intake for Every")
        [field_type] = [p for p in found if p.message.startswith("'dat' is not allowed")]
        assert field_type.where == at(text, "type: dat", after="{key: cycle_start,")

    def test_a_misspelt_key_does_not_hide_the_other_problems(self) -> None:
        text = edit("  colors:\n", "  colour:\n")
        text = edit("{key: monthly, label: Monthly}", "{key: monthly, label: Weekly}", text)

        found = problems_in(text)

        assert [p.path for p in found] == ["branding.colour", "lists.cadence[2].label"]
        assert found[0].fix == "did you mean 'colors'?"

    def test_problems_are_listed_in_file_order(self) -> None:
        title = default_spec().sheets.cases.title
        text = edit(f"title: {title}\n", "title: Cases/Intake\n")
        text = set_value("steward_allocation_min", "0.50", text)

        found = problems_in(text)

        lines = [int(p.where.split(":")[1]) for p in found]
        assert lines == sorted(lines) and len(lines) == 2

    def test_three_rule_problems_are_all_reported(self) -> None:
        title = default_spec().sheets.cases.title
        text = edit("{key: monthly, label: Monthly}", "{key: monthly, label: Weekly}")
        text = edit(f"title: {title}\n", "title: Cases/Intake\n", text)
        text = set_value("steward_allocation_min", "0.50", text)

        found = problems_in(text)

        assert len(found) >= 3
        assert {p.where for p in found} == {
            at(text, "label: Weekly}", after="{key: monthly,"),
            at(text, "title: Cases/Intake"),
            at(text, "steward_allocation_min:"),
        }

    def test_error_text_counts_the_problems_and_gives_one_line_each(self) -> None:
        text = edit("\nbranding:\n", "\nbrandingg:\n")
        text = edit("\nlocale:\n", "\nlocal:\n", text)

        with pytest.raises(SpecError) as caught:
            load_spec_text(text, name=NAME)

        lines = str(caught.value).splitlines()
        assert lines[0] == "2 problems in kit.yaml:"
        assert (
            f"  {at(text, 'brandingg:')}: brandingg: unknown key 'brandingg' — did you mean 'branding'?"
            in lines
        )
        assert (
            f"  {at(text, 'local:')}: local: unknown key 'local' — did you mean 'locale'?" in lines
        )


class TestUnreadableFiles:
    """A spec file that cannot be read gives one message naming the file and what to do."""

    def test_missing_spec_file_names_it_and_suggests_init(self, tmp_path: Path) -> None:
        path = tmp_path / "nowhere" / "kit.yaml"

        with pytest.raises(StarterkitError) as caught:
            load_spec(path)

        assert not isinstance(caught.value, SpecError)
        message = str(caught.value)
        assert message.startswith(f"{path}: no such spec file")
        assert "starterkit init" in message

    def test_spec_that_is_not_utf8_names_the_byte_and_asks_for_utf8(self, tmp_path: Path) -> None:
        path = tmp_path / "kit.yaml"
        text = edit(f"name: {default_spec().name}\n", "name: Café Starter Kit\n")
        content = text.encode("utf-8").replace("Café".encode(), "Café".encode("latin-1"))
        path.write_bytes(content)
        offset = content.index("é".encode("latin-1"))

        with pytest.raises(StarterkitError) as caught:
            load_spec(path)

        message = str(caught.value)
        assert message.startswith(f"{path}: the spec is not UTF-8 text")
        assert f"at byte {offset}" in message
        assert message.endswith("save it as UTF-8")
