"""The command palette (ctrl+p): the calling screen's actions, titled 'Review: Accept' etc., and a screenshot that always lands.

Textual's own "Screenshot" command writes to ~/Downloads and fails where that
folder does not exist (a server, a fresh account); ours falls back to the
working folder and says where the file went.
"""
from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import Iterable

from textual.app import App, SystemCommand

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


def screenshot_folder() -> Path:
    """~/Downloads when it exists and takes files, else the working folder."""
    downloads = Path.home() / "Downloads"
    if downloads.is_dir() and os.access(downloads, os.W_OK):
        return downloads
    return Path.cwd()


def save_screenshot(app: App) -> Path | None:
    """Write an SVG of the screen and say where it went (or, in one line, why it could not be written)."""
    folder = screenshot_folder()
    try:
        path = Path(app.save_screenshot(path=str(folder)))
    except OSError as error:
        app.notify(safe_plain(f"Screenshot not saved in {folder}: {error.strerror or error}"), title="Screenshot", severity="error", markup=False)
        return None
    app.notify(safe_plain(f"Saved to {path.resolve()}"), title="Screenshot", timeout=6, markup=False)
    return path


def system_commands(app: App, commands: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
    """Textual's system commands with its screenshot replaced by ours."""
    for command in commands:
        if command.title == "Screenshot":
            yield SystemCommand("Screenshot", "Save an SVG screenshot of this screen (in ~/Downloads, else the working folder)", lambda: app.set_timer(0.1, partial(save_screenshot, app)))
        else:
            yield command
