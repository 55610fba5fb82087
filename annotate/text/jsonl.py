"""JSONL batches, read line by line: one article per line, every bad line named, memory bounded.

The file is streamed, so a batch of any size costs memory for one line at a
time, and a line over the article limit is skipped without being held.
Every problem with a line (invalid JSON, nesting that would exhaust the
parser's stack, a mistyped field) names the file and the line; the rest of
the file is still read.
"""
from __future__ import annotations

import codecs
import io
import json
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from annotate.text.decoding import DecodeError, decode_line, normalise_text, remove_nuls, stream_encoding
from annotate.text.files import safe_resolve
from annotate.text.items import RawArticle, ReadError, ReadItem, ReadWarning
from annotate.text.layout import analyse_layout
from annotate.text.limits import ARTICLE_LIMIT_ENV, over_limit

_SAMPLE_BYTES = 65536
_SKIP_BYTES = 1 << 20
_BOM_BYTES = codecs.BOM_UTF8


def jsonl_articles(path: Path, handle: BinaryIO, limit: int) -> Iterator[ReadItem]:
    """Articles, errors and warnings of one open JSONL file, in line order."""
    sample = handle.peek(_SAMPLE_BYTES)[:_SAMPLE_BYTES] if hasattr(handle, "peek") else b""
    try:
        codec, name, bom = stream_encoding(sample)
    except DecodeError as error:
        yield ReadError(str(path), str(error))
        return
    handle.read(bom)
    key_base = str(safe_resolve(path))
    records = 0
    for number, box, encoding in _lines(handle, codec, name, limit):
        if isinstance(box, ReadError):
            yield ReadError(str(path), f"line {number}: {box.cause}")
            records += 1
            continue
        if not box[0] or box[0].isspace():
            continue
        records += 1
        yield from _record(path, key_base, number, box, encoding)
    if not records:
        yield ReadError(str(path), "no records, only blank lines")


def _lines(handle: BinaryIO, codec: str | None, name: str, limit: int) -> Iterator[tuple[int, Any, str]]:
    """(line number, [text] or ReadError, encoding) for each line, never holding more than the limit.

    The text comes in a one-item list the consumer empties, so no frame here
    keeps a second reference to a line of many megabytes.
    """
    if codec is None:
        reader = handle.readline
    else:  # UTF-16/32: a text stream; the limit is in bytes, a character is at least two
        stream = io.TextIOWrapper(handle, encoding=codec, errors="strict", newline="\n")
        reader = stream.readline
        limit //= 2
    number = 0
    while True:
        number += 1
        try:
            piece = reader(limit + 1)
        except UnicodeDecodeError:
            yield number, ReadError("", f"not {name} text"), name
            return
        if not piece:
            return
        if len(piece) > limit and not piece.endswith(b"\n" if codec is None else "\n"):
            size = len(piece) + _skip_rest(reader)
            yield number, ReadError("", over_limit(size if codec is None else 2 * size, limit if codec is None else 2 * limit, "this record", ARTICLE_LIMIT_ENV)), name
            continue
        if codec is not None:
            box, piece = [piece], None
            yield number, box, name
            continue
        try:
            text, encoding = decode_line(piece[len(_BOM_BYTES):] if piece.startswith(_BOM_BYTES) else piece)
        except DecodeError as error:
            yield number, ReadError("", str(error)), name
            continue
        box, piece, text = [text], None, None
        yield number, box, "utf-8-sig" if name == "utf-8-sig" and encoding == "utf-8" else encoding


def _skip_rest(reader) -> int:
    """Read past the rest of an overlong line in bounded pieces; how much was skipped."""
    skipped = 0
    while True:
        piece = reader(_SKIP_BYTES)
        skipped += len(piece)
        if not piece or piece.endswith(b"\n" if isinstance(piece, bytes) else "\n"):
            return skipped


def _record(path: Path, key_base: str, number: int, box: list[str], encoding: str) -> Iterator[ReadItem]:
    """Parse one JSONL record; anything wrong with it is one error or warning naming the line."""
    where = f"line {number}"
    line = box.pop()
    line, nuls = remove_nuls(line[1:] if line.startswith("\ufeff") else line)  # JSON allows the rest of the white space
    if nuls:
        yield ReadWarning(str(path), f"{where}: {nuls}")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        yield ReadError(str(path), f"{where}: invalid JSON ({error.msg})")
        return
    except RecursionError:
        yield ReadError(str(path), f"{where}: invalid JSON (nested too deeply)")
        return
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        yield ReadError(str(path), f"{where}: invalid JSON ({error})")
        return
    del line
    if not isinstance(record, dict):
        yield ReadError(str(path), f"{where}: expected a JSON object")
        return
    try:
        yield from _article(path, key_base, where, record, encoding)
    except RecursionError:
        yield ReadError(str(path), f"{where}: nested too deeply")


def _article(path: Path, key_base: str, where: str, record: dict, encoding: str) -> Iterator[ReadItem]:
    """The article of a parsed record, with a warning for each field of the wrong type."""
    if "text" not in record:
        yield ReadError(str(path), f'{where}: missing "text"')
        return
    if not isinstance(record["text"], str):
        yield ReadError(str(path), f'{where}: "text" is {_kind(record["text"])}, not a string')
        return
    text, nuls = remove_nuls(record["text"])
    if nuls:
        yield ReadWarning(str(path), f'{where}: "text": {nuls}')
    text = normalise_text(text)
    if not text.strip():
        yield ReadError(str(path), f'{where}: empty "text"')
        return
    warnings: list[str] = []
    meta = _typed(record, "meta", dict, "an object", warnings) or {}
    title = _typed(record, "title", str, "a string", warnings)
    url = _typed(record, "url", str, "a string", warnings)
    ext_id = _ext_id(record, warnings)
    meta_source = _typed(meta, "source", str, "a string", warnings, "meta.")
    title = title or _typed(meta, "title", str, "a string", warnings, "meta.")
    url = url or _typed(meta, "url", str, "a string", warnings, "meta.")
    for warning in warnings:
        yield ReadWarning(str(path), f"{where}: {warning}")
    layout = analyse_layout(text)
    yield RawArticle(
        path=str(path),
        source=_clean(meta_source) or path.name,
        key=f"{key_base}#{ext_id if ext_id is not None else where.removeprefix('line ')}",
        text=text,
        title=_clean(title) or layout.title,
        url=_clean(url) or layout.url,
        ext_id=ext_id,
        encoding=encoding,
        layout=layout,
    )


def _typed(record: dict, name: str, kind: type, described: str, warnings: list[str], prefix: str = "") -> Any:
    """A field's value when it has the expected type or is null/absent; otherwise a warning and None."""
    value = record.get(name)
    if value is None or isinstance(value, kind):
        return value
    warnings.append(f'"{prefix}{name}" is {_kind(value)}, not {described}; ignored')
    return None


def _ext_id(record: dict, warnings: list[str]) -> str | None:
    """An id may be a string or an integer; anything else is ignored with a warning."""
    value = record.get("id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        warnings.append(f'"id" is {_kind(value)}, not a string or an integer; ignored')
        return None
    text = str(value).strip()
    return text or None


def _clean(value: str | None) -> str | None:
    """A usable text field, normalised like the text, or None."""
    if value is None:
        return None
    value, _ = remove_nuls(value)
    return normalise_text(value).strip() or None


def _kind(value: Any) -> str:
    """A JSON type in words, for messages."""
    if isinstance(value, bool):
        return "a boolean"
    return {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number"}.get(type(value), "null" if value is None else type(value).__name__)
