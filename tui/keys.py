"""Every key of the app as posting-style Bindings (id, description, tooltip), and the keymap from schema.yaml.

Bindings carry the default keys of `annotate.schema.DEFAULT_KEYS`; the app then calls
`set_keymap(keymap(schema))` so a project that remaps a key in schema.yaml gets it
everywhere at once: in the bindings, the footer, the F1 help and the command palette.
"""
from __future__ import annotations

from textual.binding import Binding

from annotate.schema import DEFAULT_KEYS, Label, Schema

# schema.yaml action -> binding id (keymap target)
REVIEW_ACTIONS = (
    "next_span", "previous_span", "accept", "reject", "start_left", "start_right", "end_left", "end_right",
    "new_span", "suggestions", "edit_attributes", "undo", "accept_all", "done", "back",
)
APP_ACTIONS = ("help", "quit")


def binding_id(action: str) -> str:
    """The binding id a schema.yaml key action remaps ('accept' -> 'review.accept')."""
    return f"app.{action}" if action in APP_ACTIONS else f"review.{action}"


def _keys(action: str) -> str:
    return DEFAULT_KEYS[action]


APP_BINDINGS = [
    Binding(_keys("help"), "help", "Help", tooltip="Show every key of this screen.", id="app.help"),
    Binding(_keys("quit"), "quit", "Quit", tooltip="Quit; every decision is already saved.", id="app.quit"),
]

REVIEW_BINDINGS = [
    Binding(_keys("accept"), "accept", "Accept", tooltip="Accept the current span (or finish the new span) and go to the next.", id="review.accept", priority=True),
    Binding(_keys("reject"), "reject", "Reject", tooltip="Reject the current span and go to the next.", id="review.reject", priority=True),
    Binding(_keys("next_span"), "next_span", "Next", tooltip="Go to the next span.", id="review.next_span", priority=True),
    Binding(_keys("previous_span"), "previous_span", "Prev", tooltip="Go to the previous span.", id="review.previous_span", priority=True, show=False),
    Binding(_keys("new_span"), "new_span", "New span", tooltip="Start a span at the cursor word; arrows extend it, a label key or enter ends it.", id="review.new_span", priority=True),
    Binding(_keys("suggestions"), "suggestions", "Gazetteer", tooltip="Gazetteer matches for the current LOCALITY span.", id="review.suggestions", priority=True),
    Binding(_keys("edit_attributes"), "edit_attributes", "Attrs", tooltip="Edit the current span's attributes.", id="review.edit_attributes", priority=True),
    Binding(_keys("undo"), "undo", "Undo", tooltip="Undo your last decision on this article (kept in the database).", id="review.undo", priority=True),
    Binding(_keys("accept_all"), "accept_all", "Accept all", tooltip="Accept every remaining suggestion of the article.", id="review.accept_all", priority=True, show=False),
    Binding(_keys("done"), "done", "Done", tooltip="Mark the article done and open the next one.", id="review.done", priority=True),
    Binding(_keys("back"), "back", "Queue", tooltip="Back to the queue (cancels a new span first).", id="review.back", priority=True),
    Binding(_keys("start_left"), "move_edge('start_left')", "Start ◀", tooltip="Move the span's start a word left.", id="review.start_left", priority=True, show=False),
    Binding(_keys("start_right"), "move_edge('start_right')", "Start ▶", tooltip="Move the span's start a word right.", id="review.start_right", priority=True, show=False),
    Binding(_keys("end_left"), "move_edge('end_left')", "End ◀", tooltip="Move the span's end a word left.", id="review.end_left", priority=True, show=False),
    Binding(_keys("end_right"), "move_edge('end_right')", "End ▶", tooltip="Move the span's end a word right.", id="review.end_right", priority=True, show=False),
    Binding("less_than_sign", "region_start", "Article starts here", tooltip="Move the article boundary's start to the cursor word (shared by all annotators).", id="review.region_start", priority=True, show=False),
    Binding("greater_than_sign", "region_end", "Article ends here", tooltip="Move the article boundary's end to after the cursor word.", id="review.region_end", priority=True, show=False),
    Binding("left", "cursor('left')", "Word ◀", tooltip="Cursor a word left (extends a new span).", id="review.cursor_left", priority=True, show=False),
    Binding("right", "cursor('right')", "Word ▶", tooltip="Cursor a word right (extends a new span).", id="review.cursor_right", priority=True, show=False),
    Binding("up", "cursor('up')", "Line ▲", tooltip="Cursor a line up.", id="review.cursor_up", priority=True, show=False),
    Binding("down", "cursor('down')", "Line ▼", tooltip="Cursor a line down.", id="review.cursor_down", priority=True, show=False),
    Binding("pageup", "cursor('pageup')", "Page ▲", tooltip="Cursor a page up.", id="review.page_up", priority=True, show=False),
    Binding("pagedown", "cursor('pagedown')", "Page ▼", tooltip="Cursor a page down.", id="review.page_down", priority=True, show=False),
]

QUEUE_BINDINGS = [
    Binding("enter", "open_article", "Open", tooltip="Review the highlighted article.", id="queue.open"),
    Binding("slash", "focus_search", "Search", tooltip="Search titles, sources and texts.", id="queue.search"),
    Binding("s", "cycle_status", "Status filter", tooltip="Cycle the status filter: all, new, in progress, done.", id="queue.status"),
    Binding("l", "cycle_label", "Label filter", tooltip="Cycle the label filter through the schema's labels.", id="queue.label"),
    Binding("o", "cycle_sort", "Order", tooltip="Sort by id, or least sure first (the article's lowest-confidence pending suggestion).", id="queue.sort"),
    Binding("c", "clear_filters", "Clear", tooltip="Clear the filters and the search.", id="queue.clear"),
    Binding("r", "reload", "Reload", tooltip="Reload the queue from the database.", id="queue.reload", show=False),
    Binding("m", "app.agreement", "Agreement", tooltip="Annotator agreement matrix; enter on an article adjudicates it into gold.", id="queue.agreement"),
    Binding("i", "app.desk_stats", "Desk stats", tooltip="Each annotator's speed, acceptance and corrections, with plots per day.", id="queue.desk_stats"),
    Binding("R", "app.resuggest", "Resuggest", tooltip="Learn from every reviewer's decisions and renew the suggestions nobody decided.", id="queue.resuggest", show=False),
    Binding("escape", "focus_table", "Table", tooltip="Leave the search box for the table.", id="queue.focus_table", show=False),
]


def label_bindings(labels: tuple[Label, ...]) -> list[Binding]:
    """One key per label (schema order, schema key): relabel the span, or end a new span with it."""
    return [
        Binding(
            label.key, f"set_label('{label.name}')", label.name.title(),
            tooltip=f"Set the label {label.name} (or end the new span as {label.name}).",
            id=f"review.label.{label.name}", priority=True, show=False,
        )
        for label in labels
    ]


def keymap(schema: Schema) -> dict[str, str]:
    """Binding id -> keys, from schema.yaml's `keys:` (only entries that differ from the defaults matter)."""
    return {binding_id(action): keys for action, keys in schema.keys.items() if action in REVIEW_ACTIONS + APP_ACTIONS}
