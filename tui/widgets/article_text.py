"""The article text with every span painted in its label colour, rendered line by line.

Wrapping is computed once per article and width; each visual line's Strip is cached
and only the lines a change touches are dropped, so a key press on a 20,000-character
article with hundreds of spans repaints a handful of lines, not the whole text.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotate.models import SpanRecord
from annotate.text.visible import same_length
from tui.widgets.wrap import wrap_offsets

def contrast(colour: str) -> str:
    """Black or white, whichever reads better on the hex colour."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if (0.299 * r + 0.587 * g + 0.114 * b) > 140 else "#ffffff"


def span_style(colour: str, status: str, current: bool) -> Style:
    """Suggested: underlined label colour; accepted: solid; edited: solid italic; rejected: struck and dim."""
    if status == "suggested":
        style = Style(color=colour, underline=True)
    elif status == "rejected":
        style = Style(color=colour, strike=True, dim=True)
    else:
        style = Style(color=contrast(colour), bgcolor=colour, italic=status == "edited")
    if current:
        style += Style(reverse=True, bold=True)
    return style


class ArticleText(ScrollView, can_focus=True):
    """Read-only article view: spans by status and label, furniture dimmed, a current span and a cursor.

    | Part | Look |
    | :- | :- |
    | suggested span | label colour, underlined |
    | accepted span | solid label colour |
    | edited span | solid label colour, italic |
    | rejected span | label colour, struck through, dim |
    | current span | reversed and bold |
    | furniture, outside the article | dim italic |

    A two-cell gutter marks the lines of the current span (▶) or of a new span (+).
    """

    GUTTER = 2

    COMPONENT_CLASSES = {"article-text--furniture", "article-text--cursor", "article-text--selection"}

    DEFAULT_CSS = """
    ArticleText {
        height: 1fr;
        scrollbar-gutter: stable;
        background: $surface;
        color: $foreground;
    }
    ArticleText > .article-text--furniture { color: $text-disabled; text-style: italic; }
    ArticleText > .article-text--cursor { text-style: reverse underline; }
    ArticleText > .article-text--selection { background: $foreground; color: $background; text-style: bold; }
    """

    @dataclass
    class WordClicked(Message):
        """The reviewer clicked the text at this character offset."""

        offset: int

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None):
        super().__init__(name=name, id=id, classes=classes)
        self._text = ""
        self._display = ""
        self._region = (0, 0)
        self._furniture: list[tuple[int, int]] = []
        self._colours: dict[str, str] = {}
        self._spans: list[SpanRecord] = []
        self._by_id: dict[int, SpanRecord] = {}
        self._starts: list[int] = []
        self._max_len = 0
        self._lines: list[tuple[int, int]] = [(0, 0)]
        self._line_starts: list[int] = [0]
        self._wrap_width = 0
        self._cache: dict[int, Strip] = {}
        self._styles: dict[tuple, Style] = {}
        self.current_id: int | None = None
        """Id of the span the reviewer is on (painted reversed)."""
        self.cursor: tuple[int, int] | None = None
        """The cursor word (start, end), painted when no span is current."""
        self.selection: tuple[int, int] | None = None
        """A new span being drawn, (start, end)."""

    # -- content -----------------------------------------------------------
    @property
    def text(self) -> str:
        return self._text

    @property
    def spans(self) -> list[SpanRecord]:
        """Spans by (start, end, id)."""
        return self._spans

    @property
    def article_region(self) -> tuple[int, int]:
        return self._region

    def load(self, text: str, region: tuple[int, int], furniture: Iterable[tuple[int, int]], spans: list[SpanRecord], colours: dict[str, str]) -> None:
        """Show a new article (one wrap of the whole text)."""
        self._text = text
        self._display = same_length(text)  # one placeholder per hidden character: offsets index both
        self._region = tuple(region)
        self._furniture = [tuple(r) for r in furniture]
        self._colours = dict(colours)
        self._styles.clear()
        self._set_spans(spans)
        self.current_id = None
        self.cursor = None
        self.selection = None
        self._wrap_width = 0
        self._relayout()
        self.scroll_to(y=0, animate=False, immediate=True)

    def _set_spans(self, spans: list[SpanRecord]) -> None:
        self._spans = sorted(spans, key=lambda s: (s.start, s.end, s.id))
        self._by_id = {s.id: s for s in self._spans}
        self._starts = [s.start for s in self._spans]
        self._max_len = max((s.end - s.start for s in self._spans), default=0)

    def update_spans(self, spans: list[SpanRecord]) -> list[int]:
        """Replace the spans, repainting only the lines of those that changed; returns changed ids by position."""
        old = self._by_id
        new = {s.id: s for s in spans}
        changed: list[SpanRecord] = []
        for span_id in old.keys() | new.keys():
            before, after = old.get(span_id), new.get(span_id)
            if before is None or after is None or _key(before) != _key(after):
                for span in (before, after):
                    if span is not None:
                        self._invalidate(span.start, span.end)
                changed.append(after or before)
        self._set_spans(spans)
        changed.sort(key=lambda s: (s.start, s.end, s.id))
        return [s.id for s in changed]

    def set_region(self, region: tuple[int, int]) -> None:
        if tuple(region) != self._region:
            self._region = tuple(region)
            self._cache.clear()
            self.refresh()

    def show(self, current_id: int | None, cursor: tuple[int, int] | None, selection: tuple[int, int] | None = None) -> None:
        """Move the highlights, repaint the lines they leave and enter, and scroll them into view."""
        for a, b in self._marked_ranges():
            self._invalidate(a, b)
        self.current_id = current_id if current_id in self._by_id else None
        self.cursor = cursor
        self.selection = selection
        for a, b in self._marked_ranges():
            self._invalidate(a, b)
        if self.selection is not None:
            target = self.selection
        elif self.current_id is not None:
            span = self._by_id[self.current_id]
            target = (span.start, span.end)
        else:
            target = self.cursor
        if target is not None:
            self.scroll_into_view(*target)

    def _marked_ranges(self) -> list[tuple[int, int]]:
        ranges = []
        if self.current_id is not None and self.current_id in self._by_id:
            span = self._by_id[self.current_id]
            ranges.append((max(0, span.start - 1), span.end + 1))
        for extra in (self.cursor, self.selection):
            if extra is not None:
                ranges.append(extra)
        return ranges

    # -- geometry ----------------------------------------------------------
    def line_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._line_starts, offset) - 1)

    def line_range(self, line: int) -> tuple[int, int]:
        return self._lines[max(0, min(line, len(self._lines) - 1))]

    @property
    def line_count(self) -> int:
        return len(self._lines)

    @property
    def page_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def offset_at(self, line: int, column: int) -> int:
        """Character offset shown at a line and cell column (clamped to the line)."""
        start, end = self.line_range(line)
        return min(start + max(0, column), max(start, end - 1))

    def scroll_into_view(self, start: int, end: int) -> None:
        """Scroll so the range is on screen, a third down the page when it has to move."""
        first, last = self.line_of(start), self.line_of(max(start, end - 1))
        top, height = round(self.scroll_y), self.page_height
        if first < top or last >= top + height:
            self.scroll_to(y=max(0, first - height // 3), animate=False, immediate=True)

    def spans_between(self, start: int, end: int) -> list[SpanRecord]:
        """Spans that share at least one character with [start, end)."""
        low = bisect.bisect_left(self._starts, start - self._max_len)
        high = bisect.bisect_left(self._starts, end)
        return [s for s in self._spans[low:high] if s.end > start and s.start < end]

    def span_at(self, offset: int) -> SpanRecord | None:
        """The span under offset, a live one before a rejected one."""
        found = self.spans_between(offset, offset + 1)
        if not found:
            return None
        return min(found, key=lambda s: (s.status == "rejected", s.start))

    def on_resize(self) -> None:
        self._relayout()

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width - self.GUTTER
        if width <= 0:
            return
        if width != self._wrap_width:
            self._wrap_width = width
            self._lines = wrap_offsets(self._display, width) or [(0, 0)]
            self._line_starts = [start for start, _ in self._lines]
            self._cache.clear()
            self.virtual_size = Size(width + self.GUTTER, len(self._lines))
            marked = self._marked_ranges()
            if marked:
                self.call_after_refresh(self.scroll_into_view, *marked[0])
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        self._styles.pop(("overlays",), None)

    # -- painting ----------------------------------------------------------
    def _invalidate(self, start: int, end: int) -> None:
        first, last = self.line_of(start), self.line_of(max(start, end - 1))
        for line in range(first, last + 1):
            self._cache.pop(line, None)
        self.refresh_lines(first, last - first + 1)

    def render_line(self, y: int) -> Strip:
        line = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        if line >= len(self._lines) or not self._text:
            return Strip.blank(width, self.rich_style)
        strip = self._cache.get(line)
        if strip is None:
            strip = Strip.join([self._gutter(line), self._render_text_line(line)]).crop_extend(0, width, self.rich_style)
            self._cache[line] = strip
        return strip

    def _gutter(self, line: int) -> Strip:
        start, end = self._lines[line]
        end = max(end, start + 1)
        marker, colour = "  ", None
        if self.selection is not None and self.selection[0] < end and start < self.selection[1]:
            marker = "+ "
        elif self.current_id is not None and self.current_id in self._by_id:
            span = self._by_id[self.current_id]
            if span.start < end and start < span.end:
                marker, colour = "▶ ", self._colours.get(span.label)
        style = self.rich_style + Style(color=colour, bold=True) if colour else self.rich_style + Style(bold=True)
        return Strip([Segment(marker, style)], self.GUTTER)

    def _render_text_line(self, line: int) -> Strip:
        start, end = self._lines[line]
        base = self.rich_style
        if start == end:
            return Strip.blank(0, base)
        spans = self.spans_between(start, end)
        cuts = {start, end, *self._region}
        for a, b in self._furniture:
            cuts.update((a, b))
        for span in spans:
            cuts.update((span.start, span.end))
        for extra in (self.cursor, self.selection):
            if extra:
                cuts.update(extra)
        brackets = self._bracket_positions()
        for at in brackets:
            cuts.update((at, at + 1))
        points = sorted(c for c in cuts if start <= c <= end)
        furniture_style, cursor_style, selection_style = self._overlay_styles()
        segments = []
        for a, b in zip(points, points[1:]):
            style = base
            if not (self._region[0] <= a < self._region[1]) or any(fa <= a < fb for fa, fb in self._furniture):
                style += furniture_style
            covering = [s for s in spans if s.start <= a < s.end]
            if covering:
                span = min(covering, key=lambda s: (s.status == "rejected", s.start))
                style += self._span_style(span)
            if self.selection and self.selection[0] <= a < self.selection[1]:
                style += selection_style
            elif self.current_id is None and self.cursor and self.cursor[0] <= a < self.cursor[1]:
                style += cursor_style
            if a in brackets:
                segments.append(Segment(brackets[a], base + self._bracket_style()))
                continue
            segments.append(Segment(self._display[a:b], style))
        return Strip(segments)

    def _bracket_positions(self) -> dict[int, str]:
        """The spaces just outside the current span, drawn as [ and ] (same width, so offsets hold)."""
        if self.current_id is None or self.current_id not in self._by_id or self.selection is not None:
            return {}
        span = self._by_id[self.current_id]
        marks = {}
        if span.start > 0 and self._display[span.start - 1] == " ":
            marks[span.start - 1] = "["
        if span.end < len(self._display) and self._display[span.end] == " ":
            marks[span.end] = "]"
        return marks

    def _bracket_style(self) -> Style:
        span = self._by_id.get(self.current_id)
        return Style(color=self._colours.get(span.label, "#888888") if span else None, bold=True)

    def _overlay_styles(self) -> tuple[Style, Style, Style]:
        styles = self._styles.get(("overlays",))
        if styles is None:
            styles = self._styles[("overlays",)] = (
                self.get_component_rich_style("article-text--furniture"),
                self.get_component_rich_style("article-text--cursor", partial=True),
                self.get_component_rich_style("article-text--selection"),
            )
        return styles

    def _span_style(self, span: SpanRecord) -> Style:
        key = (span.label, span.status, span.id == self.current_id)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = span_style(self._colours.get(span.label, "#888888"), span.status, key[2])
        return style

    def on_click(self, event) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._text:
            return
        line = round(self.scroll_y) + offset.y
        if line < len(self._lines) and offset.x >= self.GUTTER:
            self.post_message(self.WordClicked(self.offset_at(line, offset.x - self.GUTTER)))


def _key(span: SpanRecord) -> tuple:
    return (span.start, span.end, span.label, span.status, tuple(sorted((k, str(v)) for k, v in span.attrs.items())))
