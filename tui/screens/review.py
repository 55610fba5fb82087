"""The review screen: one article, its spans, and the keys that decide them.

A key press is applied at once to the screen's own model of the article
(annotate.services.article_model), so what the reviewer sees is what the next
key acts on, however far the database is behind; the decision is queued and
one thread worker applies the queue in order through ReviewService, which
commits each one. DecisionApplied brings back what the commit wrote (filled
attributes, the stored id of a new span) and only the touched lines repaint.
Cursor keys, new spans and the mouse live in review_cursor.py; the modals
(gazetteer, attributes, search, rules, finishing) in review_modals.py.
"""
from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, BindingsMap
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer

from annotate.models import SpanRecord
from annotate.services.article_model import ArticleModel
from annotate.services.decisions import Accept, AcceptAll, Done, MoveEdge, QueueCursor
from annotate.services.decisions import Redo, Reject, Relabel, RememberPosition, Undo
from annotate.services.review import ReviewService
from annotate.services.suggestions import SuggestionService
from annotate.text.visible import visible
from tui.decision_queue import DecisionQueue
from tui.keys import NARROW_FOOTER, REVIEW_BINDINGS, label_bindings
from tui.messages import ArticleOpened, ArticleOpenFailed
from tui.screens.review_commits import ReviewCommits
from tui.screens.review_cursor import ReviewCursor
from tui.screens.review_modals import ReviewModals
from tui.safe_text import safe_plain
from tui.widgets.article_text import ArticleText
from tui.widgets.side_panel import ProgressPanel, SpanPanel, TextPanel, progress_line

NARROW_WIDTH = 100
"""Below this many columns the span panel moves under the text and the footer keeps the essential keys."""


