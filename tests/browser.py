"""Headless Chromium for the real-browser tests (Debian's package, driven by Playwright).

Where no system browser is installed the tests that ask for one skip with a visible notice
(`make test` prints skip reasons); `.ci/run` installs Debian's ``chromium`` first.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

#: Flags a sandboxed, offline machine needs (no GPU, no background connections to Google).
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def system_chromium() -> str | None:
    """The system Chromium's path, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def chromium_page() -> Iterator[object]:
    """A Playwright page in headless system Chromium; skips the test when there is none."""
    executable = system_chromium()
    if executable is None:
        pytest.skip("NOTICE: no system Chromium (apt-get install chromium): real-browser test skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()
