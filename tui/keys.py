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
    "next_span", "previous_span", "next_undecided", "previous_undecided", "accept", "reject",
    "start_left", "start_right", "end_left", "end_right", "new_span", "suggestions", "edit_attributes",
    "undo", "redo", "search", "guideline", "region_start", "region_end", "accept_all", "done", "back",
)
NARROW_FOOTER = ("review.accept", "review.reject", "review.done", "review.back", "review.guideline")
"""The review keys the footer keeps on a narrow terminal (with the app's help and quit)."""
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
    Binding(_keys("accept"), "accept", "Accept", tooltip="Accept the current span (or finish the new span) and go to the next undecided one.", id="review.accept", priority=True),
    Binding(_keys("reject"), "reject", "Reject", tooltip="Reject the current span and go to the next undecided one.", id="review.reject", priority=True),
    Binding(_keys("next_span"), "next_span", "Next", tooltip="Go to the next span, decided or not.", id="review.next_span", priority=True),
    Binding(_keys("previous_span"), "previous_span", "Prev", tooltip="Go to the previous span, decided or not.", id="review.previous_span", priority=True, show=False),
    Binding(_keys("next_undecided"), "next_undecided", "Next open", tooltip="Go to the next span still undecided (wraps to the top).", id="review.next_undecided", priority=True, show=False),
    Binding(_keys("previous_undecided"), "previous_undecided", "Prev open", tooltip="Go to the previous span still undecided (wraps to the end).", id="review.previous_undecided", priority=True, show=False),
    Binding(_keys("new_span"), "new_span", "New span", tooltip="Start a span at the cursor word; arrows extend it, a label key or enter ends it.", id="review.new_span", priority=True),
    Binding(_keys("suggestions"), "suggestions", "Gazetteer", tooltip="Gazetteer matches for the current LOCALITY span.", id="review.suggestions", priority=True),
    Binding(_keys("edit_attributes"), "edit_attributes", "Attrs", tooltip="Edit the current span's attributes.", id="review.edit_attributes", priority=True),
    Binding(_keys("undo"), "undo", "Undo", tooltip="Undo your last decision on this article (kept in the database).", id="review.undo", priority=True),
    Binding(_keys("redo"), "redo", "Redo", tooltip="Do the last undone decision again (until you make a new one).", id="review.redo", priority=True, show=False),
    Binding(_keys("search"), "search", "Find", tooltip="Search this article's text (case and accents aside); enter jumps to the next match.", id="review.search", priority=True, show=False),
    Binding(_keys("guideline"), "guideline", "Rules", tooltip="The annotation rules of the current span's label (F1: every key).", id="review.guideline", priority=True),
    Binding(_keys("accept_all"), "accept_all", "Accept all", tooltip="Accept every remaining suggestion of the article.", id="review.accept_all", priority=True, show=False),
    Binding(_keys("done"), "done", "Done", tooltip="Mark the article done and open the next one.", id="review.done", priority=True),
    Binding(_keys("back"), "back", "Queue", tooltip="Back to the queue (cancels a new span first).", id="review.back", priority=True),
    Binding(_keys("start_left"), "move_edge('start_left')", "Start ◀", tooltip="Move the span's start a word left.", id="review.start_left", priority=True, show=False),
    Binding(_keys("start_right"), "move_edge('start_right')", "Start ▶", tooltip="Move the span's start a word right.", id="review.start_right", priority=True, show=False),
    Binding(_keys("end_left"), "move_edge('end_left')", "End ◀", tooltip="Move the span's end a word left.", id="review.end_left", priority=True, show=False),
    Binding(_keys("end_right"), "move_edge('end_right')", "End ▶", tooltip="Move the span's end a word right.", id="review.end_right", priority=True, show=False),
    Binding(_keys("region_start"), "region_start", "Article starts here", tooltip="Start the article at the cursor word, never inside a span (shared by all annotators).", id="review.region_start", priority=True, show=False),
    Binding(_keys("region_end"), "region_end", "Article ends here", tooltip="End the article after the cursor word, never inside a span.", id="review.region_end", priority=True, show=False),
    Binding("left", "cursor('left')", "Word ◀", tooltip="Cursor a word left (extends a new span).", id="review.cursor_left", priority=True, show=False),
    Binding("right", "cursor('right')", "Word ▶", tooltip="Cursor a word right (extends a new span).", id="review.cursor_right", priority=True, show=False),
    Binding("up", "cursor('up')", "Line ▲", tooltip="Cursor a line up.", id="review.cursor_up", priority=True, show=False),
    Binding("down", "cursor('down')", "Line ▼", tooltip="Cursor a line down.", id="review.cursor_down", priority=True, show=False),
    Binding("pageup", "cursor('pageup')", "Page ▲", tooltip="Cursor a page up.", id="review.page_up", priority=True, show=False),
    Binding("pagedown", "cursor('pagedown')", "Page ▼", tooltip="Cursor a page down.", id="review.page_down", priority=True, show=False),
]

