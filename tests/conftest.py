from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from starterkit.builder import build
from starterkit.spec import default_spec

from libreoffice import find_soffice

ROOT = Path(__file__).resolve().parents[1]
BUILD_TIME = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="session")
def spec():
    return default_spec()


@pytest.fixture(scope="session")
def blank_kit(spec) -> bytes:
    return build(spec, build_time=BUILD_TIME)


@pytest.fixture(scope="session")
def blank_book(blank_kit):
    return openpyxl.load_workbook(io.BytesIO(blank_kit))


@pytest.fixture(scope="session")
def blank_values(blank_kit):
    return openpyxl.load_workbook(io.BytesIO(blank_kit), data_only=True)


#: Markers of tests that open a real client or run long; each such test is also marked
#: ``slow``, so a quick local run can leave them out: ``python -m pytest -m "not slow"``.
SLOW_MARKERS = ("libreoffice", "chromium", "fuzz")


def pytest_collection_modifyitems(items):
    for item in items:
        if any(item.get_closest_marker(name) for name in SLOW_MARKERS):
            item.add_marker(pytest.mark.slow)


def pytest_runtest_setup(item):
    """LibreOffice and Chromium are optional on a laptop but required in CI, where these
    tests must run."""
    if item.get_closest_marker("libreoffice") and find_soffice() is None:
        _missing("LibreOffice (soffice) is not installed; .ci/run installs it")
    if item.get_closest_marker("poppler") and shutil.which("pdftotext") is None:
        _missing("poppler (pdftotext) is not installed; .ci/run installs it (poppler-utils)")
    if item.get_closest_marker("chromium") and shutil.which("chromium") is None:
        _missing("Chromium is not installed; .ci/run installs it (apt-get install chromium)")


def _missing(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
