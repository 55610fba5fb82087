"""`annotate users`: who may open the served app (add, link, list, revoke); each link is shown once."""
from __future__ import annotations

import os
from pathlib import Path

import click

from annotate.cli.common import db_option, one_line_errors, say
from annotate.cli.conventions import SuggestingGroup

DEFAULT_URL = "http://127.0.0.1:8000"

url_option = click.option(
    "--url", "public_url", default=lambda: os.environ.get("ANNOTATE_PUBLIC_URL") or DEFAULT_URL,
    show_default="$ANNOTATE_PUBLIC_URL or http://127.0.0.1:8000",
    help="The address people open (what `annotate serve` prints, or the reverse proxy's https address).",
)


@click.group("users", cls=SuggestingGroup, context_settings={"help_option_names": ["-h", "--help"]})
def users_group() -> None:
    """Who may open `annotate serve`: personal links, roles, revocation."""


def _print_link(issued, public_url: str) -> None:
    say(f"{issued.user.name} ({issued.user.role}): {issued.url(public_url)}")
    say(f"Send this link to {issued.user.name} alone; it is shown once (`annotate users link {issued.user.name}` replaces it).", err=True)


@users_group.command("add")
@db_option
@click.argument("name")
@click.option("--role", type=click.Choice(["reviewer", "adjudicator"]), default="reviewer", show_default=True,
              help="Adjudicators also see the agreement and adjudication screens.")
@url_option
@one_line_errors
def add_command(db_path: Path | None, name: str, role: str, public_url: str) -> None:
    """Create a user (their annotator layer is NAME) and print their personal link."""
    from annotate.services.users import UsersService

    users = UsersService(db_path)
    try:
        _print_link(users.add(name, role), public_url)
    finally:
        users.close()


@users_group.command("link")
@db_option
@click.argument("name")
@url_option
@one_line_errors
def link_command(db_path: Path | None, name: str, public_url: str) -> None:
    """Print a new link for NAME; the old one stops working (and its open sessions end)."""
    from annotate.services.users import UsersService

    users = UsersService(db_path)
    try:
        _print_link(users.relink(name), public_url)
    finally:
        users.close()


@users_group.command("list")
@db_option
@one_line_errors
def list_command(db_path: Path | None) -> None:
    """Every user: name, role, whether the link works, when they were added."""
    from annotate.services.users import UsersService

    users = UsersService(db_path)
    try:
        rows = users.users()
    finally:
        users.close()
    if not rows:
        say("No users yet: `annotate users add NAME` creates one.")
        return
    width = max(len(user.name) for user in rows)
    for user in rows:
        state = "active" if user.active else f"revoked {user.revoked_at[:19]}"
        say(f"{user.name:<{width}}  {user.role:<11}  {state:<27}  added {user.created_at[:19]}")


@users_group.command("revoke")
@db_option
@click.argument("name")
@one_line_errors
def revoke_command(db_path: Path | None, name: str) -> None:
    """NAME's link stops working and their open sessions end; their decisions stay."""
    from annotate.services.users import UsersService

    users = UsersService(db_path)
    try:
        user = users.revoke(name)
    finally:
        users.close()
    say(f"{user.name}: link revoked (their decisions are kept; `annotate users add {user.name}` lets them back in)")


COMMANDS = (users_group,)
