"""The review screen's side panel: the current span, the article's progress and the label legend.

Both panels have fixed heights and render plain Rich Text, so updating them on a key
press repaints two small regions and never asks the screen for a new layout. The span
panel's why row says how sure the pre-annotator was and which sources fired.
"""
from __future__ import annotations

import textwrap

from rich.text import Text
from textual.widget import Widget

from annotate.schema import Schema
from annotate.models import SpanRecord
from annotate.text.visible import visible
from tui.safe_text import safe_line, safe_text
from tui.widgets.article_text import contrast, span_style

NAME_WIDTH = 10
VALUE_WIDTH = 28
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
    """A widget showing one Text; set_text repaints only when the text changed, without a relayout."""

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._text = Text()

    def set_text(self, text: Text) -> None:
        if text.plain != self._text.plain or text.spans != self._text.spans:
            self._text = text
            self.refresh()

    def render(self) -> Text:
        return self._text


def _row(text: Text, name: str, value: Text | str, style: str = "") -> None:
    """name, then value wrapped under itself (a hanging indent, not back to column 0); both shown with visible placeholders."""
    text.append(f"{visible(name):<{NAME_WIDTH}}", style="bold")
    value = Text(visible(value.plain), style=value.style) if isinstance(value, Text) else visible(str(value))
    if isinstance(value, Text) and len(value.plain) <= VALUE_WIDTH:
        text.append(value)
    else:
        plain = value.plain if isinstance(value, Text) else str(value)
        value_style = value.style if isinstance(value, Text) else style
        lines = textwrap.wrap(plain, VALUE_WIDTH, break_long_words=True, break_on_hyphens=False) or [""]
        text.append(lines[0], style=value_style)
        for line in lines[1:]:
            text.append("\n" + " " * NAME_WIDTH)
            text.append(line, style=value_style)
    text.append("\n")


class SpanPanel(TextPanel):
    """Label, status, text, why (confidence and provenance) and every schema attribute of the current span
    (— when unset). At least 13 rows high: on a 24-row terminal the span comes before the progress counts."""

    DEFAULT_CSS = """
    SpanPanel { height: 1fr; min-height: 13; padding: 0 1; border: round $primary; border-title-color: $text; }
    """

    def show_span(self, span: SpanRecord | None, mention: str, schema: Schema, position: int, total: int, hint: str = "") -> None:
        """Describe span (its position among total spans), or say how to reach one."""
        body = Text()
        if span is None:
            self.border_title = f"Span – of {total}"
            if hint:
                body.append(visible(hint, multiline=True), style="bold")
            else:
                body.append("No span at the cursor.\n", style="italic")
                body.append("tab / n: next span · s: new span here", style="dim")
            self.set_text(body)
            return
        label = schema.label(span.label) if span.label in schema.label_names else None
        colour = label.colour if label else "#888888"
        _row(body, "label", safe_text(f" {span.label} ", style=f"bold {contrast(colour)} on {colour}"))
        _row(body, "status", safe_text(span.status, style=span_style(colour, span.status, False)))
        _row(body, "text", safe_line(mention, 60, style="bold"))
        _row(body, "offsets", f"{span.start}–{span.end} ({span.origin})")
        _row(body, "why", why(span))
        names = label.attribute_names() if label else ()
        for name in names:
            value = span.attrs.get(name)
            _row(body, name, safe_text(value) if value not in (None, "") else Text("—", style="dim"))
        for name, value in span.attrs.items():
            if name not in names:
                _row(body, name, str(value))
        if hint:
            body.append("\n" + visible(hint, multiline=True), style="bold")
        self.border_title = f"Span {position} of {total}"
        self.set_text(body)


class ProgressPanel(TextPanel):
    """This annotator's counts on the article and the label legend with their keys."""

    DEFAULT_CSS = """
    ProgressPanel { height: 17; padding: 0 1; border: round $primary; border-title-color: $text; }
    """

    def on_mount(self) -> None:
        self.border_title = "Article"

    def show_progress(self, counts: dict[str, int], status: str, schema: Schema, last_action: str = "") -> None:
        total = sum(counts.values())
        decided = total - counts.get("suggested", 0)
        body = Text()
        _row(body, "status", status.replace("_", " "))
        for name in ("suggested", "accepted", "edited", "rejected"):
            _row(body, name, str(counts.get(name, 0)))
        percent = f"{100 * decided // total}%" if total else "–"
        _row(body, "reviewed", f"{decided}/{total} ({percent})")
        _row(body, "last", safe_text(last_action or "—", style="italic" if last_action else "dim"))
        body.append("\n")
        for label in schema.labels:
            body.append(f" {label.key} ", style="bold reverse")
            body.append(" ")
            body.append(f" {label.name} ", style=f"{contrast(label.colour)} on {label.colour}")
            body.append("\n")
        body.append("sugg", style=span_style("#888888", "suggested", False))
        body.append("  ")
        body.append("acc", style=span_style("#888888", "accepted", False))
        body.append("  ")
        body.append("edit", style=span_style("#888888", "edited", False))
        body.append("  ")
        body.append("rej", style=span_style("#888888", "rejected", False))
        self.set_text(body)
