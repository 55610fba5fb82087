"""The review screen's panels: the current span, the article's progress and the label legend.

SpanPanel lists the span as rows (name, value): label, status, text, offsets, then
every schema attribute; a new row is one more entry in `span_rows`. Wide, the rows
stand in a column beside the text; narrow (under the text on a small terminal), the
same rows run on as `name value · name value` lines so the attributes stay visible.
Both panels render plain Rich Text and repaint only when their text changed.
The span's why row says how sure the pre-annotator was and which sources fired.
"""
from __future__ import annotations

import textwrap

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from annotate.models import SpanRecord
from annotate.schema import Schema
from annotate.text.visible import visible
from tui.safe_text import safe_line
from tui.widgets.article_text import span_style
from tui.widgets.colours import text_on

NAME_WIDTH = 10
VALUE_WIDTH = 28
LEGEND_BACKGROUND = "#808080"
"""What the status samples of the legend are drawn against: a middle grey reads on both themes."""

UNSURE = 0.6
"""Below this confidence the why row is drawn bold: a suggestion to read twice."""


def confidence_text(confidence: float) -> str:
    """Two decimals, three where two would round to a certainty the table never claims (0.999, not 1.00)."""
    short = f"{confidence:.2f}"
    return f"{confidence:.3f}" if short in ("1.00", "0.00") else short


def why(span: SpanRecord) -> Text:
    """Confidence and provenance in plain words: "0.82 · rule title-before-name · gazetteer cn-450000 · model B-LOC".

    Sources come from data files (gazetteer ids, user gazetteers), so the row goes through visible() like any value.
    """
    parts = [confidence_text(span.confidence)] if span.confidence is not None else []
    parts += [visible(source.describe()).replace(" ", "\u00a0") for source in span.provenance]  # wrap between sources only
    if not parts:
        return Text("added by hand" if span.origin == "human" else "—", style="dim")
    unsure = span.confidence is not None and span.confidence < UNSURE
    return Text(" · ".join(parts), style="bold" if unsure else "")


class TextPanel(Widget):
    """A widget showing one Text, drawn line by line: set_text repaints only the lines that changed.

    The text is wrapped to the width once per change and each line becomes a Strip on
    demand, so moving to the next span repaints the few lines that differ and never asks
    the screen for a new layout.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._text = Text()
        self._lines: list[Text] = []
        self._strips: dict[int, Strip] = {}
        self._wrapped_at = 0
        self._shown_for: tuple | None = None
        self._background_hex: str | None = None

    def unchanged(self, *inputs: object) -> bool:
        """True when the panel already shows these inputs (a key that changes nothing here costs nothing)."""
        if inputs == self._shown_for:
            return True
        self._shown_for = inputs
        return False

    def background(self) -> str:
        """The panel's background colour as #rrggbb (what label colours are shaded against)."""
        if self._background_hex is None:
            colour = self.rich_style.bgcolor
            triplet = colour.get_truecolor() if colour is not None else None
            self._background_hex = triplet.hex if triplet is not None else "#000000"
        return self._background_hex

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._background_hex = None
        self._shown_for = None
        self._strips.clear()

    def on_resize(self) -> None:
        self._wrap(self._text)
        self.refresh()

    def _wrap(self, text: Text) -> list[Text]:
        """The text as display lines at the current width (long lines wrapped)."""
        width = self.content_region.width
        self._wrapped_at = width
        self._lines = list(text.wrap(self.app.console, width)) if width > 0 else []
        self._strips.clear()
        return self._lines

    def set_text(self, text: Text) -> None:
        """Show text, repainting only the lines that differ from what is shown."""
        if text.plain == self._text.plain and text.spans == self._text.spans:
            return
        self._text = text
        if not self.is_mounted or self.content_region.width <= 0:
            return
        old = self._lines if self._wrapped_at == self.content_region.width else []
        new = self._wrap(text)
        width, height = self.content_region.size
        changed = [
            y for y in range(min(height, max(len(old), len(new))))
            if y >= len(old) or y >= len(new) or (old[y].plain, old[y].spans) != (new[y].plain, new[y].spans)
        ]
        if changed:
            self.refresh(*(Region(0, y, width, 1) for y in changed))

    def render(self) -> Text:
        """The whole text (what the panel shows; drawing goes line by line through render_line)."""
        return self._text

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        if self._wrapped_at != width:
            self._wrap(self._text)
        strip = self._strips.get(y)
        if strip is None:
            line = self._lines[y] if y < len(self._lines) else Text()
            segments = Segment.apply_style(line.render(self.app.console, end=""), self.rich_style)
            strip = self._strips[y] = Strip(segments).crop_extend(0, width, self.rich_style)
        return strip


def span_rows(span: SpanRecord, mention: str, schema: Schema, background: str) -> list[tuple[str, Text]]:
    """What the panel says about a span, as (name, value) rows in display order."""
    label = schema.label(span.label) if span.label in schema.label_names else None
    colour = label.colour if label else "#888888"
    rows = [
        ("label", Text(f" {visible(span.label)} ", style=f"bold {text_on(colour)} on {colour}")),
        ("status", Text(span.status, style=span_style(colour, span.status, False, background))),
        ("text", safe_line(mention, 60, style="bold")),
        ("offsets", Text(f"{span.start}–{span.end} ({span.origin})")),
        ("why", why(span)),
    ]
    names = label.attribute_names() if label else ()
    for name in names:
        value = span.attrs.get(name)
        rows.append((name, Text(visible(str(value))) if value not in (None, "") else Text("—", style="dim")))
    rows += [(visible(str(name)), Text(visible(str(value)))) for name, value in span.attrs.items() if name not in names]
    return rows


