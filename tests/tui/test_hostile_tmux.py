"""The real app in a real terminal (tmux) over hostile data: the pane title stays, the screen is not cleared.

Before issue 10, a title holding `ESC[2J ESC]0;PWN BEL` retitled the terminal and
cleared the screen on every repaint of the queue and the review header. Here
`annotate review` runs in a private tmux server over tests/tui/hostile_db.py's
database; the pane's title is set before the app starts, and after the queue,
the review screen and the attributes modal it must be unchanged, with every
screen fully drawn and the escapes shown as placeholders.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.tui.helpers import ANNOTATOR
from tests.tui.hostile_db import build_hostile

TMUX = shutil.which("tmux")
ON_CI = os.environ.get("CI") == "true"
pytestmark = pytest.mark.skipif(TMUX is None and not ON_CI, reason="tmux is not installed (under CI=true this test must run)")

ROOT = Path(__file__).resolve().parents[2]
TITLE = "pane-title-before-the-app"
WAIT_S = 90.0
"""Generous: the machine is shared, and the first start imports Textual and the gazetteer."""


class Tmux:
    """One private tmux server (its own socket in the test's tmp dir, no user config) running one command in one pane."""

    def __init__(self, socket: Path) -> None:
        if TMUX is None:
            pytest.fail("CI=true but tmux is not installed")
        self.socket = str(socket)

    def run(self, *args: str) -> str:
        result = subprocess.run([TMUX, "-S", self.socket, "-f", "/dev/null", *args], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def start(self, command: str) -> None:
        self.run("new-session", "-d", "-s", "app", "-x", "120", "-y", "40", command)

    def screen(self) -> list[str]:
        return self.run("capture-pane", "-p", "-t", "app").split("\n")[:40]

    def title(self) -> str:
        return self.run("display-message", "-p", "-t", "app", "#{pane_title}").strip()

    def wait_for(self, needle: str) -> list[str]:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            lines = self.screen()
            if any(needle in line for line in lines):
                time.sleep(0.5)  # let the repaint finish
                return self.screen()
            time.sleep(0.25)
        raise AssertionError(f"{needle!r} never appeared:\n" + "\n".join(self.screen()))

    def close(self) -> None:
        subprocess.run([TMUX, "-S", self.socket, "kill-server"], capture_output=True, timeout=30)


@pytest.fixture
def tmux(tmp_path_factory):
    server = Tmux(tmp_path_factory.mktemp("tmux") / "socket")
    yield server
    server.close()


def test_hostile_titles_neither_retitle_nor_clear_the_terminal(tmux, tmp_path):
    db = build_hostile(tmp_path / "hostile.db").path
    app = " ".join(shlex.quote(part) for part in (sys.executable, "-m", "annotate", "review", "--db", str(db), "--annotator", ANNOTATOR, "--no-samples"))
    # the pane names itself (OSC 2) before the app starts; the pane stays after the app ends, to read its exit status
    name_the_pane = "printf '\\033]2;%s\\033\\\\' " + shlex.quote(TITLE)
    # the shell writes the app's exit status to a file: tmux's own #{pane_dead_status} is often left empty
    status_file = tmp_path / "exit-status"
    tmux.start(f"cd {shlex.quote(str(ROOT))} && {name_the_pane} && env -u ANNOTATE_DB -u COLUMNS -u LINES {app}; echo $? > {shlex.quote(str(status_file))}")
    tmux.run("set-option", "-t", "app", "remain-on-exit", "on")

    queue = tmux.wait_for("[@click=app.quit]Q[/]")  # the rows, read by a worker after the screen is up
    assert tmux.title() == TITLE
    assert queue[0].strip().startswith("Review queue")  # the first line is still there: nothing cleared the screen
    assert any("␛[2J␛]0;PWN␇" in line for line in queue)  # the title's escapes as placeholders
    assert any("[@click=app.quit]Q[/]" in line for line in queue)
    assert len(queue) == 40 and "Quit" in queue[-1], "\n".join(queue)  # the footer, drawn last, is there too

    tmux.run("send-keys", "-t", "app", "Down", "Enter")
    review = tmux.wait_for("#2 Tít")
    time.sleep(1.0)
    review = tmux.screen()  # after more repaints (the cursor, the side panel)
    assert tmux.title() == TITLE
    assert review[0].strip().startswith("Review") and "␛[2J" in review[0]
    assert any("Nam�Ninh␛[2J" in line for line in review)  # the body, one placeholder per character
    assert any("Accept" in line for line in review[-2:])

    tmux.run("send-keys", "-t", "app", "e")
    modal = tmux.wait_for("attributes of")
    assert tmux.title() == TITLE
    assert any("␛]0;PWN␇" in line for line in modal)

    tmux.run("send-keys", "-t", "app", "Escape")
    tmux.wait_for("Accept")
    tmux.run("send-keys", "-t", "app", "q")
    deadline = time.monotonic() + WAIT_S
    while tmux.run("display-message", "-p", "-t", "app", "#{pane_dead}").strip() != "1":
        assert time.monotonic() < deadline, "the app did not quit"
        time.sleep(0.25)
    assert status_file.read_text().strip() == "0"  # a clean quit, not a crash (a closed connection under a worker segfaulted)
    assert tmux.title() == TITLE


def test_the_pane_title_check_can_fail(tmux):
    """What the app must not do, done by a shell: the same check sees the title change."""
    tmux.start("printf '\\033]2;%s\\033\\\\' " + shlex.quote(TITLE) + " && sleep 0.5 && printf 'x\\033]0;PWN\\007\\033[2J' && sleep 30")
    deadline = time.monotonic() + WAIT_S
    while tmux.title() != "PWN":
        assert time.monotonic() < deadline, f"the title stayed {tmux.title()!r}"
        time.sleep(0.1)
    assert not any(line.strip() for line in tmux.screen())  # and ESC[2J cleared the x
