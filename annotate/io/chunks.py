"""Long articles split across the pool: underthesea on sentence-aligned chunks in parallel, the rules once on the whole.

The pre-annotator tags sentence by sentence (preannotate.tokens.tag_text),
so cutting an article between the very sentences it would use gives exactly
the tokens of an unsplit run. The rules (officials, localities, figures,
overlap resolution) read the whole article's context, so they run once over
all the tokens. Spans are therefore identical to an unsplit run
(tests/io/test_ingest_chunks.py). Tokens come back compactly (offsets and
tag codes; the text is already here), so the parent holds little more than
the text while a 5 MB article is tagged on every core.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Sequence

from annotate.io.pool import preannotator
from annotate.models import Span
from annotate.preannotate.tokens import Token, sentence_ranges, tag_sentence
from annotate.text.segments import article_segments

LONG_ARTICLE_CHARS = 40_000  # below this an article is one task, as before
CHUNK_CHARS = 20_000  # about two seconds of underthesea per chunk
_TAIL = 256  # text after a chunk, so word alignment may run on exactly as it would in the whole text

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Chunk:
    """Consecutive sentences of one article: their text from base on, and their ranges relative to it."""

    base: int
    piece: str
    ranges: tuple[Range, ...]


@dataclass(frozen=True, slots=True)
class PackedTokens:
    """A chunk's tokens as arrays of offsets and codes into a small tag vocabulary."""

    starts: bytes
    ends: bytes
    codes: bytes
    vocabulary: tuple[tuple[str, str, str], ...]

    def __len__(self) -> int:
        return len(self.starts) // array("q").itemsize


def annotated_chars(text: str, region: Range, furniture: Sequence[Range]) -> int:
    """How much text the pre-annotator reads: the region minus its furniture."""
    return sum(e - s for s, e in article_segments(region, furniture))


def is_long(text: str, region: Range, furniture: Sequence[Range], threshold: int | None = None) -> bool:
    return annotated_chars(text, region, furniture) > (LONG_ARTICLE_CHARS if threshold is None else threshold)


def plan_chunks(text: str, region: Range, furniture: Sequence[Range], chunk_chars: int | None = None) -> list[Chunk]:
    """The article's sentences (as tag_text cuts them), grouped into chunks of about chunk_chars."""
    size = CHUNK_CHARS if chunk_chars is None else chunk_chars
    chunks: list[Chunk] = []
    group: list[Range] = []
    for s, e in article_segments(region, furniture):
        for sentence in sentence_ranges(text, s, e):
            group.append(sentence)
            if group[-1][1] - group[0][0] >= size:
                chunks.append(_chunk(text, group))
                group = []
    if group:
        chunks.append(_chunk(text, group))
    return chunks


def _chunk(text: str, sentences: list[Range]) -> Chunk:
    base = sentences[0][0]
    piece = text[base : min(len(text), sentences[-1][1] + _TAIL)]
    return Chunk(base, piece, tuple((s - base, e - base) for s, e in sentences))


# -- tasks (run in a worker, or here) ------------------------------------------------
def annotate_whole(text: str, region: Range, furniture: tuple[Range, ...]) -> list[Span]:
    """An ordinary article: the whole pre-annotator in one task."""
    return preannotator().annotate(text, region, furniture)


def tag_chunk(chunk: Chunk) -> PackedTokens:
    """underthesea over one chunk's sentences, offsets made absolute, packed for the trip back."""
    tokens: list[Token] = []
    for s, e in chunk.ranges:
        tokens.extend(tag_sentence(chunk.piece, s, e))
    return pack(tokens, chunk.base)


def annotate_with_tokens(text: str, packs: Sequence[PackedTokens], region: Range, furniture: tuple[Range, ...]) -> list[Span]:
    """The rules over a long article's tokens from every chunk, in order."""
    tokens = [token for packed in packs for token in unpack(text, packed)]
    return preannotator().annotate_tokens(text, tokens, region, furniture)


def pack(tokens: Sequence[Token], base: int = 0) -> PackedTokens:
    vocabulary: dict[tuple[str, str, str], int] = {}
    codes = array("I", (vocabulary.setdefault((t.pos, t.chunk, t.ner), len(vocabulary)) for t in tokens))
    return PackedTokens(
        array("q", (t.start + base for t in tokens)).tobytes(),
        array("q", (t.end + base for t in tokens)).tobytes(),
        codes.tobytes(),
        tuple(vocabulary),
    )


def unpack(text: str, packed: PackedTokens) -> list[Token]:
    starts, ends, codes = array("q"), array("q"), array("I")
    starts.frombytes(packed.starts)
    ends.frombytes(packed.ends)
    codes.frombytes(packed.codes)
    tags = packed.vocabulary
    return [Token(s, e, text[s:e], *tags[c]) for s, e, c in zip(starts, ends, codes)]
