"""Presence: sessions see each other (not themselves), moves show, killed sessions expire, revoked users end."""
from __future__ import annotations

import time

from annotate.services.presence import STALE_S, PresenceService, by_article
from annotate.services.users import UsersService
from annotate.store import presence as presence_store
from annotate.store.database import open_database, write_transaction


def test_two_sessions_see_each_other_and_where_they_are(db_path):
    lan, minh = PresenceService(db_path, "lan"), PresenceService(db_path, "minh")
    lan.beat("queue")
    minh.beat("review", 7)
    assert [(r.annotator, r.screen, r.article_id) for r in lan.others()] == [("minh", "review", 7)]
    assert [(r.annotator, r.screen) for r in minh.others()] == [("lan", "queue")]
    assert by_article(lan.others() + minh.others()) == {7: ["minh"]}
    minh.leave()
    assert lan.others() == []
    lan.close(), minh.close()


def test_the_same_annotator_in_another_window_counts_as_another_session(db_path):
    one, two = PresenceService(db_path, "lan"), PresenceService(db_path, "lan")
    one.beat("review", 1)
    two.beat("review", 1)
    assert [r.annotator for r in one.others()] == ["lan"]
    one.close(), two.close()


def test_a_session_that_stopped_beating_expires(db_path):
    db = open_database(db_path)
    with write_transaction(db):
        presence_store.beat(db, "killed", "ghost", "review", 3, time.time() - STALE_S - 1)
    db.close()
    lan = PresenceService(db_path, "lan")
    assert lan.others() == []
    lan.beat("queue")
    db = open_database(db_path)
    assert [r.session_id for r in presence_store.present(db, 0)] == [lan.session_id]  # the beat deleted the stale row
    db.close()
    lan.close()


def test_a_served_session_learns_that_its_user_was_revoked(db_path):
    users = UsersService(db_path)
    users.add("lan")
    served = PresenceService(db_path, "lan", served=True)
    assert served.beat("queue") is True
    users.revoke("lan")
    assert served.beat("queue") is False
    assert PresenceService(db_path, "lan").beat("queue") is True  # a terminal session has no user to lose
    users.close(), served.close()


def test_closing_while_the_heartbeat_worker_runs_is_safe(db_path):
    """The app closes the service on quit while its presence worker may still beat: that crashed SQLite (SIGSEGV)."""
    import threading

    service = PresenceService(db_path, "lan")
    stop = threading.Event()
    errors: list[BaseException] = []

    def heartbeat() -> None:
        while not stop.is_set():
            try:
                service.beat("queue"), service.others()
            except BaseException as error:  # noqa: BLE001 - collected for the assertion
                errors.append(error)
                return

    worker = threading.Thread(target=heartbeat)
    worker.start()
    time.sleep(0.05)
    service.leave()
    service.close()
    stop.set()
    worker.join()
    assert errors == []
    assert service.beat("review", 1) is True and service.others() == []  # after close: quiet no-ops
    service.leave(), service.close()
