"""Headless Chromium as a test client for the HTML report, driven by Playwright.

Uses the system's Chromium (``shutil.which("chromium")``), not a browser Playwright
downloads. A page is served from a made-up origin by Playwright's router, so every other
request the page makes (a stylesheet, an image, a font, a frame) is seen, recorded and
aborted: a self-contained page makes none. Console messages, script errors and dialogs
are recorded too.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Route, sync_playwright

#: Where an opened page pretends to come from; nothing is served there but the page.
PAGE_URL = "http://report.invalid/report.html"
VIEWPORT = {"width": 1280, "height": 900}


def find_chromium() -> str | None:
    """The system Chromium's executable, or None when it is not installed."""
    return shutil.which("chromium")


@contextmanager
def chromium() -> Iterator[Browser]:
    """One headless Chromium for as long as the block runs."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class OpenedPage:
    """A page and everything it tried to do besides showing itself."""

    page: Page
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.page.context.close()

    def __enter__(self) -> OpenedPage:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_html(browser: Browser, html: str) -> OpenedPage:
    """Open ``html`` as a page of its own (in a fresh context) and wait until it has loaded;
    closed by ``with open_html(...) as opened:`` or ``opened.close()``."""
    context = browser.new_context(viewport=VIEWPORT)
    opened = OpenedPage(context.new_page())

    def serve(route: Route) -> None:
        if route.request.url == PAGE_URL:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
        else:
            opened.requests.append(route.request.url)
            route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            opened.console.append(f"{message.type}: {message.text}")

    def on_dialog(dialog: Dialog) -> None:
        opened.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    context.route("**/*", serve)
    opened.page.on("console", on_console)
    opened.page.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.page.on("dialog", on_dialog)
    opened.page.goto(PAGE_URL, wait_until="load")
    return opened
