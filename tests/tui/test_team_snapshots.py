"""Screenshots of the queue with another reviewer at work (header and With column), at 120x40 and 80x24."""
from __future__ import annotations

import pytest

from annotate.services.presence import PresenceService
from annotate.services.users import UsersService
from tests.tui.helpers import settle
from tui.app import make_app


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_served_queue_with_another_reviewer(snap_compare, standard_db, size):
    users = UsersService(standard_db.path)
    users.add("lan")
    users.close()
    minh = PresenceService(standard_db.path, "minh")
    minh.beat("review", standard_db.ids[1])

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.presence_tick()
        await settle(pilot)

    try:
        assert snap_compare(make_app(standard_db.path, "lan", served=True), terminal_size=size, run_before=run_before)
    finally:
        minh.close()