class ReviewScreen(ReviewCommits, ReviewCursor, ReviewModals, Screen):
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
        self.model: ArticleModel | None = None
        self.current_id: int | None = None
        self.cursor = 0
        self.selection: tuple[int, int] | None = None
        """The new span being drawn (s, or a mouse drag), or None."""
        self.last_label = self.schema.labels[0].name
        self.last_action = ""
        """What the last decision did, shown in the Article panel."""
        self.search_query = ""
        self._decisions = DecisionQueue()
        self._stored_ids: dict[int, int] = {}
        """Provisional span id -> stored id (the drain worker's own)."""
        self._switching = True
        self._narrow: bool | None = None
        self._wide_bindings = BindingsMap.merge([self._bindings, BindingsMap(label_bindings(self.schema.labels))])
        self._bindings = self._wide_bindings

    def compose(self) -> ComposeResult:
        yield TextPanel(id="review-header")
        with Horizontal(id="review-body"):
            yield ArticleText(id="article")
            with Vertical(id="side"):
                yield SpanPanel(id="span-panel")
                yield ProgressPanel(id="progress-panel")
        yield Footer()

    def on_mount(self) -> None:
        self.text_view.focus()
        self._fit(self.app.size.width)
        self.open_article(self.article_id)

    def notify(self, message: str, **options) -> None:
        """Notifications quote article text and names: shown literally with visible placeholders, never as markup."""
        options.pop("markup", None)
        if options.get("title"):
            options["title"] = safe_plain(options["title"])
        super().notify(safe_plain(message), markup=False, **options)

    @property
    def text_view(self) -> ArticleText:
        return self.query_one(ArticleText)

    # -- layout ----------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        """Narrow terminals: the span panel under the text, the footer down to the essential keys."""
        narrow = width < NARROW_WIDTH
        if narrow == self._narrow:
            return
        self._narrow = narrow
        self.set_class(narrow, "-narrow")
        self.query_one(SpanPanel).compact = narrow
        self._bindings = self._narrow_bindings() if narrow else self._wide_bindings
        self.refresh_bindings()
        if self.model is not None:
            self._sync()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """As Screen's, but the footer leaves out F1 help: here ? gives the span's rules, and help without a span."""
        bindings = super().active_bindings
        for key, active in bindings.items():
            if active.binding.id == "app.help":
                bindings[key] = ActiveBinding(active.node, replace(active.binding, show=False), active.enabled, active.tooltip)
        return bindings

    def _narrow_bindings(self) -> BindingsMap:
        narrow = self._wide_bindings.copy()
        for key, bindings in narrow.key_to_bindings.items():
            narrow.key_to_bindings[key] = [replace(b, show=b.show and (b.id in NARROW_FOOTER or not (b.id or "").startswith("review."))) for b in bindings]
        return narrow

    # -- loading ---------------------------------------------------------------
    def open_article(self, article_id: int) -> None:
        """Load another article into this screen (the keys wait until it is shown)."""
        self._switching = True
        self._open(article_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="article")
    def _open(self, article_id: int, reload: bool = False) -> None:
        try:
            view = self.service.view(article_id) if reload else self.service.open_article(article_id)
        except Exception as error:
            self.post_message(ArticleOpenFailed(article_id, str(error)))
            return
        self.post_message(ArticleOpened(view, reload))
        try:
            self.service.prepare()
        except Exception:  # noqa: BLE001 - filling attributes reports its own failure when a decision needs it
            pass

    @on(ArticleOpened)
    def _article_opened(self, message: ArticleOpened) -> None:
        view = message.view
        keep = (self.cursor, self.current_id) if message.reloaded else None
        self.model = ArticleModel(view, self.schema)
        self.article_id = view.article.id
        self.selection = None
        self.reset_search()
        colours = {label.name: label.colour for label in self.schema.labels}
        self.text_view.load(view.article.text, view.article.region, view.article.furniture, self.model.spans, colours)
        if keep is not None:
            self._resume(keep[0], keep[1])
        else:
            self.last_action = ""
            self._resume(view.position)
        self._switching = False
        self._show_header()
        self._sync()

    def _resume(self, position: int | None, span_id: int | None = None) -> None:
        """Where the reviewer left off (position), else the first undecided span, else the article's start."""
        model = self.model
        if span_id is not None and model.span(span_id) is not None:
            self._go_to(model.span(span_id))
        elif position is not None:
            word = model.grid.word_at(position)
            self.cursor = word[0] if word else position
            under = self.text_view.span_at(self.cursor)
            self.current_id = under.id if under else None
        else:
            spans = model.spans
            first = next((s for s in spans if s.status == "suggested"), spans[0] if spans else None)
            if first is not None:
                self._go_to(first)
            else:
                word = model.grid.word_at(model.region[0])
                self.current_id, self.cursor = None, word[0] if word else 0

    def _reload(self) -> None:
        """Read the article again (the service refused what the screen showed): the database is the truth.

        Keys wait meanwhile, so none acts on the copy being replaced.
        """
        self._switching = True
        self._open(self.article_id, reload=True)

    @on(ArticleOpenFailed)
    def _article_failed(self, message: ArticleOpenFailed) -> None:
        self.notify(message.error, title=f"Article {message.article_id} not opened", severity="error", markup=False)
        if self.model is None:
            self.app.pop_screen()
        self._switching = False

    # -- what is shown ---------------------------------------------------------------
    def current_span(self) -> SpanRecord | None:
        return self.model.span(self.current_id) if self.model is not None else None

    def cursor_word(self) -> tuple[int, int] | None:
        return self.model.grid.word_at(self.cursor) if self.model is not None else None

    def _go_to(self, span: SpanRecord | None) -> None:
        self.current_id = span.id if span else None
        if span is not None:
            self.cursor = span.start

    def _show_header(self) -> None:
        if self.model is None:
            return
        article = self.model.article
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" Review ", style="bold reverse")
        text.append(f"  {visible(self.service.annotator)}", style="bold")
        text.append(f"  ·  {self.model.status.replace('_', ' ')}  ·  #{article.id} ")
        text.append(visible(article.title or "(untitled)"), style="bold")
        text.append(f"  ·  {visible(article.source)}", style="dim")
        self.query_one("#review-header", TextPanel).set_text(text)

    def _sync(self) -> None:
        """Push the current span, cursor and selection to the widgets."""
        if self.model is None:
            return
        view = self.text_view
        view.show(self.current_id, self.cursor_word(), self.selection)
        span = self.current_span()
        spans = self.model.spans
        counts = self.model.counts()
        footnote = progress_line(counts, self.last_action) if self._narrow else ""
        panel = self.query_one(SpanPanel)
        if self.selection is not None:
            mention = self.model.text[self.selection[0] : self.selection[1]]
            panel.show_span(None, mention, self.schema, 0, len(spans), self._hint() + f"\n“{visible(mention)}”", footnote)
        else:
            mention = self.model.text[span.start : span.end] if span else ""
            position = (self.model.index_of(self.current_id) or 0) + 1 if span else 0
            panel.show_span(span, mention, self.schema, position, len(spans), footnote=footnote)
        if not self._narrow:
            self.query_one(ProgressPanel).show_progress(counts, self.model.status, self.schema, self.last_action)

    def say(self, words: str) -> None:
        """Feedback on a key in the Article panel's last line: a toast costs more than the key itself."""
        self.last_action = words

    def _hint(self) -> str:
        keys = " ".join(f"{label.key}={label.name}" for label in self.schema.labels)
        return f"New span: ←/→ extend by word, [ ] {{ }} move edges; {keys}; enter = {self.last_label}; esc cancels."

    def _mention(self, span: SpanRecord | None) -> str:
        return f"“{visible(self.model.text[span.start : span.end])}”" if span is not None else ""

    # -- span keys -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._switching and action not in ("back",):
            return None
        return True

    def _need_span(self) -> SpanRecord | None:
        span = self.current_span()
        if span is None:
            self.app.bell()
            self.say("no span at the cursor: tab goes to the next one, s starts one here")
            self._sync()
        return span

    def _step(self, delta: int, undecided: bool = False) -> bool:
        """Go delta spans on (undecided: to the next still suggested one, wrapping); False when there is none."""
        spans = self.model.spans if self.model is not None else []
        if not spans:
            return False
        index = self.model.index_of(self.current_id)
        if index is None:
            index = sum(1 for s in spans if s.start <= self.cursor) - (1 if delta > 0 else 0)
        if not undecided:
            self._go_to(spans[max(0, min(len(spans) - 1, index + delta))])
            return True
        order = [(index + delta * n) % len(spans) for n in range(1, len(spans) + 1)]
        target = next((i for i in order if spans[i].status == "suggested"), None)
        if target is None:
            return False
        if (target < index) if delta > 0 else (target > index):
            self.say("wrapped around the article")
        self._go_to(spans[target])
        return True

    def _advance(self) -> None:
        """After a decision: the next undecided span after this one, else simply the next span."""
        spans, index = self.model.spans, self.model.index_of(self.current_id)
        later = next((s for s in spans[(index or 0) + 1 :] if s.status == "suggested"), None) if index is not None else None
        if later is not None:
            self._go_to(later)
        else:
            self._step(1)

    def action_next_span(self) -> None:
        if self.selection is None:
            self._step(1)
            self._sync()

    def action_previous_span(self) -> None:
        if self.selection is None:
            self._step(-1)
            self._sync()

    def action_next_undecided(self) -> None:
        if self.selection is None:
            if not self._step(1, undecided=True):
                self.say("every span is decided: d finishes the article")
            self._sync()

    def action_previous_undecided(self) -> None:
        if self.selection is None:
            if not self._step(-1, undecided=True):
                self.say("every span is decided: d finishes the article")
            self._sync()

    def action_accept(self) -> None:
        if self.selection is not None:
            self._finish_new_span(self.last_label)
            return
        span = self._need_span()
        if span is not None and self.decide(Accept(self.article_id, span.id)) is not None:
            self.last_action = f"accepted {self._mention(span)}"
            self._advance()
            self._sync()

    def action_reject(self) -> None:
        if self.selection is not None:
            return
        span = self._need_span()
        if span is not None and self.decide(Reject(self.article_id, span.id)) is not None:
            self.last_action = f"rejected {self._mention(span)}"
            self._advance()
            self._sync()

    def action_set_label(self, label: str) -> None:
        if self.selection is not None:
            self._finish_new_span(label)
            return
        span = self._need_span()
        if span is not None and self.decide(Relabel(self.article_id, span.id, label)) is not None:
            self.last_label = label
            self.last_action = f"{self._mention(span)} is {label}"
            self._sync()

    def action_move_edge(self, edge: str) -> None:
        if self.selection is not None:
            self.move_selection(edge)
            return
        span = self._need_span()
        if span is not None and self.decide(MoveEdge(self.article_id, span.id, edge)) is not None:
            self.last_action = f"moved {self._mention(self.current_span())}"
            self._sync()

    def action_accept_all(self) -> None:
        effect = self.decide(AcceptAll(self.article_id))
        if effect is not None:
            self.last_action = f"accepted {effect.count} suggestion{'s' if effect.count != 1 else ''}"
            self._sync()

    def action_undo(self) -> None:
        self._replay(Undo(self.article_id))

    def action_redo(self) -> None:
        self._replay(Redo(self.article_id))

    def _replay(self, decision: Undo | Redo) -> None:
        self.selection = None
        effect = self.decide(decision)
        if effect is None:
            return
        revived = self.model.span(effect.focus)
        if revived is not None:
            self._go_to(revived)
        elif self.current_span() is None:
            self._go_to(self.text_view.span_at(self.cursor))
        self.last_action = effect.summary
        self._sync()

    def finish_article(self, rest: str | None) -> None:
        """Mark done (rest: what becomes of open suggestions) and move on to the next article of the queue."""
        self.selection = None
        self.submit(RememberPosition(self.article_id, self.cursor))
        if self.decide(Done(self.article_id, self.queue, rest)) is not None:
            self._switching = True

    async def action_back(self) -> None:
        if self.selection is not None:
            self.selection = None
            self._sync()
            return
        if self.model is not None:
            self.submit(RememberPosition(self.article_id, self.cursor))
        await self.settle()
        self.app.pop_screen()

    async def leave(self) -> None:
        """The app is quitting: remember where the reviewer was and wait for every commit."""
        if self.model is not None and not self._switching:
            self.submit(RememberPosition(self.article_id, self.cursor))
        await self.settle()
