"""The tagging workbench in a real browser: JupyterLab driven by headless Chromium (Playwright).

Starts JupyterLab on a small test study in a temporary folder, opens a notebook building the
form, and as a coder would: saves a claim (an actor typed in the article's spelling), sees an
unknown actor blocked, edits and deletes the claim, and checks the store and its history on disk.
The article holds ``<script>`` and ``<img onerror>``: nothing of it may run.

Needs Debian's ``chromium`` (``apt-get install -y chromium``), driven through Playwright like the
other real-browser tests (``tests/browser.py``); where it is missing the test is skipped with a
notice saying so.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from helpers import claims as C
from helpers import claimstore as S
from helpers.paths import ANNOTATIONS_DIR
from tests.browser import chromium_page

BODY = ("Selon des sources, Sergueï Lavrov aurait rencontré William Burns à Ankara.\n\n"
        "Le Kremlin a démenti. <img src=x onerror=\"window.__xss = 1\"> <script>window.__xss = 2</script>\n\n"
        "William Burns a parlé à Sergey Naryshkin.")
LAVROV_QUOTE = "Sergueï Lavrov aurait rencontré William Burns à Ankara."
BURNS_QUOTE = "William Burns a parlé à Sergey Naryshkin."
NOTEBOOK_SOURCE = """from helpers import claims as C
from helpers.tagging import ClaimTagger

tagger = ClaimTagger(C.load_articles("articles.csv"), "registry", C.load_codebook("codebook.yml"),
                     coder="T", annotations_dir=".")
tagger"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_study(folder: Path) -> None:
    """A one-article study: articles.csv, registry/ (actors with aliases, outlets), codebook,
    and the notebook that opens the form."""
    pd.DataFrame({"article_id": ["art1"], "text": [BODY], "body": [BODY], "source_path": ["a.txt"]}).to_csv(
        folder / "articles.csv", index=False)
    (folder / "registry").mkdir()
    pd.DataFrame({"canonical": ["William Burns", "Sergey Naryshkin", "Sergei Lavrov", "Kremlin"],
                  "kind": ["person", "person", "person", "organisation"],
                  "aliases": ["Bill Burns", "", "Lavrov;Sergueï Lavrov", ""]}).to_csv(
        folder / "registry" / "actors.csv", index=False)
    pd.DataFrame({"outlet": ["NBC News"], "aliases": ["NBC"], "domains": ["nbcnews.com"], "country": ["US"],
                  "state_affiliated": ["no"], "notes": [""]}).to_csv(folder / "registry" / "outlets.csv", index=False)
    shutil.copyfile(ANNOTATIONS_DIR / "codebook.yml", folder / "codebook.yml")
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "form", "metadata": {}, "outputs": [],
                   "source": NOTEBOOK_SOURCE}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    (folder / "workbench.ipynb").write_text(json.dumps(notebook), encoding="utf-8")


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on the test study; yields its base URL with the token."""
    study = tmp_path / "study"
    study.mkdir()
    make_study(study)
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    log = open(tmp_path / "lab.log", "wb")  # noqa: SIM115 - closed when the server stops
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={study}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        cwd=study, env=env, stdout=subprocess.DEVNULL, stderr=log,
        start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                os.killpg(server.pid, signal.SIGKILL)
                log.close()
                pytest.fail("JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text()[-3000:])
            time.sleep(0.5)
    try:
        yield url, token, study
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


def kernel_idle(url: str, token: str, timeout: float = 120) -> None:
    """Wait until the notebook's kernel has started and is idle (REST API of the server)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{url}/api/sessions?token={token}", timeout=5) as response:
            sessions = json.load(response)
        if sessions and all(s["kernel"]["execution_state"] == "idle" for s in sessions):
            time.sleep(2)  # and the page's websocket to it is open
            return
        time.sleep(0.5)
    pytest.fail("the notebook's kernel did not start")


@pytest.fixture
def page():
    """A headless system-Chromium page as tall as the whole form; skips with a notice when there
    is no Chromium (before JupyterLab is started: the test asks for it first)."""
    with chromium_page() as page:
        page.set_viewport_size({"width": 1400, "height": 2400})
        page.set_default_timeout(120_000)  # a cold kernel and widget render can take long
        yield page


