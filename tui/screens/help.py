"""F1 help: every key of the screen, generated from its live bindings (so remapped keys show as remapped)."""
from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from tui.safe_text import safe_text


@dataclass(frozen=True)
class HelpRow:
    """One action: its keys as displayed, what it does, and the longer explanation."""

    keys: str
    description: str
    tooltip: str
    section: str


@dataclass(frozen=True)
class BoundAction:
    """One action of a node with every key bound to it (after the keymap)."""

    node: object
    binding: Binding
    keys: tuple[str, ...]
    enabled: bool


def bound_actions(screen: Screen) -> list[BoundAction]:
    """Actions of the focused widget, the screen and the app, each with all its keys.

    Unlike `Screen.active_bindings` (one binding per key), a key shadowed by the
    focused widget (enter in the queue's table) still lists the screen's action.
    """
    app = screen.app
    chain = screen._binding_chain  # keymap applied, nearest node first
    priority_keys = {key for _, bindings in chain for key, binding in bindings if binding.priority}
    found: dict[tuple[int, str], BoundAction] = {}
    for node, bindings in chain:
        for key, binding in bindings:
            if binding.system or not binding.description:
                continue
            if key in priority_keys and not binding.priority:
                continue  # never fires: a priority binding takes this key first
            slot = (id(node), binding.action)
            display = app.get_key_display(binding)
            if slot in found:
                entry = found[slot]
                keys = entry.keys if display in entry.keys else entry.keys + (display,)
                documented = binding if entry.binding.id is None and binding.id else entry.binding
                found[slot] = BoundAction(node, documented, keys, entry.enabled)
                continue
            state = app._check_action_state(binding.action, node)
            if state is False:
                continue
            found[slot] = BoundAction(node, binding, (display,), bool(state))
    return list(found.values())


def help_rows(screen: Screen) -> list[HelpRow]:
    """Rows for every binding of screen, its focused widget and the app, grouped by action."""
    app = screen.app

    def section(node) -> str:
        if node is screen:
            return getattr(screen, "HELP_SECTION", type(screen).__name__)
        if node is app:
            return "App"
        return getattr(node, "HELP_SECTION", type(node).__name__)

    def rank(entry: BoundAction) -> tuple[int, int]:
        node = entry.node
        declared = [b.action for b in Binding.make_bindings(getattr(type(node), "BINDINGS", []))]
        if entry.binding.action in declared:
            order = declared.index(entry.binding.action)
        else:  # added per instance (label keys) before inherited ones (copy)
            order = len(declared) + (0 if entry.binding.id else 1)
        return (0 if node is screen else 2 if node is app else 1, order)

    entries = sorted(bound_actions(screen), key=rank)
    rows = [
        HelpRow(", ".join(entry.keys), entry.binding.description, entry.binding.tooltip, section(entry.node))
        for entry in entries
    ]
    palette = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
    if palette and not any(entry.binding.action == "command_palette" for entry in entries):
        rows.append(HelpRow(app.get_key_display(Binding(palette, "command_palette")), "Commands", "Search every action by name (command palette).", "App"))
    return rows


class HelpScreen(ModalScreen[None]):
    """A table of keys; any of escape, q, ? or F1 closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close", tooltip="Close the help.", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 96; max-height: 90%; height: auto; border: thick $primary; background: $panel; padding: 0 1; }
    HelpScreen > VerticalScroll > Static { width: 100%; }
    """

    def __init__(self, title: str, rows: list[HelpRow]):
        super().__init__()
        self._title = title
        self._rows = rows

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_header=True, header_style="bold", pad_edge=False)
        table.add_column("Keys", style="bold", no_wrap=True, ratio=2)
        table.add_column("Action", no_wrap=True, ratio=3)
        table.add_column("What it does", ratio=7)
        section = None
        for row in self._rows:
            if row.section != section:
                section = row.section
                table.add_row(safe_text(section, style="bold underline"), "", "")
            table.add_row(safe_text(row.keys, style="bold"), safe_text(row.description), safe_text(row.tooltip, style="dim"))
        with VerticalScroll() as scroll:
            scroll.border_title = safe_text(self._title)
            yield Static(table)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
