"""What reading produces: articles, and one-line errors and warnings that name the item.

A bad file or a bad JSONL line must never stop the others, so problems come
back as values next to the articles instead of being raised.
"""
from __future__ import annotations

from dataclasses import dataclass

from annotate.text.layout import Layout


@dataclass(frozen=True)
class RawArticle:
    """One article as read: normalised text plus what the file and layout said about it."""

    path: str
    source: str
    key: str
    text: str
    title: str | None
    url: str | None
    ext_id: str | None
    encoding: str
    layout: Layout


@dataclass(frozen=True)
class ReadError:
    """Why a file, or one line of it, could not be read; shown to the user as one line."""

    path: str
    cause: str

    def __str__(self) -> str:
        return f"{self.path}: {self.cause}"


@dataclass(frozen=True)
class ReadWarning:
    """Something was read but not as written (NULs removed, a mistyped field ignored); one line."""

    path: str
    cause: str

    def __str__(self) -> str:
        return f"{self.path}: {self.cause}"


ReadItem = RawArticle | ReadError | ReadWarning
