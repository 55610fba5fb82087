"""Users of the served app: links shown once, stored hashed, revoked for good, names checked."""
from __future__ import annotations

import sqlite3
import unicodedata

import pytest

from annotate.services.users import UserError, UsersService, access_url, hash_token


@pytest.fixture
def users(db_path):
    service = UsersService(db_path)
    yield service
    service.close()


def test_a_new_user_gets_a_link_whose_token_is_stored_only_hashed(users, db_path):
    issued = users.add("lan")
    assert issued.user.name == "lan" and issued.user.role == "reviewer" and issued.user.active
    assert issued.url("http://127.0.0.1:8000") == f"http://127.0.0.1:8000/?token={issued.token}"
    assert len(issued.token) >= 32
    stored = sqlite3.connect(db_path).execute("SELECT token_hash FROM users").fetchall()
    assert stored == [(hash_token(issued.token),)]
    assert issued.token.encode() not in db_path.read_bytes() + (db_path.with_name(db_path.name + "-wal").read_bytes() if db_path.with_name(db_path.name + "-wal").exists() else b"")


def test_the_token_names_the_user_and_nothing_else_does(users):
    lan, minh = users.add("lan"), users.add("minh", role="adjudicator")
    assert users.authenticate(lan.token).name == "lan"
    assert users.authenticate(minh.token).role == "adjudicator"
    for wrong in (None, "", "lan", lan.token[:-1], lan.token + "x", "x" * 500):
        assert users.authenticate(wrong) is None


def test_revoking_stops_the_link_and_adding_again_gives_a_new_one(users):
    first = users.add("lan")
    assert not users.revoke("lan").active
    assert users.authenticate(first.token) is None
    again = users.add("lan")
    assert users.authenticate(again.token).name == "lan" and users.authenticate(first.token) is None


def test_a_new_link_replaces_the_old_one(users):
    first = users.add("lan")
    second = users.relink("lan")
    assert users.authenticate(first.token) is None and users.authenticate(second.token).name == "lan"


def test_an_active_user_cannot_be_added_twice_nor_an_unknown_one_revoked(users):
    users.add("lan")
    with pytest.raises(UserError, match="already a user"):
        users.add("lan")
    with pytest.raises(UserError, match="no such user"):
        users.revoke("nobody")
    with pytest.raises(UserError, match="no such user"):
        users.relink("nobody")


@pytest.mark.parametrize("name", ["@machine", "@gold", "", "-rm", "two words", "a/b", "x" * 41, "tab\there", "esc\x1b[31m"])
def test_names_that_cannot_be_users(users, name):
    with pytest.raises(UserError, match="user name"):
        users.add(name)


def test_roles_are_checked_and_names_stored_in_nfc(users):
    with pytest.raises(UserError, match="role"):
        users.add("lan", role="admin")
    decomposed = unicodedata.normalize("NFD", "Lân")
    assert users.add(decomposed).user.name == "Lân"
    assert users.revoke(decomposed).name == "Lân"


def test_role_of_answers_for_active_users_only(db_path):
    service = UsersService(db_path)
    service.add("minh", role="adjudicator")
    service.add("lan")
    service.revoke("lan")
    service.close()
    assert UsersService(db_path).role_of("minh") == "adjudicator"
    assert UsersService(db_path).role_of("lan") is None
    assert UsersService(db_path).role_of("nobody") is None


def test_access_url_keeps_a_path_prefix():
    assert access_url("https://example.org/annotate/", "T") == "https://example.org/annotate/?token=T"
