"""Reading JSON from other tools without letting one bad line cost the file.

Lines are decoded one at a time (a bad byte fails its line, not the file), a
line nested too deep for Python's parser (RecursionError) is one error, and
integers too large for SQLite are caught where they are used, not here.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from annotate.io.formats.base import LineError

MAX_SAMPLE = 1 << 16


def parse_json(text: str) -> Any:
    """One JSON value; LineError (without a place) when it is not valid or too deeply nested."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise LineError("", f"invalid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise LineError("", "JSON nested too deeply to read") from None


def json_lines(path: Path) -> Iterator[tuple[str, Any] | LineError]:
    """(where, value) for every non-blank line of a JSON Lines file, or a LineError for a bad one."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            where = f"line {number}"
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                yield LineError(where, f"not UTF-8 (byte {error.start + 1})")
                continue
            if not line.strip():
                continue
            try:
                yield where, parse_json(line)
            except LineError as error:
                yield LineError(where, error.cause)


def json_document(path: Path) -> Any:
    """A whole file as one JSON value (Label Studio exports an array); LineError naming line 1 otherwise."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LineError("line 1", f"not UTF-8 (byte {error.start + 1})") from None
    try:
        return parse_json(text)
    except LineError as error:
        raise LineError("file", error.cause) from None


def first_json(head: bytes) -> Any:
    """The first JSON value of a sample (the first line, or the start of an array), or None."""
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff").lstrip()
    if not text:
        return None
    if text.startswith("["):
        decoder = json.JSONDecoder()
        try:
            value, _ = decoder.raw_decode(text[1:].lstrip())
            return [value]
        except (json.JSONDecodeError, RecursionError):
            return [] if text[1:].lstrip().startswith("]") else None
    line = text.split("\n", 1)[0]
    try:
        return json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return None


def keys_of(value: Any) -> str:
    """The keys a foreign object showed, for an error that says what was seen."""
    if isinstance(value, dict):
        return ", ".join(sorted(str(k) for k in value)) or "none"
    return f"a JSON {type(value).__name__.replace('dict', 'object').replace('list', 'array')}, not an object"
