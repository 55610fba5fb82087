"""Word tokens of an article region, for token-level kappa and alpha.

underthesea's word segmentation of each sentence of the region, furniture left
out; cached per article text and layout for the life of the process, because
the agreement screen recomputes often and segmentation is the slow part.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

from annotate.models import ArticleRecord

_TOKEN_CACHE: OrderedDict[tuple[str, int, int, tuple[tuple[int, int], ...]], list[tuple[int, int]]] = OrderedDict()
_TOKEN_CACHE_SIZE = 4096
_TOKEN_LOCK = threading.Lock()


def _segment_tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """underthesea words of text[start:end] as offsets; syllables when alignment would drift."""
    from underthesea import word_tokenize  # deferred: loading costs ~0.5 s

    from annotate.preannotate.tokens import align_words
    from annotate.text.words import WordGrid

    segment = text[start:end]
    if not segment.strip():
        return []
    words = word_tokenize(segment)
    wanted = sum(1 for ch in segment if not ch.isspace())
    if sum(1 for w in words for ch in w if not ch.isspace()) == wanted:
        return [(s, e) for s, e in align_words(text, start, words) if e > s]
    grid = WordGrid(segment)  # underthesea changed the character count: never misalign
    return [(start + s, start + e) for s, e in zip(grid.starts, grid.ends)]


def article_tokens(article: ArticleRecord) -> list[tuple[int, int]]:
    """Word tokens of the article region, furniture left out; cached per text and layout."""
    from annotate.preannotate.tokens import sentence_ranges

    key = (article.content_hash, article.region_start, article.region_end, tuple(tuple(r) for r in article.furniture))
    with _TOKEN_LOCK:
        if key in _TOKEN_CACHE:
            _TOKEN_CACHE.move_to_end(key)
            return _TOKEN_CACHE[key]
    tokens: list[tuple[int, int]] = []
    for start, end in sentence_ranges(article.text, article.region_start, article.region_end):
        tokens.extend(_segment_tokens(article.text, start, end))
    furniture = [tuple(r) for r in article.furniture]
    if furniture:
        tokens = [t for t in tokens if not any(f[0] < t[1] and t[0] < f[1] for f in furniture)]
    with _TOKEN_LOCK:
        _TOKEN_CACHE[key] = tokens
        while len(_TOKEN_CACHE) > _TOKEN_CACHE_SIZE:
            _TOKEN_CACHE.popitem(last=False)
    return tokens
