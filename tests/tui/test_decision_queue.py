"""The review screen's decision queue and word motion, without a screen."""
from __future__ import annotations

import asyncio
import threading

from annotate.models import SpanRecord
from annotate.services.decisions import Accept, Undo
from annotate.text.words import WordGrid
from tui.decision_queue import DecisionQueue
from tui.word_motion import move_selection_edge, next_word_start, stretch_selection


async def test_settled_waits_until_every_decision_is_shown():
    queue = DecisionQueue()
    await asyncio.wait_for(queue.settled(), 1)  # nothing submitted: settled at once
    assert queue.put(Accept(1, 1)) is True  # the first one starts a worker
    assert queue.put(Undo(1)) is False  # the running worker takes this one too
    taken = []

    def worker():
        while (decision := queue.take()) is not None:
            taken.append(decision)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert taken == [Accept(1, 1), Undo(1)]  # key-press order
    waiting = asyncio.ensure_future(queue.settled())
    queue.shown()
    await asyncio.sleep(0)
    assert not waiting.done()  # one decision is committed but not on screen yet
    queue.shown()
    await asyncio.wait_for(waiting, 1)
    assert queue.put(Accept(1, 2)) is True  # the worker stopped when the queue ran empty


async def test_settled_gives_up_after_the_timeout():
    queue = DecisionQueue()
    queue.put(Accept(1, 1))
    await asyncio.wait_for(queue.settled(timeout=0.01), 1)


TEXT = "Phó Thủ tướng Trần Hồng Hà tiếp Thị trưởng"


def word(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def test_a_selection_grows_and_shrinks_a_word_at_a_time():
    grid = WordGrid(TEXT)
    selection = word("Trần")
    assert stretch_selection(grid, selection, "right") == word("Trần Hồng")
    assert stretch_selection(grid, word("Trần Hồng"), "left") == selection
    assert stretch_selection(grid, selection, "left") == word("tướng Trần")  # one word left: take the previous
    assert stretch_selection(grid, selection, "up") is None
    assert move_selection_edge(grid, word("Trần Hồng"), "start_right") == word("Hồng")
    assert move_selection_edge(grid, selection, "end_right") == word("Trần Hồng")


def test_the_cursor_skips_the_current_span_as_one_word():
    grid = WordGrid(TEXT)
    start, end = word("Trần Hồng Hà")
    span = SpanRecord(1, 1, "lan", start, end, "OFFICIAL", {}, "model", "suggested")
    assert next_word_start(grid, start, span, "right") == word("tiếp")[0]
    assert next_word_start(grid, start, span, "left") == word("tướng")[0]
    assert next_word_start(grid, 0, None, "left") == 0
