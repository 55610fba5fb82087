"""Put annotations that came as tokens (CoNLL, a token dataset) back onto a stored article's text.

A token file has no text of its own: its reader rebuilds one (tokens joined by
spaces, sentences by line ends). When a stored article has exactly the same
tokens in its region (furniture left out, as the export writes them), the
spans move onto that article's real offsets, so an exported file comes back
onto the article it came from. Otherwise the rebuilt text becomes a new article.
"""
from __future__ import annotations

import bisect
import hashlib

from sqlite_utils import Database

from annotate.io.formats.tokens import article_grid
from annotate.io.import_checks import CheckedDocument
from annotate.models import Span
from annotate.store import articles as article_store


def token_key(tokens: list[str]) -> str:
    return hashlib.sha256("\x1f".join(tokens).encode("utf-8")).hexdigest()


class TokenIndex:
    """Stored articles by the tokens an export writes for them; built on first use, once per import."""

    def __init__(self, db: Database):
        self.db = db
        self._keys: dict[str, int] | None = None

    def _build(self) -> dict[str, int]:
        keys: dict[str, int] = {}
        for article in article_store.iter_articles(self.db, include_superseded=True):
            grid = article_grid(article)
            tokens = [grid.token(i) for i in range(len(grid)) if grid.written[i]]
            keys.setdefault(token_key(tokens), article.id)
        return keys

    def rebase(self, doc: CheckedDocument) -> bool:
        """Move a rebuilt document onto the stored article with its tokens; False when there is none."""
        assert doc.token_offsets is not None
        if self._keys is None:
            self._keys = self._build()
        tokens = [doc.text[s:e] for s, e in doc.token_offsets]
        article_id = self._keys.get(token_key(tokens))
        if article_id is None:
            return False
        article = article_store.get_article(self.db, article_id)
        grid = article_grid(article)
        written = [(grid.starts[i], grid.ends[i]) for i in range(len(grid)) if grid.written[i]]
        starts = [s for s, _ in doc.token_offsets]
        ends = [e for _, e in doc.token_offsets]
        moved = []
        for span, status in doc.spans:
            first, last = bisect.bisect_left(starts, span.start), bisect.bisect_left(ends, span.end)
            moved.append((Span(written[first][0], written[last][1], span.label, span.attrs, span.origin), status))
        doc.text, doc.spans, doc.token_offsets, doc.meta = article.text, moved, None, {}
        return True
