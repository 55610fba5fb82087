"""Gazetteer files a project names in schema.yaml: checked whole, before any work starts.

A user's file is read by every pre-annotator process and by the review
screen, so a mistake in it must surface once, at start, as `FILE:LINE:
problem`, and never as a KeyError deep inside a worker. The path checks
(a directory, a FIFO, /etc/passwd, a file too large) come first, on the open
descriptor; then the file is parsed as plain YAML and every entry is checked
for the fields the index reads, with the types it expects.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from annotate.errors import SchemaError
from annotate.text.files import InputFileError, open_regular
from annotate.text.limits import GAZETTEER_LIMIT_ENV, gazetteer_limit, over_limit

from .entries import LEVELS
from .yamlio import Lines, stream_entries

SUFFIXES = (".yaml", ".yml")
SIDES = ("VN", "CN", "other")
_TEXT = (str,)
_ID = (str, int)
# kind -> required fields, optional text fields, optional lists of text
_PLACE_FIELDS = (("id", "name", "level"), ("canonical", "country", "parent_name", "now", "now_id", "hanzi", "pinyin"), ("variants", "aliases"))
_OFFICIAL_FIELDS = (("id", "name", "side", "title"), ("hanzi", "pinyin", "confidence"), ())


def path_problem(file: Path) -> str | None:
    """Why this path cannot be a gazetteer file (kind, suffix, size), or None."""
    try:
        handle, size = open_regular(file)
    except InputFileError as error:
        return str(error)
    handle.close()
    if file.suffix.lower() not in SUFFIXES:
        return "is not a YAML file (gazetteer files end in .yaml or .yml)"
    limit = gazetteer_limit()
    if size > limit:
        return over_limit(size, limit, "this gazetteer file", GAZETTEER_LIMIT_ENV)
    return None


def check_gazetteer_file(file: Path, kind: str) -> int:
    """Parse and check one places or officials file, one entry at a time; the number of entries, or SchemaError at the line."""
    seen: dict[str, int] = {}

    def visit(entry: Any, lines: Lines, line: int) -> None:
        number = len(seen) + 1
        if not isinstance(entry, dict):
            raise SchemaError(str(file), line, f"{kind} entry {number} must be a mapping of fields")
        _check_entry(file, entry, lines, kind, number)
        ident = str(entry["id"])
        if ident in seen:
            raise SchemaError(str(file), lines.line(entry, "id"), f"{kind} entry {number} (id {ident}): id {ident!r} is already used on line {seen[ident]}")
        seen[ident] = lines.line(entry, "id") or line

    rest, lines = stream_entries(file, kind, visit, root_list=kind == "places")
    _check_top(file, rest, lines, kind)
    return len(seen)


def _check_top(file: Path, data: Any, lines: Lines, kind: str) -> None:
    """The document holds the entries under `places:` / `officials:`, or (places only) is the list itself."""
    if data is None or (isinstance(data, list) and kind == "places"):
        return
    if not isinstance(data, dict) or kind not in data:
        raise SchemaError(str(file), lines.line(data) or 1, f"expected a mapping with a `{kind}:` list (see README, Configuration)")
    if data[kind] is not None and not isinstance(data[kind], list):
        raise SchemaError(str(file), lines.line(data, kind), f"`{kind}:` must be a list of entries")


def _check_entry(file: Path, entry: dict, lines: Lines, kind: str, number: int) -> None:
    """Required fields present and of the right type; optional ones typed; choices from their lists."""
    required, texts, text_lists = _PLACE_FIELDS if kind == "places" else _OFFICIAL_FIELDS
    label = f"{kind} entry {number}" + (f" (id {entry['id']})" if isinstance(entry.get("id"), _ID) else "")

    def fail(field: str | None, problem: str) -> SchemaError:
        return SchemaError(str(file), lines.line(entry, field) or lines.line(entry), f"{label}: {problem}")

    for field in required:
        if entry.get(field) is None or entry.get(field) == "":
            raise fail(None, f"`{field}` is missing")
        allowed = _ID if field == "id" else _TEXT
        if isinstance(entry[field], bool) or not isinstance(entry[field], allowed):
            raise fail(field, f"`{field}` must be {'text or a number' if field == 'id' else 'text'}")
    for field in texts:
        if entry.get(field) is not None and not isinstance(entry[field], _TEXT):
            raise fail(field, f"`{field}` must be text")
    for field in text_lists:
        value = entry.get(field)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value)):
            raise fail(field, f"`{field}` must be a list of names")
    if kind == "places":
        _check_place(entry, fail)
    else:
        _check_official(entry, lines, fail)


def _check_place(entry: dict, fail) -> None:
    if entry["level"] not in LEVELS:
        raise fail("level", f"level {entry['level']!r} must be one of {', '.join(LEVELS)}")
    if entry.get("parent") is not None and (isinstance(entry["parent"], bool) or not isinstance(entry["parent"], _ID)):
        raise fail("parent", "`parent` must be the id of another entry")
    for field in ("valid_from", "valid_to"):
        if entry.get(field) is not None and not isinstance(entry[field], (str, dt.date)):
            raise fail(field, f"`{field}` must be a date (YYYY-MM-DD)")


def _check_official(entry: dict, lines: Lines, fail) -> None:
    if entry["side"] not in SIDES:
        raise fail("side", f"side {entry['side']!r} must be one of {', '.join(SIDES)}")
    roles = entry.get("roles")
    if roles is None:
        return
    if not isinstance(roles, list):
        raise fail("roles", "`roles` must be a list of {title, from, to}")
    for role in roles:
        if not isinstance(role, dict) or not isinstance(role.get("title"), str):
            raise fail("roles", "each role needs a `title`")
        for bound in ("from", "to"):
            if role.get(bound) is not None and (isinstance(role[bound], bool) or not isinstance(role[bound], int)):
                raise fail("roles", f"a role's `{bound}` must be a year")
