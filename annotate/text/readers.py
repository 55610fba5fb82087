"""Turn command-line paths into articles: every file, folder and glob, every problem named.

A bad file or a bad JSONL line must never stop the others, so problems come
back as ReadError values next to the articles instead of being raised.
"""
from __future__ import annotations

import glob
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from annotate.text.decoding import DecodeError, decode_bytes, normalise_text
from annotate.text.layout import Layout, analyse_layout

SUPPORTED_SUFFIXES = (".txt", ".jsonl")
_GLOB_CHARS = frozenset("*?[")


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


def expand_paths(args: list[str]) -> tuple[list[Path], list[ReadError]]:
    """Resolve files, folders and globs to a sorted, duplicate-free list of readable files."""
    found: list[Path] = []
    errors: list[ReadError] = []
    for arg in args:
        if not arg.strip():
            errors.append(ReadError(repr(arg), "empty path"))
            continue
        if _GLOB_CHARS & set(arg):
            files, error = _expand_glob(arg)
        else:
            files, error = _expand_one(arg)
        found.extend(files)
        if error:
            errors.append(error)
    return _sorted_unique(found), errors


def read_articles(path: Path) -> Iterator[RawArticle | ReadError]:
    """Yield the articles in one .txt or .jsonl file, and a ReadError for each problem."""
    data = _read_bytes(path)
    if isinstance(data, ReadError):
        yield data
        return
    try:
        decoded, encoding = decode_bytes(data)
    except DecodeError as error:
        yield ReadError(str(path), str(error))
        return
    if path.suffix.lower() == ".jsonl":
        yield from _jsonl_articles(path, decoded, encoding)
    else:
        yield _text_article(path, decoded, encoding)


def _expand_one(arg: str) -> tuple[list[Path], ReadError | None]:
    """A named file must be supported; a named folder is searched recursively."""
    path = Path(arg).expanduser()
    if path.is_dir():
        files = _files_in_folder(path)
        if not files:
            return [], ReadError(arg, "no .txt or .jsonl files in this folder")
        return files, None
    if not path.exists():
        return [], ReadError(arg, "no such file or directory")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        kind = path.suffix or "(none)"
        return [], ReadError(arg, f"unsupported file type {kind}: use .txt or .jsonl")
    return [path], None


def _expand_glob(pattern: str) -> tuple[list[Path], ReadError | None]:
    """Glob matches keep supported files and search matched folders; no match is an error."""
    matches = glob.glob(os.path.expanduser(pattern), recursive=True)
    if not matches:
        return [], ReadError(pattern, "no files match this pattern")
    files: list[Path] = []
    for match in matches:
        path = Path(match)
        if path.is_dir():
            files.extend(_files_in_folder(path))
        elif _is_supported(path):
            files.append(path)
    if not files:
        return [], ReadError(pattern, "no .txt or .jsonl files match this pattern")
    return files, None


def _files_in_folder(folder: Path) -> list[Path]:
    """Supported files under a folder, skipping hidden files and folders."""
    files = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files.extend(
            Path(root, name) for name in names
            if not name.startswith(".") and _is_supported(Path(name))
        )
    return files


def _is_supported(path: Path) -> bool:
    """Only plain-text articles and JSONL batches are read."""
    return path.suffix.lower() in SUPPORTED_SUFFIXES and not path.is_dir()


def _sorted_unique(paths: list[Path]) -> list[Path]:
    """Sort by path and drop second mentions of the same file."""
    seen: set[Path] = set()
    unique = []
    for path in sorted(paths, key=str):
        identity = path.resolve()
        if identity not in seen:
            seen.add(identity)
            unique.append(path)
    return unique


def _read_bytes(path: Path) -> bytes | ReadError:
    """Read the whole file at once, turning OS errors into one-line causes."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return ReadError(str(path), "no such file or directory")
    except IsADirectoryError:
        return ReadError(str(path), "is a directory, not a file")
    except PermissionError:
        return ReadError(str(path), "permission denied")
    except OSError as error:
        return ReadError(str(path), f"cannot read: {error.strerror or error}")


def _text_article(path: Path, decoded: str, encoding: str) -> RawArticle | ReadError:
    """A .txt file is one article; its layout supplies title and URL."""
    text = normalise_text(decoded)
    if not text.strip():
        return ReadError(str(path), "no text, only white space")
    layout = analyse_layout(text)
    return RawArticle(
        path=str(path), source=path.name, key=str(path.resolve()), text=text,
        title=layout.title, url=layout.url, ext_id=None, encoding=encoding, layout=layout,
    )


def _jsonl_articles(path: Path, decoded: str, encoding: str) -> Iterator[RawArticle | ReadError]:
    """One article per non-blank line; a bad line is reported and the rest still read."""
    records = 0
    for number, line in enumerate(decoded.split("\n"), start=1):
        line = line.removeprefix("\ufeff").strip()
        if not line:
            continue
        records += 1
        yield _jsonl_article(path, number, line, encoding)
    if not records:
        yield ReadError(str(path), "no records, only blank lines")


def _jsonl_article(path: Path, number: int, line: str, encoding: str) -> RawArticle | ReadError:
    """Parse one JSONL record; its title and url fields beat layout detection."""
    where = f"line {number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return ReadError(str(path), f"{where}: invalid JSON ({error.msg})")
    if not isinstance(record, dict):
        return ReadError(str(path), f"{where}: expected a JSON object")
    if "text" not in record:
        return ReadError(str(path), f'{where}: missing "text"')
    if not isinstance(record["text"], str):
        return ReadError(str(path), f'{where}: "text" is not a string')
    text = normalise_text(record["text"])
    if not text.strip():
        return ReadError(str(path), f'{where}: empty "text"')
    layout = analyse_layout(text)
    ext_id = _optional_str(record.get("id"))
    return RawArticle(
        path=str(path),
        source=path.name,
        key=f"{path.resolve()}#{ext_id if ext_id is not None else number}",
        text=text,
        title=_optional_field(record.get("title")) or layout.title,
        url=_optional_field(record.get("url")) or layout.url,
        ext_id=ext_id,
        encoding=encoding,
        layout=layout,
    )


def _optional_field(value: Any) -> str | None:
    """A usable text field, normalised like the text, or None."""
    if isinstance(value, str) and value.strip():
        return normalise_text(value).strip()
    return None


def _optional_str(value: Any) -> str | None:
    """An id may be a string or a number; anything else is ignored."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int)):
        text = str(value).strip()
        return text or None
    return None
