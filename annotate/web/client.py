"""A browser-less client of `annotate serve`, for the load benchmark and the tests: a real server, real sockets.

ServerProcess starts `annotate serve` on a free loopback port and stops it
(and so every app it started); WebSession opens one session the way the
browser's terminal does: the page with the token, then the websocket, then
keys as `["stdin", ...]` frames, reading whatever the app sends back so it
never blocks on a full socket.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def child_pids(pid: int) -> list[int]:
    """Processes whose parent is pid (Linux /proc): the app processes a server started."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    children.append(int(entry.name))
    return children


def rss_bytes(pid: int) -> int:
    """Resident memory of one process (0 when it is gone)."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (0 when it is gone)."""
    with contextlib.suppress(OSError, IndexError, ValueError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


class ServerProcess:
    """`annotate serve` in a child process on a loopback port; stop() ends it and checks its apps are gone."""

    def __init__(self, db_path: Path, *extra: str, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        argv = [sys.executable, "-m", "annotate", "serve", "--db", str(db_path), "--port", str(self.port), *extra]
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self._wait_until_listening()

    def _wait_until_listening(self, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"annotate serve exited {self.process.returncode}: {self.process.stdout.read()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"annotate serve did not listen on {self.port} within {timeout:g} s")

    def apps(self) -> list[int]:
        return child_pids(self.process.pid)

    def stop(self, timeout: float = 30.0) -> str:
        """SIGTERM (every session's app quits cleanly), kill what is left; returns what the server printed."""
        apps = self.apps()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for pid in apps:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return self.process.stdout.read() if self.process.stdout else ""


class WebSession:
    """One session as a browser opens it: GET the page with the token, then drive the websocket."""

    def __init__(self, base_url: str, token: str, width: int = 120, height: int = 40):
        self.base_url, self.token, self.size = base_url, token, (width, height)
        self.http: aiohttp.ClientSession | None = None
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.received = 0
        """Bytes of screen output received so far."""
        self._reader: asyncio.Task[None] | None = None

    async def open(self, **query: str) -> int:
        """Load the page and, when it is 200, connect its websocket; returns the page's HTTP status."""
        self.http = aiohttp.ClientSession()
        async with self.http.get(f"{self.base_url}/?token={self.token}") as page:
            if page.status != 200:
                return page.status
        extra = "".join(f"&{k}={v}" for k, v in query.items())
        self.ws = await self.http.ws_connect(f"{self.base_url.replace('http', 'ws', 1)}/ws/{self.token}?width={self.size[0]}&height={self.size[1]}{extra}")
        self._reader = asyncio.create_task(self._read())
        return 200

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received += len(message.data)

    async def press(self, keys: str) -> None:
        """Keys as the terminal sends them ('a', '\\r' for enter)."""
        await self.ws.send_str(json.dumps(["stdin", keys]))

    @property
    def closed(self) -> bool:
        return self.ws is None or self.ws.closed or (self._reader is not None and self._reader.done())

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._reader, 10)
        if self.http is not None:
            await self.http.close()