def test_coding_in_the_browser_saves_blocks_edits_and_deletes(page, lab):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    url, token, study = lab
    page.goto(f"{url}/lab/tree/workbench.ipynb?token={token}")
    editor = page.locator(".jp-Notebook .jp-Cell .cm-content").first
    editor.wait_for(state="visible")
    kernel_idle(url, token)
    for attempt in range(3):  # a run sent while the page was still connecting to the kernel is lost
        editor.click()
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_selector(".bc-article-view", state="attached", timeout=60_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                page.screenshot(path=str(study / "failed.png"))
                raise

    def find(css: str):
        """The first element matching ``css`` (Playwright waits for it when it is used)."""
        return page.locator(css).first

    def message_contains(text: str) -> str:
        message = find(".bc-message")
        try:
            expect(message).to_contain_text(text, use_inner_text=True, timeout=30_000)
        except AssertionError:
            page.screenshot(path=str(study / "failed.png"))
            raise AssertionError(f"the form did not say {text!r}; it says {message.inner_text()!r}") from None
        return message.inner_text()

    def pick_claim_then(button: str, text: str) -> None:
        """Select the first of my claims and press a button, until the form says ``text`` (the
        list is redrawn after each save, which can swallow a selection made at that moment)."""
        for attempt in range(3):
            find(".bc-my-claims select").select_option(index=0)
            find(f".bc-{button}").click()
            try:
                expect(find(".bc-message")).to_contain_text(text, use_inner_text=True, timeout=15_000)
                return
            except AssertionError:
                time.sleep(1)
        message_contains(text)

    def add_tag(box: str, name: str) -> None:
        field = find(f".bc-{box} input")
        field.click()
        field.press_sequentially(name)
        field.press("Enter")

    def store() -> pd.DataFrame:
        return C.read_claims(study / "claims_T.csv", missing_ok=True)

    # The article is shown with its markup as text, and none of it runs.
    view = find(".bc-article-view")
    assert "<script>window.__xss = 2</script>" in view.inner_text()
    assert page.evaluate("() => window.__xss") is None

    # 1. A claim with the actor typed as the article spells it: saved under the canonical name.
    find(".bc-quote textarea").press_sequentially(LAVROV_QUOTE)
    find(".bc-claim-type select").select_option(label="meeting")
    add_tag("actors", "Sergueï Lavrov")
    add_tag("target-actors", "William Burns")
    add_tag("attributed-to", "anonymous sources")
    find(".bc-save-button").click()
    message_contains("saved c001")
    assert store()[["claim_id", "actors", "target_actors"]].values.tolist() == [["c001", "Sergei Lavrov", "William Burns"]]
    assert find(".bc-quote textarea").input_value() == "", "the form is cleared after a save"

    # 2. An unknown actor blocks the save and offers the nearest registered name.
    find(".bc-quote textarea").press_sequentially(BURNS_QUOTE)
    find(".bc-claim-type select").select_option(label="call")
    add_tag("actors", "Wiliam Burnz")
    add_tag("attributed-to", "unattributed")
    find(".bc-save-button").click()
    assert "is not in the actors registry" in message_contains("Wiliam Burnz")
    assert "nearest: William Burns" in find(".bc-names").inner_text()
    assert len(store()) == 1

    # 3. Edit c001 (hedged -> yes), then delete it; both are in the history.
    find(".bc-clear-button").click()
    pick_claim_then("edit-button", "editing c001")
    find(".bc-hedged select").select_option(label="yes")
    find(".bc-save-button").click()
    message_contains("updated c001")
    assert store().loc[0, "hedged"] == "yes"
    pick_claim_then("delete-button", "deleted c001")
    assert store().empty
    history = S.read_history(study / "claims_T.csv")
    assert history[["action", "version", "claim_id"]].values.tolist() == [
        ["add", "after", "c001"], ["edit", "before", "c001"], ["edit", "after", "c001"], ["delete", "before", "c001"]]
    assert page.evaluate("() => window.__xss") is None
