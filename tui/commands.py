"""The command palette (ctrl+p): the calling screen's actions, titled 'Review: Accept' etc."""
from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from tui.screens.help import bound_actions
from tui.safe_text import safe_plain


class WorkbenchCommands(Provider):
    """Every described binding of the screen the palette was opened on, as (title, callback, help)."""

    def _commands(self) -> list[tuple[str, object, str]]:
        screen = self.screen
        category = getattr(screen, "HELP_SECTION", None)
        if category is None:
            return []
        commands = []
        for entry in bound_actions(screen):
            binding = entry.binding
            if not binding.id or not entry.enabled or entry.node not in (screen, self.app):
                continue
            section = category if entry.node is screen else "App"
            callback = partial(self.app.run_action, binding.action, entry.node)
            commands.append((f"{section}: {binding.description}", callback, escape(safe_plain(f"{binding.tooltip}  (keys: {', '.join(entry.keys)})"))))
        return commands

    async def discover(self) -> Hits:
        for title, callback, help_text in self._commands():
            yield DiscoveryHit(escape(safe_plain(title)), callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(escape(safe_plain(title))), callback, text=title, help=help_text)
