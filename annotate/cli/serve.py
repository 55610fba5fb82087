"""`annotate serve`: the review app for browsers, one process per session, behind personal links."""
from __future__ import annotations

import os
from pathlib import Path

import click

from annotate.cli.common import db_option, one_line_errors


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface; prefer a reverse proxy).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--public-url", default=lambda: os.environ.get("ANNOTATE_PUBLIC_URL"), show_default="$ANNOTATE_PUBLIC_URL or http://HOST:PORT",
              help="The address browsers use, e.g. https://annotate.example.org behind a TLS proxy (websockets then use wss).")
@click.option("--max-sessions", type=click.IntRange(1), default=16, show_default=True, help="Sessions open at once; beyond it a one-line refusal page.")
@click.option("--idle-timeout", type=click.FloatRange(min=1), default=1800, show_default=True,
              help="Seconds without a key before a session ends (nothing is lost: every decision is already committed).")
@one_line_errors
def serve(db_path: Path | None, host: str, port: int, public_url: str | None, max_sessions: int, idle_timeout: float) -> None:
    """Serve the review app to browsers; `annotate users add NAME` prints each person's link."""
    from annotate.store.database import default_db_path, open_database
    from annotate.web.server import ReviewServer

    path = db_path or default_db_path()
    open_database(path).close()  # create and migrate now, with a one-line error, not in the first session
    server = ReviewServer(path, host=host, port=port, public_url=public_url, max_sessions=max_sessions, idle_timeout=idle_timeout)
    try:
        server.serve()
    except OSError as error:  # the port is taken, or the host is not an address of this machine
        cause = os.strerror(error.errno).lower() if error.errno else str(error)
        raise click.ClickException(f"{host}:{port}: cannot listen ({cause})") from None


COMMANDS = (serve,)
