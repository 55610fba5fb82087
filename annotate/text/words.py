"""Word boundaries for keyboard span editing (a Vietnamese word here is a syllable or a punctuation mark)."""
from __future__ import annotations

import bisect
import re

_WORD = re.compile(r"\w+(?:[.,]\d+)*%?|[^\w\s]", re.UNICODE)


class WordGrid:
    """Start and end offsets of every word in a text, for moving span edges by a word."""

    def __init__(self, text: str):
        bounds = [m.span() for m in _WORD.finditer(text)]
        self.starts = [start for start, _ in bounds]
        self.ends = [end for _, end in bounds]

    def word_at(self, offset: int) -> tuple[int, int] | None:
        """The word covering offset, or the next one after it."""
        i = bisect.bisect_right(self.ends, offset)
        if i >= len(self.starts):
            return None
        return self.starts[i], self.ends[i]

    def start_left(self, start: int) -> int:
        i = bisect.bisect_left(self.starts, start) - 1
        return self.starts[i] if i >= 0 else start

    def start_right(self, start: int, end: int) -> int:
        i = bisect.bisect_right(self.starts, start)
        return self.starts[i] if i < len(self.starts) and self.starts[i] < end else start

    def end_left(self, start: int, end: int) -> int:
        i = bisect.bisect_left(self.ends, end) - 1
        return self.ends[i] if i >= 0 and self.ends[i] > start else end

    def end_right(self, end: int) -> int:
        i = bisect.bisect_right(self.ends, end)
        return self.ends[i] if i < len(self.ends) else end
