"""Imported text made like ingested text (NFC, "\\n" line ends), with every offset moved along.

Another tool may hand us NFD Vietnamese ("Hà" as H + a + combining grave) or
Windows line ends; its offsets count those code points. The stored text must
be NFC with "\\n" (what ingest stores), so the text is normalised piece by
piece (a piece is a character with the combining marks after it, or "\\r\\n")
and each piece's start is mapped to its new position. An offset inside a
piece (between a letter and its tone mark) has no position in NFC text.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from annotate.text.decoding import normalise_text


@dataclass(frozen=True)
class Normalised:
    """The normalised text and, for each offset of the original (0..len), its new offset or None."""

    text: str
    positions: list[int | None]
    changed: bool

    def offset(self, original: int) -> int | None:
        return self.positions[original] if 0 <= original < len(self.positions) else None


def _pieces(text: str) -> list[tuple[int, int]]:
    """Ranges that normalise independently: a starter with its combining marks, or a line end."""
    pieces, start = [], 0
    for index in range(1, len(text) + 1):
        if index == len(text):
            pieces.append((start, index))
            break
        char = text[index]
        joins = unicodedata.combining(char) != 0 or (char == "\n" and text[index - 1] == "\r")
        if not joins:
            pieces.append((start, index))
            start = index
    return pieces


def normalise(text: str) -> Normalised:
    """NFC with "\\n" line ends, and where each original offset went."""
    target = normalise_text(text)
    if target == text:
        return Normalised(text, list(range(len(text) + 1)), False)
    positions: list[int | None] = [None] * (len(text) + 1)
    out: list[str] = []
    length = 0
    for start, end in _pieces(text):
        piece = text[start:end]
        if start == 0 and piece.startswith("\ufeff"):
            piece = piece[1:]
        normal = unicodedata.normalize("NFC", piece.replace("\r\n", "\n").replace("\r", "\n"))
        positions[start] = length
        if normal == piece:
            for inner in range(start + 1, end):
                positions[inner] = length + inner - start
        out.append(normal)
        length += len(normal)
    positions[len(text)] = length
    joined = "".join(out)
    if joined != target:  # composition across pieces (rare scripts): only whole-text offsets are safe
        positions = [None] * (len(text) + 1)
        positions[0], positions[len(text)] = 0, len(target)
    return Normalised(target, positions, True)
