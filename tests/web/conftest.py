"""A real `annotate serve` on a free loopback port over a database with known articles, and its users' tokens."""
from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from annotate.services.users import UsersService
from annotate.web.client import ServerProcess
from tests.tui.helpers import build_standard


@dataclass
class Served:
    """The server, its database and a token per user."""

    db_path: Path
    server: ServerProcess | None = None
    tokens: dict[str, str] = field(default_factory=dict)

    def start(self, *options: str) -> ServerProcess:
        self.server = ServerProcess(self.db_path, *options)
        return self.server

    def link(self, name: str) -> str:
        return f"{self.server.url}/?token={self.tokens[name]}"

    def rows(self, sql: str, *params) -> list[tuple]:
        """Read the database from a second connection, as another process would."""
        with contextlib.closing(sqlite3.connect(self.db_path)) as db:
            return db.execute(sql, params).fetchall()

    def revoke(self, name: str) -> None:
        users = UsersService(self.db_path)
        try:
            users.revoke(name)
        finally:
            users.close()


@pytest.fixture
def served(tmp_path: Path):
    fixture = build_standard(tmp_path / "team.db")
    users = UsersService(fixture.path)
    tokens = {"lan": users.add("lan").token, "minh": users.add("minh", "adjudicator").token}
    users.close()
    result = Served(fixture.path, tokens=tokens)
    yield result
    if result.server is not None:
        result.server.stop()
        assert result.server.apps() == []


async def wait_for(condition, timeout: float = 180.0, what: str = "condition"):
    """Poll condition() until it is truthy (app processes take a few seconds to start on a busy machine)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")