def _column(rows: list[tuple[str, Text]]) -> Text:
    """Rows as a column: name, then value wrapped under itself (a hanging indent, not back to column 0)."""
    text = Text()
    for name, value in rows:
        text.append(f"{visible(name):<{NAME_WIDTH}}", style="bold")
        if len(value.plain) <= VALUE_WIDTH:
            text.append(value)
        else:
            lines = textwrap.wrap(value.plain, VALUE_WIDTH, break_long_words=True, break_on_hyphens=False) or [""]
            text.append(lines[0], style=value.style)
            for line in lines[1:]:
                text.append("\n" + " " * NAME_WIDTH)
                text.append(line, style=value.style)
        text.append("\n")
    return text


def _run_on(rows: list[tuple[str, Text]], position: str) -> Text:
    """Rows for a narrow panel: label, status and text on the first line, the attributes after, a dot between."""
    text = Text()
    head = dict(rows)
    text.append(f"{position} ", style="dim")
    text.append(head["label"])
    text.append(" ")
    text.append(head["status"])
    text.append("  ")
    text.append(head["text"])
    text.append(f"  {head['offsets'].plain}", style="dim")
    text.append("\n")
    rest = [(name, value) for name, value in rows if name not in ("label", "status", "text", "offsets")]
    for n, (name, value) in enumerate(rest):
        if n:
            text.append("  ·  ", style="dim")
        text.append(f"{name} ", style="bold")
        text.append(value)
    return text


class SpanPanel(TextPanel):
    """Label, status, text, why (confidence and provenance) and every schema attribute of the current span
    (— when unset). At least 13 rows high: on a 24-row terminal the span comes before the progress counts."""

    DEFAULT_CSS = """
    SpanPanel { height: 17; padding: 0 1; border: round $primary; border-title-color: $text; }
    """

    compact = False
    """Rows run on (narrow terminals) instead of standing in a column."""

    def on_mount(self) -> None:
        self.border_title = "Span"

    def show_span(self, span: SpanRecord | None, mention: str, schema: Schema, position: int, total: int,
                  hint: str = "", footnote: str = "") -> None:
        """Describe span (its position among total spans), or say how to reach one; footnote goes last (dim)."""
        if self.unchanged(span, mention, position, total, hint, footnote, self.compact):
            return
        body = Text()
        if span is None:
            if hint:
                body.append(visible(hint, multiline=True), style="bold")
            else:
                body.append("No span at the cursor.  ", style="italic")
                body.append("tab/n: next span · s: new span here", style="dim")
        else:
            rows = span_rows(span, mention, schema, self.background())
            body = _run_on(rows, f"{position}/{total}") if self.compact else _column([("span", Text(f"{position} of {total}"))] + rows)
            if hint:
                body.append("\n" + visible(hint, multiline=True), style="bold")
        if footnote:
            body.append(("\n" if body.plain and not body.plain.endswith("\n") else "") + footnote, style="dim")
        self.set_text(body)


class ProgressPanel(TextPanel):
    """This annotator's counts on the article and the label legend with their keys."""

    DEFAULT_CSS = """
    ProgressPanel { height: 1fr; min-height: 17; padding: 0 1; border: round $primary; border-title-color: $text; }
    """

    def on_mount(self) -> None:
        self.border_title = "Article"

    def show_progress(self, counts: dict[str, int], status: str, schema: Schema, last_action: str = "") -> None:
        if self.unchanged(tuple(sorted(counts.items())), status, last_action):
            return
        total = sum(counts.values())
        decided = total - counts.get("suggested", 0)
        rows = [("status", Text(status.replace("_", " ")))]
        rows += [(name, Text(str(counts.get(name, 0)))) for name in ("suggested", "accepted", "edited", "rejected")]
        percent = f"{100 * decided // total}%" if total else "–"
        rows.append(("reviewed", Text(f"{decided}/{total} ({percent})")))
        rows.append(("last", Text(visible(last_action) or "—", style="italic" if last_action else "dim")))
        body = _column(rows)
        body.append("\n")
        for label in schema.labels:
            body.append(f" {label.key} ", style="bold reverse")
            body.append(" ")
            body.append(f" {label.name} ", style=f"{text_on(label.colour)} on {label.colour}")
            body.append("\n")
        for n, (name, status_name) in enumerate((("sugg", "suggested"), ("acc", "accepted"), ("edit", "edited"), ("rej", "rejected"))):
            body.append("  " if n else "")
            body.append(name, style=span_style(LEGEND_BACKGROUND, status_name, False, self.background()))
        self.set_text(body)


def progress_line(counts: dict[str, int], last_action: str) -> str:
    """The Article panel in one line, for the narrow layout."""
    total = sum(counts.values())
    decided = total - counts.get("suggested", 0)
    last = f"  ·  last: {visible(last_action)}" if last_action else ""
    return f"{decided}/{total} reviewed  ·  {counts.get('suggested', 0)} open{last}"
