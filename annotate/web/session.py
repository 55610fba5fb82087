"""One browser session: an `annotate review` process started as the user the token named.

textual-serve's AppService runs a shell command; this one runs an argument
list instead, so a user name or database path is never parsed by a shell, and
the annotator is fixed by the server before the process starts: nothing the
browser sends can change whose layer the process writes.
"""
from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import Any

from textual_serve.app_service import AppService

STOP_WAIT_S = 10.0
"""How long a session's app may take to quit (it settles pending decisions first) before it is killed."""


def review_command(db_path: Path, annotator: str) -> list[str]:
    """The app process for one served session: this database, this annotator, served mode."""
    return [sys.executable, "-m", "annotate", "review", "--db", str(db_path), "--annotator", annotator, "--no-samples", "--served"]


class ReviewSession(AppService):
    """An AppService for one user that remembers when its browser last sent a key."""

    def __init__(self, argv: list[str], *, user: str, token_hash: str, **kwargs: Any):
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv
        self.user = user
        self.token_hash = token_hash
        """Which token opened the session, so revoking the user ends it."""
        self.last_input = time.monotonic()
        self.ending = False
        """Set once the server decided to end the session (idle or revoked)."""
        self._shown = False

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            env=environment,
        )
        self._stdin = process.stdin
        return process

    async def send_bytes(self, data: bytes) -> bool:
        self.last_input = time.monotonic()
        return await super().send_bytes(data)

    async def on_data(self, payload: bytes) -> None:
        if not self._shown:
            self._shown = True
            self.last_input = time.monotonic()  # idle time counts from the first screen, not from a slow start
        await super().on_data(payload)

    def idle_for(self) -> float:
        return time.monotonic() - self.last_input

    async def stop(self) -> None:
        """Ask the app to quit; kill it if it has not gone after STOP_WAIT_S (every decision is already committed)."""
        task = self._task
        if task is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(super().stop()), STOP_WAIT_S)
        except asyncio.TimeoutError:
            if self._process is not None and self._process.returncode is None:
                self._process.kill()
            await task
            self._task = None
