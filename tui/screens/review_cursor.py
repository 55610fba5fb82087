"""The review screen's cursor: arrow keys, a new span drawn with `s` or the mouse, clicks, `<` and `>`.

A mixin of ReviewScreen (it uses the screen's model, text view and decide()).
Message handlers are named on_* because Textual collects @on handlers only from
its own classes, not from mixins.
"""
from __future__ import annotations

import bisect

from annotate.services.decisions import AddSpan, MoveBoundary
from annotate.services.span_rules import spans_outside
from annotate.text.visible import visible
from tui.widgets.article_text import ArticleText
from tui.word_motion import move_selection_edge, next_word_start, stretch_selection


class ReviewCursor:
    """Keys and mouse that move the cursor or draw a new span; a label key or enter ends the span."""

    def action_new_span(self) -> None:
        if self.selection is not None or self.model is None:
            return
        word = self.cursor_word()
        if word is None:
            self.app.bell()
            self.say("no word at the cursor")
            self._sync()
            return
        self.selection = word
        self.current_id = None
        self.cursor = word[0]
        self._sync()

    def _finish_new_span(self, label: str) -> None:
        start, end = self.selection
        self.selection = None
        self.last_label = label
        decision = AddSpan(self.article_id, start, end, label, provisional_id=self.model.provisional_id())
        effect = self.decide(decision)
        if effect is not None:
            self._go_to(self.model.span(effect.focus))
            self.last_action = f"added {self._mention(self.current_span())} as {label}"
        self._sync()

    def move_selection(self, edge: str) -> None:
        self.selection = move_selection_edge(self.model.grid, self.selection, edge)
        self.cursor = self.selection[0]
        self._sync()

    def action_cursor(self, direction: str) -> None:
        if self.model is None or not self.model.grid.starts:
            return
        grid = self.model.grid
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

    def on_article_text_word_clicked(self, message: ArticleText.WordClicked) -> None:
        """A click selects the span under it, or puts the cursor on the word."""
        if self.selection is not None or self._switching or self.model is None:
            return
        under = self.text_view.span_at(message.offset)
        word = self.model.grid.word_at(message.offset)
        if under is not None:
            self._go_to(under)
        elif word is not None:
            self.cursor, self.current_id = word[0], None
        else:
            return
        self._sync()

    def on_article_text_dragged(self, message: ArticleText.Dragged) -> None:
        """A drag over words draws a new span over them; a label key or enter then ends it (esc cancels)."""
        if self._switching or self.model is None:
            return
        grid = self.model.grid
        low, high = sorted((message.anchor, message.offset))
        first, last = grid.word_at(low), grid.word_at(high)
        if first is None:
            return
        if last is not None and last[0] <= high:
            end = last[1]
        else:  # the drag ended between words: up to the last word it reached
            before = bisect.bisect_right(grid.ends, high) - 1
            end = grid.ends[before] if before >= 0 else first[1]
        self.selection = (first[0], max(first[1], end))
        self.current_id = None
        self.cursor = self.selection[0]
        self._sync()  # the span panel says which keys end the new span

    # -- the article boundary, at the cursor word ------------------------------
    def _move_boundary(self, edge: str) -> None:
        if self.model is None:
            return
        before = self.model.region
        effect = self.decide(MoveBoundary(self.article_id, edge, self.cursor))
        if effect is None:
            return
        if effect.region is None:
            self.last_action = f"the article already {'starts' if edge == 'start' else 'ends'} there"
        else:
            self.last_action = self._describe_boundary(before, effect.region)
        self._sync()

    def _describe_boundary(self, before: tuple[int, int], region: tuple[int, int]) -> str:
        text = self.model.text
        if region[0] != before[0]:
            where = f"starts at “{visible(text[region[0] : region[0] + 24]).strip()}…” ({region[0]})"
        else:
            where = f"ends after “…{visible(text[max(0, region[1] - 24) : region[1]]).strip()}” ({region[1]})"
        outside = len(spans_outside(self.model.spans, region))
        left_out = f"; {outside} span{'s' if outside != 1 else ''} now outside it" if outside else ""
        return f"article {where}{left_out}"

    def action_region_start(self) -> None:
        self._move_boundary("start")

    def action_region_end(self) -> None:
        self._move_boundary("end")
