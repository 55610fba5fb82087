"""The review screen: one article, its spans, and the keys that decide them.

A key press changes only what is on screen (the current span, the cursor) and
submits a decision (annotate.services.decisions); one thread worker applies
them in order through ReviewService, which commits each one, and posts
DecisionApplied with the article as stored, so the screen always ends up
showing the database.
"""
from __future__ import annotations

import bisect

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingsMap
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer

from annotate.errors import AnnotateError
from annotate.services.suggestions import SuggestionService
from annotate.models import SpanRecord
from annotate.services.decisions import Accept, AcceptAll, AddSpan, Decision, Done, MoveBoundary, MoveEdge, QueueCursor
from annotate.services.decisions import Reject, Relabel, SetAttributes, Undo
from annotate.services.review import ArticleView, ReviewService
from annotate.text.words import WordGrid
from tui.decision_queue import DecisionQueue
from tui.keys import REVIEW_BINDINGS, label_bindings
from tui.messages import ArticleOpened, ArticleOpenFailed, DecisionApplied, DecisionFailed, PlaceRemembered
from tui.safe_text import safe_plain, safe_text
from tui.screens.attributes import AttributesModal
from tui.screens.suggestions import SuggestionChoice, SuggestionsModal
from tui.widgets.article_text import ArticleText
from tui.widgets.side_panel import ProgressPanel, SpanPanel, TextPanel
from tui.word_motion import move_selection_edge, next_word_start, stretch_selection

VERBS = {Accept: "accepted", Reject: "rejected", MoveEdge: "moved", SetAttributes: "attributes of", AddSpan: "added"}


def _describe(decision: Decision, outcome: object, text: str) -> str:
    """A few words on a committed decision: 'accepted “Thượng Hải”'."""
    mention = f"“{text[outcome.start:outcome.end]}”" if isinstance(outcome, SpanRecord) else ""
    if isinstance(decision, Relabel):
        return f"{mention} is {decision.label}"
    return f"{VERBS.get(type(decision), type(decision).__name__.lower())} {mention}".strip()


