"""samples/: the committed scenario workbooks are current, and each one, in every form
other tools return it, raises exactly the flags samples/README.md lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from starterkit import demo, scenarios
from starterkit.analysis import analyze, combine
from starterkit.reader import read_workbook

from conftest import ROOT
from dates import SAMPLES_DAY
from xlsx_parts import first_difference

SAMPLES = ROOT / "samples"
AS_OF = SAMPLES_DAY
PLAN = demo.sample_plan()
VARIANTS = {"original": ("", ".xlsx"), "stripped": ("returned/stripped/", ".xlsx")}
VARIANTS |= {
    "libreoffice-xlsx": ("returned/libreoffice-xlsx/", ".xlsx"),
    "libreoffice-ods": ("returned/libreoffice-ods/", ".ods"),
}
REGENERATE = "regenerate them with: python scripts/make_samples.py"


def sample_name(sample: demo.Sample) -> str:
    return sample.path.removeprefix(f"{demo.RETURNED_FOLDER}/").removesuffix(".xlsx")


def variant_path(variant: str, sample: demo.Sample) -> Path:
    folder, suffix = VARIANTS[variant]
    return SAMPLES / f"{folder}{sample_name(sample)}{suffix}"


@pytest.fixture(scope="module")
def regenerated() -> dict[str, bytes]:
    return demo.sample_files()


def test_committed_workbooks_are_the_generated_ones(regenerated):
    stale = {
        name: "missing"
        if not (SAMPLES / name).is_file()
        else first_difference((SAMPLES / name).read_bytes(), content)
        for name, content in regenerated.items()
    }
    stale = {name: why for name, why in stale.items() if why}
    assert stale == {}, f"stale samples; {REGENERATE}\n" + "\n".join(
        f"{name}: {why}" for name, why in stale.items()
    )


def test_the_samples_are_made_on_the_tests_samples_day():
    assert demo.SAMPLES_AS_OF == SAMPLES_DAY


def test_the_readme_is_the_generated_one():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    assert readme == demo.samples_readme(), f"samples/README.md is stale; {REGENERATE}"


def test_no_file_is_left_over_from_an_older_set():
    expected = {variant_path(v, s) for v in VARIANTS for s in PLAN} | {SAMPLES / "README.md"}
    assert {p for p in SAMPLES.rglob("*") if p.is_file()} == expected


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("sample", PLAN, ids=sample_name)
def test_each_sample_raises_exactly_its_flags(variant, sample):
    path = variant_path(variant, sample)
    report = analyze(read_workbook(path.read_bytes(), str(path)), AS_OF)
    assert tuple(sorted({flag.id for flag in report.flags})) == sample.expected_flags
    if sample.scenario == "healthy":
        assert report.flags == ()


@pytest.mark.parametrize("variant", ["libreoffice-xlsx", "libreoffice-ods"])
def test_libreoffice_forms_come_from_the_current_samples(variant, regenerated):
    """LibreOffice does not save byte for byte alike, so its forms are checked by the
    kit id each carries: a regenerated sample with other data has another id."""
    for sample in PLAN:
        name = sample_name(sample) + ".xlsx"
        original = read_workbook(regenerated[name], name).metadata.kit_id
        path = variant_path(variant, sample)
        assert read_workbook(path.read_bytes(), str(path)).metadata.kit_id == original, (
            f"{path} is stale; {REGENERATE}"
        )


@pytest.mark.parametrize("variant", VARIANTS)
def test_together_only_the_portfolio_launches_in_parallel(variant):
    reports = [
        analyze(read_workbook(variant_path(variant, s).read_bytes(), s.path), AS_OF) for s in PLAN
    ]
    portfolio = combine(reports, as_of=AS_OF)
    assert [flag.id for flag in portfolio.flags] == list(scenarios.portfolio_expected_flags())
    [launch] = portfolio.flags
    assert len(launch.evidence) == len(scenarios.portfolio_networks())