QUEUE_BINDINGS = [
    Binding("enter", "open_article", "Open", tooltip="Review the highlighted article.", id="queue.open"),
    Binding("slash", "focus_search", "Search", tooltip="Search titles, sources and texts (accents and case aside; the words as a phrase).", id="queue.search"),
    Binding("s", "cycle_status", "Status", tooltip="Cycle the status filter: all, new, in progress, done.", id="queue.status"),
    Binding("l", "cycle_label", "Label", tooltip="Cycle the label filter through the schema's labels.", id="queue.label"),
    Binding("o", "cycle_sort", "Order", tooltip="Sort by id, or least sure first (the article's lowest-confidence pending suggestion).", id="queue.sort"),
    Binding("c", "clear_filters", "Clear", tooltip="Clear the filters and the search.", id="queue.clear"),
    Binding("g,number_sign", "go_to", "Go to #", tooltip="Go to article #N (or the next one the queue holds).", id="queue.go_to"),
    Binding("r", "reload", "Refresh", tooltip="Read the queue again now (it also refreshes itself when another process writes).", id="queue.reload"),
    Binding("m", "app.agreement", "Agreement", tooltip="Annotator agreement matrix; enter on an article adjudicates it into gold.", id="queue.agreement"),
    Binding("t", "app.entities", "Entities", tooltip="Review by entity: every form over the corpus, one key decides all its pending mentions.", id="queue.entities"),
    Binding("i", "app.desk_stats", "Desk stats", tooltip="Each annotator's speed, acceptance and corrections, with plots per day.", id="queue.desk_stats"),
    Binding("R", "app.resuggest", "Resuggest", tooltip="Learn from every reviewer's decisions and renew the suggestions nobody decided.", id="queue.resuggest", show=False),
    Binding("escape", "focus_table", "Table", tooltip="Leave the search box for the table.", id="queue.focus_table", show=False),
]


ENTITY_BINDINGS = [
    Binding("enter", "mentions", "Mentions", tooltip="Every mention of the entity in context; enter on one opens the article there.", id="entities.mentions"),
    Binding("a", "bulk('accept')", "Accept all", tooltip="Accept every pending mention of the entity (decided ones stay as they are).", id="entities.accept"),
    Binding("x", "bulk('reject')", "Reject all", tooltip="Reject every pending mention of the entity (decided ones stay as they are).", id="entities.reject"),
    Binding("g", "set_place", "Place", tooltip="Set the canonical place of every pending mention (gazetteer).", id="entities.place"),
    Binding("e", "set_attributes", "Title/side", tooltip="Set attributes (an official's title and side) on every pending mention.", id="entities.attributes"),
    Binding("u", "undo_bulk", "Undo bulk", tooltip="Undo your last bulk decision: every mention it decided (kept in the database).", id="entities.undo"),
    Binding("o", "cycle_sort", "Sort", tooltip="Cycle the order: most pending, most sure, least sure, most disputed, by form.", id="entities.sort"),
    Binding("l", "cycle_label", "Label filter", tooltip="Cycle the label filter through the schema's labels.", id="entities.label"),
    Binding("slash", "focus_search", "Search", tooltip="Search forms and canonicals (accents and case aside).", id="entities.search"),
    Binding("r", "reload", "Reload", tooltip="Count the entities again from the database.", id="entities.reload", show=False),
    Binding("escape", "back", "Back", tooltip="Leave the search box, or go back to the queue.", id="entities.back"),
]

CONCORDANCE_BINDINGS = [
    Binding("enter", "open_mention", "Open", tooltip="Review the article at this mention.", id="concordance.open"),
    Binding("escape", "back", "Back", tooltip="Back to the entities.", id="concordance.back"),
]


def entity_label_bindings(labels: tuple[Label, ...]) -> list[Binding]:
    """One key per label on the entities screen: relabel every pending mention of the entity."""
    return [
        Binding(label.key, f"relabel('{label.name}')", f"As {label.name.title()}", tooltip=f"Relabel every pending mention as {label.name}.",
                id=f"entities.label.{label.name}", show=False)
        for label in labels
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
    return {
        binding_id(action): keys for action, keys in schema.keys.items()
        if action in REVIEW_ACTIONS + APP_ACTIONS and keys != DEFAULT_KEYS.get(action)
    }  # empty for the default keys: Textual then skips re-mapping every binding on every key press
