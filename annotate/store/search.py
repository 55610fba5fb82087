"""What a reviewer types into the queue's search box, as an FTS5 query on articles_fts.

The words typed are one phrase: they must follow each other in the title, the
source or the text, in any case and with or without accents (`trung khanh`
finds Trùng Khánh). The last word is a prefix while it is being typed (no
space after it yet), so results follow the keyboard. The tokenizer folds
every Vietnamese accent but đ, which is a letter of its own to Unicode: a word
that begins with d or đ is looked up both ways. Punctuation separates words,
exactly as the index splits them, and can never become FTS5 syntax: every word
goes in double quotes.
"""
from __future__ import annotations

import itertools
import unicodedata
from typing import Any

MAX_SPELLINGS = 64
"""Most d/đ spellings of one search tried (2 per word starting with d or đ); the rest keep what was typed."""


def words(typed: str) -> list[str]:
    """The words of typed as the unicode61 tokenizer splits them (letters, digits and marks; the rest separates)."""
    found, current = [], []
    for char in unicodedata.normalize("NFC", typed):
        if unicodedata.category(char)[0] in "LNM" or unicodedata.category(char) == "Co":
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def _spellings(word: str) -> list[str]:
    if word[0] in "dDđĐ":
        return [f"d{word[1:]}", f"đ{word[1:]}"]
    return [word]


def match_expression(typed: str) -> str | None:
    """The FTS5 MATCH expression for typed, or None when it holds no word to look for."""
    found = words(typed)
    if not found:
        return None
    prefix = not typed[-1:].isspace() and unicodedata.category(typed[-1])[0] in "LNM"
    choices = [_spellings(word) for word in found]
    budget = MAX_SPELLINGS
    for index, options in enumerate(choices):
        if len(options) > 1:
            if budget < 2:
                choices[index] = [found[index]]
            else:
                budget //= 2
    phrases = []
    for spelling in itertools.product(*choices):
        phrase = " + ".join(f'"{word}"' for word in spelling)
        phrases.append(phrase + (" *" if prefix else ""))
    return " OR ".join(phrases)


def matching_ids_clause(column: str, typed: str) -> tuple[str, list[Any]]:
    """SQL condition 'column is the id of an article matching typed' and its parameters (never matches when nothing can)."""
    expression = match_expression(typed)
    if expression is None:
        return "0", []
    return f"{column} IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", [expression]
