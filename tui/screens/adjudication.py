"""Adjudication screen: one article's conflicts, who said what, resolved into the '@gold' layer by key.

Every action is one call on annotate.services.adjudication.Adjudicator in a thread
worker (it commits and logs at once); the screen only redraws from the view
the call returns.

| Key    | Action                                       |
|--------|----------------------------------------------|
| n / p  | next / previous conflict                     |
| 1 … 9  | take annotator N's version of the conflict   |
| x      | drop: nothing goes into gold here            |
| e      | edit: write the gold span by hand            |
| u      | undo the last adjudication decision          |
| f      | finish: gold is done (every conflict solved) |
| escape | back                                         |
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Input, Label, Static
from textual.worker import Worker, WorkerState

from annotate.services.adjudication import AdjudicationView, Adjudicator, Conflict
from annotate.models import Span
from annotate.text.visible import visible
from tui.safe_text import safe_plain, safe_text
from tui.widgets.safe_input import SafeInput

CONTEXT = 50


def _describe(text: str, span: Span) -> str:
    attrs = ", ".join(f"{k}={v}" for k, v in span.attrs.items() if v not in (None, ""))
    return f"{span.label} «{text[span.start:span.end]}» {span.start}-{span.end}" + (f"  {attrs}" if attrs else "")


def conflict_text(view: AdjudicationView, conflict: Conflict, number: int) -> Text:
    """Context line with the disputed range highlighted, then one line per annotator, then gold."""
    text = view.article.text
    left = max(0, conflict.start - CONTEXT)
    right = min(len(text), conflict.end + CONTEXT)
    state = f"→ {conflict.resolution}" if conflict.resolved else "unresolved"
    body = Text()
    body.append(visible(f"Conflict {number}/{len(view.conflicts)}  {conflict.id}  {state}") + "\n", style="bold")
    body.append(visible(("…" if left else "") + text[left:conflict.start]))
    body.append(visible(text[conflict.start:conflict.end]), style="reverse")
    body.append(visible(text[conflict.end:right] + ("…" if right < len(text) else "")) + "\n")
    for index, name in enumerate(view.annotators, start=1):
        said = conflict.said(name)
        versions = "; ".join(_describe(text, s) for s in said) if said else "— nothing —"
        body.append(visible(f"  {index} {name:<12} {versions}") + "\n")
    if conflict.resolved:
        gold = "; ".join(_describe(text, s) for s in conflict.gold) if conflict.gold else "— nothing —"
        body.append(visible(f"  gold           {gold}"), style="green")
    return body


class EditSpanModal(ModalScreen[Span | None]):
    """Write one gold span by hand: offsets, label and attributes (JSON); escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="edit_span.cancel")]
    DEFAULT_CSS = """
    EditSpanModal { align: center middle; }
    EditSpanModal > Vertical { width: 80; height: auto; border: thick $primary; background: $surface; padding: 1 2; }
    EditSpanModal Horizontal { height: auto; }
    EditSpanModal Input { width: 1fr; }
    EditSpanModal #preview { height: auto; color: $text-muted; }
    EditSpanModal #error { height: auto; color: $error; }
    """

    def __init__(self, text: str, initial: Span):
        super().__init__()
        self.text = text
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Gold span for this conflict (start, end are character offsets)")
            with Horizontal():
                yield Input(str(self.initial.start), id="start", placeholder="start", type="integer")
                yield Input(str(self.initial.end), id="end", placeholder="end", type="integer")
                yield SafeInput(self.initial.label, id="label", placeholder="LABEL")
            yield SafeInput(json.dumps(self.initial.attrs, ensure_ascii=False), id="attrs", placeholder='{"canonical": "…"}')
            yield Static("", id="preview")
            yield Static("", id="error")
            with Horizontal():
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.show_preview()

    @on(Input.Changed)
    def show_preview(self) -> None:
        span = self.read(quiet=True)
        preview = f"«{self.text[span.start:span.end]}»" if span else ""
        self.query_one("#preview", Static).update(safe_text(preview))

    def read(self, quiet: bool = False) -> Span | None:
        """The span the inputs describe, or None (with the reason shown unless quiet)."""
        try:
            start = int(self.query_one("#start", Input).value)
            end = int(self.query_one("#end", Input).value)
            label = self.query_one("#label", Input).value.strip().upper()
            raw = self.query_one("#attrs", Input).value.strip() or "{}"
            attrs = json.loads(raw)
            if not isinstance(attrs, dict):
                raise ValueError("attributes must be a JSON object")
            if not 0 <= start < end <= len(self.text):
                raise ValueError(f"offsets must satisfy 0 <= start < end <= {len(self.text)}")
            if not label:
                raise ValueError("a label is needed")
        except (ValueError, json.JSONDecodeError) as error:
            if not quiet:
                self.query_one("#error", Static).update(safe_text(error))
            return None
        return Span(start, end, label, attrs, "human")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        span = self.read()
        if span is not None:
            self.dismiss(span)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class AdjudicationScreen(Screen[str | None]):
    """Resolve one article's conflicts into gold; dismisses with the gold status."""

    HELP_SECTION = "Adjudication"
    BINDINGS = [
        Binding("n", "move(1)", "Next", id="adjudication.next", tooltip="Next conflict"),
        Binding("p", "move(-1)", "Previous", id="adjudication.previous", tooltip="Previous conflict"),
        *(
            Binding(str(i), f"take({i})", "Take version" if i == 1 else f"Take {i}", show=i == 1, key_display="1…9" if i == 1 else None,
                    id=f"adjudication.take_{i}", tooltip=f"Take annotator {i}'s version")
            for i in range(1, 10)
        ),
        Binding("x", "drop", "Drop", id="adjudication.drop", tooltip="Nothing goes into gold for this conflict"),
        Binding("e", "edit", "Edit", id="adjudication.edit", tooltip="Write the gold span by hand"),
        Binding("u", "undo", "Undo", id="adjudication.undo", tooltip="Undo the last adjudication decision"),
        Binding("f", "finish", "Finish", id="adjudication.finish", tooltip="Mark gold done (every conflict resolved)"),
        Binding("escape", "back", "Back", id="adjudication.back"),
    ]
    DEFAULT_CSS = """
    AdjudicationScreen { layout: vertical; }
    AdjudicationScreen #header { height: auto; padding: 0 1; background: $boost; }
    AdjudicationScreen #agreed { height: auto; max-height: 6; padding: 0 1; color: $text-muted; }
    AdjudicationScreen #conflicts { height: 1fr; }
    AdjudicationScreen .conflict { height: auto; padding: 0 1; margin-bottom: 1; border-left: wide $panel; }
    AdjudicationScreen .conflict.-current { border-left: wide $accent; background: $boost; }
    AdjudicationScreen .conflict.-resolved { color: $text-muted; }
    """

    @dataclass
    class ViewLoaded(Message):
        """The adjudicator returned a fresh view (after loading or a decision)."""

        view: AdjudicationView
        notice: str | None = None
        decided: str | None = None
        """The conflict the call decided: its key already moved the cursor on."""

    def __init__(self, article_id: int, adjudicator: Adjudicator):
        super().__init__()
        self.article_id = article_id
        self.adjudicator = adjudicator
        self.view: AdjudicationView | None = None
        """The last view shown (None while loading)."""
        self.current = 0
        self._deciding: set[str] = set()
        """Conflicts a key decided whose answer has not come back: the next key acts on what the screen shows."""
        """Index of the highlighted conflict."""

    def compose(self) -> ComposeResult:
        yield Static(f"Article {self.article_id}: loading…", id="header")
        yield Static("", id="agreed")
        yield VerticalScroll(id="conflicts")
        yield Footer()

    def on_mount(self) -> None:
        self.run(lambda: self.adjudicator.conflicts(self.article_id))

    # -- workers -------------------------------------------------------------
    @work(thread=True, exit_on_error=False, group="adjudication")
    def run(self, call: Callable[[], Any], notice: str | None = None, decided: str | None = None) -> None:
        """One adjudicator call off the UI thread; the Adjudicator serialises them."""
        try:
            result = call()
        except Exception:
            self.post_message(self.ViewLoaded(self.adjudicator.conflicts(self.article_id), decided=decided))
            raise
        view = result if isinstance(result, AdjudicationView) else self.adjudicator.conflicts(self.article_id)
        if notice and result is None:
            notice = "nothing to undo"
        elif notice and isinstance(result, str):
            notice = f"undid {result}"
        self.post_message(self.ViewLoaded(view, notice=notice, decided=decided))

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.node is self:
            self.notify(safe_plain(event.worker.error), title="Adjudication", severity="error", markup=False)

    # -- drawing -------------------------------------------------------------
    @on(ViewLoaded)
    async def show_view(self, event: ViewLoaded) -> None:
        self.view = view = event.view
        self._deciding.discard(event.decided)
        self.current = max(0, min(self.current, len(view.conflicts) - 1))
        legend = "  ".join(f"{i} {name}" for i, name in enumerate(view.annotators, start=1)) or "nobody has finished this article"
        title = view.article.title or view.article.source
        self.query_one("#header", Static).update(safe_text(
            f"Article {view.article.id}: {visible(title)[:70]}\n{visible(legend)}   gold: {visible(view.status)}, "
            f"{len(view.conflicts) - len(view.unresolved)}/{len(view.conflicts)} conflicts resolved", multiline=True,
        ))
        text = view.article.text
        agreed = ", ".join(f"{text[s.start:s.end]} ({s.label})" for s in view.agreed)
        self.query_one("#agreed", Static).update(safe_text(f"{len(view.agreed)} agreed spans merged" + (f": {agreed}" if agreed else "")))
        box = self.query_one("#conflicts", VerticalScroll)
        await box.remove_children()
        widgets = [
            Static(conflict_text(view, c, i), classes="conflict" + (" -resolved" if c.resolved else ""), id=f"conflict-{i - 1}")
            for i, c in enumerate(view.conflicts, start=1)
        ]
        if not widgets:
            widgets = [Static("No conflicts: press f to finish.", classes="conflict")]
        await box.mount_all(widgets)
        self._highlight()
        if event.notice:
            self.notify(safe_plain(event.notice), markup=False)

    def _highlight(self) -> None:
        for widget in self.query(".conflict"):
            widget.set_class(widget.id == f"conflict-{self.current}", "-current")
        if self.view and self.view.conflicts:
            self.query_one(f"#conflict-{self.current}").scroll_visible()

    def _next_unresolved(self, after: int) -> int:
        """The first unresolved conflict after `after` (wrapping), or `after` when none is left."""
        assert self.view is not None
        count = len(self.view.conflicts)
        for step in range(1, count + 1):
            index = (after + step) % count
            conflict = self.view.conflicts[index]
            if not conflict.resolved and conflict.id not in self._deciding:
                return index
        return after

    # -- actions -------------------------------------------------------------
    @property
    def conflict(self) -> Conflict | None:
        if self.view is None or not self.view.conflicts:
            return None
        return self.view.conflicts[self.current]

    def action_move(self, step: int) -> None:
        if self.view and self.view.conflicts:
            self.current = (self.current + step) % len(self.view.conflicts)
            self._highlight()

    def action_take(self, number: int) -> None:
        conflict = self.conflict
        if conflict is None or self.view is None:
            return
        if not 1 <= number <= len(self.view.annotators):
            self.notify(f"there is no annotator {number}", severity="warning", markup=False)
            return
        name = self.view.annotators[number - 1]
        self.decide(conflict, f"take:{name}")

    def action_drop(self) -> None:
        conflict = self.conflict
        if conflict is not None:
            self.decide(conflict, "drop")

    def decide(self, conflict: Conflict, resolution: str | Span) -> None:
        """Resolve a conflict and move on at once, so that a second key acts on the next conflict, not this one again."""
        self.run(lambda: self.adjudicator.resolve(self.article_id, conflict.id, resolution), decided=conflict.id)
        self._deciding.add(conflict.id)
        self.current = self._next_unresolved(self.current)
        self._highlight()

    def action_edit(self) -> None:
        conflict = self.conflict
        if conflict is None or self.view is None:
            return
        versions = [s for name in self.view.annotators for s in conflict.said(name)]
        initial = conflict.gold[0] if conflict.gold else versions[0] if versions else Span(conflict.start, conflict.end, "")

        def save(span: Span | None) -> None:
            if span is not None:
                self.decide(conflict, span)

        self.app.push_screen(EditSpanModal(self.view.article.text, initial), save)

    def action_undo(self) -> None:
        self.run(lambda: self.adjudicator.undo(self.article_id), notice="undo")

    def action_finish(self) -> None:
        self.run(lambda: self.adjudicator.finish(self.article_id), notice="gold finished")

    def action_back(self) -> None:
        self.dismiss(self.view.status if self.view else None)
