"""End to end in headless Chromium: open a personal link, review with the keyboard, check the database from outside.

Needs Debian's `chromium` (/usr/bin/chromium) and the `playwright` Python package
(the test extra; its own browser download is never used). Without them the test
skips, naming the package; under CI=true it fails instead, since CI installs both.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def _browser_or_skip():
    problem = None
    if not os.path.exists(CHROMIUM):
        problem = f"no {CHROMIUM}: install Debian's package `chromium` (apt-get install -y chromium)"
    else:
        try:
            from playwright.sync_api import sync_playwright  # noqa: F401
        except ImportError:
            problem = "the Python package `playwright` is missing: pip install -e '.[test]'"
    if problem and os.environ.get("CI") == "true":
        pytest.fail(f"browser test cannot run under CI: {problem}")
    if problem:
        pytest.skip(problem)


def wait_until(condition, what: str, timeout: float = 180.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_review_in_a_real_browser(served, tmp_path):
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    server = served.start()
    profile = tempfile.mkdtemp(prefix="chromium-", dir=tmp_path)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=FLAGS,
                                                                viewport={"width": 1280, "height": 800})
        try:
            page = browser.new_page()
            assert page.goto(served.link("lan")).status == 200
            wait_until(lambda: served.rows("SELECT 1 FROM presence WHERE annotator = 'lan' AND screen = 'queue'"), "the queue")
            page.wait_for_selector(".xterm-helper-textarea", state="attached")
            page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
            time.sleep(1.0)  # the queue's first page lands just after the screen mounts
            page.keyboard.press("Enter")
            wait_until(lambda: served.rows("SELECT 1 FROM reviews WHERE annotator = 'lan' AND opened = 1"), "the article to open")
            time.sleep(1.0)
            for count, key in enumerate("axud", 1):
                page.keyboard.press(key)
                wait_until(lambda: len(served.rows("SELECT id FROM decisions WHERE annotator = 'lan'")) >= count, f"the decision of {key!r}")
            time.sleep(1.0)
            shot = tmp_path / "served-review.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000

            actions = served.rows("SELECT action, undone FROM decisions WHERE annotator = 'lan' ORDER BY id")
            assert actions == [("accept", 0), ("reject", 1), ("undo", 0), ("done", 0)]
            first = served.rows("SELECT MIN(article_id) FROM decisions")[0][0]
            assert served.rows("SELECT status FROM reviews WHERE annotator = 'lan' AND article_id = ?", first) == [("done",)]
            statuses = [s for (s,) in served.rows("SELECT status FROM spans WHERE annotator = 'lan' AND article_id = ? ORDER BY start", first)]
            assert statuses.count("accepted") == 1 and statuses.count("rejected") == 0

            served.revoke("lan")
            refused = page.goto(served.link("lan"))
            assert refused.status == 401 and "not valid" in page.inner_text("#refusal")
        finally:
            browser.close()
    shutil.rmtree(profile, ignore_errors=True)
