"""The served review app: textual-serve's Server with personal links, a session limit and an idle timeout.

Routes: `/?token=T` (the page), `/ws/T` (the websocket that drives one app
process), `/static/...` (textual-serve's terminal in the browser). The token is
checked on the page AND on the websocket: a wrong, missing or revoked token
gets the 401 page and no process is started. The annotator of a session is
the token's user, looked up here; the browser never names it.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp.web_runner import GracefulExit
import textual_serve
from textual_serve.server import Server, to_int

from annotate.models import UserRecord
from annotate.services.users import UsersService, hash_token
from annotate.web.session import ReviewSession, review_command

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATICS = Path(textual_serve.__file__).resolve().parent / "static"
log = logging.getLogger("annotate.serve")
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the page's address carries the token
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
}


def default_public_url(host: str, port: int) -> str:
    """The address links use when --public-url is not given (a wildcard host is no address to send people)."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


class ReviewServer(Server):
    """Serve `annotate review` to browsers: one process per session, as the user the link names."""

    def __init__(self, db_path: Path, *, host: str = "127.0.0.1", port: int = 8000, public_url: str | None = None,
                 max_sessions: int = 16, idle_timeout: float = 1800.0):
        super().__init__("annotate review", host=host, port=port, title="Entity review",
                         public_url=(public_url or default_public_url(host, port)).rstrip("/"),
                         statics_path=STATICS, templates_path=TEMPLATES)
        self.db_path = db_path.resolve()
        self.users = UsersService(self.db_path)
        self.max_sessions = max_sessions
        self.idle_timeout = idle_timeout
        self.sessions: dict[str, ReviewSession] = {}
        """Open sessions by id: the limit counts them, the sweep ends idle and revoked ones."""
        self._sweeper: asyncio.Task[None] | None = None
        self._endings: set[asyncio.Task[None]] = set()

    # -- the aiohttp application ---------------------------------------------
    async def _make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws/{token}", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, name="static"),
            web.get("/favicon.ico", lambda request: web.Response(status=204)),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: web.Application) -> None:
        self._sweeper = asyncio.create_task(self._sweep())
        active = [user for user in self.users.users() if user.active]
        print(f"Serving {self.db_path} on {self.public_url}  ({len(active)} users; at most {self.max_sessions} sessions;"
              f" idle sessions end after {self.idle_timeout:g} s)", flush=True)
        if not active:
            print("No users yet: `annotate users add NAME` prints a personal link.", flush=True)
        print("Press Ctrl+C to stop.", flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
        await asyncio.gather(*(session.stop() for session in list(self.sessions.values())), return_exceptions=True)
        self.users.close()

    def serve(self, debug: bool = False) -> None:
        """Run until Ctrl+C or SIGTERM; no access log (request lines carry tokens)."""
        self.debug = debug
        logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
                    print=lambda *args: None, access_log=None)

    # -- who may come in ------------------------------------------------------
    def _refusal(self, request: web.Request, status: int, title: str, line: str) -> web.Response:
        response = aiohttp_jinja2.render_template("refused.html", request, {"title": title, "line": line}, status=status)
        response.headers.update(SECURITY_HEADERS)
        return response

    def _unauthorized(self, request: web.Request) -> web.Response:
        return self._refusal(request, 401, "Not signed in",
                             "This link is not valid (missing, mistyped or revoked): ask for a new one (`annotate users link NAME`).")

    def _full(self, request: web.Request) -> web.Response:
        return self._refusal(request, 503, "Workbench full",
                             f"All {self.max_sessions} sessions of this workbench are in use: try again in a few minutes.")

    def _user(self, token: str | None) -> UserRecord | None:
        try:
            return self.users.authenticate(token)
        except Exception as error:  # a locked or damaged database must not open the door
            log.error("token check failed: %s", error)
            return None

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page of one user's session (401 without a valid token, 503 when full)."""
        token = request.query.get("token")
        user = self._user(token)
        if user is None:
            return self._unauthorized(request)
        if len(self.sessions) >= self.max_sessions:
            return self._full(request)
        ws_path = request.app.router["websocket"].url_for(token=token)
        ws_url = ("wss:" if self.public_url.startswith("https") else "ws:") + f"{self.public_url}{ws_path}".split(":", 1)[1]
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ws_url,
            "static_url": f"{self.public_url}/static/",
            "user": user.name,
            "role": user.role,
        }
        response = aiohttp_jinja2.render_template("index.html", request, context)
        response.headers.update(SECURITY_HEADERS)
        return response

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        """Start the token's user's app and relay the browser to it (refused before any process starts)."""
        token = request.match_info["token"]
        user = self._user(token)
        if user is None:
            return self._unauthorized(request)
        if len(self.sessions) >= self.max_sessions:
            return self._full(request)
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        session = ReviewSession(
            review_command(self.db_path, user.name), user=user.name, token_hash=hash_token(token),
            write_bytes=websocket.send_bytes, write_str=websocket.send_str, close=websocket.close,
            download_manager=self.download_manager, debug=self.debug,
        )
        self.sessions[session.app_service_id] = session
        try:
            await session.start(to_int(request.query.get("width", "80"), 80), to_int(request.query.get("height", "24"), 24))
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            pass
        except Exception as error:
            log.exception(error)
        finally:
            await session.stop()
            self.sessions.pop(session.app_service_id, None)
            await websocket.close()
        return websocket

    # -- limits -------------------------------------------------------------
    async def _sweep(self) -> None:
        """End sessions that were idle too long or whose user was revoked (their work is already committed)."""
        period = max(0.5, min(5.0, self.idle_timeout / 4))
        while True:
            await asyncio.sleep(period)
            for session in list(self.sessions.values()):
                try:
                    reason = None if session.ending else self._reason_to_end(session)
                except Exception as error:  # a busy database: look again next round
                    log.error("session check failed: %s", error)
                    continue
                if reason:
                    log.warning("ending %s's session: %s", session.user, reason)
                    session.ending = True
                    task = asyncio.create_task(self._end(session))
                    self._endings.add(task)
                    task.add_done_callback(self._endings.discard)

    def _reason_to_end(self, session: ReviewSession) -> str | None:
        if session.idle_for() > self.idle_timeout:
            return f"idle for {session.idle_for():.0f} s"
        user = self.users.user_for_token_hash(session.token_hash)
        if user is None or user.name != session.user:
            return "link revoked or replaced"
        return None

    async def _end(self, session: ReviewSession) -> None:
        await session.stop()
        with contextlib.suppress(Exception):
            await session.remote_close()

