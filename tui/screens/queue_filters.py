"""The queue's filter and order keys (s, l, o, c): the Select widgets cycle, the queue reloads."""
from __future__ import annotations

from textual.widgets import Input, Select

STATUS_OPTIONS = [("All statuses", "all"), ("New", "new"), ("In progress", "in_progress"), ("Done", "done")]
SORT_OPTIONS = [("By id", "id"), ("Least sure first", "confidence")]


class QueueFilterActions:
    """Expects the screen's query_one, prevent, service, sort and reload."""

    def _cycle(self, select_id: str, values: list[str]) -> None:
        select = self.query_one(select_id, Select)
        index = values.index(select.value) if select.value in values else 0
        select.value = values[(index + 1) % len(values)]

    def action_cycle_status(self) -> None:
        self._cycle("#status-filter", [value for _, value in STATUS_OPTIONS])

    def action_cycle_label(self) -> None:
        self._cycle("#label-filter", ["all", *self.service.schema.label_names])

    def action_cycle_sort(self) -> None:
        """By id, then least sure first, then by id again (o)."""
        values = [value for _, value in SORT_OPTIONS]
        self.sort = values[(values.index(self.sort) + 1) % len(values)]
        self.reload()

    def action_clear_filters(self) -> None:
        with self.prevent(Select.Changed, Input.Changed):
            self.query_one("#status-filter", Select).value = "all"
            self.query_one("#label-filter", Select).value = "all"
            self.query_one("#search", Input).value = ""
        self.reload()
