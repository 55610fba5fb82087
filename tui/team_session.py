"""What an app session on a shared database does besides reviewing: its role, and presence.

A mixin of WorkbenchApp. In a terminal everyone is their own adjudicator; a
session started by `annotate serve` takes the role of its user, and only
adjudicators get the agreement and adjudication screens. Every session says
where it is (a thread worker writes the presence row) and learns where the
others are, which the queue shows.
"""
from __future__ import annotations

import os

from textual import work
from textual.messages import ExitApp

from annotate.services.presence import by_article
from tui.messages import AccessRevoked, PresenceRead
from tui.presence import TICK_S, where
from tui.safe_text import safe_plain


class TeamSession:
    """Role gating and the presence heartbeat (expects the app's presence, served, role and queue_screen)."""

    _exit_settled = False

    def start_team_session(self) -> None:
        self._parent_pid = os.getppid()
        self.set_interval(TICK_S, self.presence_tick)
        self.call_after_refresh(self.presence_tick)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Agreement and adjudication are for adjudicators (hidden from the footer, help and palette otherwise)."""
        return action != "agreement" or self.role == "adjudicator"

    def presence_tick(self) -> None:
        """Say where this session is (a worker writes it); a served session ends with its server."""
        if self.served and os.getppid() != self._parent_pid:
            self.exit()  # the server is gone: nobody can reach this session any more
            return
        self._beat(*where(self.screen_stack))

    @work(thread=True, exclusive=True, exit_on_error=False, group="presence")
    def _beat(self, screen: str, article_id: int | None) -> None:
        allowed, others = self.presence.beat(screen, article_id)
        if not allowed:
            self.post_message(AccessRevoked())
        elif others is not None:
            self.post_message(PresenceRead(others))

    def on_presence_read(self, message: PresenceRead) -> None:
        self.others = by_article(message.others)
        self.queue_screen.show_presence(message.others)

    async def on_access_revoked(self, message: AccessRevoked) -> None:
        await self.action_quit()

    async def on_exit_app(self, message: ExitApp) -> None:
        """Quit only once every submitted decision is committed, however the quit came: q, the server ending an idle session, a closed tab."""
        if self._exit_settled:
            return
        message.prevent_default()
        for screen in list(self.screen_stack):
            settle = getattr(screen, "settle", None)
            if settle is not None:
                await settle()
        self._exit_settled = True
        self.post_message(ExitApp())

    def leave_team_session(self) -> None:
        try:
            self.presence.service.leave()
        except Exception:  # a read-only or locked database: the row expires by itself
            pass
        self.presence.service.close()

    def others_notice(self, article_id: int) -> str | None:
        names = self.others.get(article_id)
        return f"{safe_plain(', '.join(names))} also has this article open; each of you keeps your own layer." if names else None