class ReviewScreen(Screen):
    """Review one article of the queue, then the next (d)."""

    HELP_SECTION = "Review"
    BINDINGS = REVIEW_BINDINGS

    def __init__(self, service: ReviewService, article_id: int, queue: QueueCursor | None = None, lookup: SuggestionService | None = None):
        super().__init__()
        self.service = service
        self.schema = service.schema
        self.article_id = article_id
        self.queue = queue
        """Where d (done) finds the next article; None: back to the queue."""
        self.lookup = lookup
        self.view: ArticleView | None = None
        self.current_id: int | None = None
        self.cursor = 0
        self.selection: tuple[int, int] | None = None
        """The new span being drawn (s), or None."""
        self.last_label = self.schema.labels[0].name
        self.last_action = ""
        """What the last committed decision did, shown in the Article panel."""
        self._grid = WordGrid("")
        self._decisions = DecisionQueue()
        self._switching = True
        self._bindings = BindingsMap.merge([self._bindings, BindingsMap(label_bindings(self.schema.labels))])

    def compose(self) -> ComposeResult:
        yield TextPanel(id="review-header")
        with Horizontal(id="review-body"):
            yield ArticleText(id="article")
            with Vertical(id="side"):
                yield SpanPanel(id="span-panel")
                yield ProgressPanel(id="progress-panel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArticleText).focus()
        self.open_article(self.article_id)

    @property
    def text_view(self) -> ArticleText:
        return self.query_one(ArticleText)

    # -- loading ---------------------------------------------------------------
    def open_article(self, article_id: int) -> None:
        """Load another article into this screen (the keys wait until it is shown)."""
        self._switching = True
        self._open(article_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="article")
    def _open(self, article_id: int) -> None:
        try:
            view = self.service.open_article(article_id)
        except Exception as error:
            self.post_message(ArticleOpenFailed(article_id, str(error)))
            return
        self.post_message(ArticleOpened(view))

    @on(ArticleOpened)
    def _article_opened(self, message: ArticleOpened) -> None:
        view = message.view
        self.view = view
        self.article_id = view.article.id
        self.last_action = ""
        self._grid = WordGrid(view.article.text)
        self.selection = None
        colours = {label.name: label.colour for label in self.schema.labels}
        self.text_view.load(view.article.text, view.article.region, view.article.furniture, view.spans, colours)
        spans = self.text_view.spans
        first = next((s for s in spans if s.status == "suggested"), spans[0] if spans else None)
        if first is not None:
            self._go_to(first)
        else:
            word = self._grid.word_at(view.article.region_start)
            self.current_id, self.cursor = None, word[0] if word else 0
        self._switching = False
        self.refresh_bindings()
        self._show_header()
        self._sync()

    @on(ArticleOpenFailed)
    def _article_failed(self, message: ArticleOpenFailed) -> None:
        self.notify(safe_plain(message.error), title=f"Article {message.article_id} not opened", severity="error", markup=False)
        if self.view is None:
            self.app.pop_screen()
        self._switching = False

    # -- what is shown ---------------------------------------------------------------
    def current_span(self) -> SpanRecord | None:
        for span in self.text_view.spans:
            if span.id == self.current_id:
                return span
        return None

    def cursor_word(self) -> tuple[int, int] | None:
        return self._grid.word_at(self.cursor)

    def _go_to(self, span: SpanRecord | None) -> None:
        self.current_id = span.id if span else None
        if span is not None:
            self.cursor = span.start

    def _show_header(self) -> None:
        if self.view is None:
            return
        article = self.view.article
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" Review ", style="bold reverse")
        text.append(safe_text(f"  {self.service.annotator}", style="bold"))
        text.append(safe_text(f"  ·  {self.view.status.replace('_', ' ')}  ·  #{article.id} "))
        text.append(safe_text(article.title or "(untitled)", style="bold"))
        text.append(safe_text(f"  ·  {article.source}", style="dim"))
        self.query_one("#review-header", TextPanel).set_text(text)

    def _hint(self) -> str:
        if self.selection is None:
            return ""
        keys = " ".join(f"{label.key}={label.name}" for label in self.schema.labels)
        return f"New span: ←/→ extend by word, [ ] {{ }} move edges; {keys}; enter = {self.last_label}; esc cancels."

    def _sync(self) -> None:
        """Push the current span, cursor and selection to the widgets."""
        view = self.text_view
        word = self.cursor_word()
        view.show(self.current_id, word, self.selection)
        span = self.current_span()
        spans = view.spans
        position = next((i for i, s in enumerate(spans, 1) if s.id == self.current_id), 0)
        if self.selection is not None:
            mention = view.text[self.selection[0] : self.selection[1]]
            self.query_one(SpanPanel).show_span(None, mention, self.schema, 0, len(spans), self._hint() + f"\n“{mention}”")
        else:
            mention = view.text[span.start : span.end] if span else ""
            self.query_one(SpanPanel).show_span(span, mention, self.schema, position, len(spans))
        if self.view is not None:
            counts = {"suggested": 0, "accepted": 0, "rejected": 0, "edited": 0}
            for s in spans:
                counts[s.status] = counts.get(s.status, 0) + 1
            self.query_one(ProgressPanel).show_progress(counts, self.view.status, self.schema, self.last_action)

    # -- decisions -------------------------------------------------------------------
    def submit(self, decision: Decision) -> None:
        """Queue a decision for the drain worker (started when none is running)."""
        if self._decisions.put(decision):
            self._drain()

    @work(thread=True, exclusive=True, exit_on_error=False, group="decisions")
    def _drain(self) -> None:
        """Apply queued decisions in order; each is committed by the service before the next."""
        while (decision := self._decisions.take()) is not None:
            try:
                outcome = decision.apply(self.service)
                view = self.service.view(decision.article_id)
            except (AnnotateError, KeyError, ValueError) as error:
                message = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
                self.post_message(DecisionFailed(decision, str(message)))
                continue
            except Exception as error:  # keep draining: one bug must not swallow later decisions
                self.post_message(DecisionFailed(decision, f"{type(error).__name__}: {error}"))
                continue
            self.post_message(DecisionApplied(decision, outcome, view))

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until every submitted decision is committed and shown (before leaving the screen or opening a modal)."""
        await self._decisions.settled(timeout)

    @on(DecisionApplied)
    def _decision_applied(self, message: DecisionApplied) -> None:
        try:
            self._show_decision(message.decision, message.outcome, message.view)
        finally:
            self._decisions.shown()

    def _show_decision(self, decision: Decision, outcome: object, view: ArticleView) -> None:
        """Show the article as the decision left it, with the cursor where the reviewer expects it."""
        if isinstance(decision, Done):
            self._finished(outcome)
            return
        if view.article.id != self.article_id:
            return
        self.view = view
        changed = self.text_view.update_spans(view.spans)
        self.text_view.set_region(view.article.region)
        by_id = {s.id: s for s in self.text_view.spans}
        match decision:
            case AddSpan() if outcome is not None:
                self._go_to(by_id.get(outcome.id))
            case Undo():
                self._show_undo(outcome, changed, by_id)
            case MoveEdge(span_id=span_id) if span_id == self.current_id and span_id in by_id:
                self._go_to(by_id[span_id])
            case AcceptAll():
                self.last_action = f"accepted {outcome} suggestion{'s' if outcome != 1 else ''}"
            case MoveBoundary():
                self.last_action = f"article is now {view.article.region_start}–{view.article.region_end}"
            case _:
                self.last_action = _describe(decision, outcome, view.article.text)
        if self.current_id is not None and self.current_id not in by_id:
            self._go_to(self.text_view.span_at(self.cursor))
        self._show_header()
        self._sync()

    def _show_undo(self, undone: str | None, changed: list[int], by_id: dict[int, SpanRecord]) -> None:
        """After an undo the cursor goes to the span that came back (or stays where it was)."""
        if undone is None:
            self.last_action = "nothing to undo"
            return
        revived = [by_id[i] for i in changed if i in by_id]
        if revived:
            self._go_to(revived[0])
        elif self.current_id not in by_id:
            self._go_to(self.text_view.span_at(self.cursor))
        self.last_action = f"undid {undone.replace('_', ' ')}"

    @on(DecisionFailed)
    def _decision_failed(self, message: DecisionFailed) -> None:
        try:
            self.notify(safe_plain(message.error), title="Not saved", severity="error", markup=False)
            if isinstance(message.decision, Done):
                self._switching = False
            self._sync()
        finally:
            self._decisions.shown()

    def _finished(self, next_id: int | None) -> None:
        if next_id is None:
            self._switching = False
            self.notify("Article done. No more open articles in the queue.", timeout=3, markup=False)
            self.app.pop_screen()
            return
        self.notify("Article done; opening the next one.", timeout=2, markup=False)
        self.open_article(next_id)

    # -- span keys -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._switching and action not in ("back",):
            return None
        return True

    def _need_span(self) -> SpanRecord | None:
        span = self.current_span()
        if span is None:
            self.notify("No span at the cursor: tab goes to the next one, s starts a new one.", severity="warning", timeout=3, markup=False)
        return span

    def _step(self, delta: int) -> None:
        spans = self.text_view.spans
        if not spans:
            return
        index = next((i for i, s in enumerate(spans) if s.id == self.current_id), None)
        if index is None:
            index = bisect.bisect_right([s.start for s in spans], self.cursor) - (1 if delta > 0 else 0)
        target = max(0, min(len(spans) - 1, index + delta))
        self._go_to(spans[target])

    def action_next_span(self) -> None:
        if self.selection is None:
            self._step(1)
            self._sync()

    def action_previous_span(self) -> None:
        if self.selection is None:
            self._step(-1)
            self._sync()

    def action_accept(self) -> None:
        if self.selection is not None:
            self._finish_new_span(self.last_label)
            return
        span = self._need_span()
        if span is not None:
            self.submit(Accept(self.article_id, span.id))
            self._step(1)  # shown with the committed decision, one repaint for both

    def action_reject(self) -> None:
        if self.selection is not None:
            return
        span = self._need_span()
        if span is not None:
            self.submit(Reject(self.article_id, span.id))
            self._step(1)  # shown with the committed decision, one repaint for both

    def action_set_label(self, label: str) -> None:
        if self.selection is not None:
            self._finish_new_span(label)
            return
        span = self._need_span()
        if span is not None:
            self.last_label = label
            self.submit(Relabel(self.article_id, span.id, label))

    def action_move_edge(self, edge: str) -> None:
        if self.selection is not None:
            self.selection = move_selection_edge(self._grid, self.selection, edge)
            self.cursor = self.selection[0]
            self._sync()
            return
        span = self._need_span()
        if span is not None:
            self.submit(MoveEdge(self.article_id, span.id, edge))

    def action_accept_all(self) -> None:
        self.submit(AcceptAll(self.article_id))

    def action_undo(self) -> None:
        self.selection = None
        self.submit(Undo(self.article_id))

    def action_done(self) -> None:
        self.selection = None
        self._switching = True
        self.submit(Done(self.article_id, self.queue))

    async def action_back(self) -> None:
        if self.selection is not None:
            self.selection = None
            self._sync()
            return
        await self.settle()
        self.app.pop_screen()

    # -- new span and cursor ---------------------------------------------------------
    def action_new_span(self) -> None:
        if self.selection is not None:
            return
        word = self.cursor_word()
        if word is None:
            self.notify("No word at the cursor.", severity="warning", markup=False)
            return
        self.selection = word
        self.current_id = None
        self.cursor = word[0]
        self._sync()

    def _finish_new_span(self, label: str) -> None:
        start, end = self.selection
        self.selection = None
        self.last_label = label
        self.submit(AddSpan(self.article_id, start, end, label))
        self._sync()

    def action_cursor(self, direction: str) -> None:
        grid = self._grid
        if not grid.starts:
            return
        if self.selection is not None:
            stretched = stretch_selection(grid, self.selection, direction)
            if stretched is not None:
                self.selection = stretched
                self._sync()
            return
        view = self.text_view
        if direction in ("left", "right"):
            self.cursor = next_word_start(grid, self.cursor, self.current_span(), direction)
        else:
            step = {"up": -1, "down": 1, "pageup": -view.page_height, "pagedown": view.page_height}[direction]
            line = view.line_of(self.cursor)
            column = self.cursor - view.line_range(line)[0]
            target = max(0, min(view.line_count - 1, line + step))
            word = grid.word_at(view.offset_at(target, column))
            self.cursor = word[0] if word else grid.starts[-1]
        under = view.span_at(self.cursor)
        self.current_id = under.id if under else None
        self._sync()

    @on(ArticleText.WordClicked)
    def _clicked(self, message: ArticleText.WordClicked) -> None:
        if self.selection is not None or self._switching:
            return
        word = self._grid.word_at(message.offset)
        if word is None:
            return
        self.cursor = word[0]
        span = self.text_view.span_at(self.cursor)
        self.current_id = span.id if span else None
        self._sync()

    def action_region_start(self) -> None:
        word = self.cursor_word()
        if word is not None and self.view is not None:
            self.submit(MoveBoundary(self.article_id, word[0], self.text_view.article_region[1]))

    def action_region_end(self) -> None:
        word = self.cursor_word()
        if word is not None and self.view is not None:
            self.submit(MoveBoundary(self.article_id, self.text_view.article_region[0], word[1]))

    # -- modals ----------------------------------------------------------------------
    @work(exclusive=True, group="modal", exit_on_error=False)
    async def action_suggestions(self) -> None:
        await self.settle()
        span = self._need_span()
        if span is None:
            return
        label = self.schema.label(span.label) if span.label in self.schema.label_names else None
        if label is None or not any(a.gazetteer == "places" for a in label.attributes):
            self.notify(safe_plain(f"Gazetteer suggestions are for place spans; this one is {span.label}."), severity="warning", markup=False)
            return
        if self.lookup is None:
            self.notify("No gazetteer lookup available.", severity="error", markup=False)
            return
        mention = self.text_view.text[span.start : span.end]
        choice: SuggestionChoice | None = await self.app.push_screen_wait(SuggestionsModal(mention, self.lookup.places))
        if choice is None:
            return
        self.submit(SetAttributes(self.article_id, span.id, {**span.attrs, **choice.suggestion.attrs()}))
        if choice.remember:
            self._remember(mention, choice)

    @work(thread=True, exclusive=False, exit_on_error=False, group="gazetteer")
    def _remember(self, mention: str, choice: SuggestionChoice) -> None:
        try:
            added = self.lookup.remember(mention, choice.suggestion, self.service.annotator)
        except Exception as error:
            self.post_message(PlaceRemembered(mention, choice.suggestion.canonical, False, str(error)))
            return
        self.post_message(PlaceRemembered(mention, choice.suggestion.canonical, added))

    @on(PlaceRemembered)
    def _remembered(self, message: PlaceRemembered) -> None:
        if message.error:
            self.notify(safe_plain(message.error), title="Gazetteer not updated", severity="error", markup=False)
        elif message.added:
            self.notify(safe_plain(f"Gazetteer: “{message.name}” → {message.canonical} saved."), timeout=3, markup=False)
        else:
            self.notify(safe_plain(f"Gazetteer already knows “{message.name}” → {message.canonical}."), timeout=3, markup=False)

    @work(exclusive=True, group="modal", exit_on_error=False)
    async def action_edit_attributes(self) -> None:
        await self.settle()
        span = self._need_span()
        if span is None:
            return
        label = self.schema.label(span.label) if span.label in self.schema.label_names else None
        if label is None or not label.attributes:
            self.notify(safe_plain(f"{span.label} has no attributes in the schema."), severity="warning", markup=False)
            return
        mention = self.text_view.text[span.start : span.end]
        values = await self.app.push_screen_wait(AttributesModal(label, span.attrs, mention))
        if values is None:
            return
        known = set(label.attribute_names())
        merged = {k: v for k, v in span.attrs.items() if k not in known}
        merged.update(values)
        self.submit(SetAttributes(self.article_id, span.id, merged))
