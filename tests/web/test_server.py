"""The server as a person meets it: links, refusals, limits, idle and revoked sessions; the database read from outside."""
from __future__ import annotations

import asyncio

import aiohttp
import pytest

from annotate.web.client import WebSession
from tests.web.conftest import wait_for


async def status_and_text(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.text()


def refusal_line(html: str) -> str:
    return html.split('<p id="refusal">', 1)[1].split("</p>", 1)[0]


async def test_no_or_wrong_token_gets_the_401_page_and_no_app(served):
    server = served.start()
    for url in (f"{server.url}/", f"{server.url}/?token=", f"{server.url}/?token=not-a-token", f"{server.url}/?token={served.tokens['lan']}x"):
        status, html = await status_and_text(url)
        assert status == 401 and "not valid" in refusal_line(html)
        assert "\n" not in refusal_line(html)
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(f"{server.url.replace('http', 'ws')}/ws/not-a-token")
        assert refused.value.status == 401
    await asyncio.sleep(0.5)
    assert server.apps() == []


async def test_a_valid_link_gets_the_page_and_only_the_websocket_starts_an_app(served):
    server = served.start()
    status, html = await status_and_text(served.link("lan"))
    assert status == 200 and f"/ws/{served.tokens['lan']}" in html and "Entity review · lan" in html
    assert "googleapis" not in html  # works without the internet
    assert server.apps() == []


async def test_the_session_writes_the_tokens_users_layer_whatever_the_browser_says(served):
    server = served.start()
    session = WebSession(server.url, served.tokens["lan"])
    assert await session.open(annotator="minh") == 200
    await wait_for(lambda: served.rows("SELECT 1 FROM presence WHERE annotator = 'lan' AND screen = 'queue'"), what="lan's queue")
    await session.press("\r")
    await wait_for(lambda: served.rows("SELECT 1 FROM reviews WHERE annotator = 'lan' AND opened = 1"), what="the article opened")
    await asyncio.sleep(0.5)
    await session.press("a")
    await wait_for(lambda: served.rows("SELECT 1 FROM decisions WHERE action = 'accept'"), what="the accept")
    assert served.rows("SELECT DISTINCT annotator FROM decisions") == [("lan",)]
    assert served.rows("SELECT COUNT(*) FROM spans WHERE annotator = 'minh'") == [(0,)]
    await session.close()
    await wait_for(lambda: not server.apps(), what="the app to quit when the browser left")
    assert served.rows("SELECT * FROM presence") == []


async def test_beyond_max_sessions_a_one_line_refusal(served):
    server = served.start("--max-sessions", "1")
    first = WebSession(server.url, served.tokens["lan"])
    assert await first.open() == 200
    await wait_for(lambda: served.rows("SELECT 1 FROM presence"), what="the first session")
    status, html = await status_and_text(served.link("minh"))
    assert status == 503 and "All 1 sessions" in refusal_line(html)
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(f"{server.url.replace('http', 'ws')}/ws/{served.tokens['minh']}")
        assert refused.value.status == 503
    assert len(server.apps()) == 1
    await first.close()
    await wait_for(lambda: not server.apps(), what="the first session to end")
    assert (await status_and_text(served.link("minh")))[0] == 200


async def test_an_idle_session_ends_and_keeps_its_decisions(served):
    server = served.start("--idle-timeout", "6")
    session = WebSession(server.url, served.tokens["lan"])
    await session.open()
    await wait_for(lambda: served.rows("SELECT 1 FROM presence WHERE screen = 'queue'"), what="the queue")
    await session.press("\r")
    await wait_for(lambda: served.rows("SELECT 1 FROM presence WHERE screen = 'review'"), what="the article")
    await session.press("x")
    await wait_for(lambda: served.rows("SELECT 1 FROM decisions"), what="the reject")
    await wait_for(lambda: session.closed, timeout=30, what="the idle session to be closed")
    await wait_for(lambda: not server.apps(), what="the idle app to quit")
    assert served.rows("SELECT annotator, action FROM decisions") == [("lan", "reject")]
    assert served.rows("SELECT status FROM spans WHERE annotator = 'lan' AND status = 'rejected'") == [("rejected",)]
    await session.close()
    assert "idle" in server.stop()


async def test_revoking_a_user_ends_their_open_session_and_their_link(served):
    server = served.start()
    session = WebSession(server.url, served.tokens["lan"])
    await session.open()
    await wait_for(lambda: served.rows("SELECT 1 FROM presence"), what="the session")
    served.revoke("lan")
    await wait_for(lambda: session.closed, timeout=30, what="the revoked session to be closed")
    await wait_for(lambda: not server.apps(), what="the revoked app to quit")
    assert (await status_and_text(served.link("lan")))[0] == 401
    await session.close()


def test_a_taken_port_is_one_line_and_exit_1(served):
    import socket
    import subprocess
    import sys

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "annotate", "serve", "--db", str(served.db_path), "--port", str(port)],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"Error: 127.0.0.1:{port}: cannot listen (address already in use)"]
