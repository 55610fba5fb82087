"""Turn command-line paths into articles: every file, folder and glob, every problem named.

A bad file or a bad JSONL line must never stop the others, so problems come
back as ReadError values (and ReadWarning for what was read but not as
written) next to the articles instead of being raised. Only regular files
are read (a FIFO named .txt would block forever), each within the size limit
of annotate.text.limits; an unexpected failure on one file is caught here
and named, so it cannot cost the rest of a batch.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from annotate.text.decoding import DecodeError, decode_bytes, normalise_text, remove_nuls
from annotate.text.files import InputFileError, open_regular, safe_resolve
from annotate.text.items import RawArticle, ReadError, ReadItem, ReadWarning
from annotate.text.jsonl import jsonl_articles
from annotate.text.layout import analyse_layout
from annotate.text.limits import ARTICLE_LIMIT_ENV, article_limit, over_limit
from annotate.text.paths import SUPPORTED_SUFFIXES, expand_paths

__all__ = ["RawArticle", "ReadError", "ReadWarning", "SUPPORTED_SUFFIXES", "expand_paths", "read_articles"]


def read_articles(path: Path) -> Iterator[ReadItem]:
    """Yield the articles in one .txt or .jsonl file, and a ReadError or ReadWarning for each problem."""
    try:
        yield from _read(path)
    except (RecursionError, MemoryError) as error:
        yield ReadError(str(path), f"too large or too deeply nested to read ({type(error).__name__})")
    except Exception as error:  # the per-file boundary: one line, and the batch goes on
        yield ReadError(str(path), f"unexpected error: {type(error).__name__}: {error}")


def _read(path: Path) -> Iterator[ReadItem]:
    """Open safely, then read the file whole (.txt) or line by line (.jsonl)."""
    limit = article_limit()
    try:
        handle, size = open_regular(path)
    except InputFileError as error:
        yield ReadError(str(path), str(error))
        return
    with handle:
        if path.suffix.lower() == ".jsonl":
            yield from jsonl_articles(path, handle, limit)
            return
        if size > limit:
            yield ReadError(str(path), over_limit(size, limit, "this file", ARTICLE_LIMIT_ENV))
            return
        try:
            box = [handle.read(limit + 1)]  # handed over in a list, so only the callee holds the bytes
        except OSError as error:
            yield ReadError(str(path), f"cannot read: {error.strerror or error}")
            return
    if len(box[0]) > limit:  # it grew after fstat
        yield ReadError(str(path), over_limit(len(box[0]), limit, "this file", ARTICLE_LIMIT_ENV))
        return
    yield from _text_article(path, box)


def _text_article(path: Path, box: list[bytes]) -> Iterator[ReadItem]:
    """A .txt file is one article; its layout supplies title and URL."""
    try:
        decoded, encoding = decode_bytes(box[0])
    except DecodeError as error:
        yield ReadError(str(path), str(error))
        return
    box.clear()  # the bytes go before the layout is analysed
    decoded, nuls = remove_nuls(decoded)
    if nuls:
        yield ReadWarning(str(path), nuls)
    text = normalise_text(decoded)
    del decoded
    if not text.strip():
        yield ReadError(str(path), "no text, only white space")
        return
    layout = analyse_layout(text)
    yield RawArticle(
        path=str(path), source=path.name, key=str(safe_resolve(path)), text=text,
        title=layout.title, url=layout.url, ext_id=None, encoding=encoding, layout=layout,
    )
