"""The review screen's decisions: shown at once on the screen's own model, committed in order by one worker.

A mixin of ReviewScreen. decide() applies a decision to the ArticleModel the
moment its key is pressed, so what the reviewer sees is what the next key acts
on, however far the database lags; the drain worker then commits the queued
decisions one at a time and posts what each changed (DecisionApplied), or why
it was refused (DecisionFailed). Handlers are named on_* (Textual collects @on
handlers only from its own classes, not from mixins).
"""
from __future__ import annotations

from textual import work

from annotate.errors import AnnotateError, SpanError
from annotate.services.article_model import Effect
from annotate.services.decisions import AddSpan, Decision, Done, with_span_ids
from annotate.services.outcomes import Change
from tui.messages import DecisionApplied, DecisionFailed
from tui.safe_text import safe_plain


def _message(error: BaseException) -> str:
    return str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)


class ReviewCommits:
    """decide, submit and the drain worker; what a committed or refused decision changes on screen."""

    def decide(self, decision: Decision) -> Effect | None:
        """Show the decision at once and queue it for the database; None (and a warning) when it is refused."""
        if self.model is None:
            return None
        try:
            effect = self.model.apply(decision)
        except (SpanError, KeyError, ValueError) as error:
            self.notify(_message(error), title="Not done", severity="warning", timeout=4, markup=False)
            return None
        self.submit(decision)
        self._show_effect(effect)
        return effect

    def _show_effect(self, effect: Effect) -> None:
        touched = [(s.start, s.end) for s in effect.changed + effect.previous]
        self.text_view.set_spans(self.model.spans, touched)
        if effect.region is not None:
            self.text_view.set_region(effect.region)
        if effect.status is not None:
            self._show_header()

    def submit(self, decision: Decision) -> None:
        """Queue a decision for the drain worker (started when none is running)."""
        if self._decisions.put(decision):
            self._drain()

    @work(thread=True, exclusive=True, exit_on_error=False, group="decisions")
    def _drain(self) -> None:
        """Apply queued decisions in order; each is committed by the service before the next."""
        while (decision := self._decisions.take()) is not None:
            try:
                change = with_span_ids(decision, self._stored_ids).apply(self.service)
            except (AnnotateError, KeyError, ValueError) as error:
                self.post_message(DecisionFailed(decision, _message(error)))
                continue
            except Exception as error:  # keep draining: one bug must not swallow later decisions
                self.post_message(DecisionFailed(decision, f"{type(error).__name__}: {error}"))
                continue
            if isinstance(decision, AddSpan) and change.span is not None:
                self._stored_ids[decision.provisional_id] = change.span.id
            self.post_message(DecisionApplied(decision, change))

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until every submitted decision is committed and shown (before leaving the screen or opening a modal)."""
        await self._decisions.settled(timeout)

    def on_decision_applied(self, message: DecisionApplied) -> None:
        try:
            if isinstance(message.decision, Done):
                self._finished(message.change.next_article)
            elif self.model is not None and message.decision.article_id == self.article_id:
                self._confirmed(message.decision, message.change)
        finally:
            self._decisions.shown()

    def _confirmed(self, decision: Decision, change: Change) -> None:
        effect = self.model.confirm(decision, change)
        if self.current_id in effect.renamed:
            self.current_id = effect.renamed[self.current_id]
        if not effect.empty or effect.renamed:
            self._show_effect(effect)
            if self.current_id is not None and self.model.span(self.current_id) is None:
                self._go_to(self.text_view.span_at(self.cursor))
            self._sync()
        if self.model.diverged and not self.model.waiting:
            self._reload()

    def on_decision_failed(self, message: DecisionFailed) -> None:
        try:
            self.notify(safe_plain(message.error), title="Not saved", severity="error", markup=False)
            if isinstance(message.decision, Done):
                self._switching = False
            if self.model is not None and message.decision.article_id == self.article_id:
                self.model.refused(message.decision)
                if not self.model.waiting:
                    self._reload()
            self._sync()
        finally:
            self._decisions.shown()

    def _finished(self, next_id: int | None) -> None:
        if next_id is None:
            self._switching = False
            self.notify("Article done. Every article of the queue is done.", timeout=3, markup=False)
            self.app.pop_screen()
            return
        self.open_article(next_id)
