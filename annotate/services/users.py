"""Who may open the served app, and as whom: users, their roles and their access links.

A user's name is their annotator layer. The link carries a random token; only
its SHA-256 is stored, so the token is shown once (`users add`, `users link`)
and a lost link is replaced rather than recovered. Tokens are 192 random bits,
so a fast hash is enough: there is nothing to brute-force.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from annotate.errors import AnnotateError
from annotate.models import ROLES, UserRecord
from annotate.store import users as user_store
from annotate.store.database import default_db_path, open_database, write_transaction

NAME = re.compile(r"^[^\W_][\w.-]{0,39}$")
"""Letters (Vietnamese too), digits, '.', '_' and '-'; 40 at most; not starting with '@' (the machine's and gold's layers) or '-'."""


class UserError(AnnotateError):
    """A user name is invalid, taken or unknown."""


@dataclass(frozen=True, slots=True)
class IssuedLink:
    """A user and the token their link carries (shown once, never stored)."""

    user: UserRecord
    token: str

    def url(self, public_url: str) -> str:
        return access_url(public_url, self.token)


def access_url(public_url: str, token: str) -> str:
    """The personal link: the served app's address with the token as a query parameter."""
    return f"{public_url.rstrip('/')}/?token={token}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_name(name: str) -> str:
    """The name in NFC (as the layers store text), or a one-line reason it cannot be a user."""
    name = unicodedata.normalize("NFC", name)
    if not NAME.match(name):
        raise UserError(f"{name!r}: a user name is 1-40 letters, digits, '.', '_' or '-', starting with a letter or digit")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"{role!r}: the role is one of {', '.join(ROLES)}")
    return role


class UsersService:
    """Add, list, revoke and authenticate users of one database."""

    def __init__(self, db_path: str | Path | None = None):
        self.db_path = Path(db_path) if db_path else default_db_path()
        self.db = open_database(self.db_path)

    def close(self) -> None:
        self.db.close()

    def add(self, name: str, role: str = "reviewer") -> IssuedLink:
        """A new user with a fresh link; a revoked name comes back with a new token (their layer is kept)."""
        name = check_name(name)
        check_role(role)
        token = secrets.token_urlsafe(24)
        with write_transaction(self.db):
            existing = user_store.get_user(self.db, name)
            if existing is not None and existing.active:
                raise UserError(f"{name}: already a user (`annotate users link {name}` gives a new link)")
            if existing is None:
                user_store.insert_user(self.db, name, role, hash_token(token))
            else:
                user_store.reissue(self.db, name, hash_token(token), role)
            return IssuedLink(user_store.get_user(self.db, name), token)

    def relink(self, name: str) -> IssuedLink:
        """A new link for a user (a lost one, or one that leaked); the old link stops working at once."""
        token = secrets.token_urlsafe(24)
        with write_transaction(self.db):
            name = self._existing(name).name
            user_store.reissue(self.db, name, hash_token(token))
            return IssuedLink(user_store.get_user(self.db, name), token)

    def revoke(self, name: str) -> UserRecord:
        """The user's link stops working (pages, new sessions and open sessions); their decisions stay."""
        with write_transaction(self.db):
            name = self._existing(name).name
            user_store.revoke(self.db, name)
            return user_store.get_user(self.db, name)

    def users(self) -> list[UserRecord]:
        return user_store.all_users(self.db)

    def user(self, name: str) -> UserRecord | None:
        return user_store.get_user(self.db, name)

    def role_of(self, name: str) -> str | None:
        """The role of an active user, None for a revoked or unknown one; closes the service (one question at start)."""
        try:
            user = self.user(name)
        finally:
            self.close()
        return user.role if user is not None and user.active else None

    def authenticate(self, token: str | None) -> UserRecord | None:
        """The active user a token belongs to; None for a missing, unknown or revoked token."""
        if not token or len(token) > 200:
            return None
        return self.user_for_token_hash(hash_token(token))

    def user_for_token_hash(self, token_hash: str) -> UserRecord | None:
        """The active user whose current token has this hash (a revoked or replaced token has none)."""
        return user_store.user_for_token_hash(self.db, token_hash)

    def _existing(self, name: str) -> UserRecord:
        name = unicodedata.normalize("NFC", name)
        user = user_store.get_user(self.db, name)
        if user is None:
            raise UserError(f"{name}: no such user (`annotate users list` shows them)")
        return user
