"""A form for the current span's attributes, generated from its label in schema.yaml."""
from __future__ import annotations

import re
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Select, Static

from annotate.schema import Label as SchemaLabel
from tui.safe_text import safe_plain, safe_text
from tui.widgets.safe_input import SafeInput

_INT = re.compile(r"^-?\d+$")


def parse_number(text: str) -> int | float:
    """'1200' -> 1200, '0.125' -> 0.125; ValueError otherwise."""
    text = text.strip()
    return int(text) if _INT.match(text) else float(text)


class AttributesModal(ModalScreen[dict[str, Any] | None]):
    """Select for choice attributes, Input for text and number; dismisses with the new attrs or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the attributes (enter in a field does too).", id="attributes.save"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving.", id="attributes.cancel"),
    ]

    DEFAULT_CSS = """
    AttributesModal { align: center middle; }
    AttributesModal > VerticalScroll { width: 80; height: auto; max-height: 90%; border: thick $primary; background: $panel; padding: 0 1; }
    AttributesModal .field { height: 1; margin-top: 1; }
    AttributesModal .field > Label { width: 14; text-style: bold; }
    AttributesModal .field > Input, AttributesModal .field > Select { width: 1fr; }
    AttributesModal .help { color: $text-muted; padding: 0 0 0 14; }
    AttributesModal #attributes-hint { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, label: SchemaLabel, attrs: dict[str, Any], mention: str):
        super().__init__()
        self.label = label
        self.attrs = dict(attrs)
        self.mention = mention

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = safe_text(f"{self.label.name} attributes of “{self.mention}”")
            for attribute in self.label.attributes:
                value = self.attrs.get(attribute.name)
                with Horizontal(classes="field"):
                    yield Label(safe_text(attribute.name))
                    if attribute.type == "choice":
                        choices = list(attribute.choices)
                        if value not in (None, "") and str(value) not in choices:
                            choices.append(str(value))
                        yield Select(
                            [(safe_text(c), c) for c in choices], prompt="—", allow_blank=True,
                            value=str(value) if value not in (None, "") else Select.NULL, id=f"attr-{attribute.name}", compact=True,
                        )
                    else:
                        yield SafeInput(
                            "" if value is None else str(value), placeholder=attribute.type,
                            type="number" if attribute.type == "number" else "text", id=f"attr-{attribute.name}", compact=True,
                        )
                if attribute.help:
                    yield Static(safe_text(attribute.help, multiline=True), classes="help")
            yield Static("enter or ctrl+s saves · esc cancels · tab next field", id="attributes-hint")
        yield Footer()

    def on_mount(self) -> None:
        fields = self.query(".field > Input, .field > Select")
        if fields:
            fields.first().focus()

    def values(self) -> dict[str, Any]:
        """The form as attrs (empty fields left out); ValueError names a bad number."""
        result: dict[str, Any] = {}
        for attribute in self.label.attributes:
            widget = self.query_one(f"#attr-{attribute.name}")
            if isinstance(widget, Select):
                if widget.value is not Select.NULL and widget.value not in (None, ""):
                    result[attribute.name] = widget.value
                continue
            text = widget.value.strip()
            if not text:
                continue
            if attribute.type == "number":
                try:
                    result[attribute.name] = parse_number(text)
                except ValueError:
                    raise ValueError(f"{attribute.name}: {text!r} is not a number") from None
            else:
                result[attribute.name] = text
        return result

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        try:
            values = self.values()
        except ValueError as error:
            self.notify(safe_plain(error), severity="error", markup=False)
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
