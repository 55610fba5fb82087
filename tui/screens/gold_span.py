"""The adjudicator's own gold span for a conflict, made with the review screen's keys, never typed.

It starts from the gold span already chosen, else the first annotator's
version; `[` `]` `{` `}` move its edges a word at a time (the review keys,
as schema.yaml maps them), the label keys set its label (attributes the new
label also has are kept), and `e` opens the review screen's attribute form
(tui.screens.attributes). No offset, label name or JSON is ever typed, so no
typo can reach gold. Dismisses with the Span, or None on escape.
"""
from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Vertical
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from annotate.models import Span
from annotate.schema import Schema
from annotate.text.visible import visible
from annotate.text.words import WordGrid
from tui.safe_text import safe_plain, safe_text
from tui.screens.attributes import AttributesModal
from tui.word_motion import move_selection_edge

CONTEXT = 60
EDGES = ("start_left", "start_right", "end_left", "end_right")


def key_shown(keys: str) -> str:
    """'left_square_bracket' -> '[': the first of a binding's keys as the user types it."""
    first = keys.split(",")[0].strip()
    return format_key(first) if first else ""


def describe_attrs(attrs: dict) -> str:
    shown = [f"{key}={value}" for key, value in attrs.items() if value not in (None, "")]
    return ", ".join(shown) if shown else "no attributes"


class GoldSpanModal(ModalScreen[Span | None]):
    """One gold span: boundaries by word, label by key, attributes in the review screen's form."""

    BINDINGS = [
        Binding("e", "edit_attributes", "Attributes", tooltip="Edit the span's attributes in the review screen's form.", id="gold_span.attributes"),
        Binding("enter,ctrl+s", "save", "Save", tooltip="Write this span into gold for the conflict.", id="gold_span.save"),
        Binding("escape", "cancel", "Cancel", tooltip="Close; gold stays as it was.", id="gold_span.cancel"),
    ]
    DEFAULT_CSS = """
    GoldSpanModal { align: center middle; }
    GoldSpanModal > Vertical { width: 90; max-width: 100%; height: auto; max-height: 100%; border: thick $primary; background: $panel; padding: 0 1; }
    GoldSpanModal #gold-context { height: auto; margin-bottom: 1; }
    GoldSpanModal #gold-span { height: auto; text-style: bold; }
    GoldSpanModal #gold-attrs { height: auto; }
    GoldSpanModal #gold-hint { height: auto; color: $text-muted; margin-top: 1; }
    GoldSpanModal #gold-error { height: auto; color: $error; }
    """

    def __init__(self, text: str, initial: Span, schema: Schema, title: str = "Gold span"):
        super().__init__()
        self.text = text
        self.schema = schema
        self.span = Span(initial.start, initial.end, initial.label, dict(initial.attrs), "human")
        """The span as edited so far."""
        self.title = title
        self._grid = WordGrid(text)
        keys = {**schema.keys}
        edge_names = {"start_left": "Start ◀", "start_right": "Start ▶", "end_left": "End ◀", "end_right": "End ▶"}
        bindings = [
            Binding(keys.get(edge, ""), f"move_edge('{edge}')", edge_names[edge], tooltip=f"Move the span's {edge.replace('_', ' a word ')}.", id=f"gold_span.{edge}", show=False)
            for edge in EDGES if keys.get(edge)
        ] + [
            Binding(label.key, f"set_label('{label.name}')", label.name.title(), tooltip=f"Make the span {label.name}.", id=f"gold_span.label.{label.name}", show=False)
            for label in schema.labels
        ]
        self._bindings = BindingsMap.merge([self._bindings, BindingsMap(bindings)])

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = safe_text(self.title)
            yield Static(id="gold-context")
            yield Static(id="gold-span")
            yield Static(id="gold-attrs")
            yield Static(safe_text(self._hint()), id="gold-hint")
            yield Static("", id="gold-error")
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    def _hint(self) -> str:
        keys = self.schema.keys
        edges = " ".join(key_shown(keys.get(edge, "")) for edge in EDGES)
        labels = " · ".join(f"{key_shown(label.key)} {label.name}" for label in self.schema.labels)
        return f"{edges}: move the start / end a word  ·  {labels}  ·  e attributes  ·  enter saves  ·  esc cancels"

    def _show(self) -> None:
        span, text = self.span, self.text
        left, right = max(0, span.start - CONTEXT), min(len(text), span.end + CONTEXT)
        context = Text()
        context.append(visible(("…" if left else "") + text[left:span.start]))
        context.append(visible(text[span.start:span.end]), style="reverse")
        context.append(visible(text[span.end:right] + ("…" if right < len(text) else "")))
        self.query_one("#gold-context", Static).update(context)
        label = span.label or "no label yet (press a label key)"
        self.query_one("#gold-span", Static).update(safe_text(f"{label}  «{text[span.start:span.end]}»  {span.start}–{span.end}"))
        self.query_one("#gold-attrs", Static).update(safe_text(describe_attrs(span.attrs)))

    def _say(self, problem: str) -> None:
        self.query_one("#gold-error", Static).update(safe_text(problem))

    # -- actions ---------------------------------------------------------------
    def action_move_edge(self, edge: str) -> None:
        start, end = move_selection_edge(self._grid, (self.span.start, self.span.end), edge)
        if (start, end) == (self.span.start, self.span.end) or not 0 <= start < end <= len(self.text):
            self._say("that edge cannot move further")
            return
        self.span = replace(self.span, start=start, end=end)
        self._say("")
        self._show()

    def action_set_label(self, name: str) -> None:
        if name == self.span.label:
            return
        kept_names = {attribute.name for attribute in self.schema.label(name).attributes}
        dropped = sorted(set(self.span.attrs) - kept_names)
        self.span = replace(self.span, label=name, attrs={k: v for k, v in self.span.attrs.items() if k in kept_names})
        self._say(f"{name} has no {', '.join(dropped)}: left out" if dropped else "")
        self._show()

    def action_edit_attributes(self) -> None:
        if not self.span.label:
            self._say("press a label key first: the attributes depend on the label")
            return
        mention = self.text[self.span.start:self.span.end]
        self.app.push_screen(AttributesModal(self.schema.label(self.span.label), self.span.attrs, mention), self._attributes_chosen)

    def _attributes_chosen(self, attrs: dict | None) -> None:
        if attrs is not None:
            self.span = replace(self.span, attrs=dict(attrs))
            self._show()

    def action_save(self) -> None:
        if not self.span.label:
            self._say("press a label key first (" + safe_plain(", ".join(f"{label.key} {label.name}" for label in self.schema.labels)) + ")")
            return
        self.dismiss(self.span)

    def action_cancel(self) -> None:
        self.dismiss(None)
