"""The review screen's modals: gazetteer (g), attributes (e), find (/), label rules (?), finishing (d).

A mixin of ReviewScreen. Each modal opens after every queued decision is
committed (settle), so it shows the span as stored, and its result is one more
decision through ReviewScreen.decide. Handlers are named on_* (Textual collects
@on handlers only from its own classes, not from mixins).
"""
from __future__ import annotations

from textual import work

from annotate.guidelines import guidelines_text
from annotate.services.decisions import SetAttributes
from tui.messages import PlaceRemembered
from tui.screens.article_search import ArticleSearch
from tui.screens.attributes import AttributesModal
from tui.screens.finish import FinishDialog
from tui.screens.guideline import GuidelineScreen
from tui.screens.help import GuidelineLink
from tui.screens.suggestions import SuggestionChoice, SuggestionsModal
from tui.text_search import FoldedText


class ReviewModals:
    """Actions that ask the reviewer something in a modal, then decide."""

    _folded: FoldedText | None = None

    def reset_search(self) -> None:
        """A new article: the folded text for `/` is built again on first use."""
        self._folded = None

    def _label_of(self, span):
        return self.schema.label(span.label) if span.label in self.schema.label_names else None

    @work(exclusive=True, group="modal", exit_on_error=False)
    async def action_suggestions(self) -> None:
        await self.settle()
        span = self._need_span()
        if span is None:
            return
        label = self._label_of(span)
        if label is None or not any(a.gazetteer == "places" for a in label.attributes):
            self.notify(f"Gazetteer suggestions are for place spans; this one is {span.label}.", severity="warning", markup=False)
            return
        if self.lookup is None:
            self.notify("No gazetteer lookup available.", severity="error", markup=False)
            return
        mention = self.model.text[span.start : span.end]
        choice: SuggestionChoice | None = await self.app.push_screen_wait(SuggestionsModal(mention, self.lookup.places))
        if choice is None or self.current_span() is None:
            return
        span = self.current_span()
        if self.decide(SetAttributes(self.article_id, span.id, choice.suggestion.applied_to(span.attrs))) is not None:
            self.last_action = f"{self._mention(span)} is {choice.suggestion.canonical}"
            self._sync()
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

    def on_place_remembered(self, message: PlaceRemembered) -> None:
        if message.error:
            self.notify(message.error, title="Gazetteer not updated", severity="error", markup=False)
        elif message.added:
            self.notify(f"Gazetteer: “{message.name}” → {message.canonical} saved.", timeout=3, markup=False)
        else:
            self.notify(f"Gazetteer already knows “{message.name}” → {message.canonical}.", timeout=3, markup=False)

    @work(exclusive=True, group="modal", exit_on_error=False)
    async def action_edit_attributes(self) -> None:
        await self.settle()
        span = self._need_span()
        if span is None:
            return
        label = self._label_of(span)
        if label is None or not label.attributes:
            self.notify(f"{span.label} has no attributes in the schema.", severity="warning", markup=False)
            return
        mention = self.model.text[span.start : span.end]
        values = await self.app.push_screen_wait(AttributesModal(label, span.attrs, mention))
        span = self.current_span()
        if values is None or span is None:
            return
        known = set(label.attribute_names())
        merged = {k: v for k, v in span.attrs.items() if k not in known}
        merged.update(values)
        if self.decide(SetAttributes(self.article_id, span.id, merged)) is not None:
            self.last_action = f"attributes of {self._mention(span)}"
            self._sync()

    @work(exclusive=True, group="modal", exit_on_error=False)
    async def action_search(self) -> None:
        if self.model is None or self.selection is not None:
            return
        if self._folded is None:
            self._folded = FoldedText.of(self.model.text)
        modal = ArticleSearch(self.model.text, self._folded, self.cursor, self.search_query)
        found = await self.app.push_screen_wait(modal)
        self.search_query = modal.query_text
        if found is None or self.model is None:
            return
        self.cursor = found[0]
        under = self.text_view.span_at(found[0])
        self.current_id = under.id if under is not None and under.start <= found[0] < under.end else None
        self._sync()

    def guideline_links(self) -> list[GuidelineLink]:
        """For F1 help: each label's rules under its key, and the whole guidelines under g."""
        links = [GuidelineLink(label.key, f"{label.name} rules", label.guideline or label.description, label.description) for label in self.schema.labels]
        links.append(GuidelineLink("g", "All guidelines", guidelines_text(), "GUIDELINES.md: what is annotated, every label, offsets"))
        return links

    def action_guideline(self) -> None:
        """? on a span: its label's rules; with no span: every key of the screen."""
        span = self.current_span()
        label = self._label_of(span) if span is not None else None
        if label is None:
            self.app.action_help()
            return
        rules = label.guideline or label.description
        footer = "\n\n---\n\n*F1: every key of this screen, and the other labels' rules.*"
        self.app.push_screen(GuidelineScreen(f"{label.name}: how to annotate", rules + footer))

    @work(exclusive=True, group="modal", exit_on_error=False)
    async def action_done(self) -> None:
        """Done; when suggestions are still open, ask first whether to accept them, drop them or keep reviewing."""
        if self.model is None:
            return
        self.selection = None
        counts = self.model.counts()
        rest = None
        if counts["suggested"]:
            title = self.model.article.title or f"#{self.article_id}"
            rest = await self.app.push_screen_wait(FinishDialog(counts["suggested"], len(self.model.spans), title))
            if rest is None:
                self._sync()
                return
        self.finish_article(rest)
